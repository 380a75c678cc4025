"""Reports as XLSX workbooks (XlsxWriter): a summary sheet and one row per item.

Text is always written as text: ``strings_to_formulas`` and ``strings_to_urls`` are off, so a
note such as ``=HYPERLINK(...)`` stays a string. Sheets run right to left for RTL readers.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import xlsxwriter

from bot.i18n import Translator
from bot.reports.localised import ItemLine, Line, LocalComparison, LocalReport, Page

OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, at most 31 characters."""
    base = _SHEET_FORBIDDEN.sub(" ", text).strip("' ")[:31] or "Sheet"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
    taken.add(name.casefold())
    return name


class _Book:
    """One workbook being written, with its formats and the reader's language."""

    def __init__(self, t: Translator, page: Page, title: str) -> None:
        self.t = t
        self.page = page
        self.buffer = BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, OPTIONS)
        self.book.set_properties({"title": title, "comments": page.checklist})
        self.taken: set[str] = set()
        add = self.book.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.bold = add({"bold": True})
        self.head = add({"bold": True, "bg_color": "#EEF2F6", "border": 1, "text_wrap": True})
        self.percent = add({"num_format": "0%"})
        self.change = add({"num_format": "+0%;-0%;0%"})
        self.date = add({"num_format": "yyyy-mm-dd"})
        self.wrap = add({"text_wrap": True, "valign": "top"})

    def sheet(self, title: str) -> Any:
        """A new worksheet, right to left for RTL readers."""
        sheet = self.book.add_worksheet(sheet_name(title, self.taken))
        if self.page.rtl:
            sheet.right_to_left()
        return sheet

    def header(self, sheet: Any, row: int, labels: list[str]) -> None:
        """A row of column headings."""
        for col, label in enumerate(labels):
            sheet.write_string(row, col, label, self.head)

    def share(self, sheet: Any, row: int, col: int, value: float | None, fmt: Any) -> None:
        """A share as a number, or an empty cell when unknown."""
        if value is None:
            sheet.write_blank(row, col, None)
        else:
            sheet.write_number(row, col, value, fmt)

    def meta(self, sheet: Any, title: str, pairs: list[tuple[str, str]]) -> int:
        """The title and label/value lines at the top of a summary; the next free row."""
        sheet.write_string(0, 0, title, self.title)
        for row, (label, value) in enumerate(pairs, 2):
            sheet.write_string(row, 0, label, self.bold)
            sheet.write_string(row, 1, value)
        return len(pairs) + 3

    def close(self) -> bytes:
        """Finish the workbook and return its bytes."""
        self.book.close()
        return self.buffer.getvalue()


def _meta(t: Translator, page: Page) -> list[tuple[str, str]]:
    return [
        (t._("Checklist"), page.checklist),
        (t._("Cycle"), page.cycle),
        (t._("Date"), page.generated),
    ]


def _guideline_rows(b: _Book, sheet: Any, row: int, lines: list[Line], change: bool) -> None:
    t = b.t
    labels = [t._("Guideline"), t._("Title"), t._("Readiness"), t._("Coverage")]
    labels += [t._("Change")] if change else []
    b.header(sheet, row, [*labels, t._("Status")])
    for r, line in enumerate(lines, row + 1):
        sheet.write_string(r, 0, line.code)
        sheet.write_string(r, 1, line.title)
        b.share(sheet, r, 2, line.share, b.percent)
        b.share(sheet, r, 3, line.coverage_share, b.percent)
        if change:
            b.share(sheet, r, 4, line.change_share, b.change)
        sheet.write_string(r, 5 if change else 4, line.status)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 55)
    sheet.set_column(2, 5, 14)


def _item_rows(b: _Book, sheet: Any, rows: list[tuple[str, ItemLine]], with_org: bool) -> None:
    """One row per item: Guideline, item, score, note, author, date and more."""
    t = b.t
    labels = [
        t._("Guideline"),
        t._("Item"),
        t._("Question"),
        t._("Tier"),
        t._("Score (0-3)"),
        t._("Answer"),
        t._("Note"),
        t._("Answered by"),
        t._("Date"),
        t._("Recommended action"),
    ]
    first = 1 if with_org else 0
    b.header(sheet, 0, [t._("Organisation"), *labels] if with_org else labels)
    for r, (org, item) in enumerate(rows, 1):
        if with_org:
            sheet.write_string(r, 0, org)
        values = [item.code, item.item_id, item.question, item.tier]
        for c, value in enumerate(values, first):
            sheet.write_string(r, c, value)
        if item.points is None:
            sheet.write_blank(r, first + 4, None)
        else:
            sheet.write_number(r, first + 4, item.points)
        for c, value in enumerate((item.answer, _notes(t, item), item.author), first + 5):
            sheet.write_string(r, c, value, b.wrap if c == first + 6 else None)
        if item.answered_at is None:
            sheet.write_blank(r, first + 8, None)
        else:
            sheet.write_datetime(r, first + 8, item.answered_at.replace(tzinfo=None), b.date)
        sheet.write_string(r, first + 9, item.action)
    last = len(rows)
    score_col = first + 4
    sheet.conditional_format(
        1, score_col, max(last, 1), score_col,
        {"type": "2_color_scale", "min_type": "num", "min_value": 0, "min_color": "#FFFFFF",
         "max_type": "num", "max_value": 3, "max_color": "#5B8DC9"},
    )  # fmt: skip
    sheet.autofilter(0, 0, max(last, 1), first + 9)
    sheet.freeze_panes(1, first + 2)
    sheet.set_column(first + 2, first + 2, 60)
    sheet.set_column(first + 6, first + 6, 40)
    sheet.set_column(first + 9, first + 9, 60)


def _notes(t: Translator, item: ItemLine) -> str:
    """Every note of an item in one cell, one per line, each with its author and date."""
    return "\n".join(
        f"{note.text} ({t._('%(who)s, %(date)s', who=note.author, date=note.date)})"
        for note in item.notes
    )


def report_workbook(r: LocalReport, t: Translator) -> bytes:
    """One organisation: a summary sheet and every item with its answer."""
    title = t._("Readiness report: %(org)s", org=r.organisation)
    b = _Book(t, r.page, title)
    summary = b.sheet(t._("Summary"))
    pairs = [(t._("Organisation"), r.organisation), *_meta(t, r.page)]
    row = b.meta(summary, title, pairs)
    summary.write_string(row, 0, t._("Overall readiness"), b.bold)
    b.share(summary, row, 1, r.overall.share, b.percent)
    summary.write_string(row + 1, 0, t._("Coverage"), b.bold)
    b.share(summary, row + 1, 1, r.overall.coverage_share, b.percent)
    if not r.has_answers:
        summary.write_string(row + 2, 0, t._("No answers yet"), b.bold)
    _guideline_rows(b, summary, row + 4, r.guidelines, r.previous_cycle is not None)
    items = b.sheet(t._("Items"))
    _item_rows(b, items, [(r.organisation, item) for item in r.annex], with_org=False)
    return b.close()


def comparison_workbook(c: LocalComparison, t: Translator) -> bytes:
    """Several organisations: a matrix of readiness and every item of every organisation."""
    title = t.n_("Readiness of %(n)s organisation", "Readiness of %(n)s organisations", len(c.rows))
    b = _Book(t, c.page, title)
    summary = b.sheet(t._("Summary"))
    row = b.meta(summary, title, _meta(t, c.page))
    codes = [g.code for g in c.guidelines]
    b.header(summary, row, [t._("Organisation"), t._("Overall"), *codes, t._("Coverage")])
    for r, org in enumerate(c.rows, row + 1):
        summary.write_string(r, 0, org.name)
        b.share(summary, r, 1, org.overall.share, b.percent)
        for col, cell in enumerate(org.cells, 2):
            b.share(summary, r, col, cell.share, b.percent)
        b.share(summary, r, len(codes) + 2, org.overall.coverage_share, b.percent)
    summary.set_column(0, 0, 32)
    summary.set_column(1, len(codes) + 2, 9)
    guidelines = b.sheet(t._("Guidelines"))
    _guideline_rows(b, guidelines, 0, c.guidelines, change=False)
    items = b.sheet(t._("Items"))
    rows = [(report.organisation, item) for report in c.reports for item in report.annex]
    _item_rows(b, items, rows, with_org=True)
    return b.close()
