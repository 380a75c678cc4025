"""Every fixture the test folders share, declared once (``tests/conftest.py`` registers them).

Chat tests take ``api`` and ``bot``; a module marked ``bot(shared=True)`` has one bot for all.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import BaseHandler, ContextTypes

from bot.i18n import Catalogs
from bot.model import Checklist
from bot.playground import LocalBotApi
from bot.scope import Scope, narrow
from tests.support.bare_app import BareApp, StartBot, build_app, polling
from tests.support.project import CHECKLISTS, LOCALES, ROOT
from tests.support.pseudo import write_pseudo_locale
from tests.support.report_world import World, build_world
from tests.support.running import START, Clock, Launch, RunningBot


def _api_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("api")
    return dict(marker.kwargs) if marker else {}


def _shares_bot(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("bot")
    return bool(marker and marker.kwargs.get("shared", False))


# --- the local Bot API and the running bot -----------------------------------------------------
# ``api`` and ``bot`` are the test's own: a fresh local Bot API, and the bot polling it on a fresh
# database. In a module marked ``pytest.mark.bot(shared=True)`` they are the module's instead
# (that saves starting a bot for every test); each test there makes its own users
# and organisation (see onboarding), and a test that changes the bot itself (restarts it,
# injects faults, locks its database) is marked ``bot(shared=False)``. ``pytest.mark.api(...)``
# passes LocalBotApi options.


@pytest.fixture
def api(request: pytest.FixtureRequest) -> LocalBotApi:
    """The test's local Bot API: the module's when the module shares one bot."""
    server: LocalBotApi = request.getfixturevalue(
        "module_api" if _shares_bot(request) else "fresh_api"
    )
    return server


@pytest.fixture
def bot(request: pytest.FixtureRequest) -> RunningBot:
    """The bot polling ``api``: the module's when the module shares one bot."""
    running: RunningBot = request.getfixturevalue(
        "module_bot" if _shares_bot(request) else "fresh_bot"
    )
    return running


@pytest.fixture
async def fresh_api(request: pytest.FixtureRequest) -> AsyncIterator[LocalBotApi]:
    """A started local Bot API for this test alone."""
    async with LocalBotApi(**_api_options(request)) as server:
        yield server


@pytest.fixture(scope="module")
async def module_api(request: pytest.FixtureRequest) -> AsyncIterator[LocalBotApi]:
    """A started local Bot API for every test of the module."""
    async with LocalBotApi(**_api_options(request)) as server:
        yield server


@pytest.fixture
async def fresh_bot(fresh_api: LocalBotApi, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The bot, running against the test's local Bot API on a fresh database."""
    running = RunningBot(fresh_api, tmp_path / "bot.sqlite3", Clock())
    await running.start()
    yield running
    await running.stop_if_running()


@pytest.fixture(scope="module")
async def module_bot(
    module_api: LocalBotApi, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RunningBot]:
    """The bot, running against the module's local Bot API on a database of the module."""
    running = RunningBot(module_api, tmp_path_factory.mktemp("bot") / "bot.sqlite3", Clock())
    await running.start()
    yield running
    await running.stop_if_running()


@pytest.fixture
def clock(bot: RunningBot) -> Iterator[Clock]:
    """The bot's clock, at a fixed time in 2026; a test that moves it moves it for itself."""
    yield bot.clock
    bot.clock.now = START


@pytest.fixture
def recovery() -> Checklist:
    """The shortest real checklist, as an organisation that set no kinds of place sees it."""
    return narrow(CHECKLISTS["recovery"], Scope())


# --- languages ---------------------------------------------------------------------------------


@pytest.fixture
async def launch(api: LocalBotApi, tmp_path: Path) -> AsyncIterator[Launch]:
    """Start the bot with given catalogs; it is stopped after the test."""
    bots: list[RunningBot] = []

    async def _launch(catalogs: Catalogs) -> RunningBot:
        running = RunningBot(api, tmp_path / "bot.sqlite3", Clock(), catalogs)
        await running.start()
        bots.append(running)
        return running

    yield _launch
    for running in bots:
        await running.stop_if_running()


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


# --- reports -----------------------------------------------------------------------------------


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """The report tests' organisations and answers (see report_world), in a fresh database."""
    built = await build_world(tmp_path / "reports.sqlite3")
    yield built
    await built.service.store.close()


# --- a bare Application, for the playground's own tests ----------------------------------------


@pytest.fixture
def handler_errors() -> list[BaseException]:
    """Exceptions raised by handlers of the Application started with ``start_bot``."""
    return []


@pytest.fixture
async def start_bot(
    api: LocalBotApi, handler_errors: list[BaseException]
) -> AsyncIterator[StartBot]:
    """start_bot(*handlers, **polling_options) -> a polling Application; stopped at teardown."""
    async with AsyncExitStack() as stack:

        async def start(*handlers: BaseHandler[Any, Any, Any], **options: Any) -> BareApp:
            app = build_app(api)
            app.add_handlers(list(handlers))

            async def collect(_: object, context: ContextTypes.DEFAULT_TYPE) -> None:
                handler_errors.append(context.error or RuntimeError("unknown handler error"))

            app.add_error_handler(collect)
            api.watch_application(app)
            await stack.enter_async_context(polling(app, **options))
            return app

        yield start
