"""Changing the action plan: creating actions, changing them and keeping their evidence, each
change appended to the history in the same transaction (reading them: ``action_queries``).

A change names the version of the action it was made from: made from an older one, it is
refused (StaleAction) unless it asks for what the action holds already (a double tap).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.model import (
    Action,
    ActionDraft,
    ActionStatus,
    EvidenceFile,
    StaleAction,
)
from bot.store.action_queries import ActionQueries
from bot.store.action_rows import (
    COLUMNS,
    field_values,
    owner_columns,
)
from bot.store.rows import timestamp


class Actions(ActionQueries):
    """Actions of organisations, each change logged in the same transaction as it is made."""

    async def create_actions(
        self,
        org_id: int,
        drafts: Sequence[ActionDraft],
        author_id: int | None,
        now: datetime,
        *,
        done_waiting: bool = False,
    ) -> list[Action]:
        """Create actions in one transaction; a draft for an item that has an open action
        already is left out (so a double tap plans nothing twice). Return those created."""
        created: list[int] = []
        async with self.transaction():
            for draft in drafts:
                if draft.item_id is not None and await self._open_for_item(org_id, draft):
                    continue
                created.append(await self._insert(org_id, draft, author_id, now))
            if done_waiting and author_id is not None:
                await self._db.execute("DELETE FROM pending WHERE user_id = ?", (author_id,))
        return [found for i in created if (found := await self.action(i)) is not None]

    async def _open_for_item(self, org_id: int, draft: ActionDraft) -> bool:
        row = await self._one(
            "SELECT 1 FROM actions WHERE org_id = ? AND checklist_id = ? AND item_id = ?"
            " AND status NOT IN ('finished', 'cancelled')",
            (org_id, draft.checklist_id, draft.item_id),
        )
        return row is not None

    async def _insert(
        self, org_id: int, draft: ActionDraft, author_id: int | None, now: datetime
    ) -> int:
        at = timestamp(now)
        cursor = await self._db.execute(
            "INSERT INTO actions (org_id, text, checklist_id, item_id, priority, status,"
            " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                org_id,
                draft.text,
                draft.checklist_id,
                draft.item_id,
                draft.priority.value,
                ActionStatus.NOT_STARTED.value,
                author_id,
                at,
                at,
            ),
        )
        action_id = cursor.lastrowid or 0
        await self._log_action(action_id, "created", None, draft.text, author_id, now)
        return action_id

    async def change_action(
        self,
        action_id: int,
        version: int,
        changes: Mapping[str, str | None],
        author_id: int | None,
        now: datetime,
        *,
        done_waiting: bool = False,
        waived_evidence: bool = False,
    ) -> Action:
        """Change some fields (see FIELDS; values as ``field_values`` writes them) and log each.

        StaleAction if the action is past ``version`` and the change asks for something else
        than it holds. ``done_waiting`` ends the author's wait in the same transaction;
        ``waived_evidence`` logs that it was finished without evidence.
        """
        async with self.transaction():
            current = await self._current(action_id)
            olds = field_values(current)
            changed = {f: v for f, v in changes.items() if olds[f] != v}
            if changed and current.version != version:
                raise StaleAction(current)
            if changed:
                await self._update(current, changed, now)
                for name, value in changed.items():
                    await self._log_action(action_id, name, olds[name], value, author_id, now)
            if waived_evidence:
                await self._log_action(action_id, "evidence", None, "waived", author_id, now)
            if done_waiting and author_id is not None:
                await self._db.execute("DELETE FROM pending WHERE user_id = ?", (author_id,))
        return await self._reread(action_id)

    async def add_action_evidence(
        self,
        action_id: int,
        author_id: int,
        now: datetime,
        *,
        file: EvidenceFile | None = None,
        note: str | None = None,
        finish: bool = False,
        done_waiting: bool = False,
    ) -> Action:
        """Keep a file or a note as evidence (a file kept already is not kept twice); with
        ``finish`` the action is finished too, and with ``done_waiting`` the author's wait
        ends, in the same transaction. StaleAction if the action was cancelled meanwhile."""
        async with self.transaction():
            current = await self._current(action_id)
            if current.status is ActionStatus.CANCELLED:
                raise StaleAction(current)
            await self._evidence(action_id, author_id, now, file, note)
            status = ActionStatus.FINISHED.value
            if finish and current.status.value != status:
                await self._update(current, {"status": status}, now)
                await self._log_action(
                    action_id, "status", current.status.value, status, author_id, now
                )
            if done_waiting:
                await self._db.execute("DELETE FROM pending WHERE user_id = ?", (author_id,))
        return await self._reread(action_id)

    async def _evidence(
        self,
        action_id: int,
        author_id: int,
        now: datetime,
        file: EvidenceFile | None,
        note: str | None,
    ) -> None:
        kind, file_id, unique, name = (
            (file.kind, file.file_id, file.file_unique_id, file.file_name)
            if file
            else ("note", None, None, None)
        )
        cursor = await self._db.execute(
            "INSERT OR IGNORE INTO action_evidence (action_id, kind, file_id, file_unique_id,"
            " file_name, note, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (action_id, kind, file_id, unique, name, note, author_id, timestamp(now)),
        )
        if cursor.rowcount:
            await self._log_action(action_id, "evidence", None, kind, author_id, now)

    async def _update(
        self, current: Action, changed: Mapping[str, str | None], now: datetime
    ) -> None:
        columns: dict[str, Any] = {}
        for name, value in changed.items():
            if name == "owner":
                kind, owner_id, partner = owner_columns(value)
                columns.update(owner_kind=kind, owner_id=owner_id, partner=partner)
            else:
                columns[COLUMNS[name]] = value
        assignments = ", ".join(f"{column} = ?" for column in columns)
        await self._db.execute(
            f"UPDATE actions SET {assignments}, version = version + 1, updated_at = ? WHERE id = ?",
            (*columns.values(), timestamp(now), current.id),
        )

    async def _log_action(
        self,
        action_id: int,
        field: str,
        old: str | None,
        new: str | None,
        author_id: int | None,
        now: datetime,
    ) -> None:
        await self._db.execute(
            "INSERT INTO action_log (action_id, field, old, new, author_id, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (action_id, field, old, new, author_id, timestamp(now)),
        )
