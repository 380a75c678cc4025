"""Text of both directions in one report: dates read left to right, every value isolated."""

from __future__ import annotations

import re
from io import BytesIO

from openpyxl import load_workbook

from bot import reports
from bot.reporting import ReportModel
from tests.support.report_world import CORA, World, translator

RLM, ALM = "\u200f", "\u061c"


async def model_of(world: World) -> ReportModel:
    return await world.service.reporting.build_report(CORA, world.springfield.id, "mini")


async def test_arabic_dates_read_left_to_right_in_the_html(world: World) -> None:
    (html,) = reports.render(await model_of(world), translator("ar"), "html")
    text = html.decode()
    assert RLM not in text and ALM not in text, "no right-to-left mark inside a date"
    assert '<bdi dir="ltr">07/03/2026</bdi>' in text, "the annex date, isolated left to right"
    dates = re.findall(r"\d\d/\d\d/\d{4}", text)
    assert dates and all(f'<bdi dir="ltr">{d}</bdi>' in text for d in set(dates))


async def test_arabic_dates_are_dates_in_the_spreadsheet(world: World) -> None:
    (data,) = reports.render(await model_of(world), translator("ar"), "xlsx")
    book = load_workbook(BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and RLM in v for v in row), row
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert summary[1][3].date().isoformat() == "2026-03-08", "the report's date is a date cell"


async def test_every_inserted_value_is_isolated(world: World) -> None:
    model = await model_of(world)
    (html,) = reports.render(model, translator("ar"), "html")
    text = html.decode()
    assert "<bdi>Springfield &lt;i&gt;&amp;&lt;/i&gt;</bdi>" in text
    assert "<bdi>Rita &lt;b&gt;</bdi>" in text
    assert "<bdi>+1+2</bdi>" in text, "a note is isolated"
    assert "<title>Readiness report: \u2068Springfield" in text, "no tags in a title: isolates"
    (txt,) = reports.render(model, translator("ar"), "txt")
    assert "\u2068Springfield <i>&</i>\u2069" in txt.decode()
    (messages) = reports.summary(model, translator("ar"))
    assert "\u2068Springfield &lt;i&gt;&amp;&lt;/i&gt;\u2069" in messages[0]


async def test_a_name_of_mixed_direction_keeps_its_punctuation(world: World) -> None:
    org = await world.service.create_organisation(None, "بلدية (2) Nord")
    model = await world.service.reporting.build_report(None, org.id, "mini")
    (html,) = reports.render(model, translator("en"), "html")
    assert '<p class="org"><bdi>بلدية (2) Nord</bdi></p>' in html.decode()
    (txt,) = reports.render(model, translator("en"), "txt")
    assert txt.decode().startswith("Readiness report: \u2068بلدية (2) Nord\u2069\n")
