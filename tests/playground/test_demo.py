"""The playground's demo municipality shows every feature at once: an earlier round whose
answers (and a note) are offered as "Unchanged", and an action plan with a few actions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.model import ActionStatus, OwnerKind, Role
from bot.playground.demo import prepare_demo
from bot.service import Service
from bot.store import Store
from tests.support.project import CATALOGS, CHECKLISTS

PERSON = 1
NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[Service]:
    store = await Store.open(tmp_path / "playground.sqlite3")
    yield Service(store, CHECKLISTS, frozenset({PERSON}), clock=lambda: NOW)
    await store.close()


async def test_the_demo_municipality_has_an_earlier_round_and_a_plan(service: Service) -> None:
    await prepare_demo(service, PERSON, CATALOGS.translator("fr"))
    await prepare_demo(service, PERSON, CATALOGS.translator("fr"))  # a second start adds nothing

    [member] = await service.memberships(PERSON)
    org = await service.store.organisation(member.org_id)
    assert org is not None and org.name == CATALOGS.translator("fr")._("Demo municipality")
    assert member.role is Role.COORDINATOR
    assert [(c.label, c.is_open) for c in await service.store.cycles(org.id)] == [
        ("2026", True),
        ("2025", False),
    ]
    step = await service.start(PERSON, "recovery")
    assert step.previous.cycle == "2025" and len(step.previous.answers) == 5
    first = CHECKLISTS["recovery"].items[0].id
    [note] = step.previous.notes[first]  # shown under the item, in the person's language
    note_text = CATALOGS.translator("fr")._(
        "Named in the plan, but no budget is set aside for it yet."
    )
    assert (note.text, note.author_id) == (note_text, PERSON)

    plan = await service.actions.plan(PERSON, org.id)
    found = {(a.status, a.owner.kind if a.owner else None, a.evidence) for a in plan.actions}
    assert found == {
        (ActionStatus.ONGOING, OwnerKind.MEMBER, 0),
        (ActionStatus.NOT_STARTED, OwnerKind.PARTNER, 0),
        (ActionStatus.FINISHED, OwnerKind.MEMBER, 1),
        (ActionStatus.NOT_STARTED, None, 0),
    }
    ongoing = next(a for a in plan.actions if a.status is ActionStatus.ONGOING)
    fr = CATALOGS.translator("fr")
    checklist = CHECKLISTS["preparedness"]
    item = checklist.item(ongoing.item_id or "")
    assert item is not None and ongoing.text == fr.item(checklist, item, "action")
    assert await service.pending(PERSON) is None
