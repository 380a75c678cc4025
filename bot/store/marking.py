"""The update being handled, which the first write that commits marks handled.

The processor names the update in a context variable while its handlers run; the store adds the
inbox's mark to the first transaction that commits then, so the write and the mark go together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from bot.store.rows import timestamp

T = TypeVar("T")


@dataclass
class Handling:
    """The update being handled now (its inbox row), and whether a commit has marked it."""

    update_id: int
    at: str  # when handling began, as stored
    marked: bool = False


_HANDLING: ContextVar[Handling | None] = ContextVar("handling", default=None)
MARK_HANDLED = "UPDATE inbox SET handled_at = ?, body = NULL WHERE update_id = ?"


@contextmanager
def handling_update(update_id: int, now: datetime) -> Iterator[Handling]:
    """While the block runs, the first write that commits marks this update handled.

    The mark commits with the update's first write, or not at all: a crash leaves the update
    either marked, with that write, or unmarked, without it, and then it is handled again.
    """
    handling = Handling(update_id, timestamp(now))
    token = _HANDLING.set(handling)
    try:
        yield handling
    finally:
        _HANDLING.reset(token)


def unmarked() -> Handling | None:
    """The update being handled, unless a commit has marked it already."""
    handling = _HANDLING.get()
    return handling if handling is not None and not handling.marked else None


def commit_marked(
    db: sqlite3.Connection,
    work: Callable[[sqlite3.Connection], T],
    mark: tuple[str, int] | None,
) -> T:
    """``work`` in a transaction with the update's mark (in aiosqlite's thread)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        result = work(db)
        if mark is not None:
            db.execute(MARK_HANDLED, mark)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return result
