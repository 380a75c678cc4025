"""Gettext catalogs read from ``.po`` files at start-up, compiled in memory, one per language.

Two domains: ``messages`` (the bot's own texts, code and templates) and ``checklist`` (checklist
content, keyed by a context of checklist id, item id and field). Each user's Translator falls
back ``pt_BR`` -> ``pt`` -> English; an unusable entry is logged once and left in English.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from itertools import pairwise
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from bot.i18n.checks import (
    entry_problems,
    has_translation,
    malformed_lines,
    plural_forms_problem,
)
from bot.i18n.languages import (
    SOURCE_LANGUAGE,
    closest_language,
    fallback_chain,
    language_name,
    menu_languages,
    parse_locale,
)
from bot.i18n.translator import Translator

log = logging.getLogger(__name__)

DOMAINS = ("messages", "checklist")
HTML_DOMAINS = frozenset({"messages"})  # checklist content is escaped wherever it is shown


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
            match = closest_language(wanted, self.languages) if wanted else None
            if match:
                return match
        return SOURCE_LANGUAGE

    def language_names(self) -> dict[str, str]:
        """Each language the bot has, named in itself: ``{"ar": "العربية", ...}``."""
        return {code: language_name(code) for code in self.languages}

    def menu_languages(self) -> dict[str | None, str]:
        """Telegram's two-letter code of each command menu (None: the default) -> language."""
        return menu_languages(self.languages)
