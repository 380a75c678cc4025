"""``micic-bot i18n update``: bring every language's catalogs up to date with the templates.

It does what ``pybabel update --previous --ignore-obsolete`` does, with one repair. Babel writes
the earlier English of a fuzzy entry as ``#|`` lines, which translators' tools show beside it,
but reads them back as translator comments (``# |``), so each update would keep stale English
forever and lose it where it is needed. Here it is read back into the entry while the entry is
fuzzy, and dropped once the entry is translated again.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, unescape, write_po

from bot.i18n.catalogs import DOMAINS, po_files

WIDTH = 76  # how pybabel wraps catalogs, so that an update changes only what changed
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def _texts(words: str) -> str:
    """The text of a run of quoted strings, as a .po file writes them."""
    return "".join(unescape(quoted) for quoted in _QUOTED.findall(words))


def previous_id(lines: list[str]) -> str | tuple[str, str] | None:
    """The earlier English written in ``#|`` lines (wrapped at spaces, quotes and all)."""
    joined = " ".join(line.strip() for line in lines)
    match = re.fullmatch(r"msgid (.*?)(?: msgid_plural (.*))?", joined)
    if match is None:
        return None
    singular = _texts(match.group(1))
    return (singular, _texts(match.group(2))) if match.group(2) else singular


def repair_previous(message: Message) -> None:
    """Turn ``# |`` comments back into the earlier English of a fuzzy entry, or drop them."""
    previous = [c[1:] for c in message.user_comments if c.startswith("|")]
    if not previous:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    found = previous_id(previous) if message.fuzzy else None
    if found is not None:
        message.previous_id = list(found) if isinstance(found, tuple) else [found]


def update_catalog(path: Path, lang: str, template: Catalog) -> None:
    """Update one catalog from its template, in place."""
    with path.open("rb") as file:
        catalog = read_po(file, locale=lang)
    earlier = {}
    for message in catalog:
        repair_previous(message)
        if message.previous_id:
            earlier[(message.context, str(message.id))] = message.previous_id
    catalog.update(template, update_header_comment=False, update_creation_date=False)
    for message in catalog:  # Babel's update forgets it for entries whose English is unchanged
        if message.fuzzy and not message.previous_id:
            message.previous_id = earlier.get((message.context, str(message.id)), [])
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as file:
        write_po(file, catalog, ignore_obsolete=True, include_previous=True, width=WIDTH)
    partial.replace(path)


def update(locales_dir: Path) -> list[Path]:
    """Update every language's catalog of every domain; return the catalogs updated."""
    done = []
    for domain in DOMAINS:
        with (locales_dir / f"{domain}.pot").open("rb") as file:
            template = read_po(file)
        for lang, path in po_files(locales_dir, domain).items():
            update_catalog(path, lang, template)
            done.append(path)
    return done
