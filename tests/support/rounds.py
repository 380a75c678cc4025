"""Assessment rounds for tests that build their data in the store directly."""

from __future__ import annotations

from datetime import datetime

from bot.model import Cycle
from bot.store import Store


async def rounds(store: Store, org_id: int, now: datetime, *labels: str) -> list[Cycle]:
    """Open the organisation's cycles one after another, at ``now``; the last stays open."""
    opened: list[Cycle] = []
    for label in labels:
        current = await store.open_cycle(org_id)
        if current is None:
            opened.append(await store.first_cycle(org_id, label, now))
        else:
            opened.append(await store.start_cycle(org_id, label, None, now, replacing=current.id))
    return opened
