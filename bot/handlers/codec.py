"""Typed button data: one frozen dataclass per kind of button, and its compact callback data.

Callback data is ``<prefix>:<field>:...``, ASCII, at most 64 bytes. That wire form is a contract:
buttons already sitting in users' chats must keep working after an upgrade, so a prefix, the
order of fields and the words of a choice never change once released.

To add a button: declare its payload below, a frozen dataclass under ``@button(prefix, *fields)``
with one field kind per dataclass field, in order (``NUMBER``, ``ITEM``, a ``Choice``...); write
its handler in ``buttons.py`` (responders) or ``coordinators.py`` and register it there with
``@ROUTES.on(ThePayload)``; build it in a view with ``encode(ThePayload(...))``; pin its wire
form in the table of ``tests/unit/test_codec.py``.
"""

from __future__ import annotations

import dataclasses
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, TypeVar, get_type_hints

from bot.checklists import CHECKLIST_ID, ITEM_ID
from bot.model import ActionStatus, Context, PendingKind, Priority, ReminderKind, Role, Score
from bot.working_time import DAY_NAMES
from bot.zones import ZONE_CODES

MAX_BYTES = 64  # Telegram's limit for callback data
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id is forged
_FIELD = re.compile(r"[A-Za-z0-9_-]{1,24}")  # every field: safe, short, no separator
_DIGITS = re.compile(r"[0-9]+")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z0-9]{2,8}){0,2}")  # en, pt_BR, zh_Hans

T = TypeVar("T")


class BadCallback(Exception):
    """Callback data that this bot did not make (or no longer understands)."""


# --- field kinds: how one value is written and read back -----------------------------------


class Field(ABC, Generic[T]):
    """How one payload field is written into callback data and read back from it."""

    kind: type[T]  # the type of the dataclass field it fills

    @abstractmethod
    def dump(self, value: T) -> str:
        """The text of a value."""

    @abstractmethod
    def load(self, text: str) -> T:
        """The value of a text; BadCallback if the text cannot be one."""


class Number(Field[int]):
    """A decimal integer from 0 to MAX_ID: a database id or a Guideline number."""

    kind = int

    def dump(self, value: int) -> str:
        """The decimal digits."""
        return str(value)

    def load(self, text: str) -> int:
        """The integer; BadCallback unless the text is digits only, up to MAX_ID."""
        if not _DIGITS.fullmatch(text) or int(text) > MAX_ID:
            raise BadCallback(text)
        return int(text)


class Pattern(Field[str]):
    """A text matching a pattern: a checklist, item or language id."""

    kind = str

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def dump(self, value: str) -> str:
        """The text itself."""
        return value

    def load(self, text: str) -> str:
        """The text; BadCallback unless it matches the pattern."""
        if not self.pattern.fullmatch(text):
            raise BadCallback(text)
        return text


class Choice(Field[T]):
    """One of a few fixed words, each standing for a value (an enum member, a yes or a no)."""

    def __init__(
        self, words: Mapping[str, T], *, otherwise: T | None = None, kind: Any = None
    ) -> None:
        self.words = dict(words)
        self.otherwise = otherwise  # the value of any other word; None: other words are bad
        self.kind = kind or type(next(iter(self.words.values())))

    def dump(self, value: T) -> str:
        """The word standing for the value."""
        for word, meant in self.words.items():
            if meant == value:
                return word
        raise ValueError(f"{value!r} is none of {self.words}")

    def load(self, text: str) -> T:
        """The value the word stands for; BadCallback for an unknown word."""
        if text in self.words:
            return self.words[text]
        if self.otherwise is None:
            raise BadCallback(text)
        return self.otherwise


NUMBER = Number()
CHECKLIST = Pattern(CHECKLIST_ID)
ITEM = Pattern(ITEM_ID)
LANGUAGE = Pattern(_LANGUAGE)
SCORE = Choice({score.value: score for score in Score})
# The answer a view showed when it was made: a score, or "-" for none yet.
SEEN: Choice[Score | None] = Choice(
    {"-": None, **{score.value: score for score in Score}}, kind=Score | None
)
SHOW = Choice({"1": True, "0": False})
MODE = Choice({"a": False, "c": True})  # answering, or changing from the review
ROLE = Choice({"r": Role.RESPONDER, "c": Role.COORDINATOR})
# Only the exact "yes" deletes: any other answer to /forget, garbled or forged, means no.
CONFIRM = Choice({"yes": True, "no": False}, otherwise=False)
SAVE = Choice({"save": True, "drop": False})
DEPTH = Choice({"q": True, "f": False})  # the quick check, or the full checklist
KIND = Choice({"d": Context.DESTINATION, "t": Context.TRANSIT, "o": Context.ORIGIN})
ON = Choice({"on": True, "off": False})
FILE = Choice({kind: kind for kind in ("html", "xlsx", "png")})  # a report's files
PRIORITY = Choice({"h": Priority.HIGH, "m": Priority.MEDIUM, "l": Priority.LOW})
STATUS = Choice(
    {
        "ns": ActionStatus.NOT_STARTED,
        "og": ActionStatus.ONGOING,
        "dl": ActionStatus.DELAYED,
        "sb": ActionStatus.STANDBY,
        "fi": ActionStatus.FINISHED,
        "ca": ActionStatus.CANCELLED,
    }
)
MENU = Choice({"o": "owner", "d": "due", "p": "priority", "s": "status"})
REMINDER = Choice(
    {
        "st": ReminderKind.STALLED,
        "ds": ReminderKind.DUE_SOON,
        "od": ReminderKind.OVERDUE,
        "dg": ReminderKind.DIGEST,
    }
)
SETTING = Choice({"z": "zone", "d": "days", "h": "hours", "s": "stall"})
ZONE = Choice(ZONE_CODES)  # a likely time zone (its IANA name), written as its code in bot.zones
DAY = Choice({name: number for number, name in enumerate(DAY_NAMES)})
HOURS = Pattern(re.compile(r"[0-2][0-9][0-5][0-9]-[0-2][0-9][0-5][0-9]"))  # 0830-1700
TYPED = Choice({"z": PendingKind.TIMEZONE, "h": PendingKind.WORK_HOURS})
ASK = Choice(
    {
        "t": PendingKind.ACTION_TEXT,
        "d": PendingKind.ACTION_DUE,
        "x": PendingKind.ACTION_PARTNER,
        "n": PendingKind.ACTION_SUPPORT,
        "e": PendingKind.ACTION_EVIDENCE,
        "f": PendingKind.ACTION_FINISH,
    }
)


# --- payloads: what a button means ----------------------------------------------------------


class Payload:
    """What a button means; each kind is a frozen dataclass declared with ``@button``."""


@dataclass(frozen=True)
class Wire:
    """How a payload class is written: its prefix and one field kind per dataclass field."""

    prefix: str
    make: Callable[..., Payload]
    names: tuple[str, ...]
    fields: tuple[Field[Any], ...]


P = TypeVar("P", bound=Payload)
_BY_PREFIX: dict[str, Wire] = {}
_BY_CLASS: dict[type[Payload], Wire] = {}
PAYLOADS: Mapping[type[Payload], Wire] = MappingProxyType(_BY_CLASS)


def button(prefix: str, *fields: Field[Any]) -> Callable[[type[P]], type[P]]:
    """Declare a payload class and its callback data: ``@button("s", NUMBER, ITEM)``."""

    def declare(cls: type[P]) -> type[P]:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} is not a dataclass: put @button above @dataclass")
        if prefix in _BY_PREFIX or not _FIELD.fullmatch(prefix):
            raise TypeError(f"{cls.__name__}: the prefix {prefix!r} is taken or unsafe")
        hints = get_type_hints(cls)
        names = tuple(f.name for f in dataclasses.fields(cls))
        if [hints[name] for name in names] != [field.kind for field in fields]:
            raise TypeError(f"{cls.__name__}: the field kinds do not match its fields")
        wire = Wire(prefix, cls, names, fields)
        _BY_PREFIX[prefix] = _BY_CLASS[cls] = wire
        return cls

    return declare


def encode(payload: Payload) -> str:
    """The callback data of a payload; ValueError if it would not decode to the same payload."""
    wire = _BY_CLASS[type(payload)]
    values = [getattr(payload, name) for name in wire.names]
    data = ":".join([wire.prefix, *(f.dump(v) for f, v in zip(wire.fields, values, strict=True))])
    try:
        same = decode(data) == payload
    except BadCallback:
        same = False
    if not same:
        raise ValueError(f"{payload!r} cannot be sent as a button: {data!r}")
    return data


def decode(data: str | None) -> Payload:
    """The payload of callback data made by ``encode``; BadCallback for anything else."""
    if not data or not data.isascii() or len(data) > MAX_BYTES:
        raise BadCallback(data)
    prefix, *parts = data.split(":")
    wire = _BY_PREFIX.get(prefix)
    if wire is None or len(parts) != len(wire.fields):
        raise BadCallback(data)
    if not all(_FIELD.fullmatch(part) for part in parts):
        raise BadCallback(data)
    return wire.make(*(f.load(part) for f, part in zip(wire.fields, parts, strict=True)))


# --- responders' buttons (handled in buttons.py) --------------------------------------------


@button("a", NUMBER, ITEM, SCORE)
@dataclass(frozen=True)
class Answer(Payload):
    """A score pressed under a question."""

    assessment_id: int
    item_id: str
    score: Score


@button("c", NUMBER, ITEM, SCORE)
@dataclass(frozen=True)
class Change(Payload):
    """A change button made before buttons said what their view showed (still in old chats).

    It replaces only the presser's own answer: it cannot tell whether a colleague changed it.
    """

    assessment_id: int
    item_id: str
    score: Score


@button("cs", NUMBER, ITEM, SCORE, SEEN)
@dataclass(frozen=True)
class ChangeSeen(Payload):
    """A score pressed under an item opened from the review, with the answer the view showed.

    It replaces the saved answer only if that is still the one shown.
    """

    assessment_id: int
    item_id: str
    score: Score
    seen: Score | None


@button("s", NUMBER, ITEM)
@dataclass(frozen=True)
class Skip(Payload):
    """Leave an item unanswered for now."""

    assessment_id: int
    item_id: str


@button("n", NUMBER, ITEM)
@dataclass(frozen=True)
class Note(Payload):
    """Write a note (and attach evidence) on an item."""

    assessment_id: int
    item_id: str


@button("nr", NUMBER, ITEM)
@dataclass(frozen=True)
class ReadNotes(Payload):
    """Send every note on an item in full (the item shows them shortened)."""

    assessment_id: int
    item_id: str


@button("h", NUMBER, ITEM, SHOW, MODE)
@dataclass(frozen=True)
class Help(Payload):
    """Show or hide an item's help, keeping the item in its mode (answering or changing)."""

    assessment_id: int
    item_id: str
    show: bool
    change: bool


@button("e", NUMBER, ITEM)
@dataclass(frozen=True)
class Edit(Payload):
    """Open one item from the review, to change its answer."""

    assessment_id: int
    item_id: str


@button("v", NUMBER, NUMBER)
@dataclass(frozen=True)
class Review(Payload):
    """One Guideline's page of the review (an unknown Guideline shows the first)."""

    assessment_id: int
    guideline: int


@button("u", NUMBER, ITEM)
@dataclass(frozen=True)
class Unchanged(Payload):
    """Give an item the same score as in the cycle before (its note carried along)."""

    assessment_id: int
    item_id: str


@button("k", CHECKLIST)
@dataclass(frozen=True)
class StartChecklist(Payload):
    """Start a checklist, or continue it."""

    checklist_id: str


@button("kd", CHECKLIST, DEPTH)
@dataclass(frozen=True)
class ChooseDepth(Payload):
    """Answer a checklist as a quick check (minimum-tier items) or in full.

    Full continues a quick check into the full checklist; quick never narrows one begun in full.
    """

    checklist_id: str
    quick: bool


@button("m")
@dataclass(frozen=True)
class Menu(Payload):
    """The list of checklists."""


@button("l", LANGUAGE)
@dataclass(frozen=True)
class SetLanguage(Payload):
    """Speak to the user in this language from now on."""

    code: str


@button("f", CONFIRM)
@dataclass(frozen=True)
class Forget(Payload):
    """The answer to /forget: delete the user's personal data, or not."""

    confirmed: bool


@button("d", SAVE)
@dataclass(frozen=True)
class Draft(Payload):
    """A note that looks like personal data: save it as it is, or drop it to write it again."""

    save: bool


# --- coordinators' buttons (handled in coordinators.py); org_id 0 means all they coordinate ---


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


# --- working time (coordinators; handled in working_settings.py) ----------------------------


@button("sm", NUMBER, SETTING)
@dataclass(frozen=True)
class SettingMenu(Payload):
    """The choices of one working-time setting: time zone, days, hours, stall days."""

    org_id: int
    setting: str


@button("sz", NUMBER, ZONE)
@dataclass(frozen=True)
class SetZone(Payload):
    """Set the organisation's time zone to a likely one."""

    org_id: int
    zone: str


@button("sy", NUMBER, TYPED)
@dataclass(frozen=True)
class TypeSetting(Payload):
    """Ask for the time zone or the working hours to be typed."""

    org_id: int
    kind: PendingKind


@button("sd", NUMBER, DAY, ON)
@dataclass(frozen=True)
class SetDay(Payload):
    """Make a day of the week a working day, or not."""

    org_id: int
    day: int
    on: bool


@button("sh", NUMBER, HOURS)
@dataclass(frozen=True)
class SetHours(Payload):
    """Set the working hours to a common choice (``0830-1700``)."""

    org_id: int
    hours: str


@button("ss", NUMBER, NUMBER)
@dataclass(frozen=True)
class SetStallDays(Payload):
    """Set the days without an answer before a stalled checklist is reminded of."""

    org_id: int
    days: int


# --- reminders (handled in reminders.py) ------------------------------------------------------


@button("rm", REMINDER, ON)
@dataclass(frozen=True)
class SwitchReminder(Payload):
    """Switch a kind of reminder on or off for oneself."""

    kind: ReminderKind
    on: bool


@button("rs", NUMBER)
@dataclass(frozen=True)
class Resume(Payload):
    """Continue the checklist a stalled-checklist reminder is about, at its first open item."""

    assessment_id: int


# --- cycles (coordinators; handled in cycles.py) ---------------------------------------------
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


# --- the action plan (handled in actions.py) -------------------------------------------------
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
