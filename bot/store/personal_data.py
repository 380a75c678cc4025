"""Personal data: everything that names a user (for /mydata), forgetting them, and retention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.model import Owner, OwnerKind
from bot.store.action_rows import owner_value
from bot.store.connection import Database
from bot.store.rows import timestamp

# Every table that names a user, and how to read it for them: what they wrote and what is about
# them, never a colleague's words (a note change keeps only the text its author wrote).
_PERSONAL_DATA = {
    "user": "SELECT id, first_name, language, telegram_language, created_at, last_seen_at,"
    " blocked_at FROM users WHERE id = ?",
    "memberships": "SELECT o.name AS organisation, m.role, m.joined_at FROM members m"
    " JOIN organisations o ON o.id = m.org_id WHERE m.user_id = ?",
    "removals": "SELECT o.name AS organisation, r.removed_at FROM removals r"
    " JOIN organisations o ON o.id = r.org_id WHERE r.user_id = ?",
    "answers": "SELECT o.name AS organisation, a.checklist_id, a.cycle, x.item_id,"
    " x.score, x.answered_at FROM answers x"
    " JOIN assessments a ON a.id = x.assessment_id"
    " JOIN organisations o ON o.id = a.org_id WHERE x.author_id = ?",
    "notes": "SELECT o.name AS organisation, a.checklist_id, a.cycle, n.item_id, n.text,"
    " n.written_at FROM notes n JOIN assessments a ON a.id = n.assessment_id"
    " JOIN organisations o ON o.id = a.org_id WHERE n.author_id = ? ORDER BY n.id",
    "changes": "SELECT l.assessment_id, l.item_id, l.field,"
    " CASE WHEN l.field = 'note' THEN NULL ELSE l.old END AS old, l.new, l.at"
    " FROM answer_log l WHERE l.author_id = ? ORDER BY l.id",
    "evidence": "SELECT assessment_id, item_id, kind, file_name, created_at FROM evidence"
    " WHERE author_id = ?",
    "edition_notices": "SELECT assessment_id, version, new_items, kept_answers, retired_answers"
    " FROM edition_notices WHERE user_id = ?",
    "cycles_opened": "SELECT o.name AS organisation, c.label, c.opened_at FROM cycles c"
    " JOIN organisations o ON o.id = c.org_id WHERE c.opened_by = ?",
    "actions": "SELECT o.name AS organisation, x.id, x.text, x.due_date, x.priority, x.status,"
    " x.support, x.owner_id IS ?1 AS owned FROM actions x JOIN organisations o ON o.id = x.org_id"
    " WHERE (x.owner_kind = 'member' AND x.owner_id = ?1)"
    " OR x.id IN (SELECT action_id FROM action_log WHERE author_id = ?1)",
    "action_changes": "SELECT action_id, field, old, new, at FROM action_log"
    " WHERE author_id = ?1 OR (field = 'owner' AND ?2 IN (old, new)) ORDER BY id",
    "action_evidence": "SELECT action_id, kind, file_name, note, created_at FROM action_evidence"
    " WHERE author_id = ?",
    "reminders": "SELECT kind, subject, period, due_at, state, done_at FROM reminders"
    " WHERE user_id = ? ORDER BY id",
    "reminders_off": "SELECT kind FROM reminders_off WHERE user_id = ?",
}


class PersonalData(Database):
    """What the store keeps about a person, and how it lets go of it."""

    async def personal_data(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row that names the user, table by table (for /mydata)."""
        found: dict[str, list[dict[str, Any]]] = {}
        owner = owner_value(Owner(OwnerKind.MEMBER, user_id))  # as the action history names them
        for name, sql in _PERSONAL_DATA.items():
            params = (user_id, owner) if "?2" in sql else (user_id,)
            found[name] = [dict(row) for row in await self._all(sql, params)]
        return found

    async def forget_user(self, user_id: int) -> bool:
        """Delete the user's account and memberships and the note texts of their history.

        Their answers and current notes stay with the organisation's assessment, and the actions
        they own or changed with the organisation, without their name (or id, in the action
        history); the answer history keeps that they changed a note, and when, but not the words.
        """
        owner = owner_value(Owner(OwnerKind.MEMBER, user_id))
        former = owner_value(Owner(OwnerKind.MEMBER))
        async with self.transaction():
            await self._db.execute(
                "UPDATE answer_log SET old = NULL, new = NULL"
                " WHERE field = 'note' AND author_id = ?",
                (user_id,),
            )
            for column in ("old", "new"):
                await self._db.execute(
                    f"UPDATE action_log SET {column} = ? WHERE field = 'owner' AND {column} = ?",
                    (former, owner),
                )
            cursor = await self._db.execute("DELETE FROM users WHERE id = ?", (user_id,))
            return cursor.rowcount > 0

    async def inactive_users(self, last_seen_before: datetime) -> list[int]:
        """Users not seen since a moment."""
        rows = await self._all(
            "SELECT id FROM users WHERE last_seen_at < ?", (timestamp(last_seen_before),)
        )
        return [row["id"] for row in rows]
