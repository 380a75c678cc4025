"""What a step of an assessment shows, read together: answers, notes, the notice of a new
edition (taken once), and the cycle before's answers with their notes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.editions import EditionChange
from bot.model import Role, Score
from bot.store import Store
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
