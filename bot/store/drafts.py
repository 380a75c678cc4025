"""Drafts: what the bot waits for from a user (a note, an action's text...), kept in ``pending``."""

from __future__ import annotations

from datetime import datetime

from bot.model import Pending
from bot.store.connection import Database
from bot.store.rows import PENDING, timestamp, to_pending


class Drafts(Database):
    """What each user is writing, in the database so that a restart loses none."""

    async def set_pending(self, user_id: int, pending: Pending, now: datetime) -> None:
        """Wait for the user's next message as ``pending`` says (replacing any other wait)."""
        await self._write(
            "INSERT OR REPLACE INTO pending (user_id, kind, assessment_id, item_id, action_id,"
            " org_id, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                user_id,
                pending.kind.value,
                pending.assessment_id,
                pending.item_id,
                pending.action_id,
                pending.org_id,
                pending.version,
                timestamp(now),
            ),
        )

    async def pending(self, user_id: int) -> Pending | None:
        """What the bot waits for from the user, if anything."""
        row = await self._one(f"{PENDING} WHERE user_id = ?", (user_id,))
        return to_pending(row) if row else None

    async def set_draft(self, user_id: int, draft: str | None) -> None:
        """Hold (or drop) a note that waits for its author's confirmation."""
        await self._write("UPDATE pending SET draft = ? WHERE user_id = ?", (draft, user_id))

    async def clear_pending(self, user_id: int) -> bool:
        """Stop waiting; True if the bot was waiting."""
        async with self.transaction():
            cursor = await self._db.execute("DELETE FROM pending WHERE user_id = ?", (user_id,))
            return cursor.rowcount > 0
