"""Users and their memberships of organisations."""

from __future__ import annotations

from datetime import datetime

from bot.model import Member, Role, User
from bot.store.connection import Database
from bot.store.rows import MEMBER, USER, USER_COLUMNS, timestamp, to_member, to_user


class Users(Database):
    """Who uses the bot, what they work on now, and which organisations they belong to."""

    async def touch_user(
        self, user_id: int, first_name: str, now: datetime, telegram_language: str | None = None
    ) -> User:
        """Create the user or refresh their name, Telegram's language and last-seen time."""
        # Every update comes here: one trip, no re-read, and no mark of the update as handled
        # (seeing a user again is harmless to repeat, so it does not count as handling).
        async with self._lone_statement():
            rows = await self._all(
                "INSERT INTO users (id, first_name, telegram_language, created_at, last_seen_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " first_name = excluded.first_name, last_seen_at = excluded.last_seen_at,"
                " telegram_language = COALESCE(excluded.telegram_language, telegram_language)"
                f" RETURNING {USER_COLUMNS}",
                (user_id, first_name, telegram_language, timestamp(now), timestamp(now)),
            )
        return to_user(rows[0])

    async def user(self, user_id: int) -> User | None:
        """The user, if known."""
        row = await self._one(f"{USER} WHERE id = ?", (user_id,))
        return to_user(row) if row else None

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

    async def add_member(self, org_id: int, user_id: int, role: Role, now: datetime) -> Member:
        """Add a member, or raise a responder to coordinator (never the other way)."""
        async with self.transaction():
            await self._db.execute(
                "INSERT INTO members (org_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (org_id, user_id) DO UPDATE SET role = CASE"
                " WHEN excluded.role = 'coordinator' THEN 'coordinator' ELSE members.role END",
                (org_id, user_id, role.value, timestamp(now)),
            )
            await self._db.execute(
                "DELETE FROM removals WHERE org_id = ? AND user_id = ?", (org_id, user_id)
            )
        member = await self.member(org_id, user_id)
        assert member is not None
        return member

    async def member(self, org_id: int, user_id: int) -> Member | None:
        """The user's membership of the organisation, if any."""
        row = await self._one(f"{MEMBER} WHERE m.org_id = ? AND m.user_id = ?", (org_id, user_id))
        return to_member(row) if row else None

    async def memberships(self, user_id: int) -> list[Member]:
        """Every organisation the user belongs to."""
        rows = await self._all(f"{MEMBER} WHERE m.user_id = ? ORDER BY m.org_id", (user_id,))
        return [to_member(row) for row in rows]

    async def members(self, org_id: int) -> list[Member]:
        """The organisation's members, coordinators first."""
        rows = await self._all(
            f"{MEMBER} WHERE m.org_id = ? ORDER BY m.role, u.first_name", (org_id,)
        )
        return [to_member(row) for row in rows]

    async def remove_member(self, org_id: int, user_id: int, now: datetime) -> bool:
        """Remove a membership, remembering the removal; True if there was one."""
        async with self.transaction():
            cursor = await self._db.execute(
                "DELETE FROM members WHERE org_id = ? AND user_id = ?", (org_id, user_id)
            )
            if cursor.rowcount > 0:
                await self._db.execute(
                    "INSERT OR REPLACE INTO removals (org_id, user_id, removed_at)"
                    " VALUES (?, ?, ?)",
                    (org_id, user_id, timestamp(now)),
                )
            await self._db.execute(
                "UPDATE users SET current_org_id = NULL WHERE id = ? AND current_org_id = ?",
                (user_id, org_id),
            )
            return cursor.rowcount > 0

    async def was_removed(self, org_id: int, user_id: int) -> bool:
        """Whether the user was a member of the organisation and was removed from it."""
        row = await self._one(
            "SELECT 1 FROM removals WHERE org_id = ? AND user_id = ?", (org_id, user_id)
        )
        return row is not None
