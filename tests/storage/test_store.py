"""The SQLite store on a real database file: migrations, pragmas, upserts, audit log, evidence."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.model import (
    DEFAULT_KINDS,
    Answer,
    Assessment,
    AuditEvent,
    Evidence,
    Member,
    Note,
    Organisation,
    Pending,
    PendingKind,
    Role,
    Score,
    User,
)
from bot.store import AssessmentFacts, Store, migrations
from bot.store.rows import to_answer
from tests.support.rounds import rounds

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
ALICE, BOB = 101, 102


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "x.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(db_path)
    yield store
    await store.close()  # a no-op if the test closed it already


@pytest.fixture
async def assessment_id(store: Store) -> int:
    """An organisation with two members and one assessment of the ``demo`` checklist."""
    org = await store.create_organisation("Springfield", "RESP234567", "COOR234567", NOW)
    for user_id, name in ((ALICE, "Alice"), (BOB, "Bob")):
        await store.touch_user(user_id, name, NOW)
        await store.add_member(org.id, user_id, Role.RESPONDER, NOW)
    [cycle] = await rounds(store, org.id, NOW, "2026")
    return (await store.open_assessment(cycle, "demo", NOW)).id


# schema and connection


def test_migrations_are_numbered_from_one_each_number_once() -> None:
    # Numbers are reserved per line of work, so a gap (one not merged yet) is allowed.
    numbers = [number for number, _, _ in migrations()]

    assert numbers[0] == 1
    assert numbers == sorted(set(numbers))


async def test_a_new_database_gets_every_migration(store: Store) -> None:
    assert await store.user_version() == migrations()[-1][0]


async def test_reopening_applies_no_migration(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.store")
    first = await Store.open(db_path)
    await first.close()
    applied_first = [r.getMessage() for r in caplog.records]
    caplog.clear()

    second = await Store.open(db_path)
    try:
        assert await second.user_version() == migrations()[-1][0]
        assert await second.migrate() == migrations()[-1][0]
    finally:
        await second.close()

    assert applied_first == [f"applying migration {name}" for _, name, _ in migrations()]
    assert caplog.records == []


async def test_database_is_in_wal_mode(store: Store, db_path: Path) -> None:
    with sqlite3.connect(db_path) as other:
        (mode,) = other.execute("PRAGMA journal_mode").fetchone()

    assert mode == "wal"


async def test_foreign_keys_are_enforced(store: Store) -> None:
    await store.touch_user(ALICE, "Alice", NOW)

    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        await store.add_member(999, ALICE, Role.RESPONDER, NOW)

    assert await store.memberships(ALICE) == []


# members


async def test_invite_codes_name_the_role_they_grant(store: Store) -> None:
    org = await store.create_organisation("Springfield", "RESP234567", "COOR234567", NOW)

    assert await store.organisation_by_code("RESP234567") == (org, Role.RESPONDER)
    assert await store.organisation_by_code("COOR234567") == (org, Role.COORDINATOR)
    assert await store.organisation_by_code("NOPE234567") is None


async def test_a_coordinator_is_never_lowered_to_responder(store: Store) -> None:
    org = await store.create_organisation("Springfield", "RESP234567", "COOR234567", NOW)
    await store.touch_user(ALICE, "Alice", NOW)

    await store.add_member(org.id, ALICE, Role.COORDINATOR, NOW)
    member = await store.add_member(org.id, ALICE, Role.RESPONDER, NOW)

    assert member.role is Role.COORDINATOR


# answers and the audit log


async def test_the_same_score_twice_is_one_answer_and_one_audit_row(
    store: Store, assessment_id: int
) -> None:
    first = await store.record(assessment_id, "a", "score", "2", ALICE, NOW, 1)
    second = await store.record(assessment_id, "a", "score", "2", ALICE, NOW, 1)

    assert (first, second) == (True, False)
    assert await store.answers(assessment_id) == {
        "a": Answer("a", Score.IN_PLACE, ALICE, "Alice", NOW, 1)
    }
    assert len(await store.audit_log(assessment_id)) == 1


async def test_audit_log_records_old_new_and_author_of_each_change(
    store: Store, assessment_id: int
) -> None:
    later = NOW + timedelta(minutes=5)
    await store.record(assessment_id, "a", "score", "1", ALICE, NOW, 1)
    await store.record(assessment_id, "a", "score", "3", BOB, later, 1)
    await store.write_note(assessment_id, "a", ALICE, "Plan adopted.", later)
    await store.write_note(assessment_id, "a", BOB, "Plan adopted in May.", later)
    await store.write_note(assessment_id, "a", ALICE, "Plan adopted in March.", later)

    # A note's entry keeps the words its author wrote, never the colleague's it sat beside.
    assert await store.audit_log(assessment_id) == [
        AuditEvent(assessment_id, "a", "score", None, "1", ALICE, NOW),
        AuditEvent(assessment_id, "a", "score", "1", "3", BOB, later),
        AuditEvent(assessment_id, "a", "note", None, "Plan adopted.", ALICE, later),
        AuditEvent(assessment_id, "a", "note", None, "Plan adopted in May.", BOB, later),
        AuditEvent(assessment_id, "a", "note", None, "Plan adopted in March.", ALICE, later),
    ]


async def test_a_note_never_changes_the_answer_s_author(store: Store, assessment_id: int) -> None:
    later = NOW + timedelta(minutes=5)
    await store.record(assessment_id, "a", "score", "1", ALICE, NOW, 1)
    await store.write_note(assessment_id, "a", BOB, "Draft only.", later)

    assert (await store.answers(assessment_id))["a"] == Answer(
        "a", Score.STARTED, ALICE, "Alice", NOW, 1
    )


async def test_each_author_keeps_one_note_per_item(store: Store, assessment_id: int) -> None:
    later = NOW + timedelta(minutes=5)
    assert await store.write_note(assessment_id, "b", ALICE, "Ask the fire service.", NOW)
    assert await store.write_note(assessment_id, "b", BOB, "The fire service agreed.", NOW)
    assert await store.write_note(assessment_id, "b", ALICE, "Ask the fire chief.", later)
    assert not await store.write_note(assessment_id, "b", ALICE, "Ask the fire chief.", later)

    notes = (await store.notes(assessment_id))["b"]

    assert [(n.author_name, n.text, n.written_at) for n in notes] == [
        ("Bob", "The fire service agreed.", NOW),
        ("Alice", "Ask the fire chief.", later),
    ]
    assert await store.answers(assessment_id) == {}  # a note alone is not an answer


async def test_only_a_score_can_be_recorded(store: Store, assessment_id: int) -> None:
    with pytest.raises(ValueError, match="author_id"):
        await store.record(assessment_id, "a", "author_id", "1", ALICE, NOW, 1)


# evidence and pending notes


async def test_evidence_is_stored_once_per_file(store: Store, assessment_id: int) -> None:
    first = await store.add_evidence(
        assessment_id, "a", "document", "FILE-1", "UNIQ-1", "plan.pdf", ALICE, NOW
    )
    again = await store.add_evidence(
        assessment_id, "a", "document", "FILE-1-resent", "UNIQ-1", "plan.pdf", BOB, NOW
    )
    other = await store.add_evidence(
        assessment_id, "a", "photo", "FILE-2", "UNIQ-2", None, BOB, NOW
    )

    assert (first, again, other) == (True, False, True)
    kept = await store.evidence(assessment_id)
    assert [(e.item_id, e.kind, e.file_id, e.file_name, e.author_id) for e in kept] == [
        ("a", "document", "FILE-1", "plan.pdf", ALICE),
        ("a", "photo", "FILE-2", None, BOB),
    ]


async def test_pending_note_survives_closing_and_reopening(
    store: Store, assessment_id: int, db_path: Path
) -> None:
    await store.set_pending(ALICE, Pending(PendingKind.NOTE, assessment_id, "a"), NOW)
    await store.close()

    reopened = await Store.open(db_path)
    try:
        assert await reopened.pending(ALICE) == Pending(PendingKind.NOTE, assessment_id, "a")
        assert await reopened.pending(BOB) is None
        assert await reopened.clear_pending(ALICE) is True
        assert await reopened.clear_pending(ALICE) is False
        assert await reopened.pending(ALICE) is None
    finally:
        await reopened.close()


# opening with async with


def _wal(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-wal")


async def test_async_with_store_open_closes_the_database_at_the_end(db_path: Path) -> None:
    async with Store.open(db_path) as store:
        await store.touch_user(ALICE, "Alice", NOW)
        assert _wal(db_path).exists()

    assert not _wal(db_path).exists()  # SQLite folds its log in when the last connection closes
    with pytest.raises(ValueError):
        await store.user(ALICE)


async def test_async_with_store_open_closes_the_database_when_the_block_fails(
    db_path: Path,
) -> None:
    with pytest.raises(RuntimeError, match="interrupted"):
        async with Store.open(db_path) as store:
            await store.touch_user(ALICE, "Alice", NOW)
            raise RuntimeError("interrupted")

    assert not _wal(db_path).exists()
    async with Store.open(db_path) as reopened:
        assert await reopened.user(ALICE) == User(ALICE, "Alice", None)


# reading rows back into models


async def test_every_model_reads_back_with_every_field_as_written(
    store: Store, assessment_id: int
) -> None:
    (org,) = await store.organisations()
    assert org == Organisation(org.id, "Springfield", "RESP234567", "COOR234567")
    await store.set_language(ALICE, "fr")
    await store.set_current_org(ALICE, org.id)
    await store.set_current_assessment(ALICE, assessment_id)
    await store.record(assessment_id, "a", "score", "dk", ALICE, NOW, 1)
    await store.record(assessment_id, "a", "score", "dk", BOB, NOW, 2)
    await store.write_note(assessment_id, "a", BOB, "Ask the mayor.", NOW)
    await store.add_evidence(assessment_id, "a", "photo", "FILE-1", "UNIQ-1", None, BOB, NOW)
    await store.set_pending(ALICE, Pending(PendingKind.NOTE, assessment_id, "b"), NOW)
    await store.set_draft(ALICE, "Call +33 1 23 45 67 89.")

    assert await store.touch_user(ALICE, "Alicia", NOW) == User(
        ALICE, "Alicia", "fr", org.id, assessment_id
    )
    assert await store.members(org.id) == [
        Member(org.id, ALICE, Role.RESPONDER, "Alicia"),
        Member(org.id, BOB, Role.RESPONDER, "Bob"),
    ]
    cycle = await store.open_cycle(org.id)
    assert cycle is not None
    assessment = Assessment(assessment_id, org.id, "demo", "2026", NOW, cycle.id)
    facts = AssessmentFacts(assessment, True, True, DEFAULT_KINDS)
    assert await store.assessment_for(assessment_id, ALICE) == facts
    assert await store.assessment_for(assessment_id, 999) == facts._replace(member=False)
    answer = Answer("a", Score.DONT_KNOW, ALICE, "Alicia", NOW, 1)
    assert await store.answers(assessment_id) == {"a": answer}
    assert await store.notes(assessment_id) == {"a": [Note("a", "Ask the mayor.", BOB, "Bob", NOW)]}
    assert await store.answers_of([assessment_id]) == {assessment_id: {"a": answer}}
    assert (await store.audit_log(assessment_id))[-1] == AuditEvent(
        assessment_id, "a", "note", None, "Ask the mayor.", BOB, NOW
    )
    (evidence,) = await store.evidence(assessment_id)
    assert evidence == Evidence(evidence.id, assessment_id, "a", "photo", "FILE-1", None, BOB, NOW)
    assert await store.pending(ALICE) == Pending(
        PendingKind.NOTE, assessment_id, "b", "Call +33 1 23 45 67 89."
    )


async def test_a_row_is_read_by_column_name_whatever_the_order_of_the_columns(
    store: Store, assessment_id: int
) -> None:
    await store.record(assessment_id, "a", "score", "2", ALICE, NOW, 1)

    row = await store._one(
        "SELECT checklist_version, answered_at, NULL AS author_name, author_id, score,"
        " item_id FROM answers"
    )

    assert row is not None
    assert to_answer(row) == Answer("a", Score.IN_PLACE, ALICE, None, NOW, 1)
