"""The composition root: the PTB Application wired to the service, catalogs and handlers."""

from __future__ import annotations

import asyncio
import logging
import os
from collections import defaultdict
from collections.abc import Awaitable
from typing import Any

from telegram import BotCommand
from telegram.ext import Application, ApplicationBuilder, BaseUpdateProcessor

from bot.handlers import register
from bot.handlers.instrumented import MeasuredApplication, MeasuredRequest
from bot.handlers.pacing import FloodPacer
from bot.handlers.turn import DEPS_KEY, Deps
from bot.i18n import N_, Catalogs
from bot.service import Service

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]

MENU = {
    "start": N_("Start, or choose a checklist"),
    "continue": N_("Back to the first unanswered question"),
    "review": N_("Look over and change answers"),
    "language": N_("Change the language"),
    "cancel": N_("Leave a note without saving"),
    "report": N_("Readiness reports (coordinators)"),
    "help": N_("What I can do"),
}


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Handle updates of different users concurrently, and each user's strictly in order."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: defaultdict[object, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._waiting: defaultdict[object, int] = defaultdict(int)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers while holding its user's lock."""
        key = _user_key(update)
        self._waiting[key] += 1
        try:
            async with self._locks[key]:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # forget idle users, so memory stays flat
                del self._waiting[key], self._locks[key]

    @property
    def busy(self) -> bool:
        """Whether any update is being handled or waits for its user's turn."""
        return bool(self._waiting)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _user_key(update: object) -> object:
    user = getattr(update, "effective_user", None)
    return user.id if user is not None else id(update)


async def set_commands(app: Application) -> None:  # type: ignore[type-arg]
    """The command menu, once per language the bot has (Telegram knows two-letter codes)."""
    catalogs = app.bot_data[DEPS_KEY].catalogs
    for code, lang in catalogs.menu_languages().items():
        t = catalogs.translator(lang)
        commands = [BotCommand(name, t._(text)) for name, text in MENU.items()]
        await app.bot.set_my_commands(commands, language_code=code)


def use_timedelta_durations() -> None:
    """Opt this process in to python-telegram-bot 23's durations, before any update arrives.

    PTB 22 builds every RetryAfter (Telegram's 429) with ``retry_after`` as int seconds and a
    deprecation warning, unless PTB_TIMEDELTA asks for the timedelta it will always be in 23.
    It reads the variable each time, so setting it where the process starts is enough; the
    handlers read either kind. A value the operator set is kept.
    """
    os.environ.setdefault("PTB_TIMEDELTA", "1")


def rate_limiter() -> FloodPacer:
    """Sends paced under Telegram's flood limits, retrying flood-control answers three times.

    A sliding window of 29 messages a second lets a burst under the limit go out at once, where
    a bucket of one message refilled 29 times a second made every burst queue; answers to
    button presses are not messages and never wait (see handlers/pacing.py).
    """
    return FloodPacer()


def build_application(
    token: str,
    api_url: str,
    service: Service,
    catalogs: Catalogs,
    *,
    rate_limit: bool = True,
    read_timeout: float = 5.0,
) -> Application:  # type: ignore[type-arg]
    """The bot, ready to start, talking to the Bot API server at ``api_url``."""
    builder = (
        ApplicationBuilder()
        .application_class(MeasuredApplication)
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .request(MeasuredRequest(connection_pool_size=256, read_timeout=read_timeout))
        .get_updates_request(MeasuredRequest(connection_pool_size=1))
        .concurrent_updates(PerUserUpdateProcessor())
    )
    if rate_limit:
        builder = builder.rate_limiter(rate_limiter())  # type: ignore[arg-type]
    app = builder.build()
    app.bot_data[DEPS_KEY] = Deps(service, catalogs)
    register(app)
    return app


async def start(app: Application, *, poll_timeout: int = 10) -> None:  # type: ignore[type-arg]
    """Connect, set the command menu and start long polling."""
    await app.initialize()
    await set_commands(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(
        timeout=poll_timeout, poll_interval=0, allowed_updates=ALLOWED_UPDATES
    )


async def stop(app: Application) -> None:  # type: ignore[type-arg]
    """Stop polling and handling, and disconnect."""
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
