"""The bot as one process runs it, on a database file, polling the local Bot API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.app import Runtime
from bot.i18n import Catalogs
from bot.playground import LocalBotApi
from bot.service import Service
from bot.store import Store
from tests.support.project import ADMIN_ID, CATALOGS, CHECKLISTS

READ_TIMEOUT = 1.0  # short, so that tests of time-outs stay fast
START = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


class Clock:
    """A settable clock, so tests can move to the next assessment cycle."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class RunningBot:
    """The bot as one process would run it; it can be stopped and started on the same database."""

    def __init__(
        self,
        api: LocalBotApi,
        database: Path,
        clock: Clock,
        catalogs: Catalogs = CATALOGS,
        *,
        protect_reports: bool = False,
        timezone: str = "UTC",
        reminders: bool = True,
    ) -> None:
        self.protect_reports = protect_reports
        self.timezone = timezone
        self.reminders = reminders
        self.api = api
        self.database = database
        self.clock = clock
        self.catalogs = catalogs
        self.service: Service | None = None
        self.runtime: Runtime | None = None
        self.app: Application | None = None  # type: ignore[type-arg]

    async def start(self, **options: Any) -> None:
        """Open the database and start polling (``options`` for the Runtime: a webhook...).

        Reminders are swept only when a test asks (``remind``), unless ``sweep_every`` says.
        """
        store = await Store.open(self.database)
        admins = frozenset({ADMIN_ID})
        self.service = Service(store, CHECKLISTS, admins, clock=self.clock, timezone=self.timezone)
        self.runtime = Runtime.build(
            self.api.token,
            self.api.url,
            self.service,
            self.catalogs,
            read_timeout=READ_TIMEOUT,
            protect_reports=self.protect_reports,
            poll_timeout=1,
            reminders=self.reminders,
            **{"sweep_every": None, **options},
        )
        self.app = self.runtime.app
        self.api.watch_application(self.app)  # settle() also waits for handlers to finish
        await self.runtime.start()

    async def stop(self) -> None:
        """Stop taking updates, finish those being handled, close the database: a shutdown."""
        assert self.runtime is not None and self.service is not None
        await self.runtime.stop()
        await self.service.store.close()

    async def stop_if_running(self) -> None:
        """Stop, unless the test stopped it already."""
        if self.app is not None and self.app.running:
            await self.stop()

    async def remind(self) -> int:
        """One sweep at the bot's clock, and every reminder that may go out now sent; how many
        were sent."""
        assert self.runtime is not None and self.runtime.reminders is not None
        sent = await self.runtime.reminders.run_once()
        await self.api.settle()
        return sent

    @property
    def use_cases(self) -> Service:
        """The running bot's service, to set up what a test needs without the chat."""
        assert self.service is not None
        return self.service

    @property
    def store(self) -> Store:
        """The running bot's store, to check what was saved."""
        assert self.service is not None
        return self.service.store


Launch = Callable[[Catalogs], Awaitable[RunningBot]]  # start the bot with these catalogs
