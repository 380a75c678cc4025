"""What the bot waits for from a user (a note, a text the action plan or a setting asks for),
and the files a user sends meanwhile.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class PendingKind(enum.StrEnum):
    """What a user's next message is awaited as."""

    NOTE = "note"  # a note on an item (files sent meanwhile are its evidence)
    ACTION_TEXT = "action_text"  # the text of a new action, or a new text for one
    ACTION_DUE = "action_due"  # a due date, typed
    ACTION_PARTNER = "action_partner"  # a partner organisation to own an action
    ACTION_SUPPORT = "action_support"  # the support an action needs
    ACTION_EVIDENCE = "action_evidence"  # evidence for an action (files, or a note)
    ACTION_FINISH = "action_finish"  # evidence that finishes an action
    CYCLE_LABEL = "cycle_label"  # the name of a new cycle
    TIMEZONE = "timezone"  # an organisation's time zone, typed
    WORK_HOURS = "work_hours"  # an organisation's working hours, typed


@dataclass(frozen=True)
class Pending:
    """What the bot waits for from a user, and what it concerns.

    A note concerns an item of an assessment; the action plan's waits concern an action (or,
    for a new one, an organisation); ``version`` is what the user saw when asked (the action's
    version, or the organisation's open cycle), so the text cannot overwrite a later change.
    """

    kind: PendingKind
    assessment_id: int | None = None
    item_id: str | None = None
    draft: str | None = None
    action_id: int | None = None
    org_id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class EvidenceFile:
    """A photo or document sent by a user: Telegram's ids for it, and its name if it has one."""

    kind: str  # "photo" or "document"
    file_id: str
    file_unique_id: str
    file_name: str | None = None
