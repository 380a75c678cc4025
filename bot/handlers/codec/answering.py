"""Responders' buttons, handled in ``buttons.py``: answering, notes, the review, the menu,
the language, /forget and a note's privacy check."""

from __future__ import annotations

from dataclasses import dataclass

from bot.handlers.codec.fields import (
    CHECKLIST,
    CONFIRM,
    DEPTH,
    ITEM,
    LANGUAGE,
    MODE,
    NUMBER,
    SAVE,
    SCORE,
    SEEN,
    SHOW,
)
from bot.handlers.codec.wire import Payload, button
from bot.model import Score


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
