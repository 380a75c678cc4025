"""The SQLite store: one aiosqlite connection per process, migrations, and every SQL statement.

It returns model objects; nothing outside this module writes SQL. Writes run in short
``BEGIN IMMEDIATE`` transactions so that a crash leaves either all of a change or none of it.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from bot.model import (
    Answer,
    Assessment,
    AuditEvent,
    Evidence,
    Member,
    Organisation,
    Pending,
    Role,
    Score,
    StaleAnswer,
    User,
)

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database could not do what was asked (locked, full, corrupt)."""


@contextmanager
def _storage_errors() -> Iterator[None]:
    """Turn SQLite's operational failures (locked, full, I/O, corrupt) into StoreError."""
    try:
        yield
    except sqlite3.IntegrityError:
        raise
    except sqlite3.DatabaseError as exc:
        log.error("database error: %s", exc)
        raise StoreError(str(exc)) from exc


def _ts(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def migrations() -> list[tuple[int, str, str]]:
    """The numbered migrations shipped with the package, in order: (number, name, sql)."""
    folder = resources.files("bot") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.name, entry.read_text("utf-8")))
    return sorted(found)


class Store:
    """Typed access to the database."""

    def __init__(
        self, db: aiosqlite.Connection, path: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> None:
        self._db = db
        self.path = path
        self._lock = asyncio.Lock()
        self._busy_timeout_ms = busy_timeout_ms

    @classmethod
    async def open(cls, path: Path | str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """Open (creating if needed) the database, apply migrations and check integrity."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path), isolation_level=None)
        db.row_factory = aiosqlite.Row
        store = cls(db, str(path), busy_timeout_ms)
        try:
            await store._configure()
            await store.migrate()
        except BaseException:
            await db.close()
            raise
        return store

    async def _configure(self) -> None:
        await self._db.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
        await self._db.execute("PRAGMA journal_mode = WAL")
        await self._db.execute("PRAGMA synchronous = NORMAL")
        await self._db.execute("PRAGMA foreign_keys = ON")
        row = await self._one("PRAGMA quick_check")
        if row is None or row[0] != "ok":
            raise StoreError(f"database integrity check failed: {row[0] if row else '?'}")

    async def close(self) -> None:
        """Close the connection."""
        await self._db.close()

    async def backup(self, target: Path) -> int:
        """Copy the database, consistently, with SQLite's online backup; return its page count.

        Safe while the bot runs: in WAL mode writers go on while the copy reads one snapshot.
        """
        with _storage_errors():
            return await asyncio.to_thread(_backup, self.path, target)

    async def user_version(self) -> int:
        """The number of the last migration applied."""
        row = await self._one("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        """Apply the migrations not yet applied; return the schema version."""
        version = await self.user_version()
        for number, name, sql in migrations():
            if number <= version:
                continue
            log.info("applying migration %s", name)
            async with self.transaction():
                for statement in _statements(sql):
                    await self._db.execute(statement)
                await self._db.execute(f"PRAGMA user_version = {number}")
            version = number
        return version

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """One write transaction, serialised with the others of this process.

        A locked, full or broken database raises StoreError and leaves nothing half-written.
        """
        async with self._lock:
            with _storage_errors():
                await self._db.execute("BEGIN IMMEDIATE")
            try:
                with _storage_errors():
                    yield
                    await self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    await self._db.execute("ROLLBACK")
                raise

    # One trip to aiosqlite's thread per query (execute, fetch and close there together): each
    # trip costs about 30 us of CPU, and a button press makes a dozen queries.
    async def _one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        """The first row of a query (every caller selects by a key: one row at most)."""
        rows = await self._all(sql, params)
        return rows[0] if rows else None

    async def _all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        with _storage_errors():
            return list(await self._db.execute_fetchall(sql, tuple(params)))

    async def _write(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one statement as its own transaction; return the last row id."""
        async with self._lone_statement():
            cursor = await self._db.execute(sql, tuple(params))
            return cursor.lastrowid or 0

    @asynccontextmanager
    async def _lone_statement(self) -> AsyncIterator[None]:
        """Room for one write statement, which SQLite commits (or undoes) by itself.

        As safe as BEGIN IMMEDIATE ... COMMIT around it (the same locks, the same busy wait)
        without the two extra trips to aiosqlite's thread; the lock keeps the statement out of
        another coroutine's open transaction.
        """
        async with self._lock:
            with _storage_errors():
                yield

    # users

    async def touch_user(self, user_id: int, first_name: str, now: datetime) -> User:
        """Create the user or refresh their name and last-seen time."""
        async with self._lone_statement():  # every update comes here: one trip, no re-read
            rows = await self._all(
                "INSERT INTO users (id, first_name, created_at, last_seen_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,"
                " last_seen_at = excluded.last_seen_at"
                " RETURNING id, first_name, language, current_org_id, current_assessment_id",
                (user_id, first_name, _ts(now), _ts(now)),
            )
        return User(*rows[0])

    async def user(self, user_id: int) -> User | None:
        """The user, if known."""
        row = await self._one(
            "SELECT id, first_name, language, current_org_id, current_assessment_id"
            " FROM users WHERE id = ?",
            (user_id,),
        )
        return User(*row) if row else None

    async def set_language(self, user_id: int, language: str | None) -> None:
        """Store the user's chosen language."""
        await self._write("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    async def set_current_org(self, user_id: int, org_id: int | None) -> None:
        """Remember which organisation the user works for now."""
        await self._write("UPDATE users SET current_org_id = ? WHERE id = ?", (org_id, user_id))

    async def set_current_assessment(self, user_id: int, assessment_id: int | None) -> None:
        """Remember which assessment the user works on now."""
        await self._write(
            "UPDATE users SET current_assessment_id = ? WHERE id = ?", (assessment_id, user_id)
        )

    # organisations and members

    async def create_organisation(
        self, name: str, responder_code: str, coordinator_code: str, now: datetime
    ) -> Organisation:
        """Create an organisation; StoreError if the name or a code is taken."""
        try:
            org_id = await self._write(
                "INSERT INTO organisations (name, responder_code, coordinator_code, created_at)"
                " VALUES (?, ?, ?, ?)",
                (name, responder_code, coordinator_code, _ts(now)),
            )
        except sqlite3.IntegrityError as exc:
            raise StoreError(str(exc)) from exc
        return Organisation(org_id, name, responder_code, coordinator_code)

    _ORG = "SELECT id, name, responder_code, coordinator_code FROM organisations"

    async def organisation(self, org_id: int) -> Organisation | None:
        """The organisation with this id."""
        row = await self._one(f"{self._ORG} WHERE id = ?", (org_id,))
        return Organisation(*row) if row else None

    async def organisation_by_name(self, name: str) -> Organisation | None:
        """The organisation with this name (case-insensitive)."""
        row = await self._one(f"{self._ORG} WHERE name = ?", (name,))
        return Organisation(*row) if row else None

    async def organisations(self, ids: Iterable[int] | None = None) -> list[Organisation]:
        """All organisations, or those with the given ids, by name."""
        rows = await self._all(f"{self._ORG} ORDER BY name")
        wanted = set(ids) if ids is not None else None
        return [Organisation(*r) for r in rows if wanted is None or r[0] in wanted]

    async def organisation_by_code(self, code: str) -> tuple[Organisation, Role] | None:
        """The organisation and the role an invite code grants."""
        row = await self._one(
            f"{self._ORG} WHERE responder_code = ? OR coordinator_code = ?", (code, code)
        )
        if row is None:
            return None
        org = Organisation(*row)
        role = Role.COORDINATOR if org.coordinator_code == code else Role.RESPONDER
        return org, role

    async def set_invite_code(self, org_id: int, role: Role, code: str) -> None:
        """Replace an organisation's invite code for a role."""
        column = "coordinator_code" if role is Role.COORDINATOR else "responder_code"
        await self._write(f"UPDATE organisations SET {column} = ? WHERE id = ?", (code, org_id))

    async def add_member(self, org_id: int, user_id: int, role: Role, now: datetime) -> Member:
        """Add a member, or raise a responder to coordinator (never the other way)."""
        await self._write(
            "INSERT INTO members (org_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (org_id, user_id) DO UPDATE SET role = CASE"
            " WHEN excluded.role = 'coordinator' THEN 'coordinator' ELSE members.role END",
            (org_id, user_id, role.value, _ts(now)),
        )
        member = await self.member(org_id, user_id)
        assert member is not None
        return member

    _MEMBER = (
        "SELECT m.org_id, m.user_id, m.role, u.first_name FROM members m"
        " JOIN users u ON u.id = m.user_id"
    )

    async def member(self, org_id: int, user_id: int) -> Member | None:
        """The user's membership of the organisation, if any."""
        row = await self._one(
            f"{self._MEMBER} WHERE m.org_id = ? AND m.user_id = ?", (org_id, user_id)
        )
        return Member(row[0], row[1], Role(row[2]), row[3]) if row else None

    async def memberships(self, user_id: int) -> list[Member]:
        """Every organisation the user belongs to."""
        rows = await self._all(f"{self._MEMBER} WHERE m.user_id = ? ORDER BY m.org_id", (user_id,))
        return [Member(r[0], r[1], Role(r[2]), r[3]) for r in rows]

    async def members(self, org_id: int) -> list[Member]:
        """The organisation's members, coordinators first."""
        rows = await self._all(
            f"{self._MEMBER} WHERE m.org_id = ? ORDER BY m.role, u.first_name", (org_id,)
        )
        return [Member(r[0], r[1], Role(r[2]), r[3]) for r in rows]

    async def remove_member(self, org_id: int, user_id: int) -> bool:
        """Remove a membership; True if there was one."""
        async with self.transaction():
            cursor = await self._db.execute(
                "DELETE FROM members WHERE org_id = ? AND user_id = ?", (org_id, user_id)
            )
            await self._db.execute(
                "UPDATE users SET current_org_id = NULL WHERE id = ? AND current_org_id = ?",
                (user_id, org_id),
            )
            return cursor.rowcount > 0

    # assessments and answers

    _ASSESSMENT = "SELECT id, org_id, checklist_id, cycle, created_at FROM assessments"

    def _assessment(self, row: aiosqlite.Row) -> Assessment:
        return Assessment(row[0], row[1], row[2], row[3], datetime.fromisoformat(row[4]))

    async def open_assessment(
        self, org_id: int, checklist_id: str, cycle: str, now: datetime
    ) -> Assessment:
        """The organisation's assessment of a checklist for a cycle, created if new."""
        await self._write(
            "INSERT OR IGNORE INTO assessments (org_id, checklist_id, cycle, created_at)"
            " VALUES (?, ?, ?, ?)",
            (org_id, checklist_id, cycle, _ts(now)),
        )
        row = await self._one(
            f"{self._ASSESSMENT} WHERE org_id = ? AND checklist_id = ? AND cycle = ?",
            (org_id, checklist_id, cycle),
        )
        assert row is not None
        return self._assessment(row)

    async def assessment_for(
        self, assessment_id: int, user_id: int
    ) -> tuple[Assessment, bool] | None:
        """The assessment, and whether the user is a member of its organisation (one query)."""
        row = await self._one(
            "SELECT a.id, a.org_id, a.checklist_id, a.cycle, a.created_at,"
            " m.user_id IS NOT NULL FROM assessments a"
            " LEFT JOIN members m ON m.org_id = a.org_id AND m.user_id = ? WHERE a.id = ?",
            (user_id, assessment_id),
        )
        return (self._assessment(row), bool(row[5])) if row else None

    async def assessment(self, assessment_id: int) -> Assessment | None:
        """The assessment with this id."""
        row = await self._one(f"{self._ASSESSMENT} WHERE id = ?", (assessment_id,))
        return self._assessment(row) if row else None

    async def assessments(self, org_id: int, checklist_id: str | None = None) -> list[Assessment]:
        """An organisation's assessments, newest cycle first."""
        rows = await self._all(
            f"{self._ASSESSMENT} WHERE org_id = ? AND (? IS NULL OR checklist_id = ?)"
            " ORDER BY cycle DESC, checklist_id",
            (org_id, checklist_id, checklist_id),
        )
        return [self._assessment(r) for r in rows]

    async def answers(self, assessment_id: int) -> dict[str, Answer]:
        """Every answer of an assessment, by item id."""
        rows = await self._all(
            "SELECT a.item_id, a.score, a.note, a.author_id, u.first_name, a.answered_at,"
            " a.checklist_version FROM answers a LEFT JOIN users u ON u.id = a.author_id"
            " WHERE a.assessment_id = ?",
            (assessment_id,),
        )
        return {
            r[0]: Answer(r[0], Score(r[1]) if r[1] else None, r[2], r[3], r[4], _dt(r[5]), r[6])
            for r in rows
        }

    async def record(
        self,
        assessment_id: int,
        item_id: str,
        field: str,
        value: str | None,
        author_id: int,
        now: datetime,
        checklist_version: int,
        *,
        keep_other: bool = False,
    ) -> bool:
        """Upsert an answer's 'score' or 'note' and log the change; False if unchanged.

        With ``keep_other``, a different score already saved is kept and StaleAnswer raised;
        the check and the write are one transaction, so no other answer can come in between.
        """
        if field not in ("score", "note"):
            raise ValueError(field)
        async with self.transaction():
            row = await self._one(
                f"SELECT {field} FROM answers WHERE assessment_id = ? AND item_id = ?",
                (assessment_id, item_id),
            )
            old = row[0] if row else None
            if row is not None and old == value:
                return False
            if keep_other and field == "score" and old is not None:
                raise StaleAnswer(item_id, Score(old))
            await self._db.execute(
                f"INSERT INTO answers (assessment_id, item_id, {field}, author_id, answered_at,"
                " checklist_version) VALUES (?, ?, ?, ?, ?, ?)"
                f" ON CONFLICT (assessment_id, item_id) DO UPDATE SET {field} = excluded.{field},"
                " author_id = excluded.author_id, answered_at = excluded.answered_at,"
                " checklist_version = excluded.checklist_version",
                (assessment_id, item_id, value, author_id, _ts(now), checklist_version),
            )
            await self._db.execute(
                "INSERT INTO answer_log (assessment_id, item_id, field, old, new, author_id, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (assessment_id, item_id, field, old, value, author_id, _ts(now)),
            )
            return True

    async def audit_log(self, assessment_id: int) -> list[AuditEvent]:
        """Every change to the assessment's answers, oldest first."""
        rows = await self._all(
            "SELECT assessment_id, item_id, field, old, new, author_id, at FROM answer_log"
            " WHERE assessment_id = ? ORDER BY id",
            (assessment_id,),
        )
        return [
            AuditEvent(r[0], r[1], r[2], r[3], r[4], r[5], datetime.fromisoformat(r[6]))
            for r in rows
        ]

    async def add_evidence(
        self,
        assessment_id: int,
        item_id: str,
        kind: str,
        file_id: str,
        file_unique_id: str,
        file_name: str | None,
        author_id: int,
        now: datetime,
    ) -> bool:
        """Keep a file as evidence for an item; False if that file was already kept."""
        async with self.transaction():
            cursor = await self._db.execute(
                "INSERT OR IGNORE INTO evidence (assessment_id, item_id, kind, file_id,"
                " file_unique_id, file_name, author_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    assessment_id,
                    item_id,
                    kind,
                    file_id,
                    file_unique_id,
                    file_name,
                    author_id,
                    _ts(now),
                ),
            )
            return cursor.rowcount > 0

    async def evidence(self, assessment_id: int) -> list[Evidence]:
        """Files kept as evidence for an assessment's items."""
        rows = await self._all(
            "SELECT id, assessment_id, item_id, kind, file_id, file_name, author_id, created_at"
            " FROM evidence WHERE assessment_id = ? ORDER BY id",
            (assessment_id,),
        )
        return [
            Evidence(r[0], r[1], r[2], r[3], r[4], r[5], r[6], datetime.fromisoformat(r[7]))
            for r in rows
        ]

    # what the bot waits for

    async def set_pending(self, user_id: int, pending: Pending, now: datetime) -> None:
        """Wait for the user's next text as a note."""
        await self._write(
            "INSERT OR REPLACE INTO pending (user_id, kind, assessment_id, item_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (user_id, pending.kind, pending.assessment_id, pending.item_id, _ts(now)),
        )

    async def pending(self, user_id: int) -> Pending | None:
        """What the bot waits for from the user, if anything."""
        row = await self._one(
            "SELECT kind, assessment_id, item_id, draft FROM pending WHERE user_id = ?", (user_id,)
        )
        return Pending(row[0], row[1], row[2], row[3]) if row else None

    async def set_draft(self, user_id: int, draft: str | None) -> None:
        """Hold (or drop) a note that waits for its author's confirmation."""
        await self._write("UPDATE pending SET draft = ? WHERE user_id = ?", (draft, user_id))

    async def clear_pending(self, user_id: int) -> bool:
        """Stop waiting; True if the bot was waiting."""
        async with self.transaction():
            cursor = await self._db.execute("DELETE FROM pending WHERE user_id = ?", (user_id,))
            return cursor.rowcount > 0

    # personal data

    async def personal_data(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row that names the user, table by table (for /mydata)."""
        queries = {
            "user": "SELECT id, first_name, language, created_at, last_seen_at FROM users"
            " WHERE id = ?",
            "memberships": "SELECT o.name AS organisation, m.role, m.joined_at FROM members m"
            " JOIN organisations o ON o.id = m.org_id WHERE m.user_id = ?",
            "answers": "SELECT o.name AS organisation, a.checklist_id, a.cycle, x.item_id,"
            " x.score, x.note, x.answered_at FROM answers x"
            " JOIN assessments a ON a.id = x.assessment_id"
            " JOIN organisations o ON o.id = a.org_id WHERE x.author_id = ?",
            "changes": "SELECT l.assessment_id, l.item_id, l.field, l.old, l.new, l.at"
            " FROM answer_log l WHERE l.author_id = ? ORDER BY l.id",
            "evidence": "SELECT assessment_id, item_id, kind, file_name, created_at FROM evidence"
            " WHERE author_id = ?",
        }
        found: dict[str, list[dict[str, Any]]] = {}
        for name, sql in queries.items():
            found[name] = [dict(row) for row in await self._all(sql, (user_id,))]
        return found

    async def forget_user(self, user_id: int) -> bool:
        """Delete the user's account and memberships; their answers stay, without their name."""
        async with self.transaction():
            cursor = await self._db.execute("DELETE FROM users WHERE id = ?", (user_id,))
            return cursor.rowcount > 0

    async def inactive_users(self, last_seen_before: datetime) -> list[int]:
        """Users not seen since a moment."""
        rows = await self._all(
            "SELECT id FROM users WHERE last_seen_at < ?", (_ts(last_seen_before),)
        )
        return [row[0] for row in rows]

    # reports over many organisations

    _IDS_PER_QUERY = 500  # well under SQLite's limit on parameters

    async def checklist_assessments(
        self, checklist_id: str, org_ids: Iterable[int]
    ) -> list[Assessment]:
        """The assessments of a checklist by some organisations, newest cycle first."""
        found: list[Assessment] = []
        ids = list(org_ids)
        for chunk in range(0, len(ids), self._IDS_PER_QUERY):
            part = ids[chunk : chunk + self._IDS_PER_QUERY]
            rows = await self._all(
                f"{self._ASSESSMENT} WHERE checklist_id = ?"
                f" AND org_id IN ({', '.join('?' * len(part))})",
                (checklist_id, *part),
            )
            found += [self._assessment(r) for r in rows]
        return sorted(found, key=lambda a: a.cycle, reverse=True)

    async def answers_of(self, assessment_ids: Iterable[int]) -> dict[int, dict[str, Answer]]:
        """Every answer of several assessments: ``{assessment id: {item id: answer}}``."""
        ids = list(assessment_ids)
        found: dict[int, dict[str, Answer]] = {i: {} for i in ids}
        for chunk in range(0, len(ids), self._IDS_PER_QUERY):
            part = ids[chunk : chunk + self._IDS_PER_QUERY]
            rows = await self._all(
                "SELECT a.assessment_id, a.item_id, a.score, a.note, a.author_id, u.first_name,"
                " a.answered_at, a.checklist_version FROM answers a"
                " LEFT JOIN users u ON u.id = a.author_id"
                f" WHERE a.assessment_id IN ({', '.join('?' * len(part))})",
                part,
            )
            for r in rows:
                score = Score(r[2]) if r[2] else None
                found[r[0]][r[1]] = Answer(r[1], score, r[3], r[4], r[5], _dt(r[6]), r[7])
        return found


def _backup(source: str, target: Path) -> int:
    """Copy ``source`` to ``target`` in one step, check it, and only then put it in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(partial)
    try:
        src.backup(dst, pages=-1)
        check = dst.execute("PRAGMA integrity_check").fetchone()
        pages = dst.execute("PRAGMA page_count").fetchone()
    finally:
        src.close()
        dst.close()
    if check != ("ok",):
        partial.unlink(missing_ok=True)
        raise StoreError(f"the copy failed its integrity check: {check}")
    partial.replace(target)  # the backup appears whole or not at all
    return int(pages[0])


def _statements(sql: str) -> list[str]:
    """Split a migration into complete statements (semicolons in comments are fine)."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
