"""A pseudo-locale made at test time: every msgstr visibly transformed, markup kept intact.

``⟦Ĉĥöösé ýöüŕ ļáñĝüáĝé:⟧``: letters are swapped for accented look-alikes and each line is
bracketed, while placeholders, HTML tags, entities and /commands are left exactly as they are.
A user-visible string that escapes the catalogs therefore shows plain ASCII letters, which
``leaks`` finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from bot.i18n import DOMAINS
from bot.i18n.extraction import extract

CODE = "en_XA"
OPEN, CLOSE = "⟦", "⟧"
ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķļɱñöþʠŕšţüṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÜṼŴẊÝŽ",
)
# Left as they are: %(name)s and %%, tags, entities, and /commands a user types.
KEPT = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|<[^>]*>|&#?\w+;|(?<![\w/])/[a-z_]+")
URL = re.compile(r"https?://\S+")
COMMAND = re.compile(r"(?<![\w/])/[a-z_]+")


def pseudo(text: str) -> str:
    """The pseudo-translation of one text, line by line."""
    return "\n".join(_line(line) for line in text.split("\n"))


def _line(line: str) -> str:
    if not line.strip():
        return line
    out, last = [], 0
    for match in KEPT.finditer(line):
        out += [line[last : match.start()].translate(ACCENTED), match.group()]
        last = match.end()
    out.append(line[last:].translate(ACCENTED))
    return f"{OPEN}{''.join(out)}{CLOSE}"


def _translated(message: Message) -> Message:
    """A copy of a template entry with its pseudo-translation."""
    if isinstance(message.id, list | tuple):
        string: str | tuple[str, ...] = tuple(pseudo(str(i)) for i in message.id)
    else:
        string = pseudo(str(message.id))
    return Message(message.id, string, context=message.context, flags=message.flags)


def write_pseudo_locale(root: Path, target: Path, code: str = CODE) -> Path:
    """Write ``<target>/<code>/LC_MESSAGES/<domain>.po`` for both domains, from the sources.

    The templates are extracted afresh (as ``make i18n`` would), so a string missing from the
    catalogs shows even when the committed ``.pot`` is out of date.
    """
    for domain in DOMAINS:
        catalog = Catalog(locale=None, domain=domain)
        catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n != 1);")]
        for message in extract(root / "locales", domain):
            if message.id:
                catalog[message.id] = _translated(message)
        path = target / code / "LC_MESSAGES" / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog)
    return target


def leaks(text: str, dynamic: Iterable[str]) -> list[str]:
    """Lines of ``text`` with words that were not pseudo-translated.

    Dynamic values (names, codes, URLs, /commands) are taken out first; what remains must have
    no ASCII letter, and a line with any letter must carry the pseudo-locale's brackets.
    """
    text = URL.sub(" ", text)
    for value in sorted(dynamic, key=len, reverse=True):
        text = text.replace(value, " ")
    text = COMMAND.sub(" ", text)
    return [
        line
        for line in text.split("\n")
        if re.search(r"[A-Za-z]", line) or (any(c.isalpha() for c in line) and OPEN not in line)
    ]
