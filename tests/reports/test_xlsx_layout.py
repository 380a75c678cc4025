"""The spreadsheet as a spreadsheet program shows and prints it: no ``###``, no cut heading,
figures in the same units as elsewhere, frozen headings, set up to print on few pages."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from bot import reports
from bot.reports.xlsx.book import MAX_WIDTH, text_width
from tests.support.big_reports import many, one
from tests.support.project import CATALOGS


def workbook(model: Any, lang: str = "en") -> Any:
    (data,) = reports.render(model, CATALOGS.translator(lang), "xlsx")
    return load_workbook(BytesIO(data))


def _width(sheet: Any, col: int) -> float:
    """A column's width; openpyxl files neighbours of the same width under the first one."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min and dimension.max and dimension.min <= col <= dimension.max:
            return float(dimension.width or 8.43)
    return 8.43


@pytest.mark.parametrize("lang", ["en", "fr", "zh_Hans"])
def test_every_column_is_wide_enough_for_its_text_and_dates(lang: str) -> None:
    for book in (workbook(one(), lang), workbook(many(8), lang)):
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell, after in zip(row, [*row[1:], None], strict=True):
                    width = _width(sheet, cell.column)
                    spills = after is None or after.value is None  # text runs on into it
                    if cell.is_date:
                        assert width >= 11, f"{sheet.title}!{cell.coordinate} shows ###"
                    elif (
                        isinstance(cell.value, str) and not cell.alignment.wrap_text and not spills
                    ):
                        need = min(text_width(cell.value), MAX_WIDTH)
                        assert width >= need, f"{sheet.title}!{cell.coordinate}: {cell.value!r}"


def test_headings_are_whole_and_frozen_on_every_sheet() -> None:
    for book in (workbook(one()), workbook(many(8))):
        for sheet in book.worksheets:
            assert sheet.freeze_panes is not None, f"{sheet.title} scrolls its heading away"
            heading = int(sheet.freeze_panes.lstrip("ABCDEFGH")) - 1
            for cell in sheet[heading]:
                if isinstance(cell.value, str):
                    assert cell.alignment.wrap_text or _width(sheet, cell.column) >= len(cell.value)


def test_the_change_is_in_points_as_in_every_other_format() -> None:
    summary = workbook(many(8))["Summary"]
    heading = [c.value for c in summary[4]]
    col = heading.index("Change (points)") + 1
    cells = [row[col - 1] for row in summary.iter_rows(min_row=5) if row[col - 1].value is not None]
    assert cells and all(isinstance(c.value, int) for c in cells)
    assert all("points" in c.number_format for c in cells)
    assert "%" not in cells[0].number_format


def test_every_sheet_prints_landscape_one_page_wide_with_its_headings() -> None:
    for sheet in workbook(many(60)).worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0  # 1 is the default
        assert sheet.print_title_rows, f"{sheet.title} repeats no heading"
        assert "&P" in sheet.oddFooter.right.text


def test_low_coverage_is_hatched_and_starred_in_the_matrix() -> None:
    summary = workbook(many(8))["Summary"]
    starred = [
        cell
        for row in summary.iter_rows(min_row=5)
        for cell in row
        if isinstance(cell.number_format, str) and '"*"' in cell.number_format
    ]
    assert starred and all(cell.fill.patternType == "darkUp" for cell in starred)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_overall_row_of_the_summary_is_named_overall_not_g0(lang: str) -> None:
    t = CATALOGS.translator(lang)
    summary = workbook(one(), lang)["Summary" if lang == "en" else t._("Summary")]
    first = [cell.value for cell in summary[5]]  # under the heading of row 4
    assert first[0] == t._("Overall") and first[1] is None
    codes = [row[0].value for row in summary.iter_rows(min_row=5) if row[0].value]
    assert t._("G%(number)s", number=0) not in codes
    assert t._("G%(number)s", number=1) in codes
