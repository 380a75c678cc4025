"""The store's one aiosqlite connection: opening, pragmas, migrations, transactions and queries.

Every aggregate of the store builds on ``Database``; nothing else talks to aiosqlite directly.
The first write that commits while an update is being handled also marks it handled.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, Self, TypeVar
from urllib.parse import quote

import aiosqlite

from bot import metrics
from bot.store.marking import MARK_HANDLED, commit_marked, unmarked
from bot.store.migrations import migrations, statements
from bot.store.opening import Opening

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database could not do what was asked (locked, full, corrupt)."""


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn SQLite's operational failures (locked, full, I/O, corrupt) into StoreError."""
    try:
        yield
    except sqlite3.IntegrityError:
        raise
    except sqlite3.DatabaseError as exc:
        log.error("database error: %s", exc)
        metrics.DATABASE_ERRORS.labels(getattr(exc, "sqlite_errorname", type(exc).__name__)).inc()
        raise StoreError(str(exc)) from exc


T = TypeVar("T")


class Database:
    """One connection, its write lock, and the typed ways to query it."""

    def __init__(
        self, db: aiosqlite.Connection, path: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> None:
        self._db = db
        self.path = path
        self._lock = asyncio.Lock()
        self._busy_timeout_ms = busy_timeout_ms

    @classmethod
    def open(cls, path: Path | str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Opening[Self]:
        """Open (creating if needed) the database, apply migrations and check integrity.

        ``store = await Store.open(path)``, or ``async with Store.open(path) as store:`` to
        close it when the block ends, however it ends.
        """
        return Opening(lambda: cls._connect(path, busy_timeout_ms))

    @classmethod
    def peek(cls, path: Path | str) -> Opening[Self]:
        """Open an existing database only to look at it: no migration, no integrity check.

        For health checks, which must see the database as it is and stay cheap.
        """
        return Opening(lambda: cls._peek(path))

    @classmethod
    async def _peek(cls, path: Path | str) -> Self:
        # Checked first: aiosqlite's thread outlives a failed connect, and may then call into
        # an event loop that has closed.
        if not await asyncio.to_thread(os.path.isfile, path):
            raise StoreError(f"no database at {path}")
        uri = f"file:{quote(str(path))}?mode=rw"  # rw: an error, not a new file, if missing
        try:
            db = await aiosqlite.connect(uri, uri=True, isolation_level=None)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open {path}: {exc}") from exc
        db.row_factory = aiosqlite.Row
        store = cls(db, str(path))
        await store._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return store

    @classmethod
    async def _connect(cls, path: Path | str, busy_timeout_ms: int) -> Self:
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
                for statement in statements(sql):
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
            with storage_errors():
                await self._db.execute("BEGIN IMMEDIATE")
            try:
                with storage_errors():
                    yield
                    handling = unmarked()
                    if handling is not None:
                        await self._db.execute(MARK_HANDLED, (handling.at, handling.update_id))
                    await self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    await self._db.execute("ROLLBACK")
                raise
            if handling is not None:
                handling.marked = True

    @asynccontextmanager
    async def _lone_statement(self) -> AsyncIterator[None]:
        """Room for one write statement, which SQLite commits (or undoes) by itself.

        As safe as BEGIN IMMEDIATE ... COMMIT around it (the same locks, the same busy wait)
        without the two extra trips to aiosqlite's thread; the lock keeps the statement out of
        another coroutine's open transaction.
        """
        async with self._lock:
            with storage_errors():
                yield

    # Each trip to aiosqlite's thread costs about 30-40 us of CPU on both threads (a queue, a
    # wake-up, a future resolved in the event loop): a button press makes few of them, each
    # doing all that is read or written together there.
    async def _in_thread(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on the connection, in aiosqlite's thread, in one trip.

        aiosqlite has no public call for this: ``_execute`` is how each of its own methods
        queues its work, in order, on the thread that owns the connection.
        """
        db = self._db
        with storage_errors():
            result: T = await db._execute(work, db._conn)  # type: ignore[no-untyped-call]
        return result

    async def _atomically(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """One write transaction in one trip: BEGIN IMMEDIATE, ``work``, the mark of the update
        being handled (if not marked yet), COMMIT; or ROLLBACK, whatever ``work`` raised.

        Like ``transaction``, without a trip per statement; ``work`` runs in aiosqlite's
        thread, so it only reads and writes rows and decides on them.
        """
        async with self._lock:
            handling = unmarked()
            mark = (handling.at, handling.update_id) if handling is not None else None
            result = await self._in_thread(lambda db: commit_marked(db, work, mark))
        if handling is not None:
            handling.marked = True
        return result

    async def _one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        """The first row of a query (every caller selects by a key: one row at most)."""
        rows = await self._all(sql, params)
        return rows[0] if rows else None

    async def _all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        with storage_errors():
            return list(await self._db.execute_fetchall(sql, tuple(params)))

    async def _write(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one statement as its own transaction; return the last row id.

        The first write of an update goes in a transaction with the update's mark.
        """
        writing = self.transaction() if unmarked() else self._lone_statement()
        async with writing:
            cursor = await self._db.execute(sql, tuple(params))
            return cursor.lastrowid or 0
