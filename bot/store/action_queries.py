"""Reading the action plan: an organisation's actions, a user's, those falling due, and each
action's history and evidence."""

from __future__ import annotations

from bot.model import Action, ActionEvent, ActionEvidence, NotFound
from bot.store.action_rows import (
    ACTION,
    ACTION_EVENT,
    ACTION_EVIDENCE,
    to_action,
    to_action_event,
    to_action_evidence,
)
from bot.store.connection import Database


class ActionQueries(Database):
    """Actions as they stand, and what happened to each."""

    async def action(self, action_id: int) -> Action | None:
        """The action with this id."""
        row = await self._one(f"{ACTION} WHERE x.id = ?", (action_id,))
        return to_action(row) if row else None

    async def actions(self, org_id: int) -> list[Action]:
        """Every action of an organisation, oldest first."""
        rows = await self._all(f"{ACTION} WHERE x.org_id = ? ORDER BY x.id", (org_id,))
        return [to_action(row) for row in rows]

    async def owned_actions(self, user_id: int) -> list[Action]:
        """Every action a user owns as a member, in any organisation, oldest first."""
        rows = await self._all(
            f"{ACTION} WHERE x.owner_kind = 'member' AND x.owner_id = ? ORDER BY x.id", (user_id,)
        )
        return [to_action(row) for row in rows]

    async def dated_open_actions(self) -> list[Action]:
        """Every open action with a due date, of every organisation, soonest due first."""
        rows = await self._all(
            f"{ACTION} WHERE x.due_date IS NOT NULL"
            " AND x.status NOT IN ('finished', 'cancelled') ORDER BY x.due_date, x.id"
        )
        return [to_action(row) for row in rows]

    async def action_log(self, action_id: int) -> list[ActionEvent]:
        """Every change of an action, oldest first."""
        rows = await self._all(f"{ACTION_EVENT} WHERE l.action_id = ? ORDER BY l.id", (action_id,))
        return [to_action_event(row) for row in rows]

    async def action_evidence(self, action_id: int) -> list[ActionEvidence]:
        """The evidence of an action, oldest first."""
        rows = await self._all(f"{ACTION_EVIDENCE} WHERE action_id = ? ORDER BY id", (action_id,))
        return [to_action_evidence(row) for row in rows]

    async def _current(self, action_id: int) -> Action:
        row = await self._one(f"{ACTION} WHERE x.id = ?", (action_id,))
        if row is None:
            raise NotFound(f"no action {action_id}")
        return to_action(row)

    async def _reread(self, action_id: int) -> Action:
        found = await self.action(action_id)
        if found is None:
            raise NotFound(f"no action {action_id}")
        return found
