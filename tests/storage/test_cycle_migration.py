"""A database of the previous release (schema 2) brought through every migration since, in order
(0003 notes, 0004 cycles and actions, 0005 inbox, 0006 editions, 0007 reminders): every answer,
note, file and wait kept; each organisation's cycle labels become its cycles, the newest open;
and reports of the earlier cycles still read with their change per Guideline."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.model import Note, Pending, PendingKind, Score
from bot.service import Service
from bot.store import Store, migrations
from bot.store.migrations import statements
from tests.support.database import snapshot
from tests.support.report_world import MINI, NOW

BEFORE = 2  # the schema of the previous release: 0001 and 0002
LYON, NICE, EMPTY = 1, 2, 3
ANA, BEN = 11, 12


def _old_database(path: Path) -> None:
    """Lyon answered in 2025 and 2026, Nice only in 2026, Empty never; a note is being written."""
    db = sqlite3.connect(path)
    for number, _, sql in migrations():
        if number <= BEFORE:
            for statement in statements(sql):
                db.execute(statement)
    db.execute(f"PRAGMA user_version = {BEFORE}")
    db.executescript(
        """
        INSERT INTO organisations VALUES
            (1, 'Lyon', 'LR', 'LC', '2024-05-01T08:00:00+00:00'),
            (2, 'Nice', 'NR', 'NC', '2024-05-01T08:00:00+00:00'),
            (3, 'Empty', 'ER', 'EC', '2024-05-01T08:00:00+00:00');
        INSERT INTO users VALUES
            (11, 'Ana', 'fr', 1, 2, '2025-01-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00'),
            (12, 'Ben', NULL, 2, NULL, '2025-01-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00');
        INSERT INTO members VALUES
            (1, 11, 'responder', '2025-01-01T00:00:00+00:00'),
            (1, 12, 'coordinator', '2025-01-01T00:00:00+00:00'),
            (2, 12, 'coordinator', '2025-01-01T00:00:00+00:00');
        INSERT INTO assessments VALUES
            (1, 1, 'mini', '2025', '2025-02-03T10:00:00+00:00'),
            (2, 1, 'mini', '2026', '2026-01-05T10:00:00+00:00'),
            (3, 1, 'other', '2026', '2026-02-01T10:00:00+00:00'),
            (4, 2, 'mini', '2026', '2026-01-20T10:00:00+00:00');
        INSERT INTO answers VALUES
            (1, 'a1', '1', NULL, 11, '2025-02-03T10:05:00+00:00', 1),
            (1, 'b1', '0', 'No plan yet.', 11, '2025-02-03T10:06:00+00:00', 1),
            (2, 'a1', '3', 'Tested in May.', 11, '2026-01-05T10:05:00+00:00', 1),
            (2, 'b1', '2', NULL, 11, '2026-01-05T10:06:00+00:00', 1),
            (4, 'a1', 'dk', NULL, 12, '2026-01-20T10:05:00+00:00', 1);
        INSERT INTO answer_log (assessment_id, item_id, field, old, new, author_id, at) VALUES
            (2, 'a1', 'score', NULL, '3', 11, '2026-01-05T10:05:00+00:00'),
            (1, 'b1', 'note', NULL, 'No plan yet.', 12, '2025-02-04T09:00:00+00:00');
        INSERT INTO evidence (assessment_id, item_id, kind, file_id, file_unique_id, file_name,
            author_id, created_at) VALUES
            (2, 'a1', 'document', 'F1', 'U1', 'plan.pdf', 11, '2026-01-05T10:07:00+00:00');
        INSERT INTO pending VALUES (11, 'note', 2, 'b1', '2026-03-01T00:00:00+00:00', 'draft');
        """
    )
    db.commit()
    db.close()


@pytest.fixture
async def migrated(tmp_path: Path) -> tuple[Store, dict[str, set[tuple[object, ...]]]]:
    path = tmp_path / "old.sqlite3"
    _old_database(path)
    before = snapshot(path)
    store = await Store.open(path)
    return store, before


def _schema(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


async def test_every_migration_since_the_previous_release_applies_in_order(
    migrated: tuple[Store, dict[str, set[tuple[object, ...]]]],
) -> None:
    store, _ = migrated
    assert await store.user_version() == migrations()[-1][0]
    assert [number for number, _, _ in migrations() if number > BEFORE] == [3, 4, 5, 6, 7]
    assert _schema(Path(store.path), "assessments") == [
        "id", "org_id", "checklist_id", "cycle", "created_at", "cycle_id", "checklist_version",
        "quick",
    ]  # fmt: skip
    await store.close()


async def test_every_row_of_before_is_kept(
    migrated: tuple[Store, dict[str, set[tuple[object, ...]]]],
) -> None:
    store, before = migrated
    after = snapshot(Path(store.path))
    for table in ("organisations", "users", "members", "answer_log", "evidence"):
        assert after[table] == before[table], table
    # each assessment: + its cycle, the edition its answers were given under, not a quick check
    assert {row[:5] for row in after["assessments"]} == before["assessments"]
    assert {row[6:] for row in after["assessments"]} == {(1, 0)}
    # answers keep their scores; their notes moved to the notes of their authors (0003)
    assert {(*row[:3], *row[4:]) for row in after["answers"]} == {
        (*row[:3], *row[4:]) for row in before["answers"]
    }
    assert after["notes"] == {
        (1, 1, "b1", 12, "No plan yet.", "2025-02-04T09:00:00+00:00"),  # its author, from the log
        (2, 2, "a1", 11, "Tested in May.", "2026-01-05T10:05:00+00:00"),
    }
    for table in ("actions", "action_log", "action_evidence", "inbox", "removals"):
        assert table not in before and not after.get(table), table
    assert [u.telegram_language for u in (await store.user(ANA), await store.user(BEN)) if u] == [
        None,
        None,
    ]
    await store.close()


async def test_pending_keeps_every_column_it_had_before_cycles_rebuilt_it(tmp_path: Path) -> None:
    """0004 rebuilds ``pending``: each column the migrations before it gave it must survive."""
    path = tmp_path / "three.sqlite3"
    db = sqlite3.connect(path)
    for number, _, sql in migrations():
        if number < 4:
            for statement in statements(sql):
                db.execute(statement)
    db.commit()
    db.close()
    earlier = _schema(path, "pending")
    store = await Store.open(tmp_path / "new.sqlite3")
    await store.close()
    assert set(earlier) <= set(_schema(tmp_path / "new.sqlite3", "pending"))


async def test_labels_become_cycles_the_newest_open_each_closed_when_the_next_opened(
    migrated: tuple[Store, dict[str, set[tuple[object, ...]]]],
) -> None:
    store, _ = migrated
    lyon = await store.cycles(LYON)
    nice = await store.cycles(NICE)
    assert [(c.label, c.opened_at.isoformat(), c.is_open) for c in lyon] == [
        ("2026", "2026-01-05T10:00:00+00:00", True),
        ("2025", "2025-02-03T10:00:00+00:00", False),
    ]
    assert lyon[1].closed_at == lyon[0].opened_at
    assert [(c.label, c.is_open) for c in nice] == [("2026", True)]
    assert await store.cycles(EMPTY) == []
    assessments = await store.assessments(LYON)
    assert [(a.id, a.cycle_id) for a in assessments] == [
        (2, lyon[0].id),
        (3, lyon[0].id),
        (1, lyon[1].id),
    ]
    await store.close()


async def test_a_note_being_written_is_still_awaited(
    migrated: tuple[Store, dict[str, set[tuple[object, ...]]]],
) -> None:
    store, _ = migrated
    assert await store.pending(ANA) == Pending(PendingKind.NOTE, 2, "b1", "draft")
    await store.close()


async def test_the_open_cycle_takes_answers_and_reports_keep_their_change(
    migrated: tuple[Store, dict[str, set[tuple[object, ...]]]],
) -> None:
    store, _ = migrated
    service = Service(store, {"mini": MINI}, clock=lambda: NOW)
    step = await service.start(ANA, "mini")
    assert step.assessment.id == 2  # Lyon's 2026 assessment, continued
    assert step.previous.cycle == "2025" and step.previous.answers["b1"].score is Score.NOT_IN_PLACE
    assert step.previous.notes["b1"] == [
        Note("b1", "No plan yet.", BEN, "Ben", datetime(2025, 2, 4, 9, tzinfo=UTC))
    ]
    now = await service.reporting.build_report(None, LYON, "mini")
    assert (now.cycle, now.previous_cycle) == ("2026", "2025")
    g1 = now.guideline(1)
    assert g1 is not None and g1.change == pytest.approx(2 / 3)
    earlier = await service.reporting.build_report(None, LYON, "mini", "2025")
    assert (earlier.cycle, earlier.previous_cycle) == ("2025", None)
    assert {r.item.id: r.answer.score for r in earlier.annex if r.answer} == {
        "a1": Score.STARTED,
        "b1": Score.NOT_IN_PLACE,
    }
    empty = await service.cycles.current(EMPTY)
    assert (empty.label, empty.is_open) == ("2026", True)  # opened when first needed, by the clock
    await store.close()
