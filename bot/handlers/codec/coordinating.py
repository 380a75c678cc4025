"""Coordinators' buttons: reports, invite codes and members (``coordinators.py``), reports of a
chosen cycle (``cycle_reports.py``), the kinds of place (``settings.py``) and cycles
(``cycles.py``). An org_id of 0 means all they coordinate."""

from __future__ import annotations

from dataclasses import dataclass

from bot.handlers.codec.fields import CHECKLIST, FILE, GUIDELINE, KIND, NUMBER, ON, ROLE
from bot.handlers.codec.wire import Payload, button
from bot.model import Context, Role

# --- reports, invite codes and members (handled in coordinators.py) -------------------------


@button("rf", NUMBER, CHECKLIST, FILE)
@dataclass(frozen=True)
class ResendFile(Payload):
    """Send one file of a report again, after it could not be sent."""

    org_id: int
    checklist_id: str
    kind: str


@button("ro", NUMBER)
@dataclass(frozen=True)
class ReportOrg(Payload):
    """The organisation a report covers: next, choose the checklist."""

    org_id: int


@button("rp", NUMBER, CHECKLIST)
@dataclass(frozen=True)
class Report(Payload):
    """Send the report on a checklist."""

    org_id: int
    checklist_id: str


@button("rg", NUMBER, CHECKLIST, NUMBER)
@dataclass(frozen=True)
class ReportDetail(Payload):
    """One Guideline of a report, in detail."""

    org_id: int
    checklist_id: str
    guideline: int


# --- reports of a chosen cycle (handled in cycle_reports.py) ---------------------------------
# ``cycle_id`` is one of the organisation's cycles with answers; any other is refused.


@button("rc", NUMBER, CHECKLIST, NUMBER)
@dataclass(frozen=True)
class ReportCycle(Payload):
    """Send the report on a checklist as answered in one cycle (an earlier one, usually)."""

    org_id: int
    checklist_id: str
    cycle_id: int


@button("rd", NUMBER, CHECKLIST, NUMBER, GUIDELINE)
@dataclass(frozen=True)
class ReportCycleDetail(Payload):
    """One Guideline of a chosen cycle's report, in detail."""

    org_id: int
    checklist_id: str
    cycle_id: int
    guideline: int


@button("re", NUMBER, CHECKLIST, NUMBER, FILE)
@dataclass(frozen=True)
class ResendCycleFile(Payload):
    """Send one file of a chosen cycle's report again, after it could not be sent."""

    org_id: int
    checklist_id: str
    cycle_id: int
    kind: str


@button("iv", NUMBER)
@dataclass(frozen=True)
class Invite(Payload):
    """Show an organisation's invite codes."""

    org_id: int


@button("ir", NUMBER, ROLE)
@dataclass(frozen=True)
class Renew(Payload):
    """Replace the invite code of responders or of coordinators."""

    org_id: int
    role: Role


@button("mb", NUMBER)
@dataclass(frozen=True)
class Members(Payload):
    """List an organisation's members."""

    org_id: int


@button("mr", NUMBER, NUMBER)
@dataclass(frozen=True)
class Remove(Payload):
    """Ask to confirm removing a member."""

    org_id: int
    user_id: int


@button("mx", NUMBER, NUMBER)
@dataclass(frozen=True)
class RemoveConfirmed(Payload):
    """Remove a member."""

    org_id: int
    user_id: int


@button("mp", NUMBER, NUMBER)
@dataclass(frozen=True)
class Promote(Payload):
    """Make a member a coordinator (administrators only)."""

    org_id: int
    user_id: int


# --- the kinds of place (handled in settings.py) --------------------------------------------


@button("st", NUMBER)
@dataclass(frozen=True)
class OrgSettings(Payload):
    """Show an organisation's settings."""

    org_id: int


@button("sk", NUMBER, KIND, ON)
@dataclass(frozen=True)
class SetKind(Payload):
    """Say the organisation is (or is not) a place of destination, transit or origin."""

    org_id: int
    kind: Context
    on: bool


# --- cycles (handled in cycles.py) ----------------------------------------------------------
# ``replacing`` is the open cycle the coordinator saw: a second press opens no second cycle.


@button("cy", NUMBER)
@dataclass(frozen=True)
class CycleList(Payload):
    """An organisation's cycles, with progress."""

    org_id: int


@button("cq", NUMBER, NUMBER)
@dataclass(frozen=True)
class CycleAsk(Payload):
    """Ask to confirm starting a new cycle, saying what happens."""

    org_id: int
    replacing: int


@button("co", NUMBER, NUMBER)
@dataclass(frozen=True)
class CycleStart(Payload):
    """Start the new cycle, named after the year."""

    org_id: int
    replacing: int


@button("cn", NUMBER, NUMBER)
@dataclass(frozen=True)
class CycleNamed(Payload):
    """Start the new cycle with a name the coordinator types."""

    org_id: int
    replacing: int
