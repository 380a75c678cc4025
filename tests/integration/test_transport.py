"""How updates are processed, over long polling: one user's flood slows that user alone, a
repeated tap on a button does nothing while its work runs, /healthz answers, and a stop leaves
what was not handled for the restart."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.model import Checklist
from bot.playground import ChatMessage, LocalBotApi
from bot.playground.users import text_message
from tests.support.chat import Seen, button, eventually, held
from tests.support.onboarding import answering, joined, new_organisation, new_user_id
from tests.support.running import Clock, RunningBot
from tests.support.web import free_port, get_json, get_text

FLOOD = 300


def unhandled(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT count(*) FROM inbox WHERE handled_at IS NULL").fetchone()[0])


@pytest.fixture
async def listening(api: LocalBotApi, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The bot polling, with its HTTP server on a port of its own."""
    running = RunningBot(api, tmp_path / "bot.sqlite3", Clock())
    await running.start(listen=("127.0.0.1", free_port()))
    yield running
    await running.stop_if_running()


async def test_a_flood_from_one_user_does_not_delay_another_users_press(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    bob = await answering(api, recovery)
    flooder = await answering(api, recovery)
    seen = Seen.of(flooder)
    for n in range(FLOOD):
        await flooder.send(f"text {n}", wait=False)
    await bob.press("2 · In place, not tested", wait=False)

    assert await held(lambda: "Item 2 of" in bob.last.plain, seconds=10)
    # Before: every processing slot held one of the flood's waiting updates, and the press
    # came after more than 230 of them. Now the flood goes at its own pace, beside the press.
    replies = [text for text in seen.news(flooder) if text.startswith("Please answer")]
    assert len(replies) < 30
    await bot.stop()
    handled = len([t for t in seen.news(flooder) if t.startswith("Please answer")])
    assert handled < FLOOD and unhandled(bot.database) == FLOOD - handled  # kept, not lost


async def test_a_repeated_tap_while_its_work_runs_does_nothing(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    item = ana.last
    note = button(ana, "📝")
    seen = Seen.of(ana)
    for _ in range(3):
        await ana.press(note, message=item, wait=False)
    await api.settle()

    prompts = [text for text in seen.news(ana) if "note" in text.lower()]
    assert len(prompts) == 1, seen.news(ana)
    assert all(query.answered for query in api.world.queries.values())

    await ana.send("/cancel")
    await ana.press(note, message=item)  # its work is over: a tap works again
    assert "note" in ana.last.plain.lower()


async def test_a_report_tapped_three_times_is_sent_once(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api)
    ana = await joined(api, responders)
    await ana.press(button(ana, recovery.title))
    await ana.press("3 · In place and tested")
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/report")
    chooser: ChatMessage = cora.last
    before = len(cora.messages)
    for _ in range(3):
        await cora.press(recovery.title, message=chooser, wait=False)
    await api.settle(timeout=20)

    files = [m for m in cora.messages[before:] if m.document or m.photo]
    assert len(files) == 3  # the HTML, the spreadsheet and the chart, once


async def test_healthz_answers_while_polling(
    api: LocalBotApi, listening: RunningBot, recovery: Checklist
) -> None:
    await answering(api, recovery)
    assert listening.runtime is not None and listening.runtime.web is not None
    host, port = listening.runtime.web.address or ("", 0)

    status, body = await get_json(f"http://{host}:{port}/healthz")

    assert status == 200 and body["status"] == "ok" and body["problems"] == []
    assert body["database"] == "ok" and body["pending_updates"] == 0
    assert body["pending_reminders"] == 0
    assert 0 <= body["seconds_since_last_update"] < 60
    assert 0 <= body["seconds_since_telegram_answered"] < 60


async def test_healthz_answers_503_with_what_is_wrong(
    api: LocalBotApi, listening: RunningBot, recovery: Checklist
) -> None:
    await answering(api, recovery)
    assert listening.runtime is not None and listening.runtime.web is not None
    host, port = listening.runtime.web.address or ("", 0)
    with sqlite3.connect(listening.database) as db:  # a newer version migrated the file
        db.execute("PRAGMA user_version = 99")

    status, body = await get_json(f"http://{host}:{port}/healthz")

    assert status == 503 and body["status"] != "ok"
    assert any("schema is at 99" in problem for problem in body["problems"])


async def test_metrics_are_served_beside_healthz(
    api: LocalBotApi, listening: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.press(button(ana, "2"))
    assert await eventually(api, lambda: "Item 2 of" in ana.last.plain)
    assert listening.runtime is not None and listening.runtime.web is not None
    host, port = listening.runtime.web.address or ("", 0)

    status, text = await get_text(f"http://{host}:{port}/metrics")

    assert status == 200
    assert 'micic_answers_recorded_total{field="score"}' in text
    assert 'micic_bot_api_calls_total{code="200",method="editMessageText"}' in text
    assert str(ana.id) not in text  # never a user id in a label


async def test_an_update_begun_again_after_three_restarts_is_given_up(
    api: LocalBotApi, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    ana = api.user(new_user_id(), "Ana", language_code="en")
    await bot.stop()
    with sqlite3.connect(bot.database) as db:
        for update_id, retries in ((70_001, 3), (70_002, 2)):
            message = api.world.message_json(text_message(ana.chat, ana.info, "/help"))
            body = json.dumps({"update_id": update_id, "message": message})
            db.execute(
                "INSERT INTO inbox (update_id, body, received_at, retries) VALUES (?, ?, ?, ?)",
                (update_id, body, "2026-11-29T12:00:00+00:00", retries),
            )
    with caplog.at_level(logging.ERROR):
        await bot.start()
        await api.settle()

    assert len(ana.messages) == 1  # the second /help, begun again for the third time, is done
    assert "update 70001 given up" in caplog.text and "70002" not in caplog.text
    assert unhandled(bot.database) == 0
