"""Load and validate checklists from YAML files, strictly.

The loader walks YAML nodes rather than constructed values, so that every problem can name the
file, the line and the path in the document, and YAML 1.1 surprises (``no`` -> False) are caught.
All problems in all files are reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.editions import Library
from bot.model import Actor, Checklist, Context, Item, Phase, Section, Tier

CHECKLIST_ID = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
ITEM_ID = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
GUIDELINE_PHASES = {
    **dict.fromkeys(range(1, 9), Phase.PREPAREDNESS),
    **dict.fromkeys(range(9, 14), Phase.RESPONSE),
    **dict.fromkeys(range(14, 16), Phase.RECOVERY),
}
STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
# YAML 1.1 also reads 0x10, 0b11, 012 (octal) and 1:20 (base 60) as integers: accept plain digits.
DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
E = TypeVar("E", Phase, Tier, Actor, Context)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a checklist file."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class ChecklistError(Exception):
    """One or more checklist files are broken; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _Reader:
    """Reads typed fields from nodes of one file, collecting problems instead of raising."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, node: Node, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, path, message))

    def mapping(
        self, node: Node, path: str, required: set[str], optional: frozenset[str] = frozenset()
    ) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.problem(node, path, "expected a mapping")
            return None
        fields: dict[str, Node] = {}
        allowed = required | optional
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else "?"
            here = f"{path}.{name}" if path else name
            if name in fields:
                self.problem(key, here, "duplicate key")
            elif name not in allowed:
                self.problem(key, here, f"unknown key (allowed: {', '.join(sorted(allowed))})")
            else:
                fields[name] = value
        for name in sorted(required - fields.keys()):
            self.problem(node, path, f"missing field '{name}'")
        return fields if required <= fields.keys() else None

    def text(self, node: Node, path: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag != STR_TAG:
            hint = f" (YAML reads {node.value!r} as not text: quote it)" if _scalar(node) else ""
            self.problem(node, path, f"expected text{hint}")
            return ""
        if not node.value.strip():
            self.problem(node, path, "must not be empty")
        return str(node.value)

    def ident(self, node: Node, path: str, pattern: re.Pattern[str]) -> str:
        value = self.text(node, path)
        if value and not pattern.match(value):
            self.problem(node, path, f"id {value!r} must match {pattern.pattern}")
        return value

    def integer(self, node: Node, path: str, low: int, high: int) -> int:
        if not isinstance(node, ScalarNode) or node.tag != INT_TAG or not DECIMAL.match(node.value):
            self.problem(node, path, "expected a whole number")
            return 0
        value = int(node.value)
        if not low <= value <= high:
            self.problem(node, path, f"must be between {low} and {high}")
        return value

    def choice(self, node: Node, path: str, kind: type[E]) -> E | None:
        value = self.text(node, path)
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            if value:
                self.problem(node, path, f"{value!r} is not one of: {allowed}")
            return None

    def sequence(self, node: Node, path: str) -> list[Node]:
        if not isinstance(node, SequenceNode) or not node.value:
            self.problem(node, path, "expected a non-empty list")
            return []
        return list(node.value)


def _scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode)


CHECKLIST_FIELDS = {"id", "version", "title", "phase", "description", "sections"}
SECTION_FIELDS = {"guideline", "title", "items"}
ITEM_FIELDS = {"id", "question", "help", "actors", "contexts", "tier", "action"}
# Editions kept in the archive were written before items named their kinds of place.
ARCHIVED_OPTIONAL = frozenset({"contexts"})
ARCHIVE = "archive"
ARCHIVED_NAME = re.compile(r"^(?P<id>[a-z][a-z0-9_]{0,15})-v(?P<version>[1-9][0-9]*)$")


def _item(r: _Reader, node: Node, path: str, guideline: int, archived: bool) -> Item | None:
    optional = ARCHIVED_OPTIONAL if archived else frozenset()
    fields = r.mapping(node, path, ITEM_FIELDS - optional, optional)
    if fields is None:
        return None
    item = Item(
        id=r.ident(fields["id"], f"{path}.id", ITEM_ID),
        guideline=guideline,
        question=r.text(fields["question"], f"{path}.question"),
        help=r.text(fields["help"], f"{path}.help"),
        actors=_choices(r, fields, "actors", path, Actor, "an actor"),
        tier=r.choice(fields["tier"], f"{path}.tier", Tier) or Tier.ADVANCED,
        action=r.text(fields["action"], f"{path}.action"),
    )
    if "contexts" not in fields:
        return item  # an archived item: every kind of place
    return replace(item, contexts=_choices(r, fields, "contexts", path, Context, "a context"))


def _choices(
    r: _Reader, fields: dict[str, Node], name: str, path: str, kind: type[E], what: str
) -> tuple[E, ...]:
    """A non-empty list of keywords of one kind, each listed at most once."""
    found = [
        r.choice(n, f"{path}.{name}[{i}]", kind) for i, n in enumerate(_seq(r, fields, name, path))
    ]
    known = [value for value in found if value is not None]
    if len(set(known)) != len(known):
        r.problem(fields[name], f"{path}.{name}", f"{what} is listed twice")
    return tuple(known)


def _seq(r: _Reader, fields: dict[str, Node], name: str, path: str) -> list[Node]:
    return r.sequence(fields[name], f"{path}.{name}" if path else name)


def _section(
    r: _Reader, node: Node, path: str, phase: Phase | None, archived: bool
) -> Section | None:
    fields = r.mapping(node, path, SECTION_FIELDS)
    if fields is None:
        return None
    guideline = r.integer(fields["guideline"], f"{path}.guideline", 1, 15)
    if phase and guideline in GUIDELINE_PHASES and GUIDELINE_PHASES[guideline] != phase:
        belongs = GUIDELINE_PHASES[guideline].value
        r.problem(
            fields["guideline"],
            f"{path}.guideline",
            f"Guideline {guideline} belongs to the {belongs} phase, not {phase.value}",
        )
    items = [
        _item(r, n, f"{path}.items[{i}]", guideline, archived)
        for i, n in enumerate(_seq(r, fields, "items", path))
    ]
    title = r.text(fields["title"], f"{path}.title")
    return Section(guideline, title, tuple(i for i in items if i is not None))


def _checklist(r: _Reader, root: Node, archived: bool) -> Checklist | None:
    fields = r.mapping(root, "", CHECKLIST_FIELDS)
    if fields is None:
        return None
    phase = r.choice(fields["phase"], "phase", Phase)
    sections = [
        _section(r, n, f"sections[{i}]", phase, archived)
        for i, n in enumerate(_seq(r, fields, "sections", ""))
    ]
    _check_unique(r, fields["sections"], sections)
    checklist = Checklist(
        id=r.ident(fields["id"], "id", CHECKLIST_ID),
        version=r.integer(fields["version"], "version", 1, 1_000_000),
        title=r.text(fields["title"], "title"),
        phase=phase or Phase.PREPAREDNESS,
        description=r.text(fields["description"], "description"),
        sections=tuple(s for s in sections if s is not None),
    )
    return checklist


def _check_unique(r: _Reader, node: Node, sections: list[Section | None]) -> None:
    """Guidelines appear once per checklist and item ids once per checklist."""
    seen_guidelines: set[int] = set()
    seen_items: set[str] = set()
    item_nodes = _item_nodes(node)
    for s_index, section in enumerate(sections):
        if section is None:
            continue
        if section.guideline in seen_guidelines:
            r.problem(
                node.value[s_index],
                f"sections[{s_index}].guideline",
                f"Guideline {section.guideline} has two sections",
            )
        seen_guidelines.add(section.guideline)
        for i_index, item in enumerate(section.items):
            if item.id and item.id in seen_items:
                where = f"sections[{s_index}].items[{i_index}].id"
                r.problem(
                    item_nodes.get((s_index, i_index), node),
                    where,
                    f"duplicate item id {item.id!r}",
                )
            seen_items.add(item.id)


def _item_nodes(sections: Node) -> dict[tuple[int, int], Node]:
    """Map (section, item) indexes to the item's ``id`` node, for line numbers."""
    found: dict[tuple[int, int], Node] = {}
    if not isinstance(sections, SequenceNode):
        return found
    for s_index, section in enumerate(sections.value):
        for key, value in getattr(section, "value", []) if isinstance(section, MappingNode) else []:
            if getattr(key, "value", None) == "items" and isinstance(value, SequenceNode):
                for i_index, item in enumerate(value.value):
                    found[(s_index, i_index)] = _field_node(item, "id") or item
    return found


def _field_node(node: Node, name: str) -> Node | None:
    if isinstance(node, MappingNode):
        return next((v for k, v in node.value if getattr(k, "value", None) == name), None)
    return None


def parse_checklist(
    text: str, file: str, *, archived: bool = False
) -> tuple[Checklist | None, list[Problem]]:
    """Parse one checklist document; return it (if sound) and every problem found.

    An ``archived`` edition may leave out its items' kinds of place: they apply to every kind.
    """
    reader = _Reader(file)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(file, line, "", f"YAML syntax error: {exc.problem}")]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"YAML syntax error: unacceptable character #x{exc.character:04x}: {exc.reason}"
        return None, [Problem(file, line, "", message)]
    if root is None:
        return None, [Problem(file, 1, "", "the file is empty")]
    checklist = _checklist(reader, root, archived)
    return (checklist if not reader.problems else None), reader.problems


def _key_line(text: str, key: str) -> int:
    """The line of a top-level key of a sound document (found after parsing), else 1."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read(path: Path, problems: list[Problem], *, archived: bool) -> tuple[Checklist, str] | None:
    """One file's checklist and text, or None with its problems added."""
    name = _display(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(name, line, "", "not UTF-8 text: save the file as UTF-8"))
        return None
    checklist, found = parse_checklist(text, name, archived=archived)
    problems.extend(found)
    return (checklist, text) if checklist is not None else None


Sources = dict[tuple[str, int], str]


def _current(directory: Path, problems: list[Problem], sources: Sources) -> dict[str, Checklist]:
    """The current edition of each checklist: the ``*.yaml`` files of the directory."""
    checklists: dict[str, Checklist] = {}
    for path in sorted(directory.glob("*.yaml")):
        read = _read(path, problems, archived=False)
        if read is None:
            continue
        checklist, text = read
        if checklist.id in checklists:
            message = f"checklist id {checklist.id!r} is used by another file"
            problems.append(Problem(_display(path), _key_line(text, "id"), "id", message))
        checklists[checklist.id] = checklist
        sources[(checklist.id, checklist.version)] = _display(path)
    return checklists


def _archived(
    directory: Path, current: dict[str, Checklist], problems: list[Problem], sources: Sources
) -> list[Checklist]:
    """Earlier editions: ``archive/<id>-v<version>.yaml``, each older than the current one."""
    found: list[Checklist] = []
    for path in sorted((directory / ARCHIVE).glob("*.yaml")):
        read = _read(path, problems, archived=True)
        if read is None:
            continue
        checklist, text = read
        name, line = _display(path), _key_line(text, "version")
        expected = f"{checklist.id}-v{checklist.version}"
        now = current.get(checklist.id)
        if path.stem != expected:
            problems.append(
                Problem(name, line, "", f"an archived edition is named {expected}.yaml")
            )
        elif now is None:
            message = f"no current checklist {checklist.id!r} for this archived edition"
            problems.append(Problem(name, _key_line(text, "id"), "id", message))
        elif checklist.version >= now.version:
            message = f"archived edition {checklist.version} is not older than the current one"
            problems.append(Problem(name, line, "version", f"{message} ({now.version})"))
        else:
            found.append(checklist)
            sources[(checklist.id, checklist.version)] = name
    return found


def load_checklists(directory: Path) -> Library:
    """Load every checklist: ``*.yaml`` (current editions) and ``archive/*.yaml`` (earlier ones).

    Raise ChecklistError naming every problem in every file.
    """
    if not any(directory.glob("*.yaml")):
        raise ChecklistError(
            [Problem(_display(directory), 0, "", "no checklist files (*.yaml) found")]
        )
    problems: list[Problem] = []
    sources: Sources = {}
    current = _current(directory, problems, sources)
    archived = _archived(directory, current, problems, sources)
    if problems:
        raise ChecklistError(problems)
    return Library([*archived, *current.values()], sources)


def describe(library: Library, line: Callable[[str], Any] = print) -> None:
    """Print each edition found, and the current one's items per Guideline and per tier."""
    for checklist_id in sorted(library):
        editions = library.editions(checklist_id)
        for edition in editions[:-1]:
            line(
                f"{checklist_id} v{edition.version}: {len(edition.items)} items (archived edition)"
            )
        c = editions[-1]
        minimum = sum(1 for i in c.items if i.tier is Tier.MINIMUM)
        guidelines = ", ".join(str(s.guideline) for s in c.sections)
        counts = f"{len(c.items)} items ({minimum} minimum)"
        line(f"{c.id} v{c.version}: {counts}, Guidelines {guidelines} (current edition)")
        for section in c.sections:
            minimum, advanced = (sum(1 for i in section.items if i.tier is t) for t in Tier)
            line(f"  Guideline {section.guideline}: {minimum} minimum, {advanced} advanced")
