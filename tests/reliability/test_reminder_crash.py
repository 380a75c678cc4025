"""Reminders and SIGKILL: a reminder is recorded under its key before it is sent, and taken
before the Bot API is called, so a bot killed between the sweep and the send sends it once after
the restart, and one killed while sending never sends it again.

The bot runs as a separate process (``tests/support/reminder_process.py``: the real Runtime
with the test's clock) against the local Bot API hosted by the test.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest

from bot.playground import ChatUser, LocalBotApi
from bot.service import Service
from bot.store import Store
from tests.support.chat import held
from tests.support.project import ADMIN_ID, CHECKLISTS, ROOT
from tests.support.reminding import dated_action, utc

ANA = 4242
DUE = date(2027, 1, 6)  # overdue on Thursday 7th at 09:00 UTC
MOMENT = utc(2027, 1, 7, 9, 30)


async def seeded(database: Path) -> None:
    """A town in UTC where Ana owns an action due on the 6th."""
    async with Store.open(database) as store:
        service = Service(store, CHECKLISTS, frozenset({ADMIN_ID}), clock=lambda: utc(2027, 1, 4))
        org = await service.create_organisation(None, "Kill town")
        await service.see_user(ANA, "Ana", "en")
        await service.join(ANA, org.responder_code)
        await dated_action(store, org.id, ANA, DUE, utc(2027, 1, 4))


def states(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute("SELECT state FROM reminders WHERE kind = 'overdue'")]


@asynccontextmanager
async def bot_process(
    api: LocalBotApi, database: Path, mode: str, log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """The bot in its own process, always killed with SIGKILL at the end of the block."""
    command = [sys.executable, "-m", "tests.support.reminder_process", str(database)]
    command += [api.url, api.token, MOMENT.isoformat(), mode]
    env = {**os.environ, "MICIC_LOG_LEVEL": "WARNING"}
    with log.open("ab") as errors:
        process = await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=errors
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)  # no shutdown, no flush, no goodbye
        await process.wait()


async def said(process: asyncio.subprocess.Process, log: Path) -> str:
    """The line the bot process prints once it has swept (and sent)."""
    assert process.stdout is not None
    try:
        async with asyncio.timeout(20):
            return (await process.stdout.readline()).decode().strip()
    except TimeoutError:
        raise AssertionError(logged(log)) from None


def logged(log: Path) -> str:
    """What the bot processes wrote to stderr, for a failure's message."""
    return log.read_text(errors="replace") if log.exists() else ""


def reminders_of(ana: ChatUser) -> list[str]:
    return [m.plain for m in ana.messages if "is still open" in m.plain]


@pytest.mark.xdist_group("serial")  # processes killed and started again
async def test_killed_between_the_sweep_and_the_send_it_is_sent_once(
    api: LocalBotApi, tmp_path: Path
) -> None:
    database, log = tmp_path / "bot.sqlite3", tmp_path / "bot.log"
    await seeded(database)
    ana = api.user(ANA, "Ana", language_code="en")
    async with bot_process(api, database, "sweep", log) as first:
        assert await said(first, log) == "swept 1"
    assert states(database) == ["queued"]  # recorded, not sent: the process is gone
    assert reminders_of(ana) == []
    async with bot_process(api, database, "run", log) as second:
        assert await said(second, log) == "sent 1"  # the restart sends it
    async with bot_process(api, database, "run", log) as third:
        assert await said(third, log) == "sent 0"  # and never again
    assert len(reminders_of(ana)) == 1
    assert states(database) == ["sent"]


@pytest.mark.xdist_group("serial")  # processes killed and started again
async def test_killed_while_sending_it_is_never_sent_again(
    api: LocalBotApi, tmp_path: Path
) -> None:
    database, log = tmp_path / "bot.sqlite3", tmp_path / "bot.log"
    await seeded(database)
    ana = api.user(ANA, "Ana", language_code="en")
    api.inject_timeout("sendMessage", 30.0)  # delivered, but Telegram's answer never comes
    async with bot_process(api, database, "run", log):
        assert await held(lambda: bool(reminders_of(ana)), 20), logged(log)
    assert states(database) == ["sending"]  # killed before it knew
    async with bot_process(api, database, "run", log) as restarted:
        assert await said(restarted, log) == "sent 0"
    assert len(reminders_of(ana)) == 1  # it may have arrived, so it is not sent again
    assert states(database) == ["unknown"]
