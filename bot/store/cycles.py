"""Cycles: an organisation's assessment rounds, exactly one of them open at a time."""

from __future__ import annotations

from datetime import datetime

from bot.model import Cycle, CycleLabelTaken, StaleCycle
from bot.store.connection import Database
from bot.store.rows import CYCLE, NEWEST_CYCLE_FIRST, timestamp, to_cycle


class Cycles(Database):
    """Rounds are opened on purpose; opening one closes the one before, in one transaction."""

    async def open_cycle(self, org_id: int) -> Cycle | None:
        """The organisation's current cycle, if it has one yet."""
        row = await self._one(f"{CYCLE} WHERE c.org_id = ? AND c.closed_at IS NULL", (org_id,))
        return to_cycle(row) if row else None

    async def cycle(self, cycle_id: int) -> Cycle | None:
        """The cycle with this id."""
        row = await self._one(f"{CYCLE} WHERE c.id = ?", (cycle_id,))
        return to_cycle(row) if row else None

    async def cycles(self, org_id: int) -> list[Cycle]:
        """The organisation's cycles, the newest (by when they were opened) first."""
        rows = await self._all(
            f"{CYCLE} WHERE c.org_id = ? ORDER BY {NEWEST_CYCLE_FIRST}", (org_id,)
        )
        return [to_cycle(row) for row in rows]

    async def first_cycle(self, org_id: int, label: str, now: datetime) -> Cycle:
        """The open cycle; one is opened (by nobody, labelled ``label``) if there is none."""
        async with self.transaction():
            await self._db.execute(
                "INSERT INTO cycles (org_id, label, opened_at) SELECT ?, ?, ?"
                " WHERE NOT EXISTS (SELECT 1 FROM cycles WHERE org_id = ? AND closed_at IS NULL)",
                (org_id, label, timestamp(now), org_id),
            )
        found = await self.open_cycle(org_id)
        assert found is not None
        return found

    async def start_cycle(
        self,
        org_id: int,
        label: str,
        opened_by: int | None,
        now: datetime,
        *,
        replacing: int,
        done_waiting: int | None = None,
    ) -> Cycle:
        """Close the open cycle ``replacing`` and open a new one labelled ``label``.

        StaleCycle if the open cycle is another one by now (a second press, a second
        coordinator): that one is not closed. CycleLabelTaken if the label is used already.
        ``done_waiting`` ends that user's wait (for the name) in the same transaction.
        """
        async with self.transaction():
            current = await self._one(
                f"{CYCLE} WHERE c.org_id = ? AND c.closed_at IS NULL", (org_id,)
            )
            if current is not None and current["id"] != replacing:
                raise StaleCycle(to_cycle(current))
            taken = await self._one(
                "SELECT 1 FROM cycles WHERE org_id = ? AND label = ?", (org_id, label)
            )
            if taken is not None:
                raise CycleLabelTaken(label)
            await self._db.execute(
                "UPDATE cycles SET closed_at = ? WHERE org_id = ? AND closed_at IS NULL",
                (timestamp(now), org_id),
            )
            cursor = await self._db.execute(
                "INSERT INTO cycles (org_id, label, opened_at, opened_by) VALUES (?, ?, ?, ?)",
                (org_id, label, timestamp(now), opened_by),
            )
            cycle_id = cursor.lastrowid
            if done_waiting is not None:
                await self._db.execute("DELETE FROM pending WHERE user_id = ?", (done_waiting,))
        found = await self.cycle(cycle_id or 0)
        assert found is not None
        return found
