"""A report model in one reader's language: every label, number and date ready as text.

Every format renders from these, so the chat, the document, the spreadsheet and the chart agree.
The words are in ``wording``, the lines of Guidelines and items in ``lines``; this module puts
them together into a report or a comparison. User text (names, notes) is kept raw; each format
escapes and isolates it its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.i18n import Translator
from bot.model import Actor, Checklist, Item
from bot.reporting import AnnexRow, ComparisonModel, ReportModel
from bot.reports.lines import ItemLine, Line, item_line, line
from bot.reports.plan import LocalPlan, localise_plan
from bot.reports.wording import ACTOR_LABELS, ENOUGH_COVERAGE, format_date, short_change


@dataclass(frozen=True)
class Page:
    """What every document carries: the reader's language and direction, and the date."""

    lang: str
    direction: str
    rtl: bool
    generated: str
    generated_at: datetime
    checklist: str
    cycle: str
    enough: str


def answered_as(t: Translator, checklist: Checklist, *, quick: bool) -> str:
    """The checklist as answered: its title, its edition and, if so, that it was a quick check."""
    title, version = t.title(checklist), checklist.version
    if quick:
        return t._("%(title)s, edition %(version)s, quick check", title=title, version=version)
    return t._("%(title)s, edition %(version)s", title=title, version=version)


def page(
    t: Translator, checklist: Checklist, cycle: str, generated_at: datetime, *, quick: bool = False
) -> Page:
    """The page settings of a document in the reader's language."""
    return Page(
        lang=t.lang.replace("_", "-"),
        direction="rtl" if t.rtl else "ltr",
        rtl=t.rtl,
        generated=format_date(t, generated_at),
        generated_at=generated_at,
        checklist=answered_as(t, checklist, quick=quick),
        cycle=cycle,
        enough=t.percent(ENOUGH_COVERAGE),
    )


@dataclass(frozen=True)
class ActorGroup:
    """The gaps one kind of actor can act on, with their recommended actions."""

    actor: str
    gaps: list[ItemLine]


def by_actor(t: Translator, gaps: list[ItemLine], items: dict[str, Item]) -> list[ActorGroup]:
    """The gaps grouped by who can act, in the order of ``Actor``; a gap may be in several."""
    groups = []
    for actor in Actor:
        found = [gap for gap in gaps if actor in items[gap.item_id].actors]
        if found:
            groups.append(ActorGroup(t._(ACTOR_LABELS[actor]), found))
    return groups


@dataclass(frozen=True)
class LocalReport:
    """One organisation's report in the reader's language."""

    page: Page
    organisation: str
    previous_cycle: str | None
    has_answers: bool
    overall: Line
    known: int
    total: int
    guidelines: list[Line]
    gaps: list[ItemLine]
    strengths: list[ItemLine]
    annex: list[ItemLine]
    by_actor: list[ActorGroup]
    plan: LocalPlan = field(default_factory=LocalPlan)

    @property
    def low_coverage(self) -> bool:
        """Whether a figure of the report rests on too few known items."""
        return self.overall.low or any(g.low for g in self.guidelines)


def localise(model: ReportModel, t: Translator) -> LocalReport:
    """The report in the reader's language."""
    checklist, overall = model.checklist, model.overall
    has_previous = model.previous_cycle is not None
    annex = [item_line(t, checklist, row, has_previous) for row in model.annex]
    by_id = {line.item_id: line for line in annex}  # gaps and strengths are annex items
    gaps = [by_id[gap.item.id] for gap in model.gaps]
    return LocalReport(
        page=page(t, checklist, model.cycle, model.generated_at, quick=model.quick),
        organisation=model.organisation.name,
        previous_cycle=model.previous_cycle,
        has_answers=model.has_answers,
        overall=line(t, 0, t._("Overall"), overall, model.previous_overall),
        known=overall.scored + overall.not_applicable,
        total=overall.total,
        guidelines=[
            line(t, g.guideline, t.guideline(checklist, g.guideline), g.readiness, g.previous)
            for g in model.guidelines
        ],
        gaps=gaps,
        strengths=[by_id[row.item.id] for row in model.strengths],
        annex=annex,
        by_actor=by_actor(t, gaps, {item.id: item for item in checklist.items}),
        plan=localise_plan(model, t),
    )


@dataclass(frozen=True)
class OrgRow:
    """One organisation in a comparison: overall and per Guideline, and its previous cycle."""

    name: str
    has_answers: bool
    overall: Line
    cells: list[Line]
    previous_cycle: str | None
    change: str  # of overall readiness since the previous cycle, in points: ``+12``


@dataclass(frozen=True)
class CommonLine:
    """An item weak in several organisations, with its recommended action."""

    item: ItemLine
    organisations: int


@dataclass(frozen=True)
class LocalComparison:
    """Several organisations side by side, in the reader's language."""

    page: Page
    answered: int
    guidelines: list[Line]
    rows: list[OrgRow]
    common_gaps: list[CommonLine]
    reports: list[LocalReport]
    by_actor: list[ActorGroup]

    @property
    def concerned(self) -> dict[str, int]:
        """How many organisations each common gap concerns, by item id."""
        return {c.item.item_id: c.organisations for c in self.common_gaps}

    @property
    def low_coverage(self) -> bool:
        """Whether a figure of the matrix rests on too few known items."""
        return any(row.overall.low or any(c.low for c in row.cells) for row in self.rows)

    @property
    def has_changes(self) -> bool:
        """Whether any organisation has a previous cycle to compare with."""
        return any(row.previous_cycle for row in self.rows)


def _row(t: Translator, r: LocalReport) -> OrgRow:
    change = short_change(t, r.overall.change_share)
    return OrgRow(r.organisation, r.has_answers, r.overall, r.guidelines, r.previous_cycle, change)


def localise_comparison(model: ComparisonModel, t: Translator) -> LocalComparison:
    """The comparison in the reader's language."""
    checklist = model.checklist
    reports = [localise(r, t) for r in model.reports]
    pooled = model.pooled()
    common = [
        CommonLine(item_line(t, checklist, AnnexRow(c.item, None)), c.organisations)
        for c in model.common_gaps()
    ]
    items = {item.id: item for item in checklist.items}
    return LocalComparison(
        page=page(t, checklist, model.cycle, model.generated_at),
        answered=model.answered,
        guidelines=[line(t, g, t.guideline(checklist, g), pooled[g]) for g in model.guidelines],
        rows=[_row(t, r) for r in reports],
        common_gaps=common,
        reports=reports,
        by_actor=by_actor(t, [c.item for c in common], items),
    )
