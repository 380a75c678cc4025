"""Each format rendered and read back: the HTML parsed, the XLSX reopened, the PNG measured;
with the evidence, who can act and the previous cycle's answers in each."""

from __future__ import annotations

import struct
from html.parser import HTMLParser
from io import BytesIO

import pytest
from openpyxl import load_workbook

from bot import reports
from bot.reporting import ReportModel
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


def one(model: object, lang: str, fmt: reports.Format) -> bytes:
    (data,) = reports.render(model, translator(lang), fmt)  # type: ignore[arg-type]
    return data


@pytest.fixture
async def model(world: World) -> ReportModel:
    return await world.service.reporting.build_report(CORA, world.springfield.id, "mini")


def test_html_document_has_every_section_and_escapes_user_text(model: ReportModel) -> None:
    page = parse(one(model, "en", "html"))
    assert page.html == {"lang": "en", "dir": "ltr"}
    assert page.sections == [
        "title", "summary", "charts", "gaps", "actors", "action-plan", "strengths", "method",
        "annex",
    ]  # fmt: skip
    assert "script" not in page.tags and "i" not in page.tags
    text = "".join(page.text)
    assert HOSTILE in text, "the hostile note is shown as text"
    assert "Springfield <i>&</i>" in text and "Rita <b>" in text
    assert "Action for b1." in text and "Owner" in text and "Due date" in text
    assert "Change since 2025" in text and "+44 points" in text
    assert "@media print" in text and "counter(page)" in text, "printed pages are numbered"
    (image,) = page.images  # two Guidelines: too few for a radar chart
    assert image.startswith("data:image/png;base64,")


def test_the_official_name_of_the_guidelines_heads_every_document(model: ReportModel) -> None:
    official = (
        "Guidelines to Protect Migrants in Countries Experiencing Conflict or Natural Disaster,"
        " by the Migrants in Countries in Crisis (MICIC) Initiative"
    )
    assert official in "".join(parse(one(model, "en", "html")).text)
    assert "(MICIC) Guidelines" not in "".join(parse(one(model, "en", "html")).text)


def test_the_first_screen_shows_the_key_figures(model: ReportModel) -> None:
    html = one(model, "en", "html").decode()
    title = html[html.index('<section id="title">') : html.index('<section id="summary">')]
    for figure in ("Overall readiness", "44%", "Coverage", "80%", "+18 points", "Priority gaps"):
        assert figure in title, figure


def test_annex_shows_evidence_notes_and_the_previous_cycle(model: ReportModel) -> None:
    html = one(model, "en", "html").decode()
    annex = html[html.index('<section id="annex"') :]
    assert "1 photo and 1 document" in annex
    assert "<bdi>plan.pdf</bdi>" in annex and "<bdi>Olga</bdi>" in annex
    assert "2025</bdi>: 1 · Started or ad hoc" in annex, "a1 was 1 in 2025"
    assert 'class="trend-up"' in annex, "a1 went from 1 to 3"
    assert annex.count('class="note"') == 5, "each note is an item of a list"


def test_gaps_say_who_can_act_and_a_second_view_groups_them(model: ReportModel) -> None:
    html = one(model, "en", "html").decode()
    gaps = html[html.index('<section id="gaps"') : html.index('<section id="actors"')]
    assert gaps.count("Local authority") == 3
    actors = html[html.index('<section id="actors"') : html.index('<section id="strengths"')]
    assert "<h3>Local authority <span" in actors and "Action for b1." in actors


def test_html_document_is_right_to_left_for_arabic_readers(model: ReportModel) -> None:
    page = parse(one(model, "ar", "html"))
    assert page.html == {"lang": "ar", "dir": "rtl"}


def test_xlsx_reads_back_with_formulas_kept_as_text(model: ReportModel) -> None:
    book = load_workbook(BytesIO(one(model, "en", "xlsx")))
    assert book.sheetnames == ["Summary", "Priority gaps", "Action plan", "Items"]
    items = book["Items"]
    rows = list(items.iter_rows(values_only=True))
    head = rows[0]
    assert head[:6] == ("Guideline", "Item", "Question", "Tier", "Score (0-3)", "Answer")
    assert head[6:] == (
        "Answer in \u20682025\u2069", "Notes", "Answered by", "Date", "Evidence", "Who can act",
        "Recommended action",
    )  # fmt: skip
    assert [row[1] for row in rows[1:]] == ["a1", "a2", "a3", "b1", "b2"]
    assert [row[4] for row in rows[1:]] == [3, 1, None, 0, None]
    assert [row[6] for row in rows[1:]][:2] == ["1 · Started or ad hoc", "1 · Started or ad hoc"]
    notes = [row[7] for row in rows[1:]]
    for item_id, note in zip(["a1", "a2", "a3", "b1", "b2"], notes, strict=True):
        assert f"\u2068{FORMULAS[item_id]}\u2069 (\u2068Rita <b>\u2069" in note
    for cell in items["H"][1:]:
        assert cell.data_type == "s", f"{cell.value!r} must stay text"
    assert rows[1][8] == "Rita <b>" and rows[1][9].date().isoformat() == "2026-03-07"
    assert rows[1][10].startswith("1 photo and 1 document\n") and "plan.pdf" in rows[1][10]
    assert rows[1][11] == "Local authority" and rows[1][12] == "Action for a1."
    gaps = list(book["Priority gaps"].iter_rows(values_only=True))
    assert gaps[0][5:] == ("Who can act", "Recommended action", "Owner", "Due date")
    assert [row[1] for row in gaps[1:]] == ["b1", "a3", "a2"]


def test_xlsx_summary_has_the_figures_as_numbers(model: ReportModel) -> None:
    book = load_workbook(BytesIO(one(model, "en", "xlsx")))
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert summary[0][0] == "Readiness report: \u2068Springfield <i>&</i>\u2069"
    overall = next(row for row in summary if row[0] == "Overall")
    assert overall[2] == pytest.approx(4 / 9) and overall[4] == pytest.approx(0.8)
    assert overall[5] == 18, "the change is in points"
    assert not book["Summary"].sheet_view.rightToLeft


def test_xlsx_sheets_run_right_to_left_for_arabic_readers(model: ReportModel) -> None:
    book = load_workbook(BytesIO(one(model, "ar", "xlsx")))
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)


async def test_comparison_formats(world: World) -> None:
    ids = [world.springfield.id, world.shelbyville.id]
    model = await world.service.reporting.build_comparison(ADMIN, ids, "mini")
    (png,) = reports.render(model, translator("en"), "png")
    assert png_size(png)[0] == 800
    page = parse(one(model, "en", "html"))
    assert page.sections == ["title", "summary", "charts", "matrix", "gaps", "actors", "method"]
    assert "Springfield <i>&</i>" in "".join(page.text)
    book = load_workbook(BytesIO(one(model, "en", "xlsx")))
    assert book.sheetnames == ["Summary", "Guidelines", "Common gaps", "Items"]
    items = list(book["Items"].iter_rows(values_only=True))
    assert len(items) == 1 + 2 * 5
    text = one(model, "en", "txt").decode()
    dash = "\u2066–\u2069"
    assert f"\u2068Shelbyville\u2069\t{dash}\t{dash}\t{dash}\t{dash}" in text
    figures = "\t".join(f"\u2066{figure}\u2069" for figure in ("44%", "67%", "0%", "+18"))
    assert f"\u2068Springfield <i>&</i>\u2069\t{figures}" in text
    assert "Not in place or only started in 1 of 2 organisations" in text


async def test_a_comparison_shows_each_organisation_s_change_since_its_previous_cycle(
    world: World,
) -> None:
    ids = [world.springfield.id, world.shelbyville.id]
    model = await world.service.reporting.build_comparison(ADMIN, ids, "mini")
    springfield = next(r for r in model.reports if r.organisation.id == world.springfield.id)
    assert springfield.previous_cycle == "2025"
    assert springfield.overall_change == pytest.approx(4 / 9 - 4 / 15)
    html = one(model, "en", "html").decode()
    matrix = html[html.index('<section id="matrix"') : html.index('<section id="gaps"')]
    assert "Change (points)" in matrix and '<bdi dir="ltr">+18</bdi>' in matrix
    summary = list(load_workbook(BytesIO(one(model, "en", "xlsx")))["Summary"].values)
    row = next(r for r in summary if r[0] == "Springfield <i>&</i>")
    assert row[-1] == 18


def test_text_report(model: ReportModel) -> None:
    text = one(model, "en", "txt").decode()
    assert "Overall readiness: 44% · Partly developed" in text
    assert "1. [Minimum] G2 · Question b1?" in text
    assert "Who can act: Local authority" in text
    assert f"Note: \u2068{HOSTILE}\u2069" in text
    assert "Evidence: \u2068plan.pdf\u2069 (\u2068Olga\u2069, \u2066Mar 8, 2026\u2069)" in text


async def test_an_organisation_without_answers_says_so_in_every_format(world: World) -> None:
    model = await world.service.reporting.build_report(ADMIN, world.shelbyville.id, "mini")
    said = "No answers yet"
    assert said in "".join(parse(one(model, "en", "html")).text)
    assert said in one(model, "en", "txt").decode()
    assert said in reports.summary(model, translator("en"))[0]
    book = load_workbook(BytesIO(one(model, "en", "xlsx")))
    assert said in [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert png_size(one(model, "en", "png"))[0] == 800


def test_file_names_are_safe(model: ReportModel) -> None:
    assert reports.file_stem(model) == "micic-mini-2026-springfield-i-i"
