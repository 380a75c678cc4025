"""What every view is made of: a View of Telegram HTML and rows of Buttons, lines marked for
right-to-left languages, mirrored rows, and people's text isolated and escaped.

Views know nothing of PTB; the adapter turns a View into a message. Every interpolated value is
HTML-escaped in the views, and every fixed text goes through the user's Translator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from bot.display import MESSAGE_LIMIT, isolate
from bot.i18n import Translator
from bot.model import Score
from bot.reports.wording import SCORE_LABELS

RLM = "\u200f"
ROOM = MESSAGE_LIMIT - 200  # what an item may fill: a margin for direction marks and clients


@dataclass(frozen=True)
class Button:
    """An inline button: its label and its callback data."""

    label: str
    data: str


@dataclass(frozen=True)
class View:
    """A message to show: Telegram HTML text and rows of buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = field(default_factory=tuple)


def button_rows(t: Translator, rows: Sequence[Sequence[Button]]) -> tuple[tuple[Button, ...], ...]:
    """Rows of buttons, mirrored for right-to-left languages."""
    return tuple(tuple(reversed(row)) if t.rtl else tuple(row) for row in rows if row)


def join_lines(t: Translator, *lines: str) -> str:
    """Join lines; in RTL languages each line starts with a right-to-left mark.

    Telegram sets a paragraph's direction from its first strong character, so without the mark
    an Arabic line that starts with a digit, an emoji or a Latin name would read left to right.
    """
    text = "\n".join(lines)
    if not t.rtl:
        return text
    return "\n".join(f"{RLM}{line}" if line else "" for line in text.split("\n"))


def shown(text: str) -> str:
    """Someone's text (a name, an organisation, a note) isolated and escaped for a message."""
    return escape(isolate(text))


def text_view(t: Translator, text: str) -> View:
    """A message of text only (already translated and escaped), marked for RTL languages."""
    return View(join_lines(t, text))


def score_label(t: Translator, score: Score) -> str:
    """The translated label of an answer."""
    label = t._(SCORE_LABELS[score])
    return f"{score.value} · {label}" if score.points is not None else label
