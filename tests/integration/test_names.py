"""Names in chat: isolated so no name can turn a line round, and organisation names refused
(never cut) when too long or confusable with an existing one."""

from __future__ import annotations

import pytest

from bot.model import Checklist
from bot.playground import LocalBotApi
from tests.support.chat import button, isolated
from tests.support.onboarding import joined, new_organisation
from tests.support.project import ADMIN_ID
from tests.support.running import RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation

OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: reverses everything after it on the line


async def test_a_right_to_left_override_in_a_name_turns_no_line_round(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, coordinators = await new_organisation(api, "Dijon")
    ana = await joined(api, code, f"{OVERRIDE}Ana")
    cora = await joined(api, coordinators, "Cora")
    await ana.press(button(ana, recovery.title))
    await ana.press("3 · In place and tested")
    await ana.send("/review")
    await ana.press("✏️ 1")
    assert f"Answer: 3 · In place and tested ({isolated('Ana')})" in ana.last.plain
    await cora.send("/members")
    assert f"2. {isolated('Ana')} · responder" in cora.last.plain
    for message in (*ana.messages, *cora.messages):
        assert OVERRIDE not in message.plain
    assert (await bot.store.user(ana.id)).first_name == f"{OVERRIDE}Ana"  # type: ignore[union-attr]


async def test_a_look_alike_organisation_name_is_refused(api: LocalBotApi, bot: RunningBot) -> None:
    await new_organisation(api, "Vannes")
    admin = api.user(ADMIN_ID, "Admin", language_code="en")
    for twin in ("Vann\u0435s", "Van\u200dnes", "VANNES", "Vannes\u200b"):  # Cyrillic е, ZWJ
        await admin.send(f"/neworg {twin}")
        said = admin.last.plain
        assert "looks the same as an existing organisation" in said or "exists already" in said
        assert "is created" not in said
    assert [o.name for o in await bot.store.organisations() if "ann" in o.name.casefold()] == [
        "Vannes"
    ]


async def test_an_overlong_organisation_name_is_refused_with_the_limit(
    api: LocalBotApi, bot: RunningBot
) -> None:
    admin = api.user(ADMIN_ID, "Admin", language_code="en")
    before = len(await bot.store.organisations())
    await admin.send("/neworg " + "Saint-" * 50)  # 300 characters
    assert "That name has 300 characters; the limit is 100." in admin.last.plain
    assert len(await bot.store.organisations()) == before
