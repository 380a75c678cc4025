"""The first steps of most chat tests: the administrator creates an organisation, users join.

Users get ids and organisations names no other test has used, so tests sharing a bot stay apart.
"""

from __future__ import annotations

import itertools

from bot.model import Assessment, Checklist
from bot.playground import ChatUser, LocalBotApi
from tests.support.chat import button
from tests.support.project import ADMIN_ID
from tests.support.running import RunningBot

_user_ids = itertools.count(100_001)
_towns = itertools.count(1)


def new_user_id() -> int:
    """A user id that no other test of this process has used."""
    return next(_user_ids)


async def new_organisation(api: LocalBotApi, name: str | None = None) -> tuple[str, str]:
    """An administrator creates an organisation; return its (responder, coordinator) codes."""
    admin = api.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send(f"/neworg {name or f'Town {next(_towns)}'}")
    codes = [line.split(": ")[1] for line in admin.last.plain.splitlines() if "join with" in line]
    assert len(codes) == 2, admin.last.plain  # a name taken by another test of a shared bot?
    return codes[0], codes[1]


async def joined(api: LocalBotApi, code: str, name: str = "Ana", lang: str = "en") -> ChatUser:
    """A new user who has joined with an invite code."""
    user = api.user(new_user_id(), name, language_code=lang)
    await user.send(f"/join {code}")
    return user


async def answering(api: LocalBotApi, checklist: Checklist, town: str | None = None) -> ChatUser:
    """Ana, a responder of a new organisation, on the first item of a checklist."""
    code, _ = await new_organisation(api, town)
    user = await joined(api, code, "Ana")
    await user.press(button(user, checklist.title))
    return user


async def new_cycle(coordinator: ChatUser, label: str = "2026-2") -> None:
    """The coordinator starts the organisation's next cycle from /cycle, as a person would."""
    await coordinator.send("/cycle")
    await coordinator.press("🆕 Start a new cycle")
    await coordinator.press(f"✅ Start “{label}”")


async def assessment_of(bot: RunningBot, user: ChatUser) -> Assessment:
    """The assessment the user is working on."""
    record = await bot.store.user(user.id)
    assert record is not None and record.current_assessment_id is not None
    assessment = await bot.store.assessment(record.current_assessment_id)
    assert assessment is not None
    return assessment


async def organisation_id(bot: RunningBot, name: str) -> int:
    """The id of the organisation with this name."""
    organisation = await bot.store.organisation_by_name(name)
    assert organisation is not None, name
    return organisation.id
