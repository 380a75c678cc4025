"""The bot process killed with SIGKILL, or stopped with SIGTERM, in the middle of heavy use, then
restarted on its database.

The bot runs as a separate process (``python -m bot run``) against the local Bot API hosted by
the test; twenty users press answers at once. After the kill nothing a user saw confirmed may be
lost, the audit log must agree with the answers, the database must be whole and migrated, and
everyone can carry on where they were. Killed just after an update reached it, the bot still
handles that update after the restart, once; stopped with SIGTERM, it exits 0 and loses nothing.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

from bot import scoring
from bot.model import Checklist
from bot.playground import ChatMessage, ChatUser, LocalBotApi
from bot.service import Service
from bot.store import Store, migrations
from tests.support.database import integrity, user_version
from tests.support.onboarding import answering
from tests.support.project import ADMIN_ID, CHECKLISTS, ROOT
from tests.support.running import RunningBot
from tests.support.web import SECRET, free_port

USERS = 20
KILL_AFTER = 40  # confirmed answers before the kill
SCORES = ("0", "1", "2", "3", "dk", "na")
Confirmed = tuple[int, str, str]  # assessment, item, score


class BotProcess:
    """``python -m bot run`` against the local Bot API, on one database file."""

    def __init__(self, api: LocalBotApi, database: Path, log: IO[bytes]) -> None:
        self.api, self.database, self.log = api, database, log
        self.process: subprocess.Popen[bytes] | None = None

    def launch(self, **settings: str) -> None:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": self.api.token,
            "TELEGRAM_API_URL": self.api.url,
            "MICIC_DATABASE": str(self.database),
            "MICIC_ADMINS": str(ADMIN_ID),
            "MICIC_LOG_LEVEL": "WARNING",
            "MICIC_CHECKLISTS": str(ROOT / "checklists"),
            "MICIC_LOCALES": str(ROOT / "locales"),
            "MICIC_LISTEN": "127.0.0.1:0",  # any free port: tests run side by side
            **settings,
        }
        command = [sys.executable, "-m", "bot", "run"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    async def polling(self, seconds: float = 10.0) -> None:
        """Launch and return once the new process has started long polling."""
        started = self.api.stats.calls["deleteWebhook"]  # start_polling calls it first
        self.launch()
        deadline = time.monotonic() + seconds
        while self.api.stats.calls["deleteWebhook"] == started:
            assert self.process is not None and self.process.poll() is None, "the bot died"
            assert time.monotonic() < deadline, "the bot did not start polling"
            await asyncio.sleep(0.02)

    async def hooked(self, port: int, seconds: float = 10.0) -> None:
        """Launch by webhook on ``port``; return once the process has set its webhook."""
        started = self.api.stats.calls["setWebhook"]
        self.launch(
            MICIC_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            MICIC_WEBHOOK_SECRET=SECRET,
            MICIC_LISTEN=f"127.0.0.1:{port}",
        )
        deadline = time.monotonic() + seconds
        while self.api.stats.calls["setWebhook"] == started:
            assert self.process is not None and self.process.poll() is None, "the bot died"
            assert time.monotonic() < deadline, "the bot did not set its webhook"
            await asyncio.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no goodbye."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    async def stop(self) -> int | None:
        """SIGTERM, as a service manager would; the exit code once the bot has stopped.

        Waits without blocking: the local Bot API in this process must answer the bot's last
        getUpdates while it shuts down.
        """
        assert self.process is not None
        self.process.terminate()
        await until(lambda: self.process is not None and self.process.poll() is not None, 10)
        return self.process.returncode


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture
def bot_process(api: LocalBotApi, database: Path, tmp_path: Path) -> Iterator[BotProcess]:
    """The bot process; always killed at the end, whatever happened."""
    with (tmp_path / "bot.log").open("wb") as log:
        process = BotProcess(api, database, log)
        try:
            yield process
        finally:
            process.kill()
    print((tmp_path / "bot.log").read_text(errors="replace"))  # shown when the test fails


async def twenty_responders(database: Path, checklist: Checklist) -> list[int]:
    """Twenty users, each in their own organisation, each started on the checklist."""
    service = Service(await Store.open(database), CHECKLISTS, frozenset({ADMIN_ID}))
    ids = []
    try:
        for n in range(USERS):
            user_id = 100 + n
            org = await service.create_organisation(None, f"Town {n}")
            await service.see_user(user_id, f"User{n}")
            await service.join(user_id, org.responder_code)
            await service.start(user_id, checklist.id)
            ids.append(user_id)
    finally:
        await service.store.close()
    return ids


@dataclass
class Responder:
    """A user pressing answers as fast as the bot confirms them."""

    user: ChatUser
    confirmed: list[Confirmed]
    pressed: list[Confirmed] = field(default_factory=list)  # confirmed or not

    def item_message(self) -> ChatMessage | None:
        for message in reversed(self.user.messages):
            if any((data or "").startswith("a:") for row in message.buttons for _, data in row):
                return message
        return None

    async def run(self) -> None:
        """Press an answer, wait until the message shows the next item, and again."""
        while (message := self.item_message()) is not None:
            score = SCORES[len(self.confirmed) % len(SCORES)]
            answers = [d for row in message.buttons for _, d in row if d and d.startswith("a:")]
            data = next(d for d in answers if d.endswith(f":{score}"))
            edits = message.edits
            _, assessment, item, _ = data.split(":")
            self.pressed.append((int(assessment), item, score))
            await self.user.press_data(message.message_id, data, wait=False)
            await until(lambda: message.edits != edits, 10)  # noqa: B023
            self.confirmed.append((int(assessment), item, score))


async def until(condition: Callable[[], bool], seconds: float) -> None:
    """Wait until condition() holds, or fail."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def read(database: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as db:
        return list(db.execute(sql))


def unhandled(database: Path) -> int:
    """Updates recorded in the inbox and not yet handled."""
    [(count,)] = read(database, "SELECT count(*) FROM inbox WHERE handled_at IS NULL")
    return int(count)


def assert_consistent(database: Path, confirmed: list[Confirmed]) -> None:
    """Whole database; confirmed answers stored; the audit log agrees with the answers."""
    assert integrity(database) == "ok"
    rows = read(database, "SELECT assessment_id, item_id, score FROM answers")
    stored = {(a, item): score for a, item, score in rows}
    for assessment, item, score in confirmed:
        assert stored.get((assessment, item)) == score, (assessment, item, score)
    logged = read(
        database,
        "SELECT assessment_id, item_id, new FROM answer_log WHERE field = 'score' ORDER BY id",
    )
    last_logged = {(a, item): new for a, item, new in logged}  # later rows win
    assert last_logged == {key: score for key, score in stored.items() if score is not None}


async def where_to_continue(database: Path, checklist: Checklist, user_id: int) -> str:
    """What /continue must show: the first unanswered item, by its position, or completion."""
    store = await Store.open(database)
    try:
        user = await store.user(user_id)
        assert user is not None and user.current_assessment_id is not None
        item = scoring.next_item(checklist, await store.answers(user.current_assessment_id))
    finally:
        await store.close()
    if item is None:
        return f"All {len(checklist.items)} items"
    return f"Item {checklist.position(item.id)} of {len(checklist.items)},"


async def twenty_pressing(
    api: LocalBotApi, bot_process: BotProcess, database: Path, checklist: Checklist
) -> tuple[list[Responder], list[asyncio.Task[None]]]:
    """Twenty responders pressing answers at once, the bot polling, once KILL_AFTER of their
    answers are confirmed: what a kill or a stop then lands in the middle of."""
    ids = await twenty_responders(database, checklist)
    await bot_process.polling()
    users = [api.user(user_id, f"User{n}", language_code="en") for n, user_id in enumerate(ids)]
    responders = [Responder(user, []) for user in users]
    for user in users:
        await user.send("/continue", wait=False)
    await until(lambda: all(r.item_message() for r in responders), 10)

    tasks = [asyncio.create_task(r.run()) for r in responders]
    await until(lambda: sum(len(r.confirmed) for r in responders) >= KILL_AFTER, 10)
    return responders, tasks


@pytest.mark.xdist_group("serial")  # twenty users at once, a process killed and started again
async def test_a_killed_bot_loses_no_confirmed_answer_and_everyone_carries_on(
    api: LocalBotApi, bot_process: BotProcess, database: Path, recovery: Checklist
) -> None:
    responders, tasks = await twenty_pressing(api, bot_process, database, recovery)
    users = [r.user for r in responders]
    bot_process.kill()  # mid-stream: presses are in flight
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    confirmed = [c for r in responders for c in r.confirmed]
    assert_consistent(database, confirmed)

    await bot_process.polling()  # the same database; unconfirmed updates come again
    await api.settle(quiet=0.3, timeout=10)
    counts = [len(user.messages) for user in users]
    for user in users:
        await user.send("/continue", wait=False)
    await until(lambda: all(len(u.messages) > n for u, n in zip(users, counts, strict=True)), 10)
    await api.settle(quiet=0.3, timeout=10)
    assert await bot_process.stop() == 0

    assert_consistent(database, confirmed)
    assert user_version(database) == migrations()[-1][0]
    for user in users:
        assert (await where_to_continue(database, recovery, user.id)) in user.last.plain


EXPIRED = "Bad Request: query is too old and response timeout expired or query ID is invalid"


async def test_a_press_whose_query_expired_still_shows_the_next_item(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    api.inject_error("answerCallbackQuery", 400, EXPIRED, times=2)
    await ana.press("2 · In place, not tested")
    assert (await bot.store.answers(1))[recovery.items[0].id].score is not None
    assert not [m.plain for m in ana.messages if "went wrong" in m.plain]
    assert "Item 2 of" in ana.last.plain


def logged_once(database: Path, field_name: str) -> dict[tuple[int, str], str]:
    """Each (assessment, item) changed in this field, with its value: none may be logged twice."""
    rows = read(
        database,
        f"SELECT assessment_id, item_id, new FROM answer_log WHERE field = '{field_name}'",
    )
    keys = [(a, item) for a, item, _ in rows]
    assert len(keys) == len(set(keys)), "an update was handled twice"
    return {(a, item): new for a, item, new in rows}


def assert_handled_once(api: LocalBotApi, users: list[ChatUser]) -> None:
    """What a second handling would show: a press answered twice (Telegram refuses the second
    answer), a note saved twice, or a note's text taken for chat once its note was saved."""
    assert api.stats.errors[("answerCallbackQuery", 400)] == 0
    for user in users:
        texts = [m.plain for m in user.messages]
        assert texts.count("📝 Note saved.") <= 1
        assert not [t for t in texts if t.startswith("Please answer with the buttons")]


KILL_DELAYS_MS = (0, 1, 3, 5, 10, 30)  # the handler commits within a few ms


async def note_writers(database: Path, checklist: Checklist) -> tuple[list[int], int]:
    """One writer per round, each waiting for a note on a different item; and the assessment."""
    service = Service(await Store.open(database), CHECKLISTS, frozenset({ADMIN_ID}))
    try:
        org = await service.create_organisation(None, "Notes town")
        writers = []
        for n, item in enumerate(checklist.items[: len(KILL_DELAYS_MS)]):
            await service.see_user(200 + n, f"Writer{n}")
            await service.join(200 + n, org.responder_code)
            step = await service.start(200 + n, checklist.id)
            await service.begin_note(200 + n, step.assessment.id, item.id)
            writers.append(200 + n)
    finally:
        await service.store.close()
    return writers, step.assessment.id


@pytest.mark.parametrize(
    "mode",
    [
        pytest.param("polling", marks=pytest.mark.xdist_group("serial")),
        pytest.param("webhook", marks=pytest.mark.xdist_group("serial")),
    ],
)
async def test_a_bot_killed_just_after_updates_reach_it_handles_each_once_after_the_restart(
    api: LocalBotApi, bot_process: BotProcess, database: Path, recovery: Checklist, mode: str
) -> None:
    """In polling, an update reaches the bot with the batch whose offset the next getUpdates
    confirms; by webhook, with the POST whose 2xx answer confirms it, and the local Bot API
    delivers the next one only then. Either way the bot dies just after."""
    port = free_port()

    async def start() -> None:
        await (bot_process.polling() if mode == "polling" else bot_process.hooked(port))

    [presser_id] = (await twenty_responders(database, recovery))[:1]
    writer_ids, notes_assessment = await note_writers(database, recovery)
    await start()
    presser = api.user(presser_id, "User0", language_code="en")
    await presser.send("/continue")
    await api.settle(timeout=10)
    item_message = presser.last
    [(assessment,)] = read(
        database, f"SELECT current_assessment_id FROM users WHERE id = {presser_id}"
    )
    presses = {}
    for n, delay in enumerate(KILL_DELAYS_MS):
        if n:
            await start()
            # Each experiment starts once the last one's updates are handled: on a loaded machine
            # a kill could otherwise land, again and again, on an update being handled after the
            # restart, which the bot gives up after three (as it would a poisonous update).
            await until(lambda: not unhandled(database), 20)
        item = recovery.items[n].id
        writer = api.user(writer_ids[n], f"Writer{n}", language_code="en")
        presses[(assessment, item)] = "2"
        await presser.press_data(item_message.message_id, f"a:{assessment}:{item}:2", wait=False)
        await writer.send(f"Note {n}: the shelter list is in three languages.", wait=False)
        await api.handed_out(api.last_update_id)
        await asyncio.sleep(delay / 1000)  # the experiment: the bot dies this long after
        bot_process.kill()

    await start()
    await api.settle(quiet=0.3, timeout=10)
    assert await bot_process.stop() == 0

    assert {k: v for k, v in logged_once(database, "score").items() if k in presses} == presses
    notes = {
        (notes_assessment, recovery.items[n].id): f"Note {n}: the shelter list is in three"
        " languages."
        for n in range(len(KILL_DELAYS_MS))
    }
    assert logged_once(database, "note") == notes
    assert unhandled(database) == 0
    assert_handled_once(api, [api.user(w) for w in writer_ids])


@pytest.mark.xdist_group("serial")  # twenty users at once, a process stopped and started again
async def test_sigterm_mid_use_exits_0_and_every_update_is_handled_once(
    api: LocalBotApi, bot_process: BotProcess, database: Path, recovery: Checklist
) -> None:
    responders, tasks = await twenty_pressing(api, bot_process, database, recovery)
    users = [r.user for r in responders]
    assert await bot_process.stop() == 0  # SIGTERM mid-stream: presses are in flight
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert_consistent(database, [c for r in responders for c in r.confirmed])

    await bot_process.polling()  # what was received but not handled is handled now
    await api.settle(quiet=0.3, timeout=10)
    assert await bot_process.stop() == 0

    pressed = {(a, item): score for r in responders for a, item, score in r.pressed}
    assert len(pressed) > KILL_AFTER
    assert logged_once(database, "score") == pressed  # every press stored, none twice
    assert unhandled(database) == 0
    assert_handled_once(api, users)
