"""The action plan: actions that close gaps, their owners, status and priority, their
history and evidence.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime


class ActionStatus(enum.StrEnum):
    """Where an action stands, after IFRC PER's work plan (and cancelled)."""

    NOT_STARTED = "not_started"
    ONGOING = "ongoing"
    DELAYED = "delayed"
    STANDBY = "standby"
    FINISHED = "finished"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Whether work on the action is still to be done."""
        return self not in (ActionStatus.FINISHED, ActionStatus.CANCELLED)


class Priority(enum.StrEnum):
    """How urgent an action is; a gap of the minimum tier starts high."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class OwnerKind(enum.StrEnum):
    """Who owns an action: a member of the organisation, or a partner named in free text."""

    MEMBER = "member"
    PARTNER = "partner"


@dataclass(frozen=True)
class Owner:
    """The owner of an action.

    A member who used /forget has no id and no name any more ("a former member"); one who was
    removed from the organisation keeps both, and ``is_member`` says they have left.
    """

    kind: OwnerKind
    user_id: int | None = None
    name: str = ""
    is_member: bool = False


@dataclass(frozen=True)
class Action:
    """A step to close a gap (or a stand-alone one), owned, dated and followed to the end."""

    id: int
    org_id: int
    text: str
    priority: Priority
    status: ActionStatus
    version: int
    created_at: datetime
    updated_at: datetime
    checklist_id: str | None = None
    item_id: str | None = None
    owner: Owner | None = None
    due: date | None = None
    support: str | None = None
    evidence: int = 0  # how many pieces of evidence it has
    created_by: int | None = None

    def overdue(self, today: date) -> bool:
        """Whether the due date has passed with the work not done."""
        return self.status.is_open and self.due is not None and self.due < today

    def owned_by(self, user_id: int) -> bool:
        """Whether this user is the action's owner and still a member of its organisation."""
        owner = self.owner
        return owner is not None and owner.user_id == user_id and owner.is_member


@dataclass(frozen=True)
class ActionDraft:
    """What a new action starts from: its text, priority and the gap it closes, if any."""

    text: str
    priority: Priority = Priority.MEDIUM
    checklist_id: str | None = None
    item_id: str | None = None


@dataclass(frozen=True)
class ActionEvent:
    """One change to an action, kept forever (the creation is one too)."""

    action_id: int
    field: str
    old: str | None
    new: str | None
    author_id: int | None
    author_name: str | None
    at: datetime


@dataclass(frozen=True)
class ActionEvidence:
    """A photo, a document or a note showing that an action was done."""

    id: int
    action_id: int
    kind: str
    file_id: str | None
    file_name: str | None
    note: str | None
    author_id: int | None
    created_at: datetime
