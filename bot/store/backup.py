"""Backup: a consistent copy of the live database, checked before it is put in place."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.store.connection import Database, StoreError, storage_errors


class Backup(Database):
    """SQLite's online backup, run in a worker thread."""

    async def backup(self, target: Path) -> int:
        """Copy the database, consistently, with SQLite's online backup; return its page count.

        Safe while the bot runs: in WAL mode writers go on while the copy reads one snapshot.
        """
        with storage_errors():
            return await asyncio.to_thread(_backup, self.path, target)


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
