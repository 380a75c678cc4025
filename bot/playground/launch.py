"""``micic-bot run`` without a token: the bot against a local Bot API, chatting in the terminal.

The person at the terminal starts as an administrator who coordinates a demo municipality with
an earlier round and an action plan (``demo``), so every feature can be tried at once. The
playground keeps its own database, apart from a real one.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from bot.app import Runtime
from bot.config import Settings
from bot.i18n import Catalogs
from bot.model import Checklist
from bot.playground.botapi import LocalBotApi
from bot.playground.clock import PlaygroundClock, clock_command
from bot.playground.demo import PERSON_NAME, prepare_demo
from bot.playground.terminal import TerminalChat
from bot.service import Service
from bot.store import Store

TOKEN = "1000001:playground"
PERSON_ID = 1


def playground_database(settings: Settings) -> Path:
    """The playground's own database file, next to the configured one."""
    return settings.database.with_name("playground.sqlite3")


def terminal_language() -> str | None:
    """The terminal's language (LANG=fr_FR.UTF-8 -> fr_FR), as Telegram would report it."""
    code = os.environ.get("LANG") or locale.getlocale()[0] or ""
    code = code.split(".")[0]
    return code if code and code not in ("C", "POSIX") else None


def playground_runtime(
    api: LocalBotApi,
    service: Service,
    catalogs: Catalogs,
    settings: Settings,
    clock: PlaygroundClock,
) -> Runtime:
    """The bot against the local Bot API, unpaced, on the playground's clock, with /clock."""
    runtime = Runtime.build(
        api.token,
        api.url,
        service,
        catalogs,
        rate_limit=False,
        protect_reports=settings.protect_reports,
        reminders=settings.reminders,
        clock=clock,
    )
    runtime.app.add_handler(clock_command(clock, runtime.reminders), group=-2)
    api.watch_application(runtime.app)
    return runtime


async def run_playground(
    settings: Settings,
    checklists: Mapping[str, Checklist],
    catalogs: Catalogs,
    *,
    input_stream: TextIO | None = None,
    output: TextIO | None = None,
) -> None:
    """Run the bot and a terminal chat until the person types /quit or input ends."""
    database = playground_database(settings)
    api = LocalBotApi(token=TOKEN, bot_username="micic_playground_bot", bot_name="MICIC")
    clock = PlaygroundClock()
    async with Store.open(database) as store:
        admins = settings.admins | {PERSON_ID}
        service = Service(store, checklists, admins, clock=clock, timezone=settings.timezone)
        try:
            language = terminal_language()
            t = catalogs.translator(catalogs.negotiate([language]))
            await prepare_demo(service, PERSON_ID, t)
            await api.start()
            runtime = playground_runtime(api, service, catalogs, settings, clock)
            await runtime.start()
            try:
                person = api.user(PERSON_ID, t._(PERSON_NAME), language_code=language)
                chat = TerminalChat(
                    api,
                    person,
                    downloads=database.parent / "playground-files",
                    input_stream=input_stream,
                    output=output,
                )
                await chat.run(opening="/start")
            finally:
                await runtime.stop()
        finally:
            await api.stop()
