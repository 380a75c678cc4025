"""The retention setting forgets users inactive for too long; their answers stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.model import Role
from bot.privacy import Retention, forget_inactive
from bot.store import Store
from tests.support.rounds import rounds

NOW = datetime(2026, 11, 29, tzinfo=UTC)


async def test_inactive_users_are_forgotten_and_active_ones_kept(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "r.sqlite3")
    try:
        org = await store.create_organisation("Lyon", "R1", "C1", NOW)
        await store.touch_user(1, "Old", NOW - timedelta(days=400))
        await store.touch_user(2, "Recent", NOW - timedelta(days=10))
        for user in (1, 2):
            await store.add_member(org.id, user, Role.RESPONDER, NOW)
        [cycle] = await rounds(store, org.id, NOW, "2026")
        assessment = await store.open_assessment(cycle, "recovery", NOW)
        await store.record(assessment.id, "g14_a", "score", "3", 1, NOW, 1)
        assert await forget_inactive(store, Retention(365), NOW) == 1
        assert await store.user(1) is None
        assert await store.user(2) is not None
        answer = (await store.answers(assessment.id))["g14_a"]
        assert answer.score is not None and answer.author_id is None
    finally:
        await store.close()
