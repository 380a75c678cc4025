"""Webhook mode end to end: the local Bot API POSTs each update with the secret, delivers again
what was not answered in time, and keeps what the bot could not take while it was down."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.model import Checklist
from bot.playground import LocalBotApi
from bot.playground.users import text_message
from bot.transport.webhook import Webhook
from tests.support.chat import Seen, button, held
from tests.support.onboarding import answering, assessment_of, new_organisation, new_user_id
from tests.support.running import Clock, RunningBot
from tests.support.web import SECRET, free_port, post


class HookedBot(RunningBot):
    """The bot receiving by webhook on a port of its own, restartable on the same address."""

    def __init__(self, api: LocalBotApi, database: Path) -> None:
        super().__init__(api, database, Clock())
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/telegram"
        self.listen = ("127.0.0.1", port)

    async def start(self, **options: object) -> None:
        """Start receiving by webhook."""
        await super().start(webhook=Webhook(self.url, SECRET), listen=self.listen, **options)


@pytest.fixture
async def hooked(api: LocalBotApi, tmp_path: Path) -> AsyncIterator[HookedBot]:
    running = HookedBot(api, tmp_path / "bot.sqlite3")
    await running.start()
    yield running
    await running.stop_if_running()


def inbox(database: Path) -> dict[int, bool]:
    """update_id -> handled, as recorded."""
    with sqlite3.connect(database) as db:
        found = db.execute("SELECT update_id, handled_at IS NOT NULL FROM inbox")
        return {row[0]: bool(row[1]) for row in found}


async def test_updates_come_by_post_with_the_secret_and_are_answered(
    api: LocalBotApi, hooked: HookedBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.press("2 · In place, not tested")

    assert "Item 2 of" in ana.last.plain
    assert api.webhook is not None and api.webhook.url == hooked.url
    assert api.webhook.secret == SECRET
    assert api.stats.calls["getUpdates"] == 0 and set(api.webhook.statuses) == {200}
    assert all(inbox(hooked.database).values())


async def test_a_request_without_the_right_secret_is_refused_unread(
    api: LocalBotApi, hooked: HookedBot, caplog: pytest.LogCaptureFixture
) -> None:
    eve = api.user(new_user_id(), "Eve", language_code="en")
    forged = text_message(eve.chat, eve.info, "/start words nobody may log")
    update = {"update_id": 90_001, "message": api.world.message_json(forged)}

    with caplog.at_level(logging.INFO):
        for secret in (None, "", "wrong", SECRET + "x", SECRET.upper()):
            assert await post(hooked.url, update, secret=secret) == 403
    await api.settle()

    assert eve.messages == [] and 90_001 not in inbox(hooked.database)
    refusals = [r for r in caplog.records if "without the right secret" in r.getMessage()]
    assert len(refusals) == 5
    assert not [r for r in caplog.records if "nobody may log" in r.getMessage()]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        ('{"update_id": 5}', "text/plain", 415),
        ("[1, 2]", "application/json", 400),
        ('{"update_id": "5", "message": {}}', "application/json", 400),
        ('{"update_id": -5}', "application/json", 400),
        ('{"update_id": 5, "message": "hello"}', "application/json", 400),
        ('{"update_id": 5, "message": {"text": "no chat, no date"}}', "application/json", 400),
        ('{"update_id": 5, "callback_query": {"id": "1"}}', "application/json", 400),
        (json.dumps({"update_id": 5, "pad": "x" * 300_000}), "application/json", 413),
    ],
)
async def test_what_is_not_an_update_gets_a_4xx_and_reaches_no_handler(
    api: LocalBotApi, hooked: HookedBot, body: str | bytes, content_type: str, status: int
) -> None:
    sent = api.stats.calls["sendMessage"]

    assert await post(hooked.url, body, content_type=content_type) == status
    await api.settle()

    assert api.stats.calls["sendMessage"] == sent and inbox(hooked.database) == {}


async def test_a_delivery_retried_after_a_timeout_is_handled_once(
    api: LocalBotApi, hooked: HookedBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    seen = Seen.of(ana)
    api.inject_delivery_timeout()  # the bot answers, but "Telegram" never sees the answer
    await ana.send("/help")

    assert api.webhook is not None and api.webhook.statuses[-2:] == [0, 200]
    assert len([text for text in seen.news(ana) if "/mydata" in text]) == 1

    await ana.press("📝 Note")
    seen = Seen.of(ana)
    api.inject_delivery_timeout()
    await ana.send("Shelters take everyone, papers or not.")

    assert api.webhook.statuses[-2:] == [0, 200]
    assert seen.news(ana).count("📝 Note saved.") == 1
    log = await hooked.store.audit_log((await assessment_of(hooked, ana)).id)
    assert [(e.field, e.new) for e in log] == [("note", "Shelters take everyone, papers or not.")]


async def test_what_came_while_the_bot_was_down_is_handled_in_order_after_the_restart(
    api: LocalBotApi, hooked: HookedBot, recovery: Checklist
) -> None:
    code, _ = await new_organisation(api)
    ana = api.user(new_user_id(), "Ana", language_code="en")
    await ana.send(f"/join {code}")
    # Recorded, answered 200, then the bot stopped before handling it: in the inbox only.
    with sqlite3.connect(hooked.database) as db:
        message = api.world.message_json(text_message(ana.chat, ana.info, "/help"))
        db.execute(
            "INSERT INTO inbox (update_id, body, received_at) VALUES (?, ?, ?)",
            (
                80_000,
                json.dumps({"update_id": 80_000, "message": message}),
                "2026-11-29T12:00:00+00:00",
            ),
        )
    await hooked.stop()
    await ana.press(button(ana, recovery.title), wait=False)
    await ana.send("/continue", wait=False)
    assert api.webhook is not None
    assert await held(lambda: 0 in api.webhook.statuses if api.webhook else False)  # refused

    await hooked.start()
    await api.settle()

    menu, help_, resumed = ana.messages[-3:]
    assert "/mydata" in help_.plain  # the /help recorded before the stop came first
    assert "Item 1 of" in menu.plain and "Item 1 of" in resumed.plain  # the press, /continue
    assert all(inbox(hooked.database).values())


async def test_a_webhook_left_from_before_is_removed_when_the_bot_polls(
    api: LocalBotApi, hooked: HookedBot, recovery: Checklist
) -> None:
    await hooked.stop()
    polling = RunningBot(api, hooked.database, Clock())
    await polling.start()  # getUpdates would get 409 while the webhook is set
    try:
        ana = await answering(api, recovery)
        assert "Item 1 of" in ana.last.plain
        assert api.webhook is None and api.stats.errors[("getUpdates", 409)] == 0
    finally:
        await polling.stop()
