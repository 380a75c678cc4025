"""One user's language: a Translator for the bot's texts and the checklist content.

There is never a global ``_``: each user gets a Translator for their language. ``N_`` marks a
string for extraction where it is defined; it is translated where it is shown.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from babel import Locale
from babel.dates import format_date, get_day_names, parse_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations

from bot.i18n.languages import SOURCE_LANGUAGE, parse_locale
from bot.model import Checklist, Item

log = logging.getLogger(__name__)

LRM = "\u200e"
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")
# A typed date: digits (any script's) and the separators locales use, direction marks included.
TYPED_DATE = re.compile(r"\d{1,4}(?:[\s./\-\u060c\u066b\u200e\u200f]+\d{1,4}){2}")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")  # 2027-03-31, and 2027-3-31 too


def content_context(checklist_id: str, *parts: str) -> str:
    """The msgctxt of a piece of checklist content: ``preparedness:g1_hazard_map:question``."""
    return ":".join((checklist_id, *parts))


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; it is translated where it is shown."""
    return message


class Translator:
    """One user's language: the bot's texts and the checklist content."""

    def __init__(
        self,
        lang: str,
        messages: NullTranslations,
        content: NullTranslations,
        *,
        reported: set[tuple[str, str]] | None = None,
    ) -> None:
        self.lang = lang
        self._messages = messages
        self._content = content
        self._reported = set() if reported is None else reported
        self.locale = parse_locale(lang) or Locale.parse(SOURCE_LANGUAGE)
        self.rtl = self.locale.character_order == "right-to-left"

    def _(self, message: str, **params: Any) -> str:
        """Translate a message of the bot, then fill in ``%(name)s`` placeholders."""
        text = self._messages.gettext(message)
        return self._fill(text, message, params) if params else text

    def n_(self, singular: str, plural: str, n: int, **params: Any) -> str:
        """Translate a message with a count, in the plural form the language needs."""
        text = self._messages.ngettext(singular, plural, n)
        return self._fill(text, singular if n == 1 else plural, {"n": n, **params})

    def _fill(self, text: str, source: str, params: Mapping[str, Any]) -> str:
        """Format a translation; one that fails falls back to the English (logged once)."""
        try:
            return text % params
        except (KeyError, ValueError, TypeError, OverflowError) as exc:
            if text == source:
                raise  # the code passes the wrong values: a bug, not a translation problem
            if (self.lang, source) not in self._reported:
                self._reported.add((self.lang, source))
                log.warning("%s: translation of %r not used: %s", self.lang, source, exc)
            return source % params

    def content(self, context: str, source: str) -> str:
        """Translate checklist content by its stable context (``checklist:item:field``)."""
        return str(self._content.pgettext(context, source))

    def title(self, checklist: Checklist) -> str:
        """The checklist's title."""
        return self.content(content_context(checklist.id, "title"), checklist.title)

    def guideline(self, checklist: Checklist, guideline: int) -> str:
        """The title of a Guideline's section in a checklist."""
        section = checklist.section(guideline)
        source = section.title if section else ""
        return self.content(
            content_context(checklist.id, f"guideline-{guideline}", "title"), source
        )

    def item(self, checklist: Checklist, item: Item, field: str) -> str:
        """An item's ``question``, ``help`` or ``action``."""
        return self.content(content_context(checklist.id, item.id, field), getattr(item, field))

    def number(self, value: float) -> str:
        """A number in the user's locale."""
        return format_decimal(value, locale=self.locale)

    def percent(self, share: float | None) -> str:
        """A share as a whole percentage in the user's locale, or a dash when unknown."""
        return "–" if share is None else format_percent(share, locale=self.locale)

    def date_text(self, day: date, length: str = "medium") -> str:
        """A date in the user's locale: ``Mar 31, 2027`` (medium) or ``3/31/27`` (short).

        Without the direction marks some locales put in (Arabic: ``31\u200f/03\u200f/2027``):
        a date is shown left to right, as the reports show it, and a mark inside a date kept
        left to right would scramble it.
        """
        return format_date(day, length, locale=self.locale).translate(_DIRECTION_MARKS)

    def weekday(self, day: int) -> str:
        """The short name of a day of the week (0 is Monday): ``Mon``, ``lun.``, ``周一``."""
        return str(get_day_names("abbreviated", locale=self.locale)[day])

    def parse_date(self, text: str) -> date | None:
        """A date typed as ``2027-03-31`` or in the user's locale's short format
        (``31/03/2027`` in French, ``3/31/27`` in English); None if it cannot be read."""
        text = text.strip()
        if not TYPED_DATE.fullmatch(text):
            return None
        iso = ISO_DATE.fullmatch(text)
        try:
            if iso:
                return date(*(int(part) for part in iso.groups()))
            return parse_date(text, locale=self.locale, format="short")
        except (ValueError, IndexError):  # babel's ParseError is a ValueError
            return None

    def format_list(self, items: Sequence[str]) -> str:
        """``a, b and c`` in the user's language."""
        return format_list(list(items), locale=self.locale)

    def ltr(self, text: str) -> str:
        """Keep a number, date or code in left-to-right order inside right-to-left text."""
        return f"{LRM}{text}{LRM}" if self.rtl and text else text
