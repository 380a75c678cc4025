"""``micic-bot i18n check | stats | update``: the translators' and CI's gate, and upkeep.

``check`` reads every ``.po`` of every language and domain as the bot would and reports each
problem as ``file:line: message``; it also extracts the sources in memory (with the options of
``make i18n``) and fails when a ``.pot`` no longer matches them. ``stats`` prints completeness.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from babel.messages.catalog import Catalog, Message

from bot.i18n.catalogs import DOMAINS, HTML_DOMAINS, CatalogError, po_files, read_catalog
from bot.i18n.checks import entry_problems, is_translated, plural_forms_problem
from bot.i18n.extraction import extract
from bot.i18n.languages import SOURCE_LANGUAGE
from bot.i18n.update import update

Key = tuple[str | None, str | tuple[str, ...]]


def _key(message: Message) -> Key:
    ident = tuple(message.id) if isinstance(message.id, list | tuple) else str(message.id)
    return message.context, ident


def _short(message: Message) -> str:
    ident = message.id[0] if isinstance(message.id, list | tuple) else message.id
    text = str(ident).replace("\n", " ")
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _read(path: Path, lang: str | None, problems: list[str]) -> Catalog | None:
    """Parse a catalog; a parse error becomes a problem naming the line."""
    try:
        return read_catalog(path, lang)
    except CatalogError as exc:
        problems.append(f"{exc.path}:{exc.lineno}: cannot be read: {exc.reason}")
        return None


def pot_problems(path: Path, fresh: Catalog, pot: Catalog) -> list[str]:
    """Strings the sources have that the .pot lacks, and the other way round."""
    have = {_key(m): m for m in pot if m.id}
    want = {_key(m): m for m in fresh if m.id}
    hint = "(the .pot is out of date: run `make i18n`)"
    new = [
        f"{m.locations[0][0]}:{m.locations[0][1]}: {_short(m)} is not in {path} {hint}"
        for key, m in want.items()
        if key not in have
    ]
    gone = [
        f"{path}:{m.lineno}: {_short(m)} is no longer in the sources {hint}"
        for key, m in have.items()
        if key not in want
    ]
    return new + gone


def _plural_header(text: str) -> tuple[int, str | None]:
    """The line of a .po file's Plural-Forms header, and that line's text (with ``nplurals``)."""
    for number, line in enumerate(text.splitlines(), 1):
        found = re.match(r'"Plural-Forms:\s*(.*)"$', line)
        if found:
            return number, found.group(1)
    return 1, None


def po_problems(path: Path, lang: str, domain: str) -> list[str]:
    """Parse errors, a wrong Plural-Forms header and every broken translated entry."""
    problems: list[str] = []
    catalog = _read(path, lang, problems)
    if catalog is None:
        return problems
    line, header = _plural_header(path.read_text(encoding="utf-8"))
    plural = plural_forms_problem(header, lang)
    if plural:
        problems.append(f"{path}:{line}: {plural}")
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        for problem in entry_problems(message, catalog.num_plurals, html=domain in HTML_DOMAINS):
            problems.append(f"{path}:{message.lineno}: {_short(message)}: {problem}")
    return problems


def check(locales_dir: Path) -> Iterator[str]:
    """Every problem of every catalog and template under ``locales_dir``.

    A template is compared with the sources when its ``babel-<domain>.cfg`` is beside it.
    """
    for domain in DOMAINS:
        pot_path = locales_dir / f"{domain}.pot"
        problems: list[str] = []
        pot = _read(pot_path, None, problems)
        yield from problems
        if pot is not None and (locales_dir / f"babel-{domain}.cfg").is_file():
            yield from pot_problems(pot_path, extract(locales_dir, domain), pot)
        for lang, path in po_files(locales_dir, domain).items():
            yield from po_problems(path, lang, domain)


def cmd_check(locales_dir: Path, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Print each problem as ``file:line: message``; 1 if there was any."""
    out, err = out or sys.stdout, err or sys.stderr
    problems = list(check(locales_dir))
    for problem in problems:
        print(problem, file=err)
    if problems:
        print(f"{len(problems)} problem(s) found in the translation catalogs", file=err)
        return 1
    count = sum(len(po_files(locales_dir, d)) for d in DOMAINS)
    print(f"{count} catalogs and {len(DOMAINS)} templates checked: no problems", file=out)
    return 0


@dataclass(frozen=True)
class Completeness:
    """How much of one domain one language has translated."""

    lang: str
    domain: str
    translated: int
    fuzzy: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent, rounded down so that 100 means complete."""
        return 100 * self.translated // self.total if self.total else 100


def _counts(catalog: Catalog, keys: set[Key], html: bool) -> tuple[int, int]:
    """Usable translations and fuzzy ones among the template's entries."""
    translated = fuzzy = 0
    for message in catalog:
        if _key(message) not in keys or not is_translated(message):
            continue
        if message.fuzzy:
            fuzzy += 1
        elif not entry_problems(message, catalog.num_plurals, html=html):
            translated += 1
    return translated, fuzzy


def completeness(locales_dir: Path, lang: str, domain: str, pot: Catalog) -> Completeness:
    """Entries of the template with a usable translation, and fuzzy ones, in one catalog."""
    path = locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"
    keys = {_key(m) for m in pot if m.id}
    catalog = _read(path, lang, []) if path.is_file() else None
    translated, fuzzy = _counts(catalog, keys, domain in HTML_DOMAINS) if catalog else (0, 0)
    return Completeness(lang, domain, translated, fuzzy, len(keys))


def stats(locales_dir: Path) -> list[Completeness]:
    """Completeness of every language with a catalog, per domain."""
    rows = []
    langs = sorted({lang for d in DOMAINS for lang in po_files(locales_dir, d)} - {SOURCE_LANGUAGE})
    pots = {d: _read(locales_dir / f"{d}.pot", None, []) or Catalog() for d in DOMAINS}
    for lang in langs:
        rows += [completeness(locales_dir, lang, d, pots[d]) for d in DOMAINS]
    return rows


def cmd_stats(locales_dir: Path, out: TextIO | None = None) -> int:
    """Print a table: language x domain, translated/total, percent and fuzzy count."""
    out = out or sys.stdout
    row_format = "{:<10} {:<10} {:>12} {:>9} {:>6}"
    print(row_format.format("language", "domain", "translated", "complete", "fuzzy"), file=out)
    for row in stats(locales_dir):
        done = f"{row.translated}/{row.total}"
        print(row_format.format(row.lang, row.domain, done, f"{row.percent}%", row.fuzzy), file=out)
    return 0


def add_i18n_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``micic-bot i18n check | stats | update``."""
    i18n = sub.add_parser("i18n", help="check the translation catalogs, or show completeness")
    i18n_sub = i18n.add_subparsers(dest="i18n_command", required=True)
    i18n_sub.add_parser("check", help="parse errors, placeholders, HTML, out-of-date .pot; exit 1")
    i18n_sub.add_parser("stats", help="completeness per language and domain")
    i18n_sub.add_parser("update", help="bring every catalog up to date with the .pot templates")


def run_i18n(locales_dir: Path, args: argparse.Namespace) -> int:
    """Run ``micic-bot i18n <command>`` on the catalogs in ``locales_dir``."""
    if args.i18n_command == "check":
        return cmd_check(locales_dir)
    if args.i18n_command == "update":
        for path in update(locales_dir):
            print(f"updated {path}")
        return 0
    return cmd_stats(locales_dir)
