"""Gettext catalogs read from ``.po`` files at start-up, and a Translator for each user.

Two domains: ``messages`` (the bot's own texts, code and templates) and ``checklist`` (checklist
content, keyed by a context of checklist id, item id and field). There is never a global ``_``:
each user gets a Translator for their language, falling back ``pt_BR`` -> ``pt`` -> English.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from bot.i18n_checks import entry_problems
from bot.model import Checklist, Item

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
DOMAINS = ("messages", "checklist")


def content_context(checklist_id: str, *parts: str) -> str:
    """The msgctxt of a piece of checklist content: ``preparedness:g1_hazard_map:question``."""
    return ":".join((checklist_id, *parts))


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; it is translated where it is shown."""
    return message


def _po_files(locales_dir: Path, domain: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if locales_dir.is_dir():
        for path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
            found[path.parent.parent.name] = path
    return found


def available_languages(locales_dir: Path) -> list[str]:
    """The source language and every language with a catalog, sorted."""
    langs = {SOURCE_LANGUAGE}
    for domain in DOMAINS:
        langs.update(_po_files(locales_dir, domain))
    return sorted(langs)


def _compile(path: Path, lang: str) -> Translations | None:
    """Read one .po file, drop fuzzy and broken entries (logged once), compile it in memory."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, abort_invalid=True)
    except (PoFileError, OSError, ValueError, UnknownLocaleError) as exc:
        log.error("%s: catalog not used: %s", path, exc)
        return None
    for message in list(catalog):
        if not message.id or not message.string or message.fuzzy:
            continue
        problems = entry_problems(message, catalog.num_plurals)
        if problems:
            log.warning(
                "%s:%s: translation not used: %s", path, message.lineno, "; ".join(problems)
            )
            catalog.delete(message.id, message.context)
    buffer = BytesIO()
    write_mo(buffer, catalog)  # leaves fuzzy entries out
    buffer.seek(0)
    return Translations(buffer, domain=catalog.domain)


def fallback_chain(lang: str) -> list[str]:
    """``pt_BR`` -> [``pt_BR``, ``pt``]: the catalogs to try before English."""
    chain = [lang]
    if "_" in lang:
        chain.append(lang.split("_", 1)[0])
    return [code for code in chain if code != SOURCE_LANGUAGE]


@dataclass
class Catalogs:
    """Every compiled catalog, by domain and language."""

    locales_dir: Path
    compiled: dict[tuple[str, str], Translations] = field(default_factory=dict)
    languages: list[str] = field(default_factory=lambda: [SOURCE_LANGUAGE])

    @classmethod
    def load(cls, locales_dir: Path) -> Catalogs:
        """Compile every catalog under ``locales_dir``; broken ones are logged and skipped."""
        catalogs = cls(locales_dir, languages=available_languages(locales_dir))
        for domain in DOMAINS:
            for lang, path in _po_files(locales_dir, domain).items():
                compiled = _compile(path, lang)
                if compiled is not None:
                    catalogs.compiled[(domain, lang)] = compiled
        return catalogs

    def chain(self, domain: str, lang: str) -> NullTranslations:
        """One translations object for a language with its fallbacks behind it."""
        head: NullTranslations = NullTranslations()
        tail = head
        for code in fallback_chain(lang):
            compiled = self.compiled.get((domain, code))
            if compiled is None:
                continue
            if tail is head and not isinstance(head, Translations):
                head = tail = compiled
            else:
                tail.add_fallback(compiled)
                tail = compiled
        return head

    def translator(self, lang: str | None) -> Translator:
        """The Translator for a language code the bot has (see ``negotiate``)."""
        code = lang if lang in self.languages else SOURCE_LANGUAGE
        return Translator(code, self.chain("messages", code), self.chain("checklist", code))

    def negotiate(self, preferred: Iterable[str | None]) -> str:
        """The best language the bot has for Telegram codes such as ``pt-br`` or ``zh-hans``."""
        have = self.languages
        for wanted in preferred:
            if not wanted:
                continue
            match = _match(wanted, have)
            if match:
                return match
        return SOURCE_LANGUAGE


def _match(wanted: str, have: list[str]) -> str | None:
    try:
        locale = Locale.parse(wanted.replace("-", "_"), sep="_")
    except (ValueError, UnknownLocaleError):
        locale = None
    candidates = [wanted.replace("-", "_")]
    if locale is not None:
        candidates += [str(locale), f"{locale.language}_{locale.script}" if locale.script else ""]
        if locale.language == "zh":
            traditional = locale.script == "Hant" or locale.territory in ("TW", "HK", "MO")
            candidates.append("zh_Hant" if traditional else "zh_Hans")
        candidates.append(locale.language)
    lowered = {code.lower(): code for code in have}
    for candidate in candidates:
        if candidate and candidate.lower() in lowered:
            return lowered[candidate.lower()]
    return None


class Translator:
    """One user's language: the bot's texts and the checklist content."""

    def __init__(self, lang: str, messages: NullTranslations, content: NullTranslations) -> None:
        self.lang = lang
        self._messages = messages
        self._content = content
        try:
            locale = Locale.parse(lang)
        except (ValueError, UnknownLocaleError):
            locale = Locale.parse(SOURCE_LANGUAGE)
        self.locale = locale
        self.rtl = locale.character_order == "right-to-left"

    def _(self, message: str, **params: Any) -> str:
        """Translate a message of the bot, then fill in ``%(name)s`` placeholders."""
        text = self._messages.gettext(message)
        return text % params if params else text

    def n_(self, singular: str, plural: str, n: int, **params: Any) -> str:
        """Translate a message with a count, in the plural form the language needs."""
        text = self._messages.ngettext(singular, plural, n)
        return text % {"n": n, **params}

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
