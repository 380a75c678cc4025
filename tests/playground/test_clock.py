"""The playground's clock: ``/clock +7d`` moves the bot's time forward so a newcomer sees a
reminder arrive; only the playground has it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.playground import ChatUser, LocalBotApi
from bot.playground.clock import PlaygroundClock
from bot.playground.demo import prepare_demo
from bot.playground.launch import PERSON_ID, playground_runtime
from bot.service import Service
from bot.store import Store
from tests.support.chat import button
from tests.support.project import CATALOGS, CHECKLISTS
from tests.support.reminding import utc
from tests.support.running import RunningBot


def test_the_clock_moves_forward_by_weeks_days_hours_and_minutes() -> None:
    clock = PlaygroundClock(lambda: utc(2027, 1, 4, 10))
    assert clock.move("+7d") == timedelta(days=7)
    assert clock.move("+1d12h") == timedelta(days=8, hours=12)
    assert clock.move("+2w 30m") == timedelta(days=22, hours=12, minutes=30)
    assert clock() == utc(2027, 1, 26, 22, 30)
    assert clock.move("") == timedelta(days=22, hours=12, minutes=30)  # just looking
    assert clock.move("now") == timedelta()
    for wrong in ("-1d", "+7x", "tomorrow", "+99999d", "+7d-3h"):
        with pytest.raises(ValueError):
            clock.move(wrong)


@pytest.fixture
async def person(
    api: LocalBotApi, tmp_path: Path
) -> AsyncIterator[tuple[ChatUser, PlaygroundClock]]:
    """The playground's person in the demo municipality, on a clock that starts on a Monday."""
    clock = PlaygroundClock(lambda: utc(2027, 1, 4, 10))
    async with Store.open(tmp_path / "playground.sqlite3") as store:
        service = Service(store, CHECKLISTS, frozenset({PERSON_ID}), clock=clock)
        t = CATALOGS.translator("en")
        await prepare_demo(service, PERSON_ID, t)
        runtime = playground_runtime(api, service, CATALOGS, Settings(), clock)
        await runtime.start()
        try:
            yield api.user(PERSON_ID, "You", language_code="en"), clock
        finally:
            await runtime.stop()


async def test_a_week_on_the_playground_shows_the_reminders_that_fell_due(
    person: tuple[ChatUser, PlaygroundClock],
) -> None:
    you, clock = person
    await you.send("/start")
    await you.press(button(you, "Post-crisis recovery"))
    await you.press("1 · Started or ad hoc")
    before = len(you.messages)
    await you.send("/clock +7d")
    news = [m.plain for m in you.messages[before:]]
    assert "The bot's clock reads" in news[0] and "7 d 0 h ahead" in news[0]
    assert any("is waiting for your answers" in text for text in news)
    assert any("Your week" in text for text in news)  # Monday, 10:00: the digest came too
    assert clock.ahead == timedelta(days=7)


async def test_after_hours_the_playground_says_until_when_reminders_wait(
    person: tuple[ChatUser, PlaygroundClock],
) -> None:
    you, _ = person
    await you.send("/clock +10h")  # Monday 20:00 UTC
    assert "is outside its working hours" in you.last.plain
    assert "/clock +13h" in you.last.plain  # Tuesday 09:00
    await you.send("/clock yesterday")
    assert "/clock +7d" in you.last.plain


@pytest.mark.bot(shared=False)
async def test_the_real_bot_has_no_clock(api: LocalBotApi, bot: RunningBot) -> None:
    ana = api.user(777_001, "Ana", language_code="en")
    await ana.send("/clock +7d")
    assert "I do not know that command" in ana.last.plain
