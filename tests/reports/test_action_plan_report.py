"""The action plan in the reports: the chat summary's plan line, each gap's action and the
"Action plan" section of the HTML document, and the ``Action plan`` sheet of the workbook."""

from __future__ import annotations

import asyncio
from datetime import date
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot import reports
from bot.cli import main
from bot.model import Action, ActionDraft, Checklist, Item, Role
from bot.reporting import ReportModel
from bot.service import Service
from bot.store import Store
from tests.support.chat import isolated
from tests.support.project import CHECKLISTS, ROOT
from tests.support.report_world import CORA, HOSTILE, NOW, RITA, World, translator

STAND_ALONE = '=HYPERLINK("http://evil.example","x") ' + HOSTILE


def recommended(checklist: Checklist, item: Item) -> str:
    return item.action


async def planned(world: World) -> tuple[ReportModel, list[Action]]:
    """b1 (Rita's, overdue), a3 (finished with a note as evidence), a stand-alone action with
    hostile text, an action of another checklist; then the report on ``mini``."""
    service, org = world.service, world.springfield.id
    store, plan = service.store, service.actions
    b1, a3 = await plan.plan_minimum_gaps(CORA, org, "mini", recommended)
    b1 = await plan.assign(CORA, b1.id, b1.version, RITA)
    b1 = await store.change_action(b1.id, b1.version, {"due": "2026-03-01"}, CORA, NOW)
    a3 = await store.change_action(a3.id, a3.version, {"status": "finished"}, CORA, NOW)
    other = ActionDraft("Elsewhere", checklist_id="other", item_id="x1")
    alone, _ = await store.create_actions(org, [ActionDraft(STAND_ALONE), other], CORA, NOW)
    model = await service.reporting.build_report(CORA, org, "mini")
    return model, [b1, a3, alone]


async def test_the_report_model_holds_the_plan_of_its_checklist(world: World) -> None:
    model, (b1, a3, alone) = await planned(world)
    assert [a.id for a in model.actions] == [b1.id, alone.id, a3.id]  # overdue first
    assert model.action_for("b1") == b1 and model.action_for("a3") == a3
    assert model.action_for("a2") is None


async def test_the_chat_summary_says_how_the_plan_stands(world: World) -> None:
    model, _ = await planned(world)
    first = reports.summary(model, translator())[0]
    assert "📋 Action plan: 3 planned, 1 overdue, 1 finished." in first


async def test_a_report_without_actions_says_nothing_of_a_plan(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    assert "Action plan" not in "\n".join(reports.summary(model, translator()))


class Cells(HTMLParser):
    """The text of each table row of a section of the HTML document."""

    def __init__(self, section: str) -> None:
        super().__init__(convert_charrefs=True)
        self.section, self.inside = section, False
        self.rows: list[list[str]] = []
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.inside = dict(attrs).get("id") == self.section
        if self.inside and tag == "tr":
            self.current = []
            self.rows.append(self.current)
        if self.inside and tag == "td":
            self.current.append("")

    def handle_data(self, data: str) -> None:
        if self.inside and self.current:
            self.current[-1] += data.strip() + " "


def rows(html: str, section: str) -> list[list[str]]:
    parser = Cells(section)
    parser.feed(html)
    return [[cell.strip() for cell in row] for row in parser.rows if row]


async def test_each_gap_shows_its_action_and_the_document_lists_the_plan(world: World) -> None:
    model, (b1, _, _) = await planned(world)
    (document,) = reports.render(model, translator(), "html")
    html = document.decode("utf-8")
    gaps = rows(html, "gaps")
    assert gaps[0][1].startswith("G2 Question b1?")  # b1: minimum tier, scored 0
    assert gaps[0][5:] == [f"{isolated('Rita <b>')} Action {b1.id}", "Mar 1, 2026 Not started"]
    assert gaps[2][1] == "G1 Question a2? Advanced"
    assert gaps[2][5:] == ["", ""]  # a2 has no action: left blank, to fill in by hand
    plan = rows(html, "action-plan")
    assert [row[0] for row in plan] == [str(a.id) for a in model.actions]
    assert plan[0][2:6] == [
        isolated("Rita <b>"),
        "Mar 1, 2026",
        "High priority",
        "Not started Overdue",
    ]
    assert plan[1][1] == STAND_ALONE and plan[1][2] == "nobody yet"
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Planned: 3 · overdue: 1 · finished: 1" in html


async def test_the_workbook_has_an_action_plan_sheet_with_text_never_a_formula(
    world: World,
) -> None:
    model, (b1, a3, _) = await planned(world)
    (workbook,) = reports.render(model, translator(), "xlsx")
    book = load_workbook(BytesIO(workbook))
    sheet = book["Action plan"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == (
        "Item",
        "Guideline",
        "Action",
        "Owner",
        "Due date",
        "Priority",
        "Status",
        "Support needed",
        "Evidence",
        "Last change",
    )
    assert [row[2] for row in values[1:]] == [b1.text, STAND_ALONE, a3.text]
    b1_row, alone_row, a3_row = values[1:]
    # a name alone in its cell carries no direction marks: they would break sorting and search
    assert b1_row[:2] == ("Question b1?", "G2") and b1_row[3] == "Rita <b>"
    assert getattr(b1_row[4], "date", lambda: None)() == date(2026, 3, 1)
    assert b1_row[8] == 0
    assert alone_row[:2] == (None, None) and alone_row[4] is None  # stand-alone, no due date
    assert alone_row[7] is None  # no support needed: a blank cell
    assert (b1_row[6], a3_row[6]) == ("Not started · Overdue", "Finished")
    assert sheet.cell(row=3, column=3).data_type == "s"  # the formula stays text
    gaps = list(book["Priority gaps"].iter_rows(values_only=True))
    assert gaps[0][-2:] == ("Owner", "Due date")
    assert gaps[1][1] == "b1" and gaps[1][-2] == "Rita <b>"  # b1's action
    assert getattr(gaps[1][-1], "date", lambda: None)() == date(2026, 3, 1)
    assert [row[-2:] for row in gaps[1:] if row[1] == "a2"] == [(None, None)]  # by hand


async def _lyon_with_an_action(path: Path) -> None:
    store = await Store.open(path)
    service = Service(store, CHECKLISTS, clock=lambda: NOW)
    org = await service.coordination.organisation_named(None, "Lyon")
    assert org is not None
    await store.touch_user(CORA, "Cora", NOW)
    await store.add_member(org.id, CORA, Role.COORDINATOR, NOW)
    await service.actions.plan_gaps(CORA, org.id, "recovery", ["g14_recovery_plan"], recommended)
    await store.close()


def test_micic_bot_report_includes_the_plan_in_html_and_xlsx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MICIC_DATABASE", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setenv("MICIC_CHECKLISTS", str(ROOT / "checklists"))
    monkeypatch.setenv("MICIC_LOCALES", str(ROOT / "locales"))
    monkeypatch.setenv("MICIC_LOG_LEVEL", "WARNING")
    assert main(["org", "add", "Lyon"]) == 0
    asyncio.run(_lyon_with_an_action(tmp_path / "cli.sqlite3"))
    action = CHECKLISTS["recovery"].item("g14_recovery_plan")
    assert action is not None
    for fmt in ("html", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        args = ["report", "--org", "Lyon", "--checklist", "recovery", "--format", fmt]
        assert main([*args, "--output", str(out)]) == 0
    assert action.action in (tmp_path / "report.html").read_text("utf-8")
    book = load_workbook(tmp_path / "report.xlsx")
    assert [row[2] for row in book["Action plan"].iter_rows(min_row=2, values_only=True)] == [
        action.action
    ]
