"""Checks of one translation: placeholders that agree and HTML that Telegram accepts.

Used when catalogs are compiled at start-up (a broken entry falls back to English) and by
``micic-bot i18n check``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from babel.messages.catalog import Message

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
# The tags Telegram's HTML parse mode accepts (Bot API, "HTML style").
TELEGRAM_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    ]
)
BIDI_OVERRIDES = frozenset("\u202a\u202b\u202d\u202e")


def placeholders(text: str) -> set[str]:
    """The ``%(name)s`` placeholders in a text (bare ``%s`` counted as ``%s``)."""
    return {m.group(1) or m.group(0) for m in PLACEHOLDER.finditer(text)}


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TELEGRAM_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed in Telegram messages")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"closing tag </{tag}> does not match")
        else:
            self.open.pop()


def html_problems(text: str) -> list[str]:
    """Tags Telegram would reject, and tags left open or closed out of order."""
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    problems = checker.problems
    if checker.open:
        problems.append(f"tag <{checker.open[-1]}> is never closed")
    if re.search(r"<(?![/a-zA-Z])", text):
        problems.append("a bare '<' must be written &lt;")
    return problems


def _texts(message: Message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return [str(i) for i in ids], [str(s) for s in strings]


def entry_problems(message: Message, num_plurals: int) -> list[str]:
    """Everything wrong with one translated entry (empty when it may be used)."""
    ids, strings = _texts(message)
    expected = set().union(*(placeholders(i) for i in ids))
    problems: list[str] = []
    if len(ids) > 1 and len(strings) != num_plurals:
        problems.append(f"{len(strings)} plural forms where the language has {num_plurals}")
    for text in strings:
        if not text:
            continue
        unknown = placeholders(text) - expected
        if unknown:
            problems.append(f"unknown placeholder {', '.join(sorted(unknown))}")
        missing = expected - placeholders(text) - {"n"}
        if missing and len(ids) == 1:
            problems.append(f"missing placeholder {', '.join(sorted(missing))}")
        problems.extend(html_problems(text))
        if BIDI_OVERRIDES & set(text):
            problems.append("bidi override characters are not allowed")
    return problems
