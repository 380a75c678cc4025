"""The domain vocabulary: checklists, answers, organisations, cycles, assessments and actions.

Plain frozen dataclasses and enums, free of Telegram, SQL and rendering.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time


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
    telegram_language: str | None = None  # what Telegram reports, to write to them unasked


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


MONDAY_TO_FRIDAY = frozenset(range(5))  # weekdays as Python numbers them: 0 is Monday


@dataclass(frozen=True)
class OrganisationSettings:
    """What coordinators set for their organisation (``/settings``, ``micic-bot org set``).

    The working time decides when reminders arrive: in ``timezone`` (an IANA name; None is the
    deployment's, ``MICIC_TIMEZONE``), on ``work_days`` between ``opens`` and ``closes``, local.
    """

    kinds: frozenset[Context] = DEFAULT_KINDS
    timezone: str | None = None
    work_days: frozenset[int] = MONDAY_TO_FRIDAY
    opens: time = time(9)
    closes: time = time(18)
    stall_days: int = 7  # days without an answer before a stalled checklist is reminded of


@dataclass(frozen=True)
class Member:
    """A user's membership of an organisation."""

    org_id: int
    user_id: int
    role: Role
    first_name: str = ""


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
class EvidenceFile:
    """A photo or document sent by a user: Telegram's ids for it, and its name if it has one."""

    kind: str  # "photo" or "document"
    file_id: str
    file_unique_id: str
    file_name: str | None = None


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


class UnknownTimeZone(DomainError):
    """A time zone name that the time zone database does not know."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown time zone {name!r}")
        self.name = name


class BadWorkingTime(DomainError):
    """Working days or hours that cannot be: no day at all, or a day that closes before it
    opens, or days before a stalled-checklist reminder out of range."""


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


class StaleAction(DomainError):
    """A change to an action made from a view that is out of date: someone changed it since."""

    def __init__(self, current: Action) -> None:
        super().__init__(f"action {current.id} is at version {current.version}")
        self.current = current


class PastDueDate(DomainError):
    """A due date that has already passed."""


class NotAMember(DomainError):
    """The chosen owner is not (or no longer) a member of the organisation."""


class StaleCycle(DomainError):
    """A new cycle asked for from a view that is out of date: another one was opened since."""

    def __init__(self, current: Cycle) -> None:
        super().__init__(f"organisation {current.org_id} is in cycle {current.label!r} now")
        self.current = current


class CycleLabelTaken(DomainError):
    """The organisation already has a cycle with this name."""


class TextTooLong(DomainError):
    """A text over its limit: refused whole, never cut, so the writer can shorten it."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"{length} characters; the limit is {limit}")
        self.length = length
        self.limit = limit
