"""The inbox on a real database file: recording once, marking with the update's own writes,
replaying what was not handled, and letting go of bodies and old rows."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.model import Role, Score, StaleAnswer
from bot.store import InboxState, Recorded, Store, handling_update
from tests.support.rounds import rounds

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
ALICE = 101


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "inbox.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(db_path)
    yield store
    await store.close()


def rows(db_path: Path) -> dict[int, tuple[Any, ...]]:
    """update_id -> (body, handled_at), read from a second connection."""
    with sqlite3.connect(db_path) as db:
        found = db.execute("SELECT update_id, body, handled_at FROM inbox ORDER BY update_id")
        return {row[0]: row[1:] for row in found}


def updates(*ids: int) -> list[Recorded]:
    return [Recorded(n, f'{{"update_id": {n}}}') for n in ids]


async def test_a_delivery_is_recorded_once_and_only_new_ids_are_returned(
    store: Store, db_path: Path
) -> None:
    assert await store.record_updates(updates(1, 2, 3), NOW) == {1, 2, 3}
    assert await store.record_updates(updates(2, 3, 4), NOW) == {4}
    assert await store.record_updates([], NOW) == set()

    assert rows(db_path) == {n: (f'{{"update_id": {n}}}', None) for n in (1, 2, 3, 4)}


async def test_the_first_write_of_an_update_marks_it_handled_in_the_same_transaction(
    store: Store, db_path: Path
) -> None:
    await store.record_updates(updates(7), NOW)
    with handling_update(7, NOW) as handling:
        await store.touch_user(ALICE, "Alice", NOW)  # seeing a user is not handling
        assert rows(db_path)[7][1] is None and not handling.marked
        await store.set_language(ALICE, "fr")
        assert handling.marked

    assert rows(db_path)[7] == (None, NOW.isoformat(timespec="seconds"))


async def test_a_write_that_fails_leaves_the_update_unmarked(store: Store, db_path: Path) -> None:
    org = await store.create_organisation("Springfield", "RESP234567", "COOR234567", NOW)
    await store.touch_user(ALICE, "Alice", NOW)
    await store.add_member(org.id, ALICE, Role.RESPONDER, NOW)
    [cycle] = await rounds(store, org.id, NOW, "2026")
    assessment = await store.open_assessment(cycle, "demo", NOW)
    await store.record(assessment.id, "i1", "score", Score.IN_PLACE.value, ALICE, NOW, 1)
    await store.record_updates(updates(8), NOW)

    with handling_update(8, NOW) as handling, pytest.raises(StaleAnswer):
        await store.record(
            assessment.id, "i1", "score", Score.STARTED.value, ALICE, NOW, 1, keep_other=True
        )

    assert not handling.marked
    assert rows(db_path)[8][1] is None  # the processor marks it once its handlers are done
    await store.mark_handled(8, NOW)
    assert rows(db_path)[8] == (None, NOW.isoformat(timespec="seconds"))


async def test_unhandled_updates_are_replayed_in_order_and_given_up_after_too_many_tries(
    store: Store,
) -> None:
    await store.record_updates(updates(3, 1, 2), NOW)
    await store.mark_handled(2, NOW)

    first = await store.take_unhandled(NOW, max_retries=2)
    assert [u.update_id for u in first.updates] == [1, 3] and first.given_up == []
    await store.count_retry(3)  # its handling began again, twice, and never finished
    await store.count_retry(3)
    again = await store.take_unhandled(NOW, max_retries=2)

    assert [u.update_id for u in again.updates] == [1] and again.given_up == [3]


async def test_pruning_keeps_unhandled_updates_recent_ones_and_the_newest(
    store: Store, db_path: Path
) -> None:
    old, recent = NOW - timedelta(days=3), NOW - timedelta(hours=1)
    await store.record_updates(updates(1, 2), old)
    await store.record_updates(updates(3), recent)
    for update_id in (1, 3):
        await store.mark_handled(update_id, recent)

    assert await store.prune_inbox(NOW - timedelta(days=2)) == 1
    assert sorted(rows(db_path)) == [2, 3]  # 2 was never handled

    await store.mark_handled(2, NOW)
    assert await store.prune_inbox(NOW) == 1
    assert sorted(rows(db_path)) == [3]  # the newest stays, for the time of the last update


async def test_the_inbox_state_tells_the_last_update_and_the_oldest_waiting(store: Store) -> None:
    empty = await store.inbox_state()
    assert empty == InboxState(None, None, 0, None)

    await store.record_updates(updates(1), NOW - timedelta(minutes=5))
    await store.record_updates(updates(2), NOW)
    await store.mark_handled(2, NOW)

    assert await store.inbox_state() == InboxState(NOW, NOW, 1, NOW - timedelta(minutes=5))


async def test_an_answer_and_the_mark_of_its_update_commit_together_in_one_transaction(
    store: Store, db_path: Path
) -> None:
    org = await store.create_organisation("Springfield", "RESP234567", "COOR234567", NOW)
    await store.touch_user(ALICE, "Alice", NOW)
    await store.add_member(org.id, ALICE, Role.RESPONDER, NOW)
    [cycle] = await rounds(store, org.id, NOW, "2026")
    assessment = await store.open_assessment(cycle, "demo", NOW)
    await store.record_updates(updates(9, 10), NOW)
    handled = NOW.isoformat(timespec="seconds")

    with handling_update(9, NOW) as handling:
        assert await store.record(assessment.id, "i1", "score", "2", ALICE, NOW, 1)
        assert handling.marked
    with handling_update(10, NOW) as again:  # the same answer again: unchanged, still handled
        assert not await store.record(assessment.id, "i1", "score", "2", ALICE, NOW, 1)
        assert again.marked

    assert rows(db_path)[9] == rows(db_path)[10] == (None, handled)
    assert [(e.item_id, e.old, e.new) for e in await store.audit_log(assessment.id)] == [
        ("i1", None, "2")
    ]
