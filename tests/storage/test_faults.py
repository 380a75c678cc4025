"""A locked or full database: a clear error, and nothing half-written."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.model import Role
from bot.store import Store, StoreError
from tests.support.rounds import rounds

NOW = datetime(2026, 11, 29, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """A store that gives up on a lock after 50 ms."""
    opened = await Store.open(tmp_path / "faults.sqlite3", busy_timeout_ms=50)
    yield opened
    await opened.close()


async def _assessment(store: Store) -> int:
    org = await store.create_organisation("Lyon", "R1", "C1", NOW)
    await store.touch_user(1, "Ana", NOW)
    await store.add_member(org.id, 1, Role.RESPONDER, NOW)
    [cycle] = await rounds(store, org.id, NOW, "2026")
    return (await store.open_assessment(cycle, "recovery", NOW)).id


async def test_a_locked_database_raises_store_error_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    assessment = await _assessment(store)
    other = sqlite3.connect(tmp_path / "faults.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            await store.record(assessment, "g14_a", "score", "2", 1, NOW, 1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert await store.answers(assessment) == {}
    assert await store.audit_log(assessment) == []
    assert await store.record(assessment, "g14_a", "score", "2", 1, NOW, 1)


async def test_a_full_database_raises_store_error_and_leaves_no_half_answer(
    store: Store, tmp_path: Path
) -> None:
    assessment = await _assessment(store)
    pages = await store._one("PRAGMA page_count")
    assert pages is not None
    await store._db.execute(f"PRAGMA max_page_count = {pages[0]}")
    with pytest.raises(StoreError, match="full"):
        for n in range(500):
            await store.write_note(assessment, f"item{n}", 1, "x" * 2000, NOW)
    notes = await store.notes(assessment)
    log = await store.audit_log(assessment)
    assert {(e.item_id, e.new) for e in log} == {(k, n.text) for k, [n] in notes.items()}
