"""Each format rendered and read back: the HTML parsed, the XLSX reopened, the PNG measured."""

from __future__ import annotations

import struct
from html.parser import HTMLParser
from io import BytesIO

import pytest
from openpyxl import load_workbook

from bot import reports
from bot.reporting import ReportModel
from bot.reports.charts import bar_chart_size, heatmap_size
from tests.support.report_world import ADMIN, CORA, FORMULAS, HOSTILE, World, translator


class Page(HTMLParser):
    """What a browser would see: the <html> attributes, section ids, tags, text and images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html: dict[str, str | None] = {}
        self.sections: list[str] = []
        self.tags: set[str] = set()
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if tag == "html":
            self.html = found
        if tag == "section":
            self.sections.append(found.get("id") or "")
        if tag == "img":
            self.images.append(found.get("src") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(document: bytes) -> Page:
    page = Page()
    page.feed(document.decode("utf-8"))
    page.close()
    return page


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture
async def model(world: World) -> ReportModel:
    return await world.service.reporting.build_report(CORA, world.springfield.id, "mini")


def test_html_document_has_every_section_and_escapes_user_text(model: ReportModel) -> None:
    document = reports.render(model, translator("en"), "html")
    page = parse(document)
    assert page.html == {"lang": "en", "dir": "ltr"}
    assert page.sections == ["title", "summary", "chart", "gaps", "strengths", "method", "annex"]
    assert "script" not in page.tags and "i" not in page.tags
    text = "".join(page.text)
    assert HOSTILE in text, "the hostile note is shown as text"
    assert "Springfield <i>&</i>" in text and "Rita <b>" in text
    assert "Action for b1." in text and "Owner" in text and "Due date" in text
    assert "Change since 2025" in text and "+44 points" in text
    assert "@media print" in text and "break-after: page" in text
    (image,) = page.images
    assert image.startswith("data:image/png;base64,")


def test_html_document_is_right_to_left_for_arabic_readers(model: ReportModel) -> None:
    page = parse(reports.render(model, translator("ar"), "html"))
    assert page.html == {"lang": "ar", "dir": "rtl"}


def test_xlsx_reads_back_with_formulas_kept_as_text(model: ReportModel) -> None:
    book = load_workbook(BytesIO(reports.render(model, translator("en"), "xlsx")))
    assert book.sheetnames == ["Summary", "Items"]
    items = book["Items"]
    rows = list(items.iter_rows(values_only=True))
    assert rows[0][:6] == ("Guideline", "Item", "Question", "Tier", "Score (0-3)", "Answer")
    assert [row[1] for row in rows[1:]] == ["a1", "a2", "a3", "b1", "b2"]
    assert [row[4] for row in rows[1:]] == [3, 1, None, 0, None]
    notes = [f"{FORMULAS[i]} (Rita <b>, Mar 7, 2026)" for i in ("a1", "a2", "a3", "b1", "b2")]
    assert [row[6] for row in rows[1:]] == notes  # each note with its author and date
    for cell in items["G"][1:]:
        assert cell.data_type == "s", f"{cell.value!r} must stay text"
    assert rows[1][7] == "Rita <b>" and rows[1][8].date().isoformat() == "2026-03-07"
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Organisation"] == "Springfield <i>&</i>"
    assert summary["Overall readiness"] == pytest.approx(4 / 9)
    assert summary["Coverage"] == pytest.approx(0.8)
    assert not book["Summary"].sheet_view.rightToLeft


def test_xlsx_sheets_run_right_to_left_for_arabic_readers(model: ReportModel) -> None:
    book = load_workbook(BytesIO(reports.render(model, translator("ar"), "xlsx")))
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)


def test_png_is_a_bar_chart_of_the_expected_size(model: ReportModel) -> None:
    data = reports.render(model, translator("en"), "png")
    assert png_size(data) == bar_chart_size(2)


async def test_comparison_formats(world: World) -> None:
    ids = [world.springfield.id, world.shelbyville.id]
    model = await world.service.reporting.build_comparison(ADMIN, ids, "mini")
    t = translator("en")
    assert png_size(reports.render(model, t, "png")) == heatmap_size(2)
    page = parse(reports.render(model, t, "html"))
    assert page.sections == ["title", "summary", "chart", "matrix", "gaps", "method"]
    assert "Springfield <i>&</i>" in "".join(page.text)
    book = load_workbook(BytesIO(reports.render(model, t, "xlsx")))
    assert book.sheetnames == ["Summary", "Guidelines", "Items"]
    items = list(book["Items"].iter_rows(values_only=True))
    assert len(items) == 1 + 2 * 5
    text = reports.render(model, t, "txt").decode()
    assert "Shelbyville\t–\t–\t–" in text
    assert "Not in place or only started in 1 of 2 organisations" in text


def test_text_report(model: ReportModel) -> None:
    text = reports.render(model, translator("en"), "txt").decode()
    assert "Overall readiness: 44% · Partly developed" in text
    assert "1. [Minimum] G2 · Question b1?" in text
    assert f"Note: {HOSTILE}" in text


async def test_an_organisation_without_answers_says_so_in_every_format(world: World) -> None:
    model = await world.service.reporting.build_report(ADMIN, world.shelbyville.id, "mini")
    t = translator("en")
    said = "No answers yet"
    assert said in "".join(parse(reports.render(model, t, "html")).text)
    assert said in reports.render(model, t, "txt").decode()
    assert said in reports.summary(model, t)[0]
    book = load_workbook(BytesIO(reports.render(model, t, "xlsx")))
    assert said in [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert png_size(reports.render(model, t, "png")) == bar_chart_size(2)


def test_file_names_are_safe(model: ReportModel) -> None:
    assert reports.file_stem(model) == "micic-mini-2026-springfield-i-i"
