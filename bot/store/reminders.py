"""Reminders: each one planned is a row under its unique key, written before it is sent; the
facts the planner reads; what each user switched off; and who blocked the bot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from bot.model import Action, ReminderKind, ReminderState
from bot.model import Reminder as Recorded
from bot.reminders import Activity, Candidate, DatedAction
from bot.store.action_rows import ACTION, to_action
from bot.store.connection import Database
from bot.store.rows import REMINDER, timestamp, to_reminder

WAITING = ("queued", "sending")
KEYS_PER_QUERY = 500  # SQLite allows 32,766 parameters; smaller batches keep each trip short
ROWS_PER_TRANSACTION = 1000  # a big sweep is recorded in parts, so answers get in between
ROWS_PER_READ = 5000  # and read in parts, for the same reason


class ReminderRows(Database):
    """The reminders table, and the reads that planning and the messages need."""

    # facts for the planner

    async def activity_between(self, since: datetime, until: datetime) -> list[Activity]:
        """Each member's latest answer or note on each assessment of their organisation's
        open cycle, where it falls between the two moments."""
        rows = await self._all(
            "SELECT l.author_id, a.org_id, l.assessment_id, MAX(l.at) AS last_at"
            " FROM assessments a JOIN cycles c ON c.id = a.cycle_id AND c.closed_at IS NULL"
            " JOIN answer_log l ON l.assessment_id = a.id"
            " JOIN members m ON m.org_id = a.org_id AND m.user_id = l.author_id"
            " GROUP BY l.assessment_id, l.author_id HAVING MAX(l.at) BETWEEN ? AND ?",
            (timestamp(since), timestamp(until)),
        )
        return [
            Activity(r["author_id"], r["org_id"], r["assessment_id"], _moment(r["last_at"]))
            for r in rows
        ]

    async def dated_actions_between(self, first: date, last: date) -> list[DatedAction]:
        """Open actions due between two dates, with the member who owns each (if a member
        does); read in parts, so that other queries get in between."""
        found: list[DatedAction] = []
        after = 0
        while True:
            rows = await self._all(
                "SELECT x.id, x.org_id, x.due_date, m.user_id AS owner_id FROM actions x"
                " LEFT JOIN members m ON x.owner_kind = 'member' AND m.org_id = x.org_id"
                " AND m.user_id = x.owner_id WHERE x.due_date BETWEEN ? AND ?"
                " AND x.status NOT IN ('finished', 'cancelled') AND x.id > ?"
                " ORDER BY x.id LIMIT ?",
                (first.isoformat(), last.isoformat(), after, ROWS_PER_READ),
            )
            found += [
                DatedAction(r["id"], r["org_id"], date.fromisoformat(r["due_date"]), r["owner_id"])
                for r in rows
            ]
            if len(rows) < ROWS_PER_READ:
                return found
            after = rows[-1]["id"]

    async def dated_at_between(self, first: date, last: date) -> dict[int, datetime]:
        """When each open action due between two dates got its due date or its owner (the
        later of the two), from its history; read in parts, as the actions are."""
        found: dict[int, datetime] = {}
        after = 0
        while True:
            rows = await self._all(
                "SELECT l.action_id, MAX(l.at) AS at FROM actions x JOIN action_log l"
                " ON l.action_id = x.id AND l.field IN ('due', 'owner')"
                " WHERE x.due_date BETWEEN ? AND ? AND x.status NOT IN ('finished', 'cancelled')"
                " AND x.id > ? GROUP BY l.action_id ORDER BY l.action_id LIMIT ?",
                (first.isoformat(), last.isoformat(), after, ROWS_PER_READ),
            )
            found.update((r["action_id"], datetime.fromisoformat(r["at"])) for r in rows)
            if len(rows) < ROWS_PER_READ:
                return found
            after = rows[-1]["action_id"]

    async def coordinators_by_org(self) -> dict[int, list[int]]:
        """Every organisation's coordinators (members with that role), by organisation."""
        rows = await self._all(
            "SELECT org_id, user_id FROM members WHERE role = 'coordinator'"
            " ORDER BY org_id, user_id"
        )
        found: dict[int, list[int]] = {}
        for row in rows:
            found.setdefault(row["org_id"], []).append(row["user_id"])
        return found

    async def switched_off(self) -> dict[int, frozenset[ReminderKind]]:
        """The kinds each user switched off, for the users who switched any off."""
        found: dict[int, set[ReminderKind]] = {}
        for row in await self._all("SELECT user_id, kind FROM reminders_off"):
            found.setdefault(row["user_id"], set()).add(ReminderKind(row["kind"]))
        return {user: frozenset(kinds) for user, kinds in found.items()}

    async def blocked_users(self) -> frozenset[int]:
        """Users who blocked the bot and have not written to it since."""
        rows = await self._all(
            "SELECT id FROM users WHERE blocked_at IS NOT NULL AND blocked_at >= last_seen_at"
        )
        return frozenset(row["id"] for row in rows)

    async def last_activity(self, user_id: int, assessment_id: int) -> datetime | None:
        """The user's latest answer or note on an assessment."""
        row = await self._one(
            "SELECT MAX(at) AS last_at FROM answer_log WHERE assessment_id = ? AND author_id = ?",
            (assessment_id, user_id),
        )
        return _moment(row["last_at"]) if row and row["last_at"] else None

    async def is_blocked(self, user_id: int) -> bool:
        """Whether the user blocked the bot and has not written to it since."""
        row = await self._one(
            "SELECT 1 FROM users WHERE id = ? AND blocked_at IS NOT NULL"
            " AND blocked_at >= last_seen_at",
            (user_id,),
        )
        return row is not None

    async def finished_actions(self, org_id: int, since: datetime, until: datetime) -> list[Action]:
        """The organisation's actions finished between two moments (and finished still)."""
        rows = await self._all(
            f"{ACTION} WHERE x.org_id = ? AND x.status = 'finished' AND x.id IN"
            " (SELECT action_id FROM action_log WHERE field = 'status' AND new = 'finished'"
            " AND at >= ? AND at < ?) ORDER BY x.id",
            (org_id, timestamp(since), timestamp(until)),
        )
        return [to_action(row) for row in rows]

    # the rows

    async def recorded_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of the keys that are recorded already."""
        wanted = list(keys)
        found: set[str] = set()
        for start in range(0, len(wanted), KEYS_PER_QUERY):
            batch = wanted[start : start + KEYS_PER_QUERY]
            marks = ",".join("?" * len(batch))
            rows = await self._all(f"SELECT key FROM reminders WHERE key IN ({marks})", batch)
            found.update(row["key"] for row in rows)
        return found

    async def record_reminders(
        self, planned: Sequence[tuple[Candidate, ReminderState]], now: datetime
    ) -> int:
        """Record planned reminders (queued, or dropped as too late), a thousand to a
        transaction, each before it can be sent; a key recorded already is left as it is.
        Return how many rows were added."""
        at = timestamp(now)
        added = 0
        for start in range(0, len(planned), ROWS_PER_TRANSACTION):
            rows = [
                (c.key, c.kind.value, c.user_id, c.org_id, c.subject, c.period,
                 timestamp(c.due_at), state.value, at,
                 None if state is ReminderState.QUEUED else at)
                for c, state in planned[start : start + ROWS_PER_TRANSACTION]
            ]  # fmt: skip
            async with self.transaction():
                before = self._db.total_changes
                await self._db.executemany(
                    "INSERT OR IGNORE INTO reminders (key, kind, user_id, org_id, subject,"
                    " period, due_at, state, planned_at, done_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                added += self._db.total_changes - before
        return added

    async def waiting_reminders(self, after_id: int, limit: int) -> list[Recorded]:
        """Queued reminders, oldest first, from after ``after_id``."""
        rows = await self._all(
            f"{REMINDER} WHERE state = 'queued' AND id > ? ORDER BY id LIMIT ?", (after_id, limit)
        )
        return [to_reminder(row) for row in rows]

    async def begin_sending(self, reminder_id: int, now: datetime) -> bool:
        """Take a queued reminder to send it; False if it is not queued any more (taken by
        someone else, or cancelled). Once taken it is never sent again."""
        async with self._lone_statement():
            cursor = await self._db.execute(
                "UPDATE reminders SET state = 'sending', done_at = ? WHERE id = ?"
                " AND state = 'queued'",
                (timestamp(now), reminder_id),
            )
            return cursor.rowcount == 1

    async def finish_reminder(self, reminder_id: int, state: ReminderState, now: datetime) -> None:
        """Record what became of a reminder."""
        await self._write(
            "UPDATE reminders SET state = ?, done_at = ? WHERE id = ?",
            (state.value, timestamp(now), reminder_id),
        )

    async def interrupted_reminders(self, now: datetime) -> int:
        """Reminders the bot stopped while sending (it may have been killed) become unknown:
        they may have arrived, so they are not sent again. Return how many."""
        async with self._lone_statement():
            cursor = await self._db.execute(
                "UPDATE reminders SET state = 'unknown', done_at = ? WHERE state = 'sending'",
                (timestamp(now),),
            )
            return int(cursor.rowcount)

    async def pending_reminders(self) -> int:
        """Reminders due and not sent yet (queued, or being sent)."""
        row = await self._one("SELECT COUNT(*) FROM reminders WHERE state IN ('queued', 'sending')")
        return int(row[0]) if row else 0

    async def reminders_of(self, user_id: int) -> list[Recorded]:
        """Every reminder planned for a user, oldest first."""
        rows = await self._all(f"{REMINDER} WHERE user_id = ? ORDER BY id", (user_id,))
        return [to_reminder(row) for row in rows]

    # each user's choices, and the bot blocked

    async def reminders_off(self, user_id: int) -> frozenset[ReminderKind]:
        """The kinds of reminder the user switched off."""
        rows = await self._all("SELECT kind FROM reminders_off WHERE user_id = ?", (user_id,))
        return frozenset(ReminderKind(row["kind"]) for row in rows)

    async def switch_reminders(self, user_id: int, kind: ReminderKind, on: bool) -> None:
        """Switch a kind of reminder on or off for the user."""
        if on:
            sql = "DELETE FROM reminders_off WHERE user_id = ? AND kind = ?"
        else:
            sql = "INSERT OR IGNORE INTO reminders_off (user_id, kind) VALUES (?, ?)"
        await self._write(sql, (user_id, kind.value))

    async def mark_blocked(self, user_id: int, now: datetime) -> None:
        """The user blocked the bot: no reminders until they write again."""
        await self._write("UPDATE users SET blocked_at = ? WHERE id = ?", (timestamp(now), user_id))


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)
