"""Reports as XLSX workbooks: a function per sheet (summary, gaps, action plan, items), so a new
sheet is one more function. Figures are numbers (shares as percentages, changes in points, dates
as dates), coloured by band as in every other format; user text is isolated (Unicode FSI ... PDI).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from bot.display import alone, isolate, ltr
from bot.i18n import Translator
from bot.reports.lines import ItemLine, Line
from bot.reports.localised import LocalComparison, LocalReport
from bot.reports.plan import ActionLine, LocalPlan
from bot.reports.xlsx.book import Book


def _top(b: Book, sheet: Any, title: str) -> int:
    """The title and one line of context on top of a summary; the row of the table heading."""
    sheet.write_string(0, 0, title, b.title)
    p = b.page
    context = f"{p.checklist} · {b.t._('Cycle %(cycle)s', cycle=isolate(p.cycle))}"
    sheet.write_string(1, 0, context)
    b.moment(sheet, 1, 3, p.generated_at)
    return 3


def _guideline_rows(b: Book, sheet: Any, row: int, lines: list[Line], cycle: str | None) -> int:
    """A table of Guidelines: readiness, points, coverage, change, status. The next free row."""
    t = b.t
    labels = [t._("Guideline"), t._("Title"), t._("Readiness"), t._("Points"), t._("Coverage")]
    labels += [t._("Change since %(cycle)s", cycle=isolate(cycle))] if cycle else []
    b.header(sheet, row, [*labels, t._("Status")])
    for r, line in enumerate(lines, row + 1):
        overall = line.number == 0  # its title is the label "Overall"; it has no code
        b.text(sheet, r, 0, line.title if overall else line.code, b.bold if overall else None)
        b.text(sheet, r, 1, "" if overall else line.title)
        b.share(sheet, r, 2, line, line.share)
        b.text(sheet, r, 3, line.points)
        sheet.write_number(r, 4, line.coverage_share, b.format(num_format="0%", valign="top"))
        if cycle:
            b.change(sheet, r, 5, line.change_share)
        b.text(sheet, r, 6 if cycle else 5, line.status)
    return row + len(lines) + 1


def summary_sheet(b: Book, r: LocalReport) -> None:
    """One organisation's summary: overall figures, then each Guideline."""
    t = b.t
    sheet = b.sheet(t._("Summary"))
    _top(b, sheet, t._("Readiness report: %(org)s", org=isolate(r.organisation)))
    lines = [r.overall, *r.guidelines] if r.has_answers else r.guidelines
    end = _guideline_rows(b, sheet, 3, lines, r.previous_cycle)
    if not r.has_answers:
        sheet.write_string(end + 1, 0, t._("No answers yet"), b.bold)
    if r.low_coverage:
        note = t._("%(mark)s Hatched: under %(threshold)s of the items known; insufficient data",
                   mark="*", threshold=r.page.enough)  # fmt: skip
        sheet.write_string(end + 1, 0, note)


def gaps_sheet(
    b: Book,
    title: str,
    gaps: list[ItemLine],
    concerned: dict[str, int],
    actions: Mapping[str, ActionLine] | None = None,
) -> None:
    """The priority (or common) gaps: who can act, the action, and the owner and due date of
    the gap's planned action (blank, to fill in by hand, where none is planned)."""
    t = b.t
    sheet = b.sheet(title)
    labels = [t._("Guideline"), t._("Item"), t._("Question"), t._("Tier")]
    labels += [t._("Organisations concerned")] if concerned else [t._("Current answer")]
    labels += [t._("Who can act"), t._("Recommended action"), t._("Owner"), t._("Due date")]
    b.header(sheet, 0, labels)
    for r, gap in enumerate(gaps, 1):
        values = [gap.code, gap.item_id, gap.question, gap.tier]
        values += [str(concerned[gap.item_id])] if concerned else [gap.answer]
        values += [", ".join(gap.actors), gap.action]
        for c, value in enumerate(values):
            b.text(sheet, r, c, value)
        action = (actions or {}).get(gap.item_id)
        if action is not None:
            b.text(sheet, r, len(values), alone(action.owner))
            b.moment(sheet, r, len(values) + 1, _day(action.due_date))
    b.reserve(sheet, len(labels) - 2, 16)  # room to write an owner and a date by hand
    b.reserve(sheet, len(labels) - 1, 12)
    sheet.autofilter(0, 0, max(len(gaps), 1), len(labels) - 1)


def _day(day: date | None) -> datetime | None:
    return datetime.combine(day, time()) if day else None


def plan_sheet(b: Book, plan: LocalPlan) -> None:
    """The action plan, one row per action: its item and Guideline, text, owner, due date,
    priority, status, support needed, how much evidence, and when it last changed."""
    t = b.t
    sheet = b.sheet(t._("Action plan"))
    labels = [t._("Item"), t._("Guideline"), t._("Action"), t._("Owner"), t._("Due date")]
    labels += [t._("Priority"), t._("Status"), t._("Support needed"), t._("Evidence")]
    b.header(sheet, 0, [*labels, t._("Last change")])
    for r, action in enumerate(plan.actions, 1):
        overdue = f" · {t._('Overdue')}" if action.overdue else ""
        for c, value in enumerate([action.question, action.code, action.text, alone(action.owner)]):
            b.text(sheet, r, c, value)
        b.moment(sheet, r, 4, _day(action.due_date))
        b.text(sheet, r, 5, action.priority)
        b.text(sheet, r, 6, action.status + overdue)
        b.text(sheet, r, 7, action.support)
        sheet.write_number(r, 8, action.evidence, b.top)
        b.moment(sheet, r, 9, action.changed_at)
    b.reserve(sheet, 8, len(labels[8]))
    sheet.autofilter(0, 0, max(len(plan.actions), 1), len(labels))


def _notes(item: ItemLine) -> str:
    return "\n".join(f"{isolate(n.text)} ({isolate(n.author)}, {ltr(n.date)})" for n in item.notes)


def _evidence(item: ItemLine) -> str:
    files = [
        f"{isolate(f.name or f.kind)} ({isolate(f.author)}, {ltr(f.date)})" for f in item.evidence
    ]
    return "\n".join([item.evidence_count, *files]) if files else ""


def _item_cells(item: ItemLine, cycle: str | None) -> list[str | int | datetime | None]:
    """An item's row: text, its score (a number, or blank), and its date."""
    score: list[str | int | datetime | None] = [item.points if item.points is not None else ""]
    return [
        item.code,
        item.item_id,
        item.question,
        item.tier,
        *score,
        item.answer,
        *([item.previous] if cycle else []),
        _notes(item),
        item.author,
        item.answered_at,
        _evidence(item),
        ", ".join(item.actors),
        item.action,
    ]


def items_sheet(b: Book, rows: list[tuple[str, ItemLine]], cycle: str | None, org: bool) -> None:
    """One row per item: its answer (and the previous cycle's), notes, evidence, who can act."""
    t = b.t
    # A comparison's items, a row per organisation and item (5,280 for 60 organisations), are a
    # table to filter and sort: one line a row, which also keeps it to a few dozen printed pages
    # (wrapped, it took 600). One organisation's items wrap, to be read.
    sheet = b.sheet(t._("Items"), one_line=org)
    labels = [t._("Guideline"), t._("Item"), t._("Question"), t._("Tier"), t._("Score (0-3)")]
    labels += [t._("Answer")]
    labels += [t._("Answer in %(cycle)s", cycle=isolate(cycle))] if cycle else []
    labels += [t._("Notes"), t._("Answered by"), t._("Date"), t._("Evidence")]
    labels += [t._("Who can act"), t._("Recommended action")]
    first = 1 if org else 0
    b.header(sheet, 0, [t._("Organisation"), *labels] if org else labels)
    for r, (name, item) in enumerate(rows, 1):
        cells = ([name] if org else []) + _item_cells(item, cycle)
        for c, value in enumerate(cells):
            if isinstance(value, str):
                b.text(sheet, r, c, value)
            elif isinstance(value, datetime) or value is None:
                b.moment(sheet, r, c, value)
            else:
                sheet.write_number(r, c, value, b.top)
    sheet.autofilter(0, 0, max(len(rows), 1), len(labels) - 1 + first)
    sheet.freeze_panes(1, first + 3)


def report_workbook(r: LocalReport, t: Translator) -> bytes:
    """One organisation: a summary, the priority gaps, the action plan and every item."""
    b = Book(t, r.page, t._("Readiness report: %(org)s", org=isolate(r.organisation)))
    summary_sheet(b, r)
    gaps_sheet(b, t._("Priority gaps"), r.gaps, {}, r.plan.by_item)
    plan_sheet(b, r.plan)
    items_sheet(b, [(r.organisation, item) for item in r.annex], r.previous_cycle, org=False)
    return b.close()


def matrix_sheet(b: Book, c: LocalComparison) -> None:
    """Several organisations: overall and per Guideline, and the change since each one's
    previous cycle, in points."""
    t = b.t
    title = t.n_("Readiness of %(n)s organisation", "Readiness of %(n)s organisations", len(c.rows))
    sheet = b.sheet(t._("Summary"))
    row = _top(b, sheet, title)
    codes = [g.code for g in c.guidelines]
    labels = [t._("Organisation"), t._("Overall"), *codes, t._("Coverage")]
    labels += [t._("Change (points)")] if c.has_changes else []
    b.header(sheet, row, labels)
    for r, org in enumerate(c.rows, row + 1):
        b.text(sheet, r, 0, org.name)
        for col, cell in enumerate([org.overall, *org.cells], 1):
            b.share(sheet, r, col, cell, cell.share)
        coverage = b.format(num_format="0%", valign="top")
        sheet.write_number(r, len(codes) + 2, org.overall.coverage_share, coverage)
        if c.has_changes:
            b.change(sheet, r, len(codes) + 3, org.overall.change_share)
    sheet.freeze_panes(row + 1, 1)
    if c.low_coverage:
        note = t._("%(mark)s Hatched: under %(threshold)s of the items known; insufficient data",
                   mark="*", threshold=c.page.enough)  # fmt: skip
        sheet.write_string(row + len(c.rows) + 2, 0, note)


def comparison_workbook(c: LocalComparison, t: Translator) -> bytes:
    """Several organisations: the matrix, the Guidelines, the common gaps and every item."""
    title = t.n_("Readiness of %(n)s organisation", "Readiness of %(n)s organisations", len(c.rows))
    b = Book(t, c.page, title)
    matrix_sheet(b, c)
    guidelines = b.sheet(t._("Guidelines"))
    _guideline_rows(b, guidelines, 0, c.guidelines, None)
    gaps_sheet(b, t._("Common gaps"), [g.item for g in c.common_gaps], c.concerned)
    cycles = {report.previous_cycle for report in c.reports} - {None}
    cycle = cycles.pop() if len(cycles) == 1 else None
    rows = [(report.organisation, item) for report in c.reports for item in report.annex]
    items_sheet(b, rows, cycle, org=True)
    return b.close()
