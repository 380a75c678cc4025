"""Migration 0003: every note kept in ``answers.note`` moves to its author, without loss."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bot.store import Store, migrations
from bot.store.migrations import statements

RITA, SAM, GONE = 20, 30, None
DAY = "2026-03-07T09:30:00+00:00"
LATER = "2026-03-08T10:00:00+00:00"


def _database_before_notes(path: Path) -> None:
    """A database at migration 0002 where Sam's note replaced Rita's, and Sam later scored."""
    with sqlite3.connect(path) as db:
        for number, _, sql in migrations():
            if number <= 2:
                for statement in statements(sql):
                    db.execute(statement)
        db.execute("PRAGMA user_version = 2")
        db.execute(
            "INSERT INTO organisations VALUES (1, 'Springfield', 'RESP234567', 'COOR234567', ?)",
            (DAY,),
        )
        for user, name in ((RITA, "Rita"), (SAM, "Sam")):
            db.execute("INSERT INTO users (id, first_name, created_at, last_seen_at)"
                       " VALUES (?, ?, ?, ?)", (user, name, DAY, DAY))  # fmt: skip
        db.execute("INSERT INTO assessments VALUES (1, 1, 'mini', '2026', ?)", (DAY,))
        answers = [
            ("a1", "3", "Sam's note", SAM, LATER),  # Rita scored; Sam's note replaced hers
            ("a2", None, "Rita's only note", RITA, DAY),  # a note without a score
            ("a3", "1", None, RITA, DAY),
        ]
        for item, score, note, author, at in answers:
            db.execute(
                "INSERT INTO answers VALUES (1, ?, ?, ?, ?, ?, 1)", (item, score, note, author, at)
            )
        log = [
            ("a1", "score", None, "3", RITA, DAY),
            ("a1", "note", None, "Rita's note", RITA, DAY),
            ("a1", "note", "Rita's note", "Sam's note", SAM, LATER),
            ("a2", "note", None, "Rita's only note", RITA, DAY),
            ("a3", "score", None, "1", RITA, DAY),
        ]
        for item, field, old, new, author, at in log:
            db.execute(
                "INSERT INTO answer_log (assessment_id, item_id, field, old, new, author_id, at)"
                " VALUES (1, ?, ?, ?, ?, ?, ?)",
                (item, field, old, new, author, at),
            )


async def test_notes_move_to_their_authors_and_the_answers_keep_who_scored(
    tmp_path: Path,
) -> None:
    path = tmp_path / "before.sqlite3"
    _database_before_notes(path)
    async with Store.open(path) as store:
        notes = await store.notes(1)
        found = {
            item: [(n.author_id, n.text, n.written_at.isoformat()) for n in item_notes]
            for item, item_notes in notes.items()
        }
        assert found == {
            "a1": [(SAM, "Sam's note", LATER)],  # its author is in the history, not the answer
            "a2": [(RITA, "Rita's only note", DAY)],
        }
        answers = await store.answers(1)
        assert sorted(answers) == ["a1", "a3"]  # a row that held only a note was no answer
        assert (answers["a1"].author_id, answers["a1"].answered_at.isoformat()) == (  # type: ignore[union-attr]
            RITA,
            DAY,
        )  # who scored, from the history: Sam's note had made him the row's author
        rows = await store._all("SELECT COUNT(*) FROM answers WHERE note IS NOT NULL")
        assert rows[0][0] == 0  # no second copy of a note outlives it
        history = await store.audit_log(1)
        assert [(e.field, e.new) for e in history] == [
            ("score", "3"),
            ("note", "Rita's note"),
            ("note", "Sam's note"),
            ("note", "Rita's only note"),
            ("score", "1"),
        ]
        assert all(e.old is None for e in history if e.field == "note")
        sams = await store.personal_data(SAM)
        assert "Rita's" not in repr(sams)  # his export holds his words only
        assert [n["text"] for n in sams["notes"]] == ["Sam's note"]

        await store.forget_user(RITA)
        texts = [e.new for e in await store.audit_log(1) if e.field == "note"]
        assert texts == [None, "Sam's note", None]
        assert [n.author_id for n in (await store.notes(1))["a2"]] == [None]


async def test_the_migration_is_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "before.sqlite3"
    _database_before_notes(path)
    async with Store.open(path) as store:
        await store.write_note(1, "a3", RITA, "Rita's new note", datetime(2026, 4, 1, tzinfo=UTC))
    async with Store.open(path) as store:
        assert len(await store.notes(1)) == 3
        assert await store.user_version() == migrations()[-1][0]
