"""A report model in one reader's language: every label, number and date ready as text.

Every format renders from these, so the chat, the document, the spreadsheet and the chart agree.
User text (names, notes) is kept raw here; each format escapes it its own way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from bot.i18n import N_, Translator
from bot.model import Answer, Checklist, Item, Note, Score, Tier
from bot.reporting import ComparisonModel, ReportModel
from bot.scoring import GAP_SCORES, Readiness

BAR_WIDTH = 10
ENOUGH_COVERAGE = 0.6
WELL_DEVELOPED = 2 / 3
PARTLY_DEVELOPED = 1 / 3

SCORE_LABELS = {
    Score.NOT_IN_PLACE: N_("Not in place"),
    Score.STARTED: N_("Started or ad hoc"),
    Score.IN_PLACE: N_("In place, not tested"),
    Score.TESTED: N_("In place and tested"),
    Score.DONT_KNOW: N_("Don't know"),
    Score.NOT_APPLICABLE: N_("Not applicable"),
}
STRONG = (Score.IN_PLACE, Score.TESTED)
TIER_LABELS = {Tier.MINIMUM: N_("Minimum"), Tier.ADVANCED: N_("Advanced")}


def format_date(t: Translator, moment: datetime | None) -> str:
    """A date in the reader's locale (medium length), or an empty string."""
    if moment is None:
        return ""
    return _date(t.locale, moment.date())


@lru_cache(maxsize=4096)
def _date(locale: Any, day: date) -> str:  # a babel Locale, from the Translator
    """Formatting a date is slow and a report has many answers from a few days: cache it."""
    return str(locale.date_formats["medium"].apply(day, locale))


def guideline_code(t: Translator, number: int) -> str:
    """The short name of a Guideline: ``G6``."""
    return t._("G%(number)s", number=number)


def text_bar(share: float | None) -> str:
    """A ten-block bar: ``▓▓▓▓░░░░░░``."""
    filled = 0 if share is None else round(share * BAR_WIDTH)
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def change_text(t: Translator, change: float | None) -> str:
    """A change of readiness in percentage points: ``+12 points``, or empty when unknown."""
    if change is None:
        return ""
    points = round(change * 100)
    sign = "+" if points > 0 else "−" if points < 0 else "±"
    return t.n_("%(sign)s%(n)s point", "%(sign)s%(n)s points", abs(points), sign=sign)


def status(t: Translator, r: Readiness) -> str:
    """A word for a readiness, MGI-style: never a rank, and "insufficient data" when unsure."""
    share = r.readiness
    if share is None or r.coverage < ENOUGH_COVERAGE:
        return t._("Insufficient data")
    if share >= WELL_DEVELOPED:
        return t._("Well developed")
    if share >= PARTLY_DEVELOPED:
        return t._("Partly developed")
    return t._("Potential for further development")


def answer_label(t: Translator, score: Score | None) -> str:
    """The translated label of an answer, ``2 · In place, not tested``, or "Not answered"."""
    if score is None:
        return t._("Not answered")
    label = t._(SCORE_LABELS[score])
    return f"{score.value} · {label}" if score.points is not None else label


@dataclass(frozen=True)
class Line:
    """Readiness of a Guideline (or overall) as numbers and as text."""

    number: int
    code: str
    title: str
    share: float | None
    readiness: str
    coverage_share: float
    coverage: str
    change_share: float | None
    change: str
    status: str
    bar: str


def line(t: Translator, number: int, title: str, r: Readiness, change: float | None) -> Line:
    """One readiness line."""
    return Line(
        number=number,
        code=guideline_code(t, number),
        title=title,
        share=r.readiness,
        readiness=t.percent(r.readiness),
        coverage_share=r.coverage,
        coverage=t.percent(r.coverage),
        change_share=change,
        change=change_text(t, change),
        status=status(t, r),
        bar=text_bar(r.readiness),
    )


@dataclass(frozen=True)
class NoteLine:
    """One person's note on an item: the text as written, its author and date."""

    text: str
    author: str
    date: str


def note_lines(t: Translator, notes: Sequence[Note]) -> list[NoteLine]:
    """The notes of an item in the reader's language, oldest first."""
    return [
        NoteLine(n.text, n.author_name or t._("a former member"), format_date(t, n.written_at))
        for n in notes
    ]


@dataclass(frozen=True)
class ItemLine:
    """One item with its answer (and who gave it) and every note, for gaps, strengths, annex."""

    guideline: int
    code: str
    item_id: str
    question: str
    minimum: bool
    tier: str
    points: int | None
    answer: str
    notes: list[NoteLine]
    author: str  # who gave the answer; each note names its own author
    date: str
    answered_at: datetime | None
    action: str
    strong: bool
    gap: bool


def item_line(
    t: Translator,
    checklist: Checklist,
    item: Item,
    answer: Answer | None,
    notes: Sequence[Note] = (),
) -> ItemLine:
    """An item in the reader's language, with the answer and notes as the responders gave them."""
    score = answer.score if answer else None
    author = ""
    if answer is not None and score is not None:
        author = answer.author_name or t._("a former member")
    return ItemLine(
        guideline=item.guideline,
        code=guideline_code(t, item.guideline),
        item_id=item.id,
        question=t.item(checklist, item, "question"),
        minimum=item.tier is Tier.MINIMUM,
        tier=t._(TIER_LABELS[item.tier]),
        points=score.points if score else None,
        answer=answer_label(t, score),
        notes=note_lines(t, notes),
        author=author,
        date=format_date(t, answer.answered_at if answer else None),
        answered_at=answer.answered_at if answer else None,
        action=t.item(checklist, item, "action"),
        strong=score in STRONG,
        gap=score in GAP_SCORES,
    )


@dataclass(frozen=True)
class Page:
    """What every document carries: the reader's language and direction, and the date."""

    lang: str
    direction: str
    rtl: bool
    generated: str
    checklist: str
    cycle: str


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
        checklist=answered_as(t, checklist, quick=quick),
        cycle=cycle,
    )


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


def localise(model: ReportModel, t: Translator) -> LocalReport:
    """The report in the reader's language."""
    checklist, overall = model.checklist, model.overall
    annex = [item_line(t, checklist, row.item, row.answer, row.notes) for row in model.annex]
    by_id = {line.item_id: line for line in annex}  # gaps and strengths are annex items
    return LocalReport(
        page=page(t, checklist, model.cycle, model.generated_at, quick=model.quick),
        organisation=model.organisation.name,
        previous_cycle=model.previous_cycle,
        has_answers=model.has_answers,
        overall=line(t, 0, t._("Overall"), overall, model.overall_change),
        known=overall.scored + overall.not_applicable,
        total=overall.total,
        guidelines=[
            line(t, g.guideline, t.guideline(checklist, g.guideline), g.readiness, g.change)
            for g in model.guidelines
        ],
        gaps=[by_id[gap.item.id] for gap in model.gaps],
        strengths=[by_id[row.item.id] for row in model.strengths],
        annex=annex,
    )


@dataclass(frozen=True)
class OrgRow:
    """One organisation in a comparison: overall and per Guideline."""

    name: str
    has_answers: bool
    overall: Line
    cells: list[Line]


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


def localise_comparison(model: ComparisonModel, t: Translator) -> LocalComparison:
    """The comparison in the reader's language."""
    checklist = model.checklist
    reports = [localise(r, t) for r in model.reports]
    pooled = model.pooled()
    return LocalComparison(
        page=page(t, checklist, model.cycle, model.generated_at),
        answered=model.answered,
        guidelines=[
            line(t, g, t.guideline(checklist, g), pooled[g], None) for g in model.guidelines
        ],
        rows=[OrgRow(r.organisation, r.has_answers, r.overall, r.guidelines) for r in reports],
        common_gaps=[
            CommonLine(item_line(t, checklist, c.item, None), c.organisations)
            for c in model.common_gaps()
        ],
        reports=reports,
    )
