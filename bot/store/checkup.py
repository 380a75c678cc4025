"""The database as an operator checks it: present, writable, whole, and how far migrated.

Nothing is changed: no migration runs, and the write test takes the write lock and gives it
back without writing.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from bot.store.connection import BUSY_TIMEOUT_MS
from bot.store.migrations import migrations


@dataclass(frozen=True)
class Checkup:
    """What was found; ``problem`` is empty when the database is fit to run on."""

    exists: bool
    schema: int = 0
    latest: int = 0
    journal_mode: str = ""
    size_bytes: int = 0
    problem: str = ""


async def check_database(path: Path, busy_seconds: float = BUSY_TIMEOUT_MS / 1000) -> Checkup:
    """Integrity, write access, journal mode and schema version of the database at ``path``."""
    return await asyncio.to_thread(_check, path, busy_seconds)


def _check(path: Path, busy_seconds: float) -> Checkup:
    latest = migrations()[-1][0]
    if not path.exists():
        folder = next((p for p in path.parents if p.exists()), Path("."))
        if not os.access(folder, os.W_OK):
            return Checkup(False, latest=latest, problem=f"cannot create {path}: read-only")
        return Checkup(False, latest=latest)
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=busy_seconds)
    except sqlite3.Error as exc:
        return Checkup(True, latest=latest, problem=str(exc))
    try:
        return _inspect(db, latest)
    except sqlite3.DatabaseError as exc:
        return Checkup(True, latest=latest, problem=str(exc))
    finally:
        db.close()


def _inspect(db: sqlite3.Connection, latest: int) -> Checkup:
    integrity = [row[0] for row in db.execute("PRAGMA integrity_check(5)")]
    schema = db.execute("PRAGMA user_version").fetchone()[0]
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    found = Checkup(True, schema, latest, mode, pages * page_size)
    if integrity != ["ok"]:
        return replace(found, problem="integrity: " + "; ".join(integrity))
    db.execute("BEGIN IMMEDIATE")  # the write lock, as an answer would take it
    db.execute("ROLLBACK")
    if schema > latest:
        return replace(found, problem=f"schema {schema} is newer than this release ({latest})")
    return found
