"""Reminders in tests: moments in UTC, and actions given an owner and a due date straight in the
store (the chat that does it is tested in the action plan's tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.model import ActionDraft
from bot.store import Store


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def dated_action(
    store: Store, org_id: int, owner_id: int | None, due: date, now: datetime, text: str = ""
) -> int:
    """A new action of the organisation, owned by a member (or nobody), due on ``due``."""
    draft = ActionDraft(text or "Translate the evacuation leaflet into Tigrinya")
    [action] = await store.create_actions(org_id, [draft], None, now)
    changes: dict[str, str | None] = {"due": due.isoformat()}
    if owner_id is not None:
        changes["owner"] = f"member:{owner_id}"
    await store.change_action(action.id, action.version, changes, None, now)
    return action.id
