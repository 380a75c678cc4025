"""One XLSX workbook being written (XlsxWriter): its formats, columns and rows fitted to their
text (``fit``), frozen headings and print set-up, so every sheet reads well on screen and prints
landscape, one page wide at a readable scale, its headings repeated on every page, with page
numbers.

Text is always written as text: ``strings_to_formulas`` and ``strings_to_urls`` are off, so a
note such as ``=HYPERLINK(...)`` stays a string. Sheets run right to left for RTL readers.
"""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO
from typing import Any

import xlsxwriter

from bot.i18n import Translator
from bot.reports import palette
from bot.reports.lines import Line
from bot.reports.localised import Page
from bot.reports.xlsx.fit import (
    LINE_PT,
    PADDING,
    column_widths,
    row_height,
    text_width,
    word_room,
)

OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
A4 = 9


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, at most 31 characters."""
    base = _SHEET_FORBIDDEN.sub(" ", text).strip("' ")[:31] or "Sheet"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
    taken.add(name.casefold())
    return name


class Book:
    """A workbook being written, with its formats and the reader's language."""

    def __init__(self, t: Translator, page: Page, title: str) -> None:
        self.t = t
        self.page = page
        self.buffer = BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, OPTIONS)
        self.book.set_properties({"title": title, "comments": page.checklist})
        self.taken: set[str] = set()
        self.widths: dict[Any, dict[int, int]] = {}
        self.texts: dict[Any, dict[int, list[tuple[int, str]]]] = {}  # sheet: row: (col, text)
        self.headings: dict[Any, int] = {}  # sheet: its heading row (whose cells always wrap)
        self.one_line: set[Any] = set()  # sheets whose rows stay one line high
        self.multiline: dict[Any, set[int]] = {}  # sheet: columns with a line break
        self.words: dict[Any, dict[int, int]] = {}  # sheet: column: its longest word
        self._formats: dict[tuple[tuple[str, Any], ...], Any] = {}
        self.title = self.format(bold=True, font_size=14)
        self.bold = self.format(bold=True)
        self.head = self.format(bold=True, bg_color="#EEF2F6", border=1, text_wrap=True,
                                valign="top")  # fmt: skip
        self.wrap = self.format(text_wrap=True, valign="top")
        self.top = self.format(valign="top")
        self.date = self.format(num_format="yyyy-mm-dd", valign="top", align="left")
        # TRANSLATORS: unit after a change of readiness in spreadsheet cells ("+12 points"),
        # whatever the number: use a form, or an abbreviation, that needs no plural.
        unit = t._("points").replace('"', "")
        self.points = self.format(num_format=f'+0" {unit}";−0" {unit}";0" {unit}"', valign="top")

    def format(self, **properties: Any) -> Any:
        """A cell format, made once per set of properties."""
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self.book.add_format(properties)
        return self._formats[key]

    def band(self, line: Line) -> Any:
        """The format of a readiness cell: its band's colour, hatched and starred if low."""
        star = f'"{palette.LOW_MARK}"' if line.low else ""
        properties: dict[str, Any] = {
            "num_format": f"0%{star}",
            "bg_color": palette.FILL[line.level],
            "font_color": palette.INK[line.level],
            "border": 1,
            "border_color": "#FFFFFF",
            "valign": "top",  # beside wrapped text, level with its first line
        }
        if line.low:
            properties.update(pattern=8, fg_color="#9A9A9A")  # dark upward diagonal stripes
        return self.format(**properties)

    def sheet(self, title: str, one_line: bool = False) -> Any:
        """A new worksheet: right to left for RTL readers, set up to print; with ``one_line``,
        its rows stay one line high (a table of thousands of rows, for filtering and sorting)."""
        sheet = self.book.add_worksheet(sheet_name(title, self.taken))
        if one_line:
            self.one_line.add(sheet)
        if self.page.rtl:
            sheet.right_to_left()
        sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.fit_to_pages(1, 0)  # one page wide, as many pages long as it takes
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        footer = self.t._("Page %(page)s of %(pages)s", page="&P", pages="&N")
        sheet.set_footer(f"&L&A&R{footer}")
        self.widths[sheet], self.texts[sheet], self.multiline[sheet] = {}, {}, set()
        self.words[sheet] = {}
        return sheet

    def reserve(self, sheet: Any, col: int, chars: int) -> None:
        """Make a column at least this many characters wide (room to write in by hand)."""
        widths = self.widths[sheet]
        widths[col] = max(widths.get(col, 0), chars)

    def _measure(self, sheet: Any, col: int, text: str) -> None:
        self.reserve(sheet, col, text_width(text))

    def _keep(self, sheet: Any, row: int, col: int, value: str) -> None:
        """Remember a cell's text, to fit its row's height once the widths are known."""
        self.texts[sheet].setdefault(row, []).append((col, value))
        words = self.words[sheet]
        words[col] = max(words.get(col, 0), word_room(value))
        if "\n" in value:
            self.multiline[sheet].add(col)

    def text(self, sheet: Any, row: int, col: int, value: str, fmt: Any = None) -> None:
        """A string cell, its width remembered for the column."""
        if not value:
            sheet.write_blank(row, col, None, fmt)
            return
        sheet.write_string(row, col, value, fmt)  # None: the column's format (set at close)
        self._measure(sheet, col, value)
        if fmt is None:
            self._keep(sheet, row, col, value)

    def header(self, sheet: Any, row: int, labels: list[str]) -> None:
        """A row of column headings, frozen and repeated on every printed page."""
        for col, label in enumerate(labels):
            sheet.write_string(row, col, label, self.head)
            self._measure(sheet, col, label if len(label) < 30 else "")  # a long one wraps
            self._keep(sheet, row, col, label)
        self.headings[sheet] = row
        sheet.freeze_panes(row + 1, 0)
        sheet.repeat_rows(row)

    def share(self, sheet: Any, row: int, col: int, line: Line, value: float | None) -> None:
        """A readiness or coverage share as a number, or an empty cell when unknown."""
        if value is None:
            sheet.write_blank(row, col, None, self.band(line))
        else:
            sheet.write_number(row, col, value, self.band(line))
        self._measure(sheet, col, "100%*")

    def change(self, sheet: Any, row: int, col: int, change: float | None) -> None:
        """A change of readiness in points (``+12 points``), as a number."""
        if change is None:
            sheet.write_blank(row, col, None)
        else:
            sheet.write_number(row, col, round(change * 100), self.points)
        self._measure(sheet, col, "+100 " + self.t._("points"))

    def moment(self, sheet: Any, row: int, col: int, moment: datetime | None) -> None:
        """A date cell (a real date, shown year-month-day), or an empty cell."""
        if moment is None:
            sheet.write_blank(row, col, None)
        else:
            sheet.write_datetime(row, col, moment.replace(tzinfo=None), self.date)
        self._measure(sheet, col, "2026-12-31")

    def _fit(self, sheet: Any) -> None:
        """Fit the columns to their text and the page (long text wraps), and each row's
        height to its wrapped text."""
        needed = self.widths[sheet]
        widths = column_widths(needed, self.words[sheet])
        wraps = {col for col in widths if needed[col] + PADDING > widths[col]}
        wraps |= self.multiline[sheet]
        for col, width in widths.items():
            sheet.set_column(col, col, width, self.wrap if col in wraps else self.top)
        heading = self.headings.get(sheet)
        for row, cells in self.texts[sheet].items():
            if sheet in self.one_line and row != heading:
                continue  # wrapped text shows its first line; a double click shows the rest
            wrapped = [(text, widths[c]) for c, text in cells if c in wraps or row == heading]
            height = row_height(wrapped)
            if height > LINE_PT:
                sheet.set_row(row, height)

    def close(self) -> bytes:
        """Fit every sheet to its text and the page, finish and return the bytes."""
        for sheet in self.widths:
            self._fit(sheet)
        self.book.close()
        return self.buffer.getvalue()
