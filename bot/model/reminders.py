"""Reminders: the kinds the bot sends of itself, what became of each, and the kinds a user
can switch off.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class ReminderKind(enum.StrEnum):
    """The messages the bot sends of itself, when the clock says so."""

    STALLED = "stalled"  # a responder whose checklist has waited for days
    DUE_SOON = "due_soon"  # an action's owner, days before its due date
    OVERDUE = "overdue"  # an action's owner, the working day after its due date
    ESCALATED = "escalated"  # the coordinators, when an overdue action is still open a week on
    DIGEST = "digest"  # each coordinator, at the start of the working week

    @property
    def switch(self) -> ReminderKind:
        """The kind a user switches off to stop this one: an escalation goes with overdue."""
        return ReminderKind.OVERDUE if self is ReminderKind.ESCALATED else self


class ReminderState(enum.StrEnum):
    """What became of a planned reminder."""

    QUEUED = "queued"  # due, waiting for its turn (or for working hours)
    SENDING = "sending"  # handed to Telegram: never handed again, whatever happens next
    SENT = "sent"
    DROPPED = "dropped"  # more than a working day late (the bot was down): never sent
    CANCELLED = "cancelled"  # no longer applies (finished, moved, left), or nothing to say
    BLOCKED = "blocked"  # the recipient blocked the bot
    FAILED = "failed"  # Telegram refused it for another reason
    UNKNOWN = "unknown"  # the bot stopped while sending it: it may have arrived


@dataclass(frozen=True)
class Reminder:
    """A reminder planned for someone about something, as recorded."""

    id: int
    kind: ReminderKind
    user_id: int
    org_id: int
    subject: int  # the action or the assessment it is about; 0 for a digest
    period: str
    due_at: datetime
    state: ReminderState = ReminderState.QUEUED


# The kinds a user can switch off and on again (``/reminders``), in the order shown.
SWITCHABLE = (
    ReminderKind.STALLED,
    ReminderKind.DUE_SOON,
    ReminderKind.OVERDUE,
    ReminderKind.DIGEST,
)
