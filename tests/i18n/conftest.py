"""The real Application against the local Bot API, with catalogs from any locales folder."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.app import build_application, start
from bot.i18n import Catalogs
from bot.playground import ChatUser, LocalBotApi
from bot.service import Service
from bot.store import Store
from tests.i18n.pseudo import write_pseudo_locale
from tests.integration.conftest import (
    ADMIN_ID,
    CHECKLISTS,
    READ_TIMEOUT,
    ROOT,
    Clock,
    RunningBot,
)

LOCALES = ROOT / "locales"
Launch = Callable[[Catalogs], Awaitable["LocalisedBot"]]


class LocalisedBot(RunningBot):
    """The running bot, with the catalogs a test gives it instead of the shipped ones."""

    def __init__(self, api: LocalBotApi, database: Path, catalogs: Catalogs) -> None:
        super().__init__(api, database, Clock())
        self.catalogs = catalogs

    async def start(self) -> None:
        """Open the database and start polling."""
        store = await Store.open(self.database)
        self.service = Service(store, CHECKLISTS, frozenset({ADMIN_ID}), clock=self.clock)
        self.app = build_application(
            self.api.token, self.api.url, self.service, self.catalogs, read_timeout=READ_TIMEOUT
        )
        self.api.watch_application(self.app)
        await start(self.app, poll_timeout=1)


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    """A started local Bot API."""
    async with LocalBotApi(bot_username="micic_test_bot") as server:
        yield server


@pytest.fixture
async def launch(api: LocalBotApi, tmp_path: Path) -> AsyncIterator[Launch]:
    """Start the bot with given catalogs; it is stopped after the test."""
    bots: list[LocalisedBot] = []

    async def _launch(catalogs: Catalogs) -> LocalisedBot:
        bot = LocalisedBot(api, tmp_path / "bot.sqlite3", catalogs)
        await bot.start()
        bots.append(bot)
        return bot

    yield _launch
    for bot in bots:
        if bot.app is not None and bot.app.running:
            await bot.stop()


@pytest.fixture(scope="session")
def pseudo_locales(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A locales folder whose only language is the pseudo-locale, extracted from the sources."""
    return write_pseudo_locale(ROOT, tmp_path_factory.mktemp("pseudo-locales"))


@pytest.fixture
def locales_copy(tmp_path: Path) -> Path:
    """A copy of the shipped catalogs, to add to or break."""
    target = tmp_path / "locales"
    shutil.copytree(LOCALES, target)
    return target


def labels(user: ChatUser) -> list[str]:
    """The button labels of the user's newest message with buttons, row by row."""
    message = next(m for m in reversed(user.messages) if m.buttons)
    return [label for row in message.buttons for label, _ in row]
