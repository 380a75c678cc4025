"""The action plan's words in the reader's language: statuses, priorities and owners.

Shared by the chat and the reports, so that both name an action's state the same way.
"""

from __future__ import annotations

from bot.display import isolate
from bot.i18n import N_, Translator
from bot.model import ActionStatus, Owner, OwnerKind, Priority

STATUS_LABELS = {
    ActionStatus.NOT_STARTED: N_("Not started"),
    ActionStatus.ONGOING: N_("Ongoing"),
    ActionStatus.DELAYED: N_("Delayed"),
    ActionStatus.STANDBY: N_("Standby"),
    ActionStatus.FINISHED: N_("Finished"),
    ActionStatus.CANCELLED: N_("Cancelled"),
}
PRIORITY_LABELS = {
    Priority.HIGH: N_("High priority"),
    Priority.MEDIUM: N_("Medium priority"),
    Priority.LOW: N_("Low priority"),
}


def owner_text(t: Translator, owner: Owner | None) -> str:
    """Who owns an action, unescaped: a member, a partner, someone who left, or nobody.

    A name is isolated (FSI ... PDI), so its direction never pulls the words around it.
    """
    if owner is None:
        return t._("nobody yet")
    if owner.kind is OwnerKind.PARTNER:
        return t._("%(name)s (partner organisation)", name=isolate(owner.name))
    if owner.user_id is None:
        return t._("a former member")
    if not owner.is_member:
        return t._("%(name)s (has left the organisation)", name=isolate(owner.name))
    return isolate(owner.name)
