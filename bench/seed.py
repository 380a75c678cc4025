"""Databases prepared directly through the service (no Telegram), before a bot process starts."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.proc import ADMIN_ID, ROOT
from bot.checklists import load_checklists
from bot.model import Score
from bot.service import Service
from bot.store import Store

CHECKLISTS = load_checklists(ROOT / "checklists")
SCORES = tuple(Score)


def expected_score(item_id: str) -> Score:
    """The score every simulated responder gives an item: fixed, so colleagues never disagree."""
    return SCORES[zlib.crc32(item_id.encode()) % len(SCORES)]


@dataclass(frozen=True)
class Seat:
    """A simulated responder: who, in which organisation, on which assessment, from which item."""

    user_id: int
    org_id: int
    checklist_id: str
    assessment_id: int
    start_item: str


@asynccontextmanager
async def open_service(path: Path) -> AsyncIterator[Service]:
    """The service over a (new) database file, as the bot process would open it; then closed."""
    async with Store.open(path) as store:
        yield Service(store, CHECKLISTS, frozenset({ADMIN_ID}))


async def seed_responders(
    path: Path,
    orgs: int,
    per_org: int,
    checklist_ids: list[str] | None = None,
    first_user: int = 10_000,
) -> list[Seat]:
    """``orgs`` organisations with ``per_org`` responders each, every one on an open assessment.

    Responders of one organisation are spread over ``checklist_ids`` (default: every checklist,
    by phase), and those sharing an assessment start at items evenly spaced through it, as
    colleagues splitting a checklist would.
    """
    seats: list[Seat] = []
    async with open_service(path) as service:
        order = checklist_ids or [c.id for c in service.sorted_checklists()]
        for o in range(orgs):
            org = await service.create_organisation(None, f"Municipality {o + 1:04d}")
            groups: dict[str, list[int]] = {cid: [] for cid in order}
            for r in range(per_org):
                user_id = first_user + o * per_org + r
                await service.see_user(user_id, f"Responder {user_id}")
                await service.join(user_id, org.responder_code)
                groups[order[r * len(order) // per_org]].append(user_id)
            for checklist_id, users in groups.items():
                items = CHECKLISTS[checklist_id].items
                for k, user_id in enumerate(users):
                    step = await service.start(user_id, checklist_id)
                    start = items[k * len(items) // len(users)].id
                    seats.append(Seat(user_id, org.id, checklist_id, step.assessment.id, start))
    return seats
