"""Reports as Telegram HTML messages: rendered in blocks, packed into messages under the limit.

Telegram counts a message's length after entity parsing (in UTF-16 code units) and allows at most
about 100 entities. Blocks are self-contained HTML, so a message never ends inside a tag; a block
too long for one message is split at line ends, and a single overlong line as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from bot.i18n import Translator
from bot.reports.localised import LocalComparison, LocalReport
from bot.reports.templates import render

BLOCK = "<!--block-->"
MAX_VISIBLE = 4000  # Telegram's limit is 4096; keep a margin for clients that count differently
MAX_ENTITIES = 90
TOP_GAPS = 10
NOTE_BRIEF = 1000  # UTF-16 units of a note in a Guideline's chat detail; the files hold it whole
TOP_ORGS = 40  # organisations listed in chat; the document and spreadsheet have them all
RLM = "\u200f"
_TAG = re.compile(r"<(/?)[a-zA-Z][^>]*>")  # user text is escaped: every tag is ours


@dataclass(frozen=True)
class Size:
    """The visible length (UTF-16 code units) and the number of entities of some HTML."""

    units: int
    entities: int

    def __add__(self, other: Size) -> Size:
        return Size(self.units + other.units, self.entities + other.entities)


class _Measure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units = 0
        self.entities = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.entities += 1

    def handle_data(self, data: str) -> None:
        self.units += len(data.encode("utf-16-le")) // 2
        self.parts.append(data)


def _parse(html: str) -> _Measure:
    parser = _Measure()
    parser.feed(html)
    parser.close()
    return parser


def measure(html: str) -> Size:
    """How long Telegram finds this HTML: visible UTF-16 units and entities."""
    parser = _parse(html)
    return Size(parser.units, parser.entities)


def plain(html: str) -> str:
    """The visible text of Telegram HTML."""
    return "".join(_parse(html).parts)


def _fits(size: Size, limit: int) -> bool:
    return size.units <= limit and size.entities <= MAX_ENTITIES


def _split_text(line: str, limit: int) -> list[str]:
    """An overlong line as plain-text pieces (formatting dropped, no character lost)."""
    text = plain(line)
    pieces, current = [], ""
    for char in text:
        if len((current + char).encode("utf-16-le")) // 2 > limit:
            pieces.append(escape(current, quote=False))
            current = ""
        current += char
    return [*pieces, escape(current, quote=False)]


def _join(pieces: list[tuple[str, Size]], limit: int, separator: str) -> list[tuple[str, Size]]:
    """Join consecutive pieces with the separator while the result fits."""
    gap = Size(len(separator), 0)
    joined: list[tuple[str, Size]] = []
    for text, size in pieces:
        if joined and _fits(joined[-1][1] + gap + size, limit):
            last, last_size = joined[-1]
            joined[-1] = (f"{last}{separator}{text}", last_size + gap + size)
        else:
            joined.append((text, size))
    return joined


def _balanced_lines(block: str) -> list[str]:
    """The block's lines, a multi-line element (a note with line breaks) kept in one piece."""
    units: list[str] = []
    depth = 0
    for line in block.split("\n"):
        if depth > 0:
            units[-1] = f"{units[-1]}\n{line}"
        else:
            units.append(line)
        for match in _TAG.finditer(line):
            depth += -1 if match.group(1) else 1
    return units


def _fit(block: str, limit: int) -> list[tuple[str, Size]]:
    """A block as pieces that each fit in a message: whole lines where possible."""
    size = measure(block)
    if _fits(size, limit):
        return [(block, size)]
    lines: list[tuple[str, Size]] = []
    for line in _balanced_lines(block):
        line_size = measure(line)
        if _fits(line_size, limit):
            lines.append((line, line_size))
        else:
            lines += [(part, measure(part)) for part in _split_text(line, limit)]
    return _join(lines, limit, "\n")


def pack(blocks: list[str], limit: int = MAX_VISIBLE) -> list[str]:
    """Pack blocks into as few messages as fit, in order, separated by blank lines."""
    pieces = [piece for block in blocks for piece in _fit(block, limit)]
    return [text for text, _ in _join(pieces, limit, "\n\n")]


def blocks(html: str, rtl: bool) -> list[str]:
    """The non-empty blocks of a rendered template; RTL lines start with a right-to-left mark."""
    found = []
    for block in html.split(BLOCK):
        lines = block.strip("\n").split("\n")
        if rtl:
            lines = [RLM + line if line else line for line in lines]
        text = "\n".join(lines).strip()
        if text:
            found.append(text)
    return found


def _messages(name: str, t: Translator, rtl: bool, **values: object) -> list[str]:
    return pack(blocks(render(name, t, **values), rtl))


def report_messages(r: LocalReport, t: Translator) -> list[str]:
    """The chat summary of one organisation's report."""
    return _messages("report.tg.html.j2", t, r.page.rtl, r=r, top=TOP_GAPS)


def guideline_messages(r: LocalReport, guideline: int, t: Translator) -> list[str]:
    """Every item of one Guideline with its answer, note and, for gaps, the action."""
    g = next(line for line in r.guidelines if line.number == guideline)
    items = [item for item in r.annex if item.guideline == guideline]
    return _messages(
        "guideline.tg.html.j2", t, r.page.rtl, r=r, g=g, items=items, NOTE_BRIEF=NOTE_BRIEF
    )


def comparison_messages(c: LocalComparison, t: Translator) -> list[str]:
    """The chat summary of several organisations."""
    return _messages("comparison.tg.html.j2", t, c.page.rtl, c=c, top=TOP_GAPS, top_orgs=TOP_ORGS)


def comparison_guideline_messages(c: LocalComparison, guideline: int, t: Translator) -> list[str]:
    """One Guideline across the organisations."""
    index = next(i for i, line in enumerate(c.guidelines) if line.number == guideline)
    g = c.guidelines[index]
    return _messages(
        "comparison_guideline.tg.html.j2", t, c.page.rtl, c=c, g=g, index=index, top_orgs=TOP_ORGS
    )
