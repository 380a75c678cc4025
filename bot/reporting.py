"""Report use cases: the report model of one organisation, and the comparison of several.

Free of Telegram and of any rendering: figures come from ``scoring``, answers from the store.
Who may build which report is asked of ``bot.access``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot import action_rules, scoring
from bot.access import Access, ActorId
from bot.forms import Forms
from bot.model import (
    Action,
    Answer,
    Assessment,
    Checklist,
    Cycle,
    Evidence,
    Item,
    Note,
    NotFound,
    Organisation,
    Score,
    Tier,
)
from bot.scope import Scope
from bot.scoring import Answers, Gap, Readiness
from bot.store import Store
from bot.working_time import local_date

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
    """One item with what is known of it: the answer (None when nobody answered), the answer
    of the previous cycle (None when there is none or it was not answered), the evidence files
    and the notes."""

    item: Item
    answer: Answer | None
    previous: Answer | None = None
    evidence: tuple[Evidence, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class ReportModel:
    """Everything a report on one organisation x one checklist x one cycle shows.

    ``checklist`` is the edition answered against, with only the items that apply: those of
    the quick check when ``quick``, and those of the organisation's kinds of place.
    """

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
    quick: bool = False
    # The organisation's action plan for this checklist (and its stand-alone actions), as it
    # stands when the report is made: actions outlive cycles, so every cycle's report has them.
    actions: tuple[Action, ...] = ()
    local_date: date | None = None  # the organisation's date then, which due dates are read by

    @property
    def today(self) -> date:
        """The date the plan's due dates are compared with: the organisation's, on its clocks."""
        return self.local_date or self.generated_at.date()

    def action_for(self, item_id: str) -> Action | None:
        """The action of an item's gap: its open one, else the latest one, if any."""
        found = [a for a in self.actions if a.item_id == item_id]
        open_ones = [a for a in found if a.status.is_open]
        return (open_ones or sorted(found, key=lambda a: a.id))[-1] if found else None

    @property
    def has_answers(self) -> bool:
        """Whether anyone has answered anything yet."""
        return any(
            (row.answer is not None and row.answer.score is not None) or bool(row.notes)
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
    *,
    notes: Mapping[str, Sequence[Note]] | None = None,
    evidence: Mapping[str, Sequence[Evidence]] = NO_EVIDENCE,
    previous_checklist: Checklist | None = None,
    quick: bool = False,
    actions: Sequence[Action] = (),
    today: date | None = None,
) -> ReportModel:
    """The report model from the answers and notes of a cycle (and the previous answers).

    The previous cycle is summarised over its own items (``previous_checklist``), which an
    earlier edition or a quick check may make different from this cycle's. ``actions`` is the
    organisation's plan as it stands, in the order the report lists it; ``today`` the
    organisation's date (default: that of ``generated_at``).
    """
    summary = scoring.summarise(checklist, answers)
    earlier = previous_checklist or checklist
    before = scoring.summarise(earlier, previous_answers) if previous_answers else None
    results = tuple(
        GuidelineResult(g, r, before.by_guideline.get(g) if before else None)
        for g, r in summary.by_guideline.items()
    )
    strong = scoring.strengths(checklist, answers)
    notes = notes or {}
    before_answers = previous_answers or NO_ANSWERS

    def row(item: Item) -> AnnexRow:
        return AnnexRow(
            item,
            answers.get(item.id),
            before_answers.get(item.id),
            tuple(evidence.get(item.id, ())),
            tuple(notes.get(item.id, ())),
        )

    return ReportModel(
        organisation=org,
        checklist=checklist,
        cycle=cycle,
        generated_at=generated_at,
        overall=summary.overall,
        guidelines=results,
        gaps=tuple(scoring.gaps(checklist, answers)),
        strengths=tuple(row(item) for item in strong),
        annex=tuple(row(item) for item in checklist.items),
        previous_cycle=previous_cycle if before else None,
        previous_overall=before.overall if before else None,
        quick=quick,
        actions=tuple(actions),
        local_date=today,
    )


Pair = tuple[Assessment | None, Assessment | None]


def _pick(found: Sequence[Assessment], cycle: str | None) -> Pair:
    """Of assessments newest cycle first: the cycle asked for (default: the newest) and the one
    before it, in the order the cycles were opened (not by their names)."""
    if cycle is None:
        index = 0 if found else None
    else:
        wanted = cycle.casefold()
        index = next((n for n, a in enumerate(found) if a.cycle.casefold() == wanted), None)
    if index is None:
        return None, None
    return found[index], found[index + 1] if index + 1 < len(found) else None


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
                # an organisation answering another edition may have items the others lack
                if row.answer is not None and row.answer.score in WEAK and row.item.id in counts:
                    counts[row.item.id] += 1
        found = [CommonGap(item, counts[item.id]) for item in self.checklist if counts[item.id]]
        return sorted(found, key=lambda c: (c.item.tier is not Tier.MINIMUM, -c.organisations))


class Reporting:
    """The report use cases, each behind its access rule."""

    def __init__(
        self,
        store: Store,
        access: Access,
        forms: Forms,
        clock: Callable[[], datetime],
        default_zone: str = "UTC",
    ) -> None:
        self.store = store
        self.access = access
        self.forms = forms
        self.clock = clock
        self.default_zone = default_zone  # MICIC_TIMEZONE: organisations that chose none

    def checklist(self, checklist_id: str) -> Checklist:
        """A loaded checklist, or NotFound."""
        try:
            return self.forms.library[checklist_id]
        except KeyError:
            raise NotFound(f"no checklist {checklist_id!r}") from None

    async def _unstarted(self, checklist: Checklist, org_id: int) -> Checklist:
        """What an organisation that has not started would be asked: the full checklist."""
        return self.forms.narrowed(checklist, Scope(False, await self.forms.kinds(org_id)))

    async def build_report(
        self, actor: ActorId, org_id: int, checklist_id: str, cycle: str | None = None
    ) -> ReportModel:
        """The report of one organisation; AccessDenied unless the actor coordinates it.

        ``actor`` None is the command line. Without ``cycle``, the newest cycle with an
        assessment; an explicit cycle the organisation never assessed is NotFound.
        """
        org = await self.access.may_read_reports(actor, org_id)
        checklist = self.checklist(checklist_id)
        current, previous = _pick(await self.store.assessments(org_id, checklist_id), cycle)
        if cycle is not None and current is None:
            raise NotFound(f"{org.name!r} has no {checklist_id!r} assessment in cycle {cycle!r}")
        actions = await self._actions(org.id, checklist.id)
        if current is None:
            label = await self._current_label([org])
            return await self._compared(org, checklist, label, (None, None), {}, {}, {}, actions)
        found = [a.id for a in (current, previous) if a]
        answers = await self.store.answers_of(found)
        notes = await self.store.notes_of([current.id])
        files = await self.store.evidence_of([current.id])
        pair = (current, previous)
        return await self._compared(org, checklist, "", pair, answers, notes, files, actions)

    async def answered_cycles(self, actor: ActorId, org_id: int, checklist_id: str) -> list[Cycle]:
        """The organisation's cycles in which the checklist has answers, newest first: those
        whose report a coordinator may choose. AccessDenied unless the actor coordinates it."""
        await self.access.may_read_reports(actor, org_id)
        found = await self.store.assessments(org_id, checklist_id)
        answers = await self.store.answers_of(a.id for a in found)
        answered = {
            a.cycle_id
            for a in found
            if any(answer.score is not None for answer in answers[a.id].values())
        }
        return [c for c in await self.store.cycles(org_id) if c.id in answered]

    async def build_cycle_report(
        self, actor: ActorId, org_id: int, checklist_id: str, cycle_id: int
    ) -> ReportModel:
        """The report of one of the organisation's cycles with answers, chosen by its id;
        NotFound for any other id (another organisation's cycle, one without answers)."""
        cycles = await self.answered_cycles(actor, org_id, checklist_id)
        cycle = next((c for c in cycles if c.id == cycle_id), None)
        if cycle is None:
            raise NotFound(f"no {checklist_id!r} answers of organisation {org_id} in {cycle_id}")
        return await self.build_report(actor, org_id, checklist_id, cycle.label)

    async def _actions(self, org_id: int, checklist_id: str) -> tuple[Action, ...]:
        """The plan a report shows: actions on this checklist's items, and stand-alone ones."""
        found = [
            a for a in await self.store.actions(org_id) if a.checklist_id in (None, checklist_id)
        ]
        return tuple(action_rules.plan_order(found, await self._today(org_id)))

    async def _today(self, org_id: int) -> date:
        """The organisation's date, on its clocks: what its due dates are compared with."""
        settings = await self.store.organisation_settings(org_id)
        return local_date(settings.timezone, self.default_zone, self.clock())

    async def build_comparison(
        self, actor: ActorId, org_ids: Sequence[int], checklist_id: str, cycle: str | None = None
    ) -> ComparisonModel:
        """Several organisations' reports: each one's newest cycle, or the cycle named ``cycle``,
        each with the change since that organisation's own previous cycle.

        Cycles are each organisation's own, opened when its coordinators chose; the comparison
        is named after the cycles it shows. A few queries whatever the number of organisations:
        all assessments, all answers (of the cycle shown and of each organisation's one before
        it), all evidence.
        """
        orgs = await self.access.may_compare(actor, org_ids)
        checklist = self.checklist(checklist_id)
        assessments = await self.store.checklist_assessments(checklist.id, [o.id for o in orgs])
        now = self.clock()
        by_org: dict[int, list[Assessment]] = {}
        for assessment in assessments:  # newest cycle first, and so in each list
            by_org.setdefault(assessment.org_id, []).append(assessment)
        pairs = {org.id: _pick(by_org.get(org.id, []), cycle) for org in orgs}
        if cycle is not None and not any(current for current, _ in pairs.values()):
            raise NotFound(f"no organisation has a {checklist_id!r} assessment in cycle {cycle!r}")
        shown = [current.cycle for current, _ in pairs.values() if current]
        label = ", ".join(dict.fromkeys(shown)) or cycle or await self._current_label(orgs)
        found = [a for pair in pairs.values() for a in pair if a]
        answers = await self.store.answers_of(a.id for a in found)
        current_ids = [current.id for current, _ in pairs.values() if current]
        notes = await self.store.notes_of(current_ids)
        files = await self.store.evidence_of(current_ids)
        reports = tuple(
            [
                await self._compared(org, checklist, label, pairs[org.id], answers, notes, files)
                for org in orgs
            ]
        )
        editions = {r.checklist.version for r in reports}
        # the columns and the common gaps follow the edition answered, when all answered one
        common = self.forms.library.edition(checklist.id, min(editions))
        return ComparisonModel(
            common if common and len(editions) == 1 else checklist, label, now, reports
        )

    async def _current_label(self, orgs: Sequence[Organisation]) -> str:
        """The name of the first organisation's current cycle (the year, before it has one)."""
        found = await self.store.open_cycle(orgs[0].id) if orgs else None
        return found.label if found else str(self.clock().year)

    async def _compared(
        self,
        org: Organisation,
        checklist: Checklist,
        label: str,
        pair: Pair,
        answers: Mapping[int, Answers],
        notes: Mapping[int, Mapping[str, Sequence[Note]]],
        files: Mapping[int, Mapping[str, Sequence[Evidence]]],
        actions: Sequence[Action] = (),
    ) -> ReportModel:
        """One organisation's report, from what was read for it (and others, in a comparison).

        ``label`` names the cycle of an organisation that has not started.
        """
        now, today = self.clock(), await self._today(org.id)
        current, previous = pair
        if current is None:
            unstarted = await self._unstarted(checklist, org.id)
            return report_model(
                org, unstarted, label, now, NO_ANSWERS, actions=actions, today=today
            )
        form = await self.forms.form(current)
        before = await self.forms.form(previous) if previous else None
        return report_model(
            org,
            form.checklist,
            current.cycle,
            now,
            answers[current.id],
            previous.cycle if previous else None,
            answers[previous.id] if previous else None,
            notes=notes.get(current.id, {}),
            evidence=files.get(current.id, NO_EVIDENCE),
            previous_checklist=before.checklist if before else None,
            quick=form.assessment.quick,
            actions=actions,
            today=today,
        )
