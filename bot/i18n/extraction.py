"""Extraction: the Babel extractor for checklist YAML, and a domain's template built in memory.

A checklist entry's msgctxt is ``<checklist id>:<item id>:<field>`` (or ``<checklist id>:title``,
``:description``, ``:guideline-<n>:title``), so the same English can be translated differently
where it must, and a changed English text marks its translation fuzzy.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.i18n.translator import content_context

KEYWORDS = ("_", "n_:1,2", "N_")  # the -k options of `make i18n`
COMMENT_TAGS = ("TRANSLATORS:",)
Extracted = tuple[int, str, tuple[str, str], list[str]]
ITEM_FIELDS = ("question", "help", "action")
FIELD_NOTES = {
    "question": "the question asked on the 0-3 scale",
    "help": "why it matters and what counts as evidence",
    "action": "the recommended action when the item is a gap",
}


def _fields(node: Node) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}


def _text(node: Node | None) -> str | None:
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value.strip():
        return str(node.value)
    return None


def _entry(node: Node | None, context: str, note: str) -> Iterator[Extracted]:
    text = _text(node)
    if node is not None and text is not None:
        yield node.start_mark.line + 1, "pgettext", (context, text), [note]


def _sections(checklist_id: str, node: Node | None, edition: str) -> Iterator[Extracted]:
    if not isinstance(node, SequenceNode):
        return
    for section in node.value:
        fields = _fields(section)
        number = _text(fields.get("guideline")) or getattr(fields.get("guideline"), "value", "?")
        context = content_context(checklist_id, f"guideline-{number}", "title")
        note = f"{edition}title of MICIC Guideline {number}"
        yield from _entry(fields.get("title"), context, note)
        items = fields.get("items")
        for item in items.value if isinstance(items, SequenceNode) else []:
            item_fields = _fields(item)
            item_id = _text(item_fields.get("id")) or "?"
            for field in ITEM_FIELDS:
                note = f"{edition}Guideline {number}, item {item_id}: {FIELD_NOTES[field]}"
                context = content_context(checklist_id, item_id, field)
                yield from _entry(item_fields.get(field), context, note)


def extract_checklist(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[Extracted]:
    """Babel extraction method for checklist YAML (see ``locales/babel-checklist.cfg``).

    With the option ``archived``, each note says the text is of an earlier edition: it stays
    translated so that older answers can be shown and reported in every language.
    """
    root = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    fields = _fields(root) if root is not None else {}
    checklist_id = _text(fields.get("id")) or "?"
    edition = ""
    if str((options or {}).get("archived", "")).lower() == "true":
        version = getattr(fields.get("version"), "value", "?")
        edition = f"edition {version}, kept for older answers: "
    title = content_context(checklist_id, "title")
    yield from _entry(fields.get("title"), title, f"{edition}checklist title")
    description = content_context(checklist_id, "description")
    yield from _entry(fields.get("description"), description, f"{edition}checklist description")
    yield from _sections(checklist_id, fields.get("sections"), edition)


def extract(locales_dir: Path, domain: str) -> Catalog:
    """The domain's template as ``make i18n`` would write it, built in memory.

    The mapping is ``<locales_dir>/babel-<domain>.cfg``; its patterns are relative to the
    project, the folder that holds ``locales_dir``.
    """
    root = locales_dir.resolve().parent
    config = locales_dir / f"babel-{domain}.cfg"
    with config.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(config))  # type: ignore[no-untyped-call]
    tops = {pattern.split("/")[0] for pattern, _ in method_map}

    def wanted(path: str) -> bool:
        name = os.path.basename(path)
        top = Path(path).relative_to(root).parts[0]
        return top in tops and not name.startswith((".", "_"))

    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(KEYWORDS)}
    catalog = Catalog(domain=domain)
    found = extract_from_dir(
        root, method_map, options_map, keywords, COMMENT_TAGS, directory_filter=wanted
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog
