"""The bot's database file read as another process would: every row, integrity, version."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

# What every update refreshes (when the user was last seen, the language Telegram reports), and
# when Telegram last said the user blocked the bot: not writes the user caused.
VOLATILE = {"users": {"last_seen_at", "telegram_language", "blocked_at"}}
# Every update is recorded in the inbox and marked handled: not a write the user caused either.
TRANSPORT = {"inbox"}
Snapshot = dict[str, set[tuple[Any, ...]]]


def snapshot(database: Path) -> Snapshot:
    """Every row of every table (volatile columns left out), read from a second connection."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            if row[0] not in TRANSPORT
        ]
        found: Snapshot = {}
        for table in tables:
            columns = [
                row[1]
                for row in db.execute(f"PRAGMA table_info({table})")
                if row[1] not in VOLATILE.get(table, set())
            ]
            found[table] = set(db.execute(f"SELECT {', '.join(columns)} FROM {table}"))
    return found


def changed_tables(before: Snapshot, after: Snapshot) -> set[str]:
    """The tables whose rows differ between two snapshots."""
    return {
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    }


def integrity(database: Path) -> str:
    """PRAGMA integrity_check of a database file."""
    with sqlite3.connect(database) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def user_version(database: Path) -> int:
    """PRAGMA user_version of a database file."""
    with sqlite3.connect(database) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
