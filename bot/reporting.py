"""Report use cases: the report model of one organisation, and the comparison of several.

Free of Telegram and of any rendering: figures come from ``scoring``, answers from the store.
Who may build which report is asked of ``bot.access``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot import scoring
from bot.access import Access, ActorId, current_cycle
from bot.model import (
    Answer,
    Assessment,
    Checklist,
    Evidence,
    Item,
    NotFound,
    Organisation,
    Score,
    Tier,
)
from bot.scoring import Answers, Gap, Readiness
from bot.store import Store

NO_ANSWERS: Answers = {}
NO_EVIDENCE: Mapping[str, Sequence[Evidence]] = {}
WEAK = (Score.NOT_IN_PLACE, Score.STARTED)


def _change(now: Readiness, before: Readiness | None) -> float | None:
    if before is None or now.readiness is None or before.readiness is None:
        return None
    return now.readiness - before.readiness


@dataclass(frozen=True)
class GuidelineResult:
    """Readiness of one Guideline, and of the same Guideline in the previous cycle."""

    guideline: int
    readiness: Readiness
    previous: Readiness | None = None

    @property
    def change(self) -> float | None:
        """Change of the readiness share since the previous cycle, when both are known."""
        return _change(self.readiness, self.previous)


@dataclass(frozen=True)
class AnnexRow:
    """One item with what is known of it (None when nobody answered), the answer of the
    previous cycle (None when there is none or it was not answered) and the evidence files."""

    item: Item
    answer: Answer | None
    previous: Answer | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ReportModel:
    """Everything a report on one organisation x one checklist x one cycle shows."""

    organisation: Organisation
    checklist: Checklist
    cycle: str
    generated_at: datetime
    overall: Readiness
    guidelines: tuple[GuidelineResult, ...]
    gaps: tuple[Gap, ...]
    strengths: tuple[AnnexRow, ...]
    annex: tuple[AnnexRow, ...]
    previous_cycle: str | None = None
    previous_overall: Readiness | None = None

    @property
    def has_answers(self) -> bool:
        """Whether anyone has answered anything yet."""
        return any(
            row.answer is not None and (row.answer.score is not None or bool(row.answer.note))
            for row in self.annex
        )

    @property
    def overall_change(self) -> float | None:
        """Change of the overall readiness since the previous cycle."""
        return _change(self.overall, self.previous_overall)

    def guideline(self, number: int) -> GuidelineResult | None:
        """The result of one Guideline, if the checklist has it."""
        return next((g for g in self.guidelines if g.guideline == number), None)

    def rows(self, guideline: int) -> list[AnnexRow]:
        """The items of one Guideline with their answers."""
        return [row for row in self.annex if row.item.guideline == guideline]


def report_model(
    org: Organisation,
    checklist: Checklist,
    cycle: str,
    generated_at: datetime,
    answers: Answers,
    previous_cycle: str | None = None,
    previous_answers: Answers | None = None,
    evidence: Mapping[str, Sequence[Evidence]] = NO_EVIDENCE,
) -> ReportModel:
    """The report model from the answers of a cycle (and of the previous one, if any)."""
    summary = scoring.summarise(checklist, answers)
    before = scoring.summarise(checklist, previous_answers) if previous_answers else None
    results = tuple(
        GuidelineResult(g, r, before.by_guideline.get(g) if before else None)
        for g, r in summary.by_guideline.items()
    )
    strong = scoring.strengths(checklist, answers)
    earlier = previous_answers or NO_ANSWERS
    return ReportModel(
        organisation=org,
        checklist=checklist,
        cycle=cycle,
        generated_at=generated_at,
        overall=summary.overall,
        guidelines=results,
        gaps=tuple(scoring.gaps(checklist, answers)),
        strengths=tuple(AnnexRow(item, answers.get(item.id)) for item in strong),
        annex=tuple(
            AnnexRow(
                item,
                answers.get(item.id),
                earlier.get(item.id),
                tuple(evidence.get(item.id, ())),
            )
            for item in checklist.items
        ),
        previous_cycle=previous_cycle if before else None,
        previous_overall=before.overall if before else None,
    )


Pair = tuple[Assessment | None, Assessment | None]


def _pick(found: Sequence[Assessment], cycle: str | None) -> Pair:
    """Of assessments newest first: the cycle asked for (default: newest) and the one before."""
    if cycle is None:
        current = found[0] if found else None
    else:
        current = next((a for a in found if a.cycle == cycle), None)
    if current is None:
        return None, None
    return current, next((a for a in found if a.cycle < current.cycle), None)


@dataclass(frozen=True)
class CommonGap:
    """An item that is not in place, or only started, in several organisations."""

    item: Item
    organisations: int


@dataclass(frozen=True)
class ComparisonModel:
    """Several organisations side by side on one checklist and cycle."""

    checklist: Checklist
    cycle: str
    generated_at: datetime
    reports: tuple[ReportModel, ...]

    @property
    def guidelines(self) -> tuple[int, ...]:
        """The Guidelines of the checklist, in order: the columns of the matrix."""
        return tuple(s.guideline for s in self.checklist.sections)

    def matrix(self) -> list[list[float | None]]:
        """Readiness share per organisation (rows) and Guideline (columns)."""
        return [[g.readiness.readiness for g in r.guidelines] for r in self.reports]

    def pooled(self) -> dict[int, Readiness]:
        """Each Guideline's readiness over every organisation's items together."""
        pooled: dict[int, Readiness] = {g: scoring.EMPTY for g in self.guidelines}
        for report in self.reports:
            for result in report.guidelines:
                pooled[result.guideline] = pooled[result.guideline] + result.readiness
        return pooled

    @property
    def answered(self) -> int:
        """How many organisations have answered anything."""
        return sum(1 for r in self.reports if r.has_answers)

    def common_gaps(self) -> list[CommonGap]:
        """Items not in place or only started, by organisations concerned; minimum tier first."""
        counts = {item.id: 0 for item in self.checklist.items}
        for report in self.reports:
            for row in report.annex:
                if row.answer is not None and row.answer.score in WEAK:
                    counts[row.item.id] += 1
        found = [CommonGap(item, counts[item.id]) for item in self.checklist if counts[item.id]]
        return sorted(found, key=lambda c: (c.item.tier is not Tier.MINIMUM, -c.organisations))


def _compared(
    org: Organisation,
    checklist: Checklist,
    cycle: str,
    now: datetime,
    pair: Pair,
    answers: Mapping[int, Answers],
    files: Mapping[int, Mapping[str, Sequence[Evidence]]],
) -> ReportModel:
    """One organisation's report in a comparison, from the answers read for all of them."""
    current, previous = pair
    return report_model(
        org,
        checklist,
        cycle,
        now,
        answers[current.id] if current else NO_ANSWERS,
        previous.cycle if previous else None,
        answers[previous.id] if previous else None,
        files[current.id] if current else NO_EVIDENCE,
    )


class Reporting:
    """The report use cases, each behind its access rule."""

    def __init__(
        self,
        store: Store,
        access: Access,
        checklists: Mapping[str, Checklist],
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.access = access
        self.checklists = checklists
        self.clock = clock

    def _checklist(self, checklist_id: str) -> Checklist:
        try:
            return self.checklists[checklist_id]
        except KeyError:
            raise NotFound(f"no checklist {checklist_id!r}") from None

    async def build_report(
        self, actor: ActorId, org_id: int, checklist_id: str, cycle: str | None = None
    ) -> ReportModel:
        """The report of one organisation; AccessDenied unless the actor coordinates it.

        ``actor`` None is the command line. Without ``cycle``, the newest cycle with an
        assessment; an explicit cycle the organisation never assessed is NotFound.
        """
        org = await self.access.may_read_reports(actor, org_id)
        checklist = self._checklist(checklist_id)
        current, previous = _pick(await self.store.assessments(org_id, checklist_id), cycle)
        if cycle is not None and current is None:
            raise NotFound(f"{org.name!r} has no {checklist_id!r} assessment in cycle {cycle!r}")
        answers = await self.store.answers(current.id) if current else NO_ANSWERS
        earlier = await self.store.answers(previous.id) if previous else None
        files = (await self.store.evidence_of([current.id]))[current.id] if current else {}
        now = self.clock()
        return report_model(
            org,
            checklist,
            current.cycle if current else current_cycle(now),
            now,
            answers,
            previous.cycle if previous else None,
            earlier,
            files,
        )

    async def build_comparison(
        self, actor: ActorId, org_ids: Sequence[int], checklist_id: str, cycle: str | None = None
    ) -> ComparisonModel:
        """Several organisations' reports on one cycle (default: the newest any of them has),
        each with the change since that organisation's own previous cycle.

        A few queries whatever the number of organisations: all assessments, all answers (of
        the chosen cycle and of each organisation's one before it), all evidence.
        """
        orgs = await self.access.may_compare(actor, org_ids)
        checklist = self._checklist(checklist_id)
        assessments = await self.store.checklist_assessments(checklist.id, [o.id for o in orgs])
        now = self.clock()
        chosen = cycle or max((a.cycle for a in assessments), default=current_cycle(now))
        by_org: dict[int, list[Assessment]] = {}
        for assessment in assessments:  # newest cycle first, and so in each list
            by_org.setdefault(assessment.org_id, []).append(assessment)
        pairs = {org.id: _pick(by_org.get(org.id, []), chosen) for org in orgs}
        if cycle is not None and not any(current for current, _ in pairs.values()):
            raise NotFound(f"no organisation has a {checklist_id!r} assessment in cycle {cycle!r}")
        found = [a for pair in pairs.values() for a in pair if a]
        answers = await self.store.answers_of(a.id for a in found)
        files = await self.store.evidence_of(current.id for current, _ in pairs.values() if current)
        reports = tuple(
            _compared(org, checklist, chosen, now, pairs[org.id], answers, files) for org in orgs
        )
        return ComparisonModel(checklist, chosen, now, reports)
