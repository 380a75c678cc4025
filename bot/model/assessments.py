"""What is answered, and when: cycles, assessments, answers, notes, evidence, the history of
changes, and the notice of a new edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.model.content import Score


@dataclass(frozen=True)
class Cycle:
    """An assessment round of an organisation, opened on purpose; the open one takes answers."""

    id: int
    org_id: int
    label: str
    opened_at: datetime
    opened_by: int | None = None
    opened_by_name: str | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Whether this is the organisation's current cycle."""
        return self.closed_at is None


@dataclass(frozen=True)
class Assessment:
    """One organisation x one checklist x one cycle, shared by its responders."""

    id: int
    org_id: int
    checklist_id: str
    cycle: str  # the cycle's label
    created_at: datetime
    cycle_id: int
    version: int = 1  # the edition of the checklist it is answered against
    quick: bool = False  # a quick check: the minimum-tier items only


@dataclass(frozen=True)
class EditionNotice:
    """What a member is told once after their assessment moved to a new edition."""

    assessment_id: int
    version: int
    new_items: int
    kept_answers: int
    retired_answers: int


@dataclass(frozen=True)
class Answer:
    """What is known about one item of an assessment."""

    item_id: str
    score: Score | None
    author_id: int | None = None  # who gave the score; a note never changes it
    author_name: str | None = None
    answered_at: datetime | None = None
    checklist_version: int | None = None


@dataclass(frozen=True)
class Note:
    """What one person wrote on an item: each author has at most one note per item."""

    item_id: str
    text: str
    author_id: int | None  # None once the author is forgotten
    author_name: str | None
    written_at: datetime


@dataclass(frozen=True)
class Evidence:
    """A file sent as evidence for an item."""

    id: int
    assessment_id: int
    item_id: str
    kind: str
    file_id: str
    file_name: str | None
    author_id: int | None
    created_at: datetime
    author_name: str | None = None


@dataclass(frozen=True)
class AuditEvent:
    """One change to an answer, kept forever."""

    assessment_id: int
    item_id: str
    field: str
    old: str | None
    new: str | None
    author_id: int | None
    at: datetime
