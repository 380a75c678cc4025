"""The inbox: each update recorded before Telegram is told it arrived, until it is handled.

An update's body is kept only until it is handled; its id and time stay a while longer, so that
a delivery repeated by Telegram is recognised, and the time of the last update can be reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.store.connection import Database, StoreError
from bot.store.marking import MARK_HANDLED
from bot.store.rows import timestamp


class NotRecorded(StoreError):
    """Updates could not be recorded (the database is locked or full): Telegram must keep
    them, and deliver them again."""


@dataclass(frozen=True)
class Recorded:
    """An update as the inbox holds it: Telegram's id and the JSON body received."""

    update_id: int
    body: str


@dataclass(frozen=True)
class Replay:
    """The updates to handle at start, and the ids given up after too many tries."""

    updates: list[Recorded]
    given_up: list[int]


@dataclass(frozen=True)
class InboxState:
    """What the inbox says about the flow of updates, for health checks."""

    last_received_at: datetime | None
    last_handled_at: datetime | None
    unhandled: int
    oldest_unhandled_at: datetime | None


class Inbox(Database):
    """Updates received, recorded in one statement per delivery, and marked once handled."""

    async def record_updates(self, updates: Sequence[Recorded], now: datetime) -> set[int]:
        """Record the updates not recorded before; return the ids of those that are new.

        One statement for the whole delivery, so a getUpdates batch costs one trip. Raises
        NotRecorded if the database cannot take them.
        """
        if not updates:
            return set()
        values = ", ".join("(?, ?, ?)" for _ in updates)
        at = timestamp(now)
        params = [value for u in updates for value in (u.update_id, u.body, at)]
        try:
            async with self._lone_statement():
                rows = await self._all(
                    f"INSERT INTO inbox (update_id, body, received_at) VALUES {values}"
                    " ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
                    params,
                )
        except StoreError as exc:
            raise NotRecorded(str(exc)) from exc
        return {int(row[0]) for row in rows}

    async def mark_handled(self, update_id: int, now: datetime) -> None:
        """The update was handled (it wrote nothing, or its writes failed): forget its body."""
        async with self._lone_statement():
            await self._db.execute(MARK_HANDLED, (timestamp(now), update_id))

    async def take_unhandled(self, now: datetime, max_retries: int) -> Replay:
        """The updates recorded but not handled, in order, to be handled now.

        One whose handling was begun again ``max_retries`` times after restarts, and never
        finished, is given up (marked handled): it may be what stops the bot each time.
        """
        async with self.transaction():
            given_up = await self._all(
                "UPDATE inbox SET handled_at = ?, body = NULL"
                " WHERE handled_at IS NULL AND retries >= ? RETURNING update_id",
                (timestamp(now), max_retries),
            )
            rows = await self._all(
                "SELECT update_id, body FROM inbox WHERE handled_at IS NULL ORDER BY update_id"
            )
        updates = [Recorded(int(row[0]), str(row[1])) for row in rows]
        return Replay(updates, sorted(int(row[0]) for row in given_up))

    async def count_retry(self, update_id: int) -> None:
        """Handling of an update left unhandled by an earlier run begins again."""
        async with self._lone_statement():
            await self._db.execute(
                "UPDATE inbox SET retries = retries + 1 WHERE update_id = ?", (update_id,)
            )

    async def prune_inbox(self, before: datetime) -> int:
        """Delete handled updates received before ``before`` (the newest one is kept)."""
        async with self.transaction():
            cursor = await self._db.execute(
                "DELETE FROM inbox WHERE handled_at IS NOT NULL AND received_at < ?"
                " AND received_at < (SELECT max(received_at) FROM inbox)",
                (timestamp(before),),
            )
            return cursor.rowcount

    async def last_update_id(self) -> int:
        """The highest update id recorded, 0 if none (the newest row outlives pruning)."""
        row = await self._one("SELECT coalesce(max(update_id), 0) AS last FROM inbox")
        assert row is not None
        return int(row["last"])

    async def inbox_state(self) -> InboxState:
        """The newest update received and handled, and how many wait since when (one query)."""
        row = await self._one(
            "SELECT (SELECT max(received_at) FROM inbox) AS received,"
            " (SELECT max(handled_at) FROM inbox) AS handled,"
            " count(*) AS unhandled, min(received_at) AS oldest"
            " FROM inbox WHERE handled_at IS NULL"
        )
        assert row is not None
        return InboxState(
            _when(row["received"]),
            _when(row["handled"]),
            int(row["unhandled"]),
            _when(row["oldest"]),
        )


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
