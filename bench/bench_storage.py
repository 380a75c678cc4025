"""Part 5, storage: answers written per second through the service (WAL), and bytes per answer.

Baselines: the same upsert and audit row, one transaction per answer, on the same schema and
settings but without the service's checks: through aiosqlite (the bot's driver: each statement
a trip to its thread) and with the standard sqlite3 module (the floor).
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bench.figures import Figure, times
from bench.seed import Seat, expected_score, open_service, seed_responders
from bot.service import Service


async def _answer_all(service: Service, seats: list[Seat], concurrency: int) -> int:
    """Every seat answers every item its assessment asks (its checklist narrowed to the
    organisation's kinds of place); ``concurrency`` seats at a time."""
    queue = list(seats)
    written = 0

    async def worker() -> None:
        nonlocal written
        while queue:
            seat = queue.pop()
            asked = (await service.step(seat.user_id, seat.assessment_id)).checklist
            for item in asked.items:
                await service.answer(
                    seat.user_id, seat.assessment_id, item.id, expected_score(item.id)
                )
                written += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return written


_UPSERT = (
    "INSERT INTO answers (assessment_id, item_id, score, author_id, answered_at, checklist_version)"
    " VALUES (?, ?, '2', NULL, ?, 1) ON CONFLICT (assessment_id, item_id) DO UPDATE SET"
    " score = excluded.score, answered_at = excluded.answered_at"
)
_LOG = (
    "INSERT INTO answer_log (assessment_id, item_id, field, old, new, author_id, at)"
    " VALUES (?, ?, 'score', NULL, '2', NULL, ?)"
)
_SETUP = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL")


def _plain_rate(path: Path, n: int) -> float:
    """Upsert + audit row per transaction with the sqlite3 module."""
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in _SETUP:
        db.execute(pragma)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    aid = db.execute("SELECT min(id) FROM assessments").fetchone()[0]
    started = time.perf_counter()
    for k in range(n):
        db.execute("BEGIN IMMEDIATE")
        db.execute(_UPSERT, (aid, f"plain{k}", now))
        db.execute(_LOG, (aid, f"plain{k}", now))
        db.execute("COMMIT")
    rate = n / (time.perf_counter() - started)
    db.close()
    return rate


async def _aiosqlite_rate(path: Path, n: int) -> float:
    """The same through aiosqlite, as the bot's store talks to SQLite."""
    async with aiosqlite.connect(path, isolation_level=None) as db:
        for pragma in _SETUP:
            await db.execute(pragma)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = list(await db.execute_fetchall("SELECT min(id) FROM assessments"))
        aid = rows[0][0]
        started = time.perf_counter()
        for k in range(n):
            await db.execute("BEGIN IMMEDIATE")
            await db.execute(_UPSERT, (aid, f"aio{k}", now))
            await db.execute(_LOG, (aid, f"aio{k}", now))
            await db.execute("COMMIT")
        return n / (time.perf_counter() - started)


def _size(path: Path) -> int:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


async def measure(quick: bool) -> list[Figure]:
    """Answer every item of many assessments, one responder at a time and 20 at once."""
    orgs = 8 if quick else 40
    with tempfile.TemporaryDirectory(prefix="bench-storage-") as tmp:
        root = Path(tmp)
        rates = {}
        for concurrency in (1, 20):
            path = root / f"c{concurrency}.sqlite3"
            seats = await seed_responders(path, orgs, 3)  # each org: all three checklists
            empty = _size(path)
            async with open_service(path) as service:
                started = time.perf_counter()
                written = await _answer_all(service, seats, concurrency)
                rates[concurrency] = written / (time.perf_counter() - started)
            per_10k = (_size(path) - empty) / written * 10_000
        n = 2_000 if quick else 10_000
        aio = await _aiosqlite_rate(root / "c1.sqlite3", n)
        plain = await asyncio.to_thread(_plain_rate, root / "c1.sqlite3", n)
    baseline = f"aiosqlite {aio:.0f}/s, sqlite3 {plain:.0f}/s"
    return [
        Figure(
            "5 storage",
            f"answers written per second through the service, one at a time ({written} answers)",
            f"{rates[1]:.0f}/s",
            baseline=baseline,
            ratio=f"{times(rates[1] / aio)} ours/aiosqlite",
            note="each answer: access checks, stale check, upsert + audit row, next item",
        ),
        Figure(
            "5 storage",
            "answers written per second through the service, 20 responders at once",
            f"{rates[20]:.0f}/s",
            baseline=baseline,
            ratio=f"{times(rates[20] / aio)} ours/aiosqlite",
        ),
        Figure(
            "5 storage",
            "database size per 10,000 answers (answers + audit log + indexes)",
            f"{per_10k / 1e6:.2f} MB",
            baseline=f"{per_10k / 10_000:.0f} bytes per answer",
        ),
    ]
