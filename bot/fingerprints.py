"""Question fingerprints: an item id keeps its meaning across editions, or the check fails.

``checklists/fingerprints.txt`` lists, for each item id, the fingerprints of every wording of
its question that was accepted as asking the same thing. A question whose fingerprint is not
listed for its id is either a new meaning (it needs a new id) or a rewording an author must
accept on purpose (``micic-bot check --same-meaning CHECKLIST:ITEM``); items never published
before are recorded with ``micic-bot check --record-new``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from bot.checklists import Problem
from bot.editions import Library
from bot.model import Checklist, Item

FILE_NAME = "fingerprints.txt"
HEADER = """\
# Fingerprints of the checklist questions: one line per accepted wording of an item's question.
# An item id must keep its meaning in every edition: see "Changing an item safely" in README.md.
# Written by `micic-bot check --record-new` and `micic-bot check --same-meaning CHECKLIST:ITEM`.
# <checklist> <item> <fingerprint>  # <edition>: <the question>
"""
Key = tuple[str, str]  # (checklist id, item id)
Recorded = dict[Key, set[str]]
LINE = re.compile(r"^([a-z][a-z0-9_]*) ([a-z][a-z0-9_]*) ([0-9a-f]{12})$")


def fingerprint(question: str) -> str:
    """Twelve hex digits of the SHA-256 of the question, its spaces folded."""
    return hashlib.sha256(" ".join(question.split()).encode("utf-8")).hexdigest()[:12]


def read_recorded(path: Path) -> tuple[Recorded, list[Problem]]:
    """The accepted fingerprints of a file (none if it is missing), and its malformed lines."""
    recorded: Recorded = {}
    problems: list[Problem] = []
    if not path.is_file():
        return recorded, problems
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = LINE.match(" ".join(line.split()))
        if match is None:
            message = "expected '<checklist> <item> <12 hex digits>'"
            problems.append(Problem(str(path), number, "", message))
            continue
        recorded.setdefault((match[1], match[2]), set()).add(match[3])
    return recorded, problems


def _editions(library: Library) -> Iterable[Checklist]:
    for checklist_id in sorted(library):
        yield from library.editions(checklist_id)


def _where(library: Library, checklist: Checklist, item: Item) -> tuple[str, int, str]:
    """The file, line and path of an item's question, for a problem."""
    source = library.source(checklist) or f"{checklist.id}-v{checklist.version}"
    line = 1
    try:
        lines = Path(source).read_text("utf-8").splitlines()
    except OSError:
        lines = []
    id_line = re.compile(rf"^\s*-?\s*id:\s*\"?{re.escape(item.id)}\"?\s*$")
    start = next((n for n, text in enumerate(lines) if id_line.match(text)), None)
    if start is not None:
        found = (n for n, text in enumerate(lines[start:], start) if "question:" in text)
        line = next(found, start) + 1
    s_index = next(n for n, s in enumerate(checklist.sections) if item in s.items)
    i_index = checklist.sections[s_index].items.index(item)
    return source, line, f"sections[{s_index}].items[{i_index}].question"


def _message(library: Library, checklist: Checklist, item: Item, recorded: Recorded) -> str:
    key = f"{checklist.id}:{item.id}"
    current = library[checklist.id].version
    if checklist.version < current:
        return (
            f"the question of {item.id!r} in archived edition {checklist.version} differs from "
            "the one recorded: an archived edition keeps the exact questions older answers were "
            "given to, so restore the file as it was published"
        )
    if (checklist.id, item.id) in recorded:
        return (
            f"the question of {item.id!r} is not a wording recorded for this id. If it still asks "
            "the same thing (every answer already given to it stays true), record the new "
            f"wording: micic-bot check --same-meaning {key}. If it asks something else, give the "
            "item a new id and leave the old id retired (checklists/README.md, 'Changing an "
            "item safely')"
        )
    return (
        f"new item {item.id!r} has no recorded fingerprint: if no edition ever used this id, "
        "record it with: micic-bot check --record-new"
    )


def check(library: Library, recorded: Recorded) -> list[Problem]:
    """A problem for each question, in every edition, whose wording is not recorded for its id."""
    problems = []
    for checklist in _editions(library):
        for item in checklist:
            if fingerprint(item.question) not in recorded.get((checklist.id, item.id), set()):
                file, line, path = _where(library, checklist, item)
                message = _message(library, checklist, item, recorded)
                problems.append(Problem(file, line, path, message))
    return problems


def _line(checklist: Checklist, item: Item) -> str:
    question = " ".join(item.question.split())
    shown = question if len(question) <= 70 else question[:69] + "…"
    key = f"{checklist.id} {item.id} {fingerprint(item.question)}"
    return f"{key}  # v{checklist.version}: {shown}"


def new_lines(library: Library, recorded: Recorded) -> list[str]:
    """Lines recording the items no edition has had under their id with another wording.

    An id seen before with a different question is left out: that takes ``--same-meaning``.
    """
    lines, seen = [], set(recorded)
    for checklist in _editions(library):
        for item in checklist:
            key = (checklist.id, item.id)
            wordings = {
                fingerprint(i.question)
                for edition in library.editions(checklist.id)
                if (i := edition.item(item.id)) is not None
            }
            if key not in seen and len(wordings) == 1:
                lines.append(_line(checklist, item))
                seen.add(key)
    return lines


def same_meaning_lines(library: Library, keys: Iterable[str]) -> tuple[list[str], list[str]]:
    """Lines accepting the current wording of ``CHECKLIST:ITEM`` items, and unknown keys."""
    lines, unknown = [], []
    for key in keys:
        checklist_id, _, item_id = key.partition(":")
        checklist = library.get(checklist_id)
        item = checklist.item(item_id) if checklist else None
        if checklist is None or item is None:
            unknown.append(key)
        else:
            lines.append(_line(checklist, item))
    return lines, unknown


def append(path: Path, lines: list[str]) -> None:
    """Add lines to the fingerprint file (created with its header if missing)."""
    text = path.read_text("utf-8") if path.is_file() else HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "".join(f"{line}\n" for line in lines), "utf-8")
