"""Cycles on a real SQLite file: opened on purpose, never closed by the calendar, and the
answers of the cycle before offered again as "unchanged"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cycles import default_label
from bot.model import (
    AccessDenied,
    AssessmentClosed,
    CycleLabelTaken,
    NotFound,
    Organisation,
    Score,
    StaleAnswer,
    StaleCycle,
)
from bot.service import Service, Standing
from bot.store import Store
from tests.support.report_world import MINI

ADMIN, CORA, ANA, BEN = 1, 10, 20, 21


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 31, 23, 58, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def service(tmp_path: Path, clock: Clock) -> AsyncIterator[Service]:
    store = await Store.open(tmp_path / "cycles.sqlite3")
    yield Service(store, {"mini": MINI}, admins=frozenset({ADMIN}), clock=clock)
    await store.close()


@pytest.fixture
async def org(service: Service) -> Organisation:
    """Lyon: Cora coordinates it, Ana and Ben answer for it."""
    lyon = await service.create_organisation(None, "Lyon")
    for user_id, name in ((CORA, "Cora"), (ANA, "Ana"), (BEN, "Ben")):
        await service.see_user(user_id, name)
    await service.join(CORA, lyon.coordinator_code)
    await service.join(ANA, lyon.responder_code)
    await service.join(BEN, lyon.responder_code)
    return lyon


def test_a_new_cycle_is_named_after_the_year_unless_that_name_is_taken() -> None:
    assert default_label(2027, []) == "2027"
    assert default_label(2027, ["2026", "2027 after the flood"]) == "2027"
    assert default_label(2027, ["2027"]) == "2027-2"
    assert default_label(2027, ["2027", "2027-2"]) == "2027-3"


async def test_the_new_year_closes_nothing(
    service: Service, org: Organisation, clock: Clock
) -> None:
    step = await service.start(ANA, "mini")
    await service.answer(ANA, step.assessment.id, "a1", Score.TESTED)
    clock.now = datetime(2027, 1, 1, 0, 1, tzinfo=UTC)

    after = await service.answer(ANA, step.assessment.id, "a2", Score.STARTED)
    resumed = await service.resume(ANA)
    again = await service.start(BEN, "mini")

    assert after.answers["a2"].score is Score.STARTED
    assert resumed is not None and resumed.assessment.id == step.assessment.id
    assert again.assessment.id == step.assessment.id
    assert again.assessment.cycle == "2026"
    assert await service.standings(org.id) == {"mini": Standing(40, quick=False)}
    cycles = await service.store.cycles(org.id)
    assert [(c.label, c.is_open) for c in cycles] == [("2026", True)]


async def test_a_new_cycle_closes_the_current_one_and_starts_empty(
    service: Service, org: Organisation, clock: Clock
) -> None:
    old = await service.start(ANA, "mini")
    await service.answer(ANA, old.assessment.id, "a1", Score.TESTED)
    clock.now = datetime(2027, 3, 1, tzinfo=UTC)
    current = await service.cycles.current(org.id)

    opened = await service.cycles.start_next(CORA, org.id, replacing=current.id)
    new = await service.start(ANA, "mini")

    assert (opened.label, opened.opened_by, opened.opened_by_name) == ("2027", CORA, "Cora")
    assert new.assessment.cycle_id == opened.id and new.answers == {}
    assert (new.previous.cycle, new.previous.assessment_id) == ("2026", old.assessment.id)
    assert new.previous.answers["a1"].score is Score.TESTED
    with pytest.raises(AssessmentClosed):
        await service.answer(ANA, old.assessment.id, "a2", Score.TESTED)
    kept = await service.review(ANA, old.assessment.id)
    assert kept.answers["a1"].score is Score.TESTED
    overview = await service.cycles.overview(CORA, org.id)
    assert [(p.cycle.label, p.cycle.is_open, dict(p.percents)) for p in overview] == [
        ("2027", True, {"mini": 0}),
        ("2026", False, {"mini": 20}),
    ]
    assert overview[1].cycle.closed_at == clock.now


async def test_a_cycle_may_be_named_but_never_twice_the_same(
    service: Service, org: Organisation
) -> None:
    first = await service.cycles.current(org.id)
    named = await service.cycles.start_next(
        CORA, org.id, replacing=first.id, label="  2027 after\u200b the   flood review "
    )
    assert named.label == "2027 after the flood review"
    with pytest.raises(CycleLabelTaken):
        await service.cycles.start_next(CORA, org.id, replacing=named.id, label="2026")
    same_year = await service.cycles.start_next(CORA, org.id, replacing=named.id)
    assert same_year.label == "2026-2"  # the clock still says 2026


async def test_a_second_press_or_a_second_coordinator_opens_no_second_cycle(
    service: Service, org: Organisation
) -> None:
    seen = await service.cycles.current(org.id)
    opened = await service.cycles.start_next(CORA, org.id, replacing=seen.id)

    with pytest.raises(StaleCycle) as refused:
        await service.cycles.start_next(ADMIN, org.id, replacing=seen.id)

    assert refused.value.current == opened
    assert len(await service.store.cycles(org.id)) == 2


async def test_only_coordinators_see_and_open_cycles(service: Service, org: Organisation) -> None:
    current = await service.cycles.current(org.id)
    with pytest.raises(AccessDenied):
        await service.cycles.overview(ANA, org.id)
    with pytest.raises(AccessDenied):
        await service.cycles.start_next(ANA, org.id, replacing=current.id)
    assert await service.cycles.start_next(None, org.id, replacing=current.id)  # command line


async def test_unchanged_records_last_cycle_s_score_and_carries_its_notes(
    service: Service, org: Organisation, clock: Clock
) -> None:
    old = await service.start(ANA, "mini")
    await service.answer(ANA, old.assessment.id, "a1", Score.IN_PLACE)
    for user_id, text in ((ANA, "Plan adopted in May."), (CORA, "Budget still missing.")):
        await service.begin_note(user_id, old.assessment.id, "a1")
        await service.save_note(user_id, text)
    await service.answer(ANA, old.assessment.id, "a2", Score.STARTED)
    current = await service.cycles.current(org.id)
    await service.cycles.start_next(CORA, org.id, replacing=current.id)
    new = (await service.start(BEN, "mini")).assessment.id
    clock.now = datetime(2027, 1, 2, tzinfo=UTC)

    step = await service.answer_unchanged(BEN, new, "a1")
    again = await service.answer_unchanged(BEN, new, "a1")  # a double tap

    kept = step.answers["a1"]
    assert (kept.score, kept.author_id) == (Score.IN_PLACE, BEN)
    # each note is carried along as its author's own, not the presser's
    assert [(n.text, n.author_id) for n in step.notes["a1"]] == [
        ("Plan adopted in May.", ANA),
        ("Budget still missing.", CORA),
    ]
    assert step.item is not None and step.item.id == "a2"
    assert again.answers == step.answers and again.notes == step.notes
    assert [(e.field, e.new, e.author_id) for e in await service.store.audit_log(new)] == [
        ("score", "2", BEN),
        ("note", "Plan adopted in May.", ANA),
        ("note", "Budget still missing.", CORA),
    ]
    with pytest.raises(NotFound):  # the cycle before had no score for it
        await service.answer_unchanged(BEN, new, "b1")
    await service.answer(ANA, new, "a2", Score.TESTED)
    with pytest.raises(StaleAnswer):  # answered since: a button does not overwrite it
        await service.answer_unchanged(BEN, new, "a2")
    assert (await service.store.answers(new))["a2"].score is Score.TESTED


async def test_unchanged_keeps_a_note_its_author_wrote_this_cycle(
    service: Service, org: Organisation
) -> None:
    old = (await service.start(ANA, "mini")).assessment.id
    await service.answer(ANA, old, "a1", Score.IN_PLACE)
    await service.begin_note(ANA, old, "a1")
    await service.save_note(ANA, "Old note.")
    current = await service.cycles.current(org.id)
    await service.cycles.start_next(CORA, org.id, replacing=current.id)
    new = (await service.start(BEN, "mini")).assessment.id
    await service.begin_note(ANA, new, "a1")
    await service.save_note(ANA, "New note.")

    step = await service.answer_unchanged(BEN, new, "a1")

    assert step.answers["a1"].score is Score.IN_PLACE
    assert [(n.text, n.author_id) for n in step.notes["a1"]] == [("New note.", ANA)]


async def test_the_note_of_a_forgotten_author_stays_with_the_cycle_before(
    service: Service, org: Organisation
) -> None:
    old = (await service.start(ANA, "mini")).assessment.id
    await service.answer(ANA, old, "a1", Score.IN_PLACE)
    await service.begin_note(ANA, old, "a1")
    await service.save_note(ANA, "Written by someone who left.")
    await service.forget(ANA)
    current = await service.cycles.current(org.id)
    await service.cycles.start_next(CORA, org.id, replacing=current.id)
    new = (await service.start(BEN, "mini")).assessment.id

    shown = await service.step(BEN, new)
    step = await service.answer_unchanged(BEN, new, "a1")

    # shown under the item as the cycle before's, without a name
    assert [(n.text, n.author_id) for n in shown.previous.notes["a1"]] == [
        ("Written by someone who left.", None)
    ]
    assert step.answers["a1"].score is Score.IN_PLACE
    assert "a1" not in step.notes  # nobody's note now: the press makes it no one's
