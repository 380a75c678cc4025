"""Gettext catalogs read from ``.po`` files at start-up, and a Translator for each user.

Two domains: ``messages`` (the bot's own texts, code and templates) and ``checklist`` (checklist
content, keyed by a context of checklist id, item id and field). There is never a global ``_``:
each user gets a Translator for their language, falling back ``pt_BR`` -> ``pt`` -> English.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from bot.i18n_checks import (
    entry_problems,
    has_translation,
    malformed_lines,
    plural_forms_problem,
)
from bot.model import Checklist, Item

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
DOMAINS = ("messages", "checklist")
HTML_DOMAINS = frozenset({"messages"})  # checklist content is escaped wherever it is shown
LRM = "\u200e"


def content_context(checklist_id: str, *parts: str) -> str:
    """The msgctxt of a piece of checklist content: ``preparedness:g1_hazard_map:question``."""
    return ":".join((checklist_id, *parts))


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; it is translated where it is shown."""
    return message


def parse_locale(code: str) -> Locale | None:
    """Babel's Locale for a catalog's language code, or None for a code Babel does not know."""
    try:
        return Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return None


def po_files(locales_dir: Path, domain: str) -> dict[str, Path]:
    """``{language: path}`` of every ``<lang>/LC_MESSAGES/<domain>.po`` under ``locales_dir``."""
    found: dict[str, Path] = {}
    if locales_dir.is_dir():
        for path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
            found[path.parent.parent.name] = path
    return found


def available_languages(locales_dir: Path) -> list[str]:
    """The source language and every language with a catalog, sorted."""
    langs = {SOURCE_LANGUAGE}
    for domain in DOMAINS:
        langs.update(po_files(locales_dir, domain))
    return sorted(langs)


class CatalogError(Exception):
    """A .po or .pot file that cannot be read, with the (1-based) line of the problem."""

    def __init__(self, path: Path, lineno: int, reason: str) -> None:
        super().__init__(f"{path}:{lineno}: {reason}")
        self.path, self.lineno, self.reason = path, lineno, reason


def read_catalog(path: Path, lang: str | None) -> Catalog:
    """Parse one .po (or, without a language, .pot) file strictly; CatalogError if it fails.

    Babel silently cuts a character from a string whose closing quote is missing, so lines are
    checked first: a catalog with such a line is not used rather than shown garbled.
    """
    try:
        data = path.read_bytes()
        bad = malformed_lines(data.decode("utf-8"))
        if bad:
            raise CatalogError(path, bad[0], "not a well-formed line (texts go in double quotes)")
        locale = lang if lang and parse_locale(lang) else None
        return read_po(BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        reason = re.sub(r" on \d+$", "", str(exc))
        raise CatalogError(path, exc.lineno + 1, reason) from None
    except (OSError, ValueError) as exc:
        raise CatalogError(path, 1, str(exc)) from None


def _verdict(message: Message, catalog: Catalog, html: bool, plurals: str | None) -> str | None:
    """Why an entry may not be used (``""``: it has no translation), or None if it may."""
    if not has_translation(message):
        return ""
    if message.fuzzy:
        return "translation marked fuzzy, not used until reviewed"
    if plurals and message.pluralizable:
        return f"translation not used: {plurals}"
    problems = entry_problems(message, catalog.num_plurals, html=html)
    return f"translation not used: {'; '.join(problems)}" if problems else None


def _drop_unusable(catalog: Catalog, path: Path, lang: str, html: bool) -> None:
    """Remove fuzzy, untranslated and broken entries, logging each fuzzy or broken one."""
    plurals = plural_forms_problem(catalog.plural_forms, lang)
    if plurals:
        log.warning("%s: plural translations not used: %s", path, plurals)
    for message in list(catalog):
        verdict = _verdict(message, catalog, html, plurals) if message.id else None
        if verdict is None:
            continue
        if verdict:
            level = logging.INFO if message.fuzzy else logging.WARNING
            log.log(level, "%s:%s: %s", path, message.lineno, verdict)
        catalog.delete(message.id, message.context)


def _compile(path: Path, lang: str, domain: str) -> Translations | None:
    """Read one .po file, drop what may not be used (logged once), compile it in memory."""
    try:
        catalog = read_catalog(path, lang)
    except CatalogError as exc:
        log.error("%s:%s: catalog not used: %s", exc.path, exc.lineno, exc.reason)
        return None
    _drop_unusable(catalog, path, lang, domain in HTML_DOMAINS)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


def fallback_chain(lang: str) -> list[str]:
    """``pt_BR`` -> [``pt_BR``, ``pt``]: the catalogs to try before English."""
    chain = [lang]
    if "_" in lang:
        chain.append(lang.split("_", 1)[0])
    return [code for code in chain if code != SOURCE_LANGUAGE]


def language_name(code: str) -> str:
    """A language named in itself (``العربية``), or its code when Babel does not know it."""
    locale = parse_locale(code)
    name = locale.get_display_name(code) if locale else None
    return name[:1].upper() + name[1:] if name else code


@dataclass
class Catalogs:
    """Every compiled catalog, by domain and language."""

    locales_dir: Path
    compiled: dict[tuple[str, str], Translations] = field(default_factory=dict)
    languages: list[str] = field(default_factory=lambda: [SOURCE_LANGUAGE])
    reported: set[tuple[str, str]] = field(default_factory=set)
    _chains: dict[tuple[str, str], NullTranslations] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, locales_dir: Path) -> Catalogs:
        """Compile every catalog under ``locales_dir``; broken ones are logged and skipped."""
        catalogs = cls(locales_dir, languages=available_languages(locales_dir))
        for domain in DOMAINS:
            for lang, path in po_files(locales_dir, domain).items():
                compiled = _compile(path, lang, domain)
                if compiled is not None:
                    catalogs.compiled[(domain, lang)] = compiled
        return catalogs

    def chain(self, domain: str, lang: str) -> NullTranslations:
        """One translations object for a language with its fallbacks behind it (built once)."""
        key = (domain, lang)
        if key not in self._chains:
            codes = [c for c in fallback_chain(lang) if (domain, c) in self.compiled]
            found = [self.compiled[(domain, c)] for c in codes]
            for first, then in pairwise(found):
                first.add_fallback(then)
            self._chains[key] = found[0] if found else NullTranslations()
        return self._chains[key]

    def translator(self, lang: str | None) -> Translator:
        """The Translator for a language code the bot has (see ``negotiate``)."""
        code = lang if lang in self.languages else SOURCE_LANGUAGE
        return Translator(
            code,
            self.chain("messages", code),
            self.chain("checklist", code),
            reported=self.reported,
        )

    def negotiate(self, preferred: Iterable[str | None]) -> str:
        """The best language the bot has for Telegram codes such as ``pt-br`` or ``zh-hans``."""
        for wanted in preferred:
            match = _match(wanted, self.languages) if wanted else None
            if match:
                return match
        return SOURCE_LANGUAGE

    def language_names(self) -> dict[str, str]:
        """Each language the bot has, named in itself: ``{"ar": "العربية", ...}``."""
        return {code: language_name(code) for code in self.languages}

    def menu_languages(self) -> dict[str | None, str]:
        """Telegram's two-letter code of each command menu (None: the default) -> language.

        Telegram menus know only ISO 639-1 codes, so ``pt`` wins over ``pt_BR`` and codes
        Babel does not know (a test's pseudo-locale) get no menu of their own.
        """
        menus: dict[str | None, str] = {None: SOURCE_LANGUAGE}
        for lang in self.languages:
            locale = parse_locale(lang)
            if locale is None or len(locale.language) != 2 or locale.language == SOURCE_LANGUAGE:
                continue
            if locale.language not in menus or lang == locale.language:
                menus[locale.language] = lang
        return menus


def _match(wanted: str, have: list[str]) -> str | None:
    """The language in ``have`` closest to one Telegram code, trying script, then language."""
    code = wanted.replace("-", "_")
    candidates = [code]
    locale = parse_locale(code)
    if locale is not None:
        script = locale.script
        if locale.language == "zh" and not script:
            script = "Hant" if locale.territory in ("TW", "HK", "MO") else "Hans"
        candidates += [
            str(locale),
            f"{locale.language}_{script}" if script else "",
            locale.language,
        ]
    lowered = {code.lower(): code for code in have}
    for candidate in filter(None, candidates):
        if candidate.lower() in lowered:
            return lowered[candidate.lower()]
    return None


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

    def format_list(self, items: Sequence[str]) -> str:
        """``a, b and c`` in the user's language."""
        return format_list(list(items), locale=self.locale)

    def ltr(self, text: str) -> str:
        """Keep a number, date or code in left-to-right order inside right-to-left text."""
        return f"{LRM}{text}{LRM}" if self.rtl and text else text
