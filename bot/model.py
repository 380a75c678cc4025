"""The domain vocabulary: checklists, answers, organisations and assessments.

Plain frozen dataclasses and enums, free of Telegram, SQL and rendering.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime


class Phase(enum.StrEnum):
    """The three MICIC phases."""

    PREPAREDNESS = "preparedness"
    RESPONSE = "response"
    RECOVERY = "recovery"


class Tier(enum.StrEnum):
    """How essential an item is: ``minimum`` is what every municipality should have."""

    MINIMUM = "minimum"
    ADVANCED = "advanced"


class Actor(enum.StrEnum):
    """Who can act on an item."""

    LOCAL_AUTHORITY = "local_authority"
    NATIONAL_GOVERNMENT = "national_government"
    CONSULATES = "consulates"
    EMPLOYERS = "employers"
    CIVIL_SOCIETY = "civil_society"


class Context(enum.StrEnum):
    """What a municipality is in migrants' journeys; an item names the ones it applies to."""

    DESTINATION = "destination"
    TRANSIT = "transit"
    ORIGIN = "origin"


# Where an organisation says nothing, it is a place of destination and transit: every item of
# the first edition, written for a municipality that hosts migrants, keeps applying.
DEFAULT_KINDS = frozenset({Context.DESTINATION, Context.TRANSIT})


class Score(enum.StrEnum):
    """One answer scale for every item, after the UNDRR Disaster Resilience Scorecard."""

    NOT_IN_PLACE = "0"
    STARTED = "1"
    IN_PLACE = "2"
    TESTED = "3"
    DONT_KNOW = "dk"
    NOT_APPLICABLE = "na"

    @property
    def points(self) -> int | None:
        """Points on the 0-3 scale, or None for "don't know" and "not applicable"."""
        return int(self.value) if self.value.isdigit() else None


MAX_POINTS = 3


class Role(enum.StrEnum):
    """A member's role in an organisation."""

    RESPONDER = "responder"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class Item:
    """One question of a checklist."""

    id: str
    guideline: int
    question: str
    help: str
    actors: tuple[Actor, ...]
    tier: Tier
    action: str
    # An item that names no kind of place applies to every kind: no filter ever hides it.
    contexts: tuple[Context, ...] = tuple(Context)


@dataclass(frozen=True)
class Section:
    """The items a checklist asks under one MICIC Guideline."""

    guideline: int
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    """A versioned checklist for one MICIC phase."""

    id: str
    version: int
    title: str
    phase: Phase
    description: str
    sections: tuple[Section, ...]
    items: tuple[Item, ...] = field(init=False, repr=False, compare=False)
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Derived once: every answer asks for the items and positions, so they are not rebuilt.
        items = tuple(item for section in self.sections for item in section.items)
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "_index", {item.id: n for n, item in enumerate(items)})

    def item(self, item_id: str) -> Item | None:
        """The item with this id, if the checklist has it."""
        index = self._index.get(item_id)
        return None if index is None else self.items[index]

    def position(self, item_id: str) -> int:
        """The 1-based position of an item in the order of asking."""
        return self._index[item_id] + 1

    def section(self, guideline: int) -> Section | None:
        """The section for a Guideline, if the checklist has one."""
        return next((s for s in self.sections if s.guideline == guideline), None)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)


@dataclass(frozen=True)
class User:
    """A person known to the bot: only what it needs."""

    id: int
    first_name: str
    language: str | None
    current_org_id: int | None = None
    current_assessment_id: int | None = None


def name_key(name: str) -> str:
    """A name as it is matched: Unicode case-folded, compatibility forms and spaces folded.

    ``KRAKÓW``, ``kraków`` and ``Kraków`` (with a combining accent) are the same name.
    """
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


@dataclass(frozen=True)
class Organisation:
    """A municipality (or another local body) whose readiness is assessed."""

    id: int
    name: str
    responder_code: str
    coordinator_code: str


@dataclass(frozen=True)
class OrganisationSettings:
    """What coordinators set for their organisation (``/settings``, ``micic-bot org set``)."""

    kinds: frozenset[Context] = DEFAULT_KINDS


@dataclass(frozen=True)
class Member:
    """A user's membership of an organisation."""

    org_id: int
    user_id: int
    role: Role
    first_name: str = ""


@dataclass(frozen=True)
class Assessment:
    """One organisation x one checklist x one cycle, shared by its responders."""

    id: int
    org_id: int
    checklist_id: str
    cycle: str
    created_at: datetime
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


@dataclass(frozen=True)
class Pending:
    """What the bot waits for from a user: the text of a note for an item."""

    kind: str
    assessment_id: int
    item_id: str
    draft: str | None = None


class DomainError(Exception):
    """A request the domain refuses; the message is for logs, the type for the user."""


class AccessDenied(DomainError):
    """The user may not do this."""


class NotFound(DomainError):
    """The thing asked for does not exist."""


class InvalidInvite(DomainError):
    """No organisation has this invite code."""


class AssessmentClosed(DomainError):
    """The assessment belongs to an earlier cycle and takes no more answers."""


class NoKindOfPlace(DomainError):
    """An organisation must be at least one kind of place: destination, transit or origin."""


class TooManyAttempts(DomainError):
    """Too many wrong invite codes in a short time."""

    def __init__(self, minutes: int) -> None:
        super().__init__(f"too many attempts; wait {minutes} min")
        self.minutes = minutes


class NoLongerMember(AccessDenied):
    """The user was a member of the organisation and has been removed from it."""

    def __init__(self, org: Organisation) -> None:
        super().__init__(f"user was removed from organisation {org.id}")
        self.org = org


class NoteTooLong(DomainError):
    """A note longer than the limit: refused whole, never cut."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"note of {length} characters; limit {limit}")
        self.length = length
        self.limit = limit


class NameRefused(DomainError):
    """An organisation name that cannot be used: empty, too long, taken or a look-alike."""

    def __init__(
        self, reason: str, *, existing: str | None = None, length: int = 0, limit: int = 0
    ) -> None:
        details = {
            "empty": "it is empty",
            "too_long": f"it has {length} characters; the limit is {limit}",
            "taken": f"{existing!r} exists",
            "confusable": f"it looks the same as {existing!r}",
        }
        super().__init__(f"organisation name refused: {details.get(reason, reason)}")
        self.reason = reason  # "empty", "too_long", "taken" or "confusable"
        self.existing = existing
        self.length = length
        self.limit = limit


class StaleAnswer(DomainError):
    """A button pressed on an old view of an item whose answer has changed since.

    Raised for an answer button under a question when the item has a different answer now, and
    for a change button of the review when the answer is no longer the one the view showed.
    """

    def __init__(self, item_id: str, current: Answer) -> None:
        super().__init__(f"item {item_id} answered since the view was made")
        self.item_id = item_id
        self.current = current
