"""Language codes: the source language, Babel locales, fallbacks, names, and Telegram's codes.

A catalog's code (``pt_BR``, ``zh_Hans``) is matched to what Telegram reports (``pt-br``) here.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

SOURCE_LANGUAGE = "en"


def parse_locale(code: str) -> Locale | None:
    """Babel's Locale for a catalog's language code, or None for a code Babel does not know."""
    try:
        return Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return None


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


def closest_language(wanted: str, have: list[str]) -> str | None:
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


def menu_languages(languages: list[str]) -> dict[str | None, str]:
    """Telegram's two-letter code of each command menu (None: the default) -> language.

    Telegram menus know only ISO 639-1 codes, so ``pt`` wins over ``pt_BR`` and codes
    Babel does not know (a test's pseudo-locale) get no menu of their own.
    """
    menus: dict[str | None, str] = {None: SOURCE_LANGUAGE}
    for lang in languages:
        locale = parse_locale(lang)
        if locale is None or len(locale.language) != 2 or locale.language == SOURCE_LANGUAGE:
            continue
        if locale.language not in menus or lang == locale.language:
            menus[locale.language] = lang
    return menus
