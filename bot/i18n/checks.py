"""Checks of one translation: placeholders that agree and HTML that Telegram accepts.

Used when catalogs are compiled at start-up (a broken entry falls back to English) and by
``micic-bot i18n check``; each problem is a short sentence a translator can act on.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from babel import UnknownLocaleError
from babel.messages.catalog import Message
from babel.messages.plurals import get_plural

# %(name)s, %s, %d, %%, with Python's optional flags, width and precision
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?(?P<type>[diouxXeEfFgGcrsa%])"
)
NUMERIC_TYPES = frozenset("diouxXeEfFgGc")
# The tags Telegram's HTML parse mode accepts (Bot API, "HTML style").
TELEGRAM_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler"}
    | {"a", "code", "pre", "blockquote", "tg-emoji"}
)
ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
BIDI_OVERRIDES = frozenset("\u202a\u202b\u202d\u202e")
# A line of a .po file that is not a comment: an optional keyword, then one quoted string
PO_LINE = re.compile(
    r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+)?"(?:[^"\\]|\\.)*"$'
)


def malformed_lines(text: str) -> list[int]:
    """Lines of a .po file that are neither comments nor keywords with a well-quoted string."""
    return [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#") and not PO_LINE.match(line.strip())
    ]


def placeholders(text: str) -> set[str]:
    """The ``%(name)s`` placeholders in a text (a bare ``%s`` counted as ``%s``)."""
    return {name for name, _ in _typed_placeholders(text)}


def _typed_placeholders(text: str) -> set[tuple[str, str]]:
    found = set()
    for match in PLACEHOLDER.finditer(text):
        kind = match.group("type")
        if kind != "%":
            found.add((match.group("name") or f"%{kind}", kind))
    return found


def format_problems(text: str, source: str) -> list[str]:
    """Whether ``text`` formats with the values the source text's placeholders get."""
    values: dict[str, object] = {
        name: 1 if kind in NUMERIC_TYPES else "x" for name, kind in _typed_placeholders(source)
    }
    try:
        text % values  # only whether it raises matters
    except KeyError:
        return []  # an unknown placeholder, reported by placeholder_problems
    except ValueError as exc:
        return [f"the text does not format ({exc}): a percent sign is written %%"]
    except TypeError as exc:
        return [f"a placeholder does not format ({exc}): keep it as in the English"]
    return []


class _TagChecker(HTMLParser):
    def __init__(self, allowed: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.problems: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.allowed:
            self.problems.append(f"tag <{tag}> is not allowed in Telegram messages")
        elif tag == "a" and not dict(attrs).get("href"):
            self.problems.append("tag <a> needs an href")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"tag <{tag}/> is not allowed in Telegram messages")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"closing tag </{tag}> does not match an open tag")
        else:
            self.open.pop()


def tags(text: str) -> set[str]:
    """The names of the tags opened in a text."""
    return {m.lower() for m in re.findall(r"<([a-zA-Z][\w-]*)", text)}


def html_problems(text: str, source: str = "") -> list[str]:
    """Tags Telegram would reject, tags left open or closed out of order, bare ``<`` and ``&``.

    A tag the English source uses is allowed in its translation too (the HTML report).
    """
    checker = _TagChecker(TELEGRAM_TAGS | tags(source))
    checker.feed(text)
    checker.close()
    problems = checker.problems
    if checker.open:
        problems.append(f"tag <{checker.open[-1]}> is never closed")
    if re.search(r"<(?![/a-zA-Z])", text):
        problems.append("a bare '<' must be written &lt;")
    if text.count("&") != len(ENTITY.findall(text)):
        problems.append("a bare '&' must be written &amp;")
    return problems


def _texts(message: Message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return [str(i) for i in ids], [str(s or "") for s in strings]


def has_translation(message: Message) -> bool:
    """Whether the entry has any translation at all (fuzzy or not)."""
    _, strings = _texts(message)
    return any(strings)


def is_translated(message: Message) -> bool:
    """Whether every form of the entry has a translation (fuzzy or not)."""
    _, strings = _texts(message)
    return all(strings)


def placeholder_problems(text: str, ids: list[str]) -> list[str]:
    """Placeholders the source does not have, and (outside plurals) ones left out."""
    expected = set().union(*(placeholders(i) for i in ids))
    problems = []
    unknown = placeholders(text) - expected
    if unknown:
        problems.append(f"unknown placeholder {', '.join(sorted(unknown))}")
    missing = expected - placeholders(text)
    if missing and len(ids) == 1:  # a plural form may leave out the number (Arabic "one")
        problems.append(f"missing placeholder {', '.join(sorted(missing))}")
    return problems


def entry_problems(message: Message, num_plurals: int, *, html: bool = True) -> list[str]:
    """Everything wrong with one translated entry (empty when it may be used)."""
    ids, strings = _texts(message)
    problems: list[str] = []
    if len(ids) > 1 and len(strings) != num_plurals:
        problems.append(f"{len(strings)} plural forms where the language has {num_plurals}")
    if any(strings) and not all(strings):
        problems.append("some plural forms are empty")
    for index, text in enumerate(strings):
        if not text:
            continue
        source = ids[min(index, len(ids) - 1)]
        problems += placeholder_problems(text, ids)
        if message.python_format or placeholders(source):
            problems += format_problems(text, source)
        if html:
            problems += html_problems(text, source)
        if BIDI_OVERRIDES & set(text):
            problems.append("bidi override characters are not allowed")
    return list(dict.fromkeys(problems))


def plural_forms_problem(header: str | None, lang: str) -> str | None:
    """Whether a catalog's Plural-Forms header is present and right for its language."""
    if not header:
        return "the Plural-Forms header is missing"
    found = re.search(r"nplurals\s*=\s*(\d+)", header)
    try:
        expected = get_plural(lang).num_plurals
    except (ValueError, UnknownLocaleError):
        return None  # a language Babel does not know (a test's pseudo-locale)
    if found is None or int(found.group(1)) != expected:
        return f"Plural-Forms says {header!r} but {lang} has {expected} plural forms"
    return None
