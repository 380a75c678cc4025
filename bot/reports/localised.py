"""A report model in one reader's language: every label, number and date ready as text.

Every format renders from these, so the chat, the document, the spreadsheet and the chart agree.
User text (names, notes) is kept raw here; each format escapes and isolates it its own way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from bot.i18n import N_, Translator
from bot.model import MAX_POINTS, Actor, Answer, Checklist, Evidence, Item, Note, Score, Tier
from bot.reporting import AnnexRow, ComparisonModel, ReportModel
from bot.reports.plan import LocalPlan, localise_plan
from bot.scoring import GAP_SCORES, Readiness

BAR_WIDTH = 10
ENOUGH_COVERAGE = 0.6
WELL_DEVELOPED = 2 / 3
PARTLY_DEVELOPED = 1 / 3
_BIDI_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")

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
ACTOR_LABELS = {
    Actor.LOCAL_AUTHORITY: N_("Local authority"),
    Actor.NATIONAL_GOVERNMENT: N_("National government"),
    Actor.CONSULATES: N_("Consulates"),
    Actor.EMPLOYERS: N_("Employers"),
    Actor.CIVIL_SOCIETY: N_("Civil society"),
}


def format_date(t: Translator, moment: datetime | None) -> str:
    """A date in the reader's locale (medium length), or an empty string.

    Without the direction marks some locales put in (Arabic: ``07\u200f/05\u200f/2026``): a
    date is shown left to right, isolated, and a mark inside it would scramble it
    (``072026/05/``).
    """
    if moment is None:
        return ""
    return _date(t.locale, moment.date())


@lru_cache(maxsize=4096)
def _date(locale: Any, day: date) -> str:  # a babel Locale, from the Translator
    """Formatting a date is slow and a report has many answers from a few days: cache it."""
    return str(locale.date_formats["medium"].apply(day, locale)).translate(_BIDI_MARKS)


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


def level(share: float | None) -> str:
    """The band of a readiness share, the one meaning of colour in every format: ``high``
    (well developed), ``mid`` (partly), ``low`` (potential for further development), ``none``.
    """
    if share is None:
        return "none"
    return "high" if share >= WELL_DEVELOPED else "mid" if share >= PARTLY_DEVELOPED else "low"


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


def short_change(t: Translator, change: float | None) -> str:
    """A change in whole points with its sign, for narrow columns: ``+12``, ``−5``, ``±0``."""
    if change is None:
        return "–"
    points = round(change * 100)
    sign = "+" if points > 0 else "−" if points < 0 else "±"
    return f"{sign}{t.number(abs(points))}"


def points_text(r: Readiness) -> str:
    """Points out of the maximum over the items scored: ``4/6``, or empty when none is."""
    return f"{r.points}/{r.scored * MAX_POINTS}" if r.scored else ""


def _change(now: Readiness, before: Readiness | None) -> float | None:
    if before is None or now.readiness is None or before.readiness is None:
        return None
    return now.readiness - before.readiness


@dataclass(frozen=True)
class Line:
    """Readiness of a Guideline (or overall) as numbers and as text.

    ``low`` says the readiness rests on too few known items (coverage under the threshold):
    every format marks such a figure where it shows it.
    """

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
    points: str
    low: bool
    previous_share: float | None
    level: str


def line(
    t: Translator, number: int, title: str, r: Readiness, before: Readiness | None = None
) -> Line:
    """One readiness line, with the change since ``before`` (the previous cycle) if given."""
    change = _change(r, before)
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
        points=points_text(r),
        low=r.readiness is not None and r.coverage < ENOUGH_COVERAGE,
        previous_share=before.readiness if before else None,
        level=level(r.readiness),
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
class EvidenceLine:
    """A file kept as evidence for an item: its kind, name, who added it and when."""

    kind: str
    name: str
    author: str
    date: str
    added_at: datetime


@dataclass(frozen=True)
class ItemLine:
    """One item with its answer (and who gave it), every note, the evidence, for the gaps, the
    strengths and the annex.

    ``previous`` is the answer of the previous cycle (empty without one) and ``trend`` says
    whether the score went ``up``, ``down`` or stayed the ``same`` (empty when unknown).
    """

    guideline: int
    code: str
    item_id: str
    question: str
    minimum: bool
    tier: str
    points: int | None
    answer: str
    author: str  # who gave the answer; each note names its own author
    date: str
    answered_at: datetime | None
    action: str
    strong: bool
    gap: bool
    actors: list[str]
    notes: list[NoteLine]
    evidence: list[EvidenceLine]
    evidence_count: str
    previous: str
    trend: str


def _author(t: Translator, name: str | None) -> str:
    return name or t._("a former member")


EVIDENCE_KINDS = {"photo": N_("Photo"), "document": N_("Document")}


def _evidence(t: Translator, files: tuple[Evidence, ...]) -> list[EvidenceLine]:
    return [
        EvidenceLine(
            kind=t._(EVIDENCE_KINDS.get(f.kind, EVIDENCE_KINDS["document"])),
            name=f.file_name or "",
            author=_author(t, f.author_name),
            date=format_date(t, f.created_at),
            added_at=f.created_at,
        )
        for f in files
    ]


def evidence_count(t: Translator, files: tuple[Evidence, ...]) -> str:
    """``2 photos, 1 document``, or empty without evidence."""
    photos = sum(1 for f in files if f.kind == "photo")
    documents = len(files) - photos
    parts = [t.n_("%(n)s photo", "%(n)s photos", photos)] if photos else []
    parts += [t.n_("%(n)s document", "%(n)s documents", documents)] if documents else []
    return t.format_list(parts) if parts else ""


def _trend(now: Answer | None, before: Answer | None) -> str:
    new = now.score.points if now and now.score else None
    old = before.score.points if before and before.score else None
    if new is None or old is None:
        return ""
    return "up" if new > old else "down" if new < old else "same"


def item_line(
    t: Translator, checklist: Checklist, row: AnnexRow, has_previous: bool = False
) -> ItemLine:
    """An item in the reader's language, with the answer and notes as the responders gave them."""
    item: Item = row.item
    answer = row.answer
    score = answer.score if answer else None
    author = ""
    if answer is not None and score is not None:
        author = _author(t, answer.author_name)
    return ItemLine(
        guideline=item.guideline,
        code=guideline_code(t, item.guideline),
        item_id=item.id,
        question=t.item(checklist, item, "question"),
        minimum=item.tier is Tier.MINIMUM,
        tier=t._(TIER_LABELS[item.tier]),
        points=score.points if score else None,
        answer=answer_label(t, score),
        author=author,
        date=format_date(t, answer.answered_at if answer else None),
        answered_at=answer.answered_at if answer else None,
        action=t.item(checklist, item, "action"),
        strong=score in STRONG,
        gap=score in GAP_SCORES,
        actors=[t._(ACTOR_LABELS[actor]) for actor in item.actors],
        notes=note_lines(t, row.notes),
        evidence=_evidence(t, row.evidence),
        evidence_count=evidence_count(t, row.evidence),
        previous=answer_label(t, row.previous.score if row.previous else None)
        if has_previous
        else "",
        trend=_trend(answer, row.previous),
    )


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
