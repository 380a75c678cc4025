"""What a step of an assessment shows, read together: answers, notes, the notice of a new
edition (taken once), and the cycle before's answers with their notes; and an answer recorded
with the step after it, in one transaction with its update's mark."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.editions import EditionChange
from bot.model import Role, Score, StaleAnswer
from bot.store import Recorded, Store, handling_update
from tests.support.rounds import rounds

THEN = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
NOW = THEN + timedelta(days=365)
ANA, BEN = 101, 102


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / "steps.sqlite3")
    yield store
    await store.close()


async def test_a_step_reads_answers_notes_the_notice_once_and_the_cycle_before(
    store: Store,
) -> None:
    org = await store.create_organisation("Springfield", "RESP234567", "COOR234567", THEN)
    for user, name in ((ANA, "Ana"), (BEN, "Ben")):
        await store.touch_user(user, name, THEN)
        await store.add_member(org.id, user, Role.RESPONDER, THEN)
    earlier_cycle, cycle = await rounds(store, org.id, THEN, "2025", "2026")
    earlier = await store.open_assessment(earlier_cycle, "demo", THEN)
    await store.record(earlier.id, "i1", "score", "1", BEN, THEN, 1)
    await store.write_note(earlier.id, "i1", BEN, "Only in Spanish.", THEN)
    current = await store.open_assessment(cycle, "demo", NOW)
    await store.record(current.id, "i2", "score", "3", ANA, NOW, 1)
    await store.write_note(current.id, "i2", ANA, "Tested in May.", NOW)
    await store.write_note(current.id, "i2", BEN, "And in June.", NOW + timedelta(hours=1))
    assert await store.move_to_edition(current.id, 1, 2, EditionChange(3, 1, 0))

    state = await store.step_state(ANA, current.id)
    again = await store.step_state(ANA, current.id)
    ben = await store.step_state(BEN, current.id)

    assert {item: a.score for item, a in state.answers.items()} == {"i2": Score.TESTED}
    assert [(n.author_name, n.text) for n in state.notes["i2"]] == [
        ("Ana", "Tested in May."),
        ("Ben", "And in June."),
    ]
    assert state.notice is not None and state.notice.new_items == 3
    assert again.notice is None and ben.notice == state.notice  # each member told once
    assert state.previous.cycle == "2025" and state.previous.assessment_id == earlier.id
    assert state.previous.answers["i1"].score is Score.STARTED
    assert [n.text for n in state.previous.notes["i1"]] == ["Only in Spanish."]
    assert again.answers == state.answers and again.previous == state.previous


async def test_a_first_cycle_has_no_previous_answers_nor_notes(store: Store) -> None:
    org = await store.create_organisation("Springfield", "RESP234567", "COOR234567", NOW)
    await store.touch_user(ANA, "Ana", NOW)
    await store.add_member(org.id, ANA, Role.RESPONDER, NOW)
    [cycle] = await rounds(store, org.id, NOW, "2026")
    current = await store.open_assessment(cycle, "demo", NOW)

    state = await store.step_state(ANA, current.id)

    assert state.answers == {} and state.notes == {} and state.notice is None
    assert state.previous == (None, {}, None, {})


async def test_an_answer_and_the_step_after_it_are_one_transaction_with_the_mark(
    store: Store, tmp_path: Path
) -> None:
    org = await store.create_organisation("Springfield", "RESP234567", "COOR234567", NOW)
    await store.touch_user(ANA, "Ana", NOW)
    await store.add_member(org.id, ANA, Role.RESPONDER, NOW)
    [cycle] = await rounds(store, org.id, NOW, "2026")
    current = await store.open_assessment(cycle, "demo", NOW)
    await store.write_note(current.id, "i1", ANA, "Asked the mayor.", NOW)
    assert await store.move_to_edition(current.id, 1, 2, EditionChange(1, 0, 0))
    await store.record_updates([Recorded(7, '{"update_id": 7}')], NOW)

    with handling_update(7, NOW) as handling:
        state = await store.record_and_step(ANA, current.id, "i1", "2", NOW, 2)
        assert handling.marked

    assert {item: (a.score, a.author_name) for item, a in state.answers.items()} == {
        "i1": (Score.IN_PLACE, "Ana")
    }
    assert [n.text for n in state.notes["i1"]] == ["Asked the mayor."]
    assert state.notice is not None and (await store.step_state(ANA, current.id)).notice is None
    assert await store.answers(current.id) == state.answers
    assert [(e.field, e.old, e.new) for e in await store.audit_log(current.id)][-1] == (
        "score",
        None,
        "2",
    )
    with sqlite3.connect(tmp_path / "steps.sqlite3") as db:
        assert db.execute("SELECT handled_at FROM inbox WHERE update_id = 7").fetchone()[0]


async def test_a_stale_press_writes_nothing_and_reads_no_step(store: Store) -> None:
    org = await store.create_organisation("Springfield", "RESP234567", "COOR234567", NOW)
    for user, name in ((ANA, "Ana"), (BEN, "Ben")):
        await store.touch_user(user, name, NOW)
        await store.add_member(org.id, user, Role.RESPONDER, NOW)
    [cycle] = await rounds(store, org.id, NOW, "2026")
    current = await store.open_assessment(cycle, "demo", NOW)
    await store.record_and_step(BEN, current.id, "i1", "3", NOW, 1)
    await store.record_updates([Recorded(8, '{"update_id": 8}')], NOW)

    with handling_update(8, NOW) as handling, pytest.raises(StaleAnswer) as stale:
        await store.record_and_step(ANA, current.id, "i1", "0", NOW, 1, keep_other=True)
    with pytest.raises(StaleAnswer):  # a change from a page that showed another answer
        await store.record_and_step(
            ANA, current.id, "i1", "0", NOW, 1, accept=lambda now: now.score is None
        )
    same = await store.record_and_step(ANA, current.id, "i1", "3", NOW, 1, keep_other=True)

    assert stale.value.current.author_name == "Ben" and not handling.marked
    assert same.answers["i1"].author_id == BEN  # the same answer again changes nothing
    assert [(e.author_id, e.new) for e in await store.audit_log(current.id)] == [(BEN, "3")]
