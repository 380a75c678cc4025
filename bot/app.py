"""The composition root: the PTB Application wired to the service, catalogs and handlers, and
the runtime around it: updates in by poll or webhook, the HTTP server, start and stop."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot import metrics
from bot.handlers import register
from bot.handlers.instrumented import MeasuredApplication, MeasuredRequest
from bot.handlers.pacing import FloodPacer
from bot.handlers.reminder_delivery import SWEEP_SECONDS, ReminderDelivery
from bot.handlers.turn import DEPS_KEY, Deps
from bot.health import Health, check_health
from bot.i18n import N_, Catalogs
from bot.service import Service
from bot.store import StoreError
from bot.transport.intake import Intake
from bot.transport.polling import Poller, RawUpdatesRequest
from bot.transport.processor import FairUpdateProcessor
from bot.transport.webhook import Webhook, WebhookReceiver
from bot.web import Route, WebServer, health_route

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
GRACE_SECONDS = 10.0  # at a stop, how long updates being handled may take to finish
# Telegram keeps an unconfirmed update for a day: ids are kept twice that, to know one again.
KEEP_HANDLED = timedelta(days=2)

MENU = {
    "start": N_("Start, or choose a checklist"),
    "continue": N_("Back to the first unanswered question"),
    "review": N_("Look over and change answers"),
    "language": N_("Change the language"),
    "cancel": N_("Leave a note without saving"),
    "actions": N_("The action plan"),
    "report": N_("Readiness reports (coordinators)"),
    "cycle": N_("Assessment cycles (coordinators)"),
    "reminders": N_("Switch reminders off and on"),
    "help": N_("What I can do"),
}


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


def _utcnow() -> datetime:
    return datetime.now(UTC)


def build_application(
    token: str,
    api_url: str,
    service: Service,
    catalogs: Catalogs,
    *,
    rate_limit: bool = True,
    read_timeout: float = 5.0,
    protect_reports: bool = False,
    clock: Callable[[], datetime] = _utcnow,
    updates_request: RawUpdatesRequest | None = None,
    reminders: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The bot, ready to start, talking to the Bot API server at ``api_url``.

    It has no PTB Updater: updates come in through a Runtime, recorded before confirmed.
    ``protect_reports`` sends report files with Telegram's content protection (no forwarding,
    no saving); by default they go unprotected, so a coordinator can pass them on and print.
    ``reminders`` False (MICIC_REMINDERS=off): the bot sends none, and ``/reminders`` says so.
    """
    builder = (
        ApplicationBuilder()
        .application_class(MeasuredApplication)
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .request(MeasuredRequest(connection_pool_size=256, read_timeout=read_timeout))
        .get_updates_request(updates_request or RawUpdatesRequest(read_timeout))
        .updater(None)
        .concurrent_updates(FairUpdateProcessor(service.store, clock))
    )
    if rate_limit:
        builder = builder.rate_limiter(rate_limiter())  # type: ignore[arg-type]
    app = builder.build()
    app.bot_data[DEPS_KEY] = Deps(service, catalogs, protect_reports, reminders)
    register(app)
    return app


class StartFailed(Exception):
    """The bot cannot start, for a reason an operator can act on."""


class Runtime:
    """The bot at work: updates in by long polling or webhook, recorded, handled; reminders
    swept and sent every ``sweep_every`` seconds (None: only when asked, as tests do); the HTTP
    server on ``listen`` (health, the webhook, extra routes); and an orderly stop."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        updates_request: RawUpdatesRequest,
        *,
        webhook: Webhook | None = None,
        listen: tuple[str, int] | None = None,
        routes: Sequence[Route] = (),
        poll_timeout: int = 10,
        clock: Callable[[], datetime] = _utcnow,
        sweep_every: float | None = SWEEP_SECONDS,
    ) -> None:
        self.app = app
        deps = app.bot_data[DEPS_KEY]
        self.store = deps.service.store
        self.reminders = ReminderDelivery(app.bot, deps, sweep_every) if deps.reminders_on else None
        processor = app.update_processor
        assert isinstance(processor, FairUpdateProcessor)
        self.processor = processor
        self._clock = clock
        self._intake = Intake(app, self.store, clock)
        self._webhook = webhook
        self._receiver = WebhookReceiver(webhook, self._intake, app.bot) if webhook else None
        self._poller = None
        if webhook is None:
            self._poller = Poller(
                app, self._intake, updates_request, timeout=poll_timeout, allowed=ALLOWED_UPDATES
            )
        routes = [health_route(self.health), *metrics.routes(), *routes]
        if webhook is not None and self._receiver is not None:
            routes.append(self._receiver.route(webhook.path))
        self.web = WebServer(*listen, routes) if listen else None
        self._tasks: list[asyncio.Task[None]] = []
        self._reminding: asyncio.Task[None] | None = None
        self._started = time.monotonic()

    @classmethod
    def build(
        cls,
        token: str,
        api_url: str,
        service: Service,
        catalogs: Catalogs,
        *,
        rate_limit: bool = True,
        read_timeout: float = 5.0,
        protect_reports: bool = False,
        clock: Callable[[], datetime] = _utcnow,
        reminders: bool = True,
        **options: Any,
    ) -> Runtime:
        """The application and its runtime; ``options`` as for the constructor."""
        request = RawUpdatesRequest(read_timeout)
        app = build_application(
            token,
            api_url,
            service,
            catalogs,
            rate_limit=rate_limit,
            read_timeout=read_timeout,
            protect_reports=protect_reports,
            clock=clock,
            updates_request=request,
            reminders=reminders,
        )
        return cls(app, request, clock=clock, **options)

    async def start(self) -> None:
        """Connect, set the command menu, finish what was left unhandled, and take updates."""
        await self.app.initialize()
        await set_commands(self.app)
        await self.app.start()
        await self.store.prune_inbox(self._clock() - KEEP_HANDLED)
        await self._intake.replay()
        if self.web is not None:
            try:
                await self.web.start()  # before setWebhook: Telegram delivers at once
            except OSError as exc:
                raise StartFailed(f"cannot listen on {self.web.where}: {exc.strerror}") from exc
        await self._receive()
        self._tasks.append(asyncio.create_task(self._prune_daily(), name="inbox pruning"))
        await self._start_reminders()
        # What start-up built lives as long as the process (checklists, catalogs, locale data,
        # the application): the garbage collector need not go through it again at every full
        # collection, which on this heap is the largest part of the collector's work.
        gc.freeze()

    async def _start_reminders(self) -> None:
        """Settle what a stop left half-sent, then sweep every tick (if the runtime ticks)."""
        if self.reminders is None:
            return
        await self.app.bot_data[DEPS_KEY].service.reminders.recover()
        if self.reminders.every is not None:
            self._reminding = asyncio.create_task(self.reminders.run(), name="reminders")

    async def _receive(self) -> None:
        """Have Telegram deliver to the webhook, or start polling (with no webhook left)."""
        bot = self.app.bot
        if self._webhook is not None:
            try:
                await bot.set_webhook(
                    self._webhook.url,
                    secret_token=self._webhook.secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            except TelegramError as exc:
                raise StartFailed(f"Telegram refused the webhook: {exc.message}") from exc
            log.info("receiving updates by webhook")
        elif self._poller is not None:
            await bot.delete_webhook()  # getUpdates is refused while a webhook is set
            self._tasks.append(asyncio.create_task(self._poller.run(), name="getUpdates"))
            log.info("receiving updates by long polling")

    async def stop(self, grace: float = GRACE_SECONDS) -> None:
        """Take no more updates, let those being handled finish (``grace`` seconds at most),
        then disconnect. Updates received but not handled stay in the inbox for the restart."""
        if self._receiver is not None:
            self._receiver.open = False
        await self._stop_reminders(grace)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.processor.close(grace)
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        if self.web is not None:
            await self.web.stop()

    async def _stop_reminders(self, grace: float) -> None:
        """Take no more reminders; those being sent get ``grace`` seconds to finish."""
        if self.reminders is None:
            return
        self.reminders.stop()
        if self._reminding is not None:
            try:
                async with asyncio.timeout(grace):
                    await self._reminding
            except TimeoutError:
                log.warning("reminders still being sent at the stop: they may not have arrived")

    async def health(self) -> Health:
        """The health check, with how long Telegram has been silent when polling."""
        silent_for = None
        if self._poller is not None:
            since = self._poller.last_answer or self._started
            silent_for = time.monotonic() - since
        return await check_health(self.store, self._clock(), silent_for=silent_for)

    async def _prune_daily(self) -> None:
        while True:
            await asyncio.sleep(24 * 3600)
            try:
                await self.store.prune_inbox(self._clock() - KEEP_HANDLED)
            except StoreError:
                log.warning("could not prune the inbox; next time, then")
