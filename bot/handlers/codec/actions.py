"""Buttons of the action plan: its pages and gaps (``planning.py``) and each action
(``actions.py``), whose buttons carry the version of the action the user saw."""

from __future__ import annotations

from dataclasses import dataclass

from bot.handlers.codec.fields import ASK, CHECKLIST, ITEM, MENU, NUMBER, PRIORITY, STATUS
from bot.handlers.codec.wire import Payload, button
from bot.model import ActionStatus, PendingKind, Priority

# ``version`` is the action's version the user saw: a change from an older view is refused.


@button("pp", NUMBER, NUMBER)
@dataclass(frozen=True)
class PlanPage(Payload):
    """One page of an organisation's action plan."""

    org_id: int
    page: int


@button("pn", NUMBER)
@dataclass(frozen=True)
class PlanNew(Payload):
    """Plan a stand-alone action: its text is typed next."""

    org_id: int


@button("gc", NUMBER)
@dataclass(frozen=True)
class GapChecklists(Payload):
    """Choose the checklist whose gaps to plan for."""

    org_id: int


@button("gl", NUMBER, CHECKLIST)
@dataclass(frozen=True)
class GapList(Payload):
    """The gaps of a checklist, each with its action or a button to plan one."""

    org_id: int
    checklist_id: str


@button("gp", NUMBER, CHECKLIST, NUMBER)
@dataclass(frozen=True)
class GapPage(Payload):
    """A further page of a checklist's gaps (``GapList`` is the first)."""

    org_id: int
    checklist_id: str
    page: int


@button("pg", NUMBER, CHECKLIST, ITEM)
@dataclass(frozen=True)
class PlanGap(Payload):
    """Plan an action for one gap (or open the one it has)."""

    org_id: int
    checklist_id: str
    item_id: str


@button("pm", NUMBER, CHECKLIST)
@dataclass(frozen=True)
class PlanMinimum(Payload):
    """Plan an action for every minimum-tier gap of a checklist that has none."""

    org_id: int
    checklist_id: str


@button("my")
@dataclass(frozen=True)
class MyActions(Payload):
    """The actions the user owns."""


@button("ao", NUMBER)
@dataclass(frozen=True)
class ActionOpen(Payload):
    """One action, with the buttons its viewer may use."""

    action_id: int


@button("au", NUMBER, NUMBER, MENU)
@dataclass(frozen=True)
class ActionMenu(Payload):
    """The choices for one field of an action: owner, due date, priority or status."""

    action_id: int
    version: int
    menu: str


@button("ak", NUMBER, NUMBER, ASK)
@dataclass(frozen=True)
class ActionAsk(Payload):
    """Ask for a text: the action's text, a due date, a partner, support needed, evidence."""

    action_id: int
    version: int
    kind: PendingKind


@button("aw", NUMBER, NUMBER, NUMBER)
@dataclass(frozen=True)
class ActionOwner(Payload):
    """Give the action to a member."""

    action_id: int
    version: int
    user_id: int


@button("ow", NUMBER, NUMBER, NUMBER)
@dataclass(frozen=True)
class OwnerPage(Payload):
    """A further page of the members who may own the action (``ActionMenu`` shows the first)."""

    action_id: int
    version: int
    page: int


@button("ad", NUMBER, NUMBER, NUMBER)
@dataclass(frozen=True)
class ActionDue(Payload):
    """Set the due date to a quick choice: in 1, 3, 6 or 12 months."""

    action_id: int
    version: int
    months: int


@button("ar", NUMBER, NUMBER, PRIORITY)
@dataclass(frozen=True)
class ActionPriority(Payload):
    """Set the priority."""

    action_id: int
    version: int
    priority: Priority


@button("as", NUMBER, NUMBER, STATUS)
@dataclass(frozen=True)
class ActionStatusTo(Payload):
    """Move the action to a status (finished asks for evidence first)."""

    action_id: int
    version: int
    status: ActionStatus


@button("ax", NUMBER, NUMBER)
@dataclass(frozen=True)
class ActionFinishBare(Payload):
    """Finish the action without evidence."""

    action_id: int
    version: int
