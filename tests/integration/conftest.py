"""The real Application over HTTP against the local Bot API, with scripted users."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.app import build_application, start, stop
from bot.checklists import load_checklists
from bot.i18n import Catalogs
from bot.model import Checklist
from bot.playground import ChatUser, LocalBotApi
from bot.service import Service
from bot.store import Store

ROOT = Path(__file__).resolve().parents[2]
ADMIN_ID = 900
READ_TIMEOUT = 1.0  # short, so that tests of time-outs stay fast
CHECKLISTS = load_checklists(ROOT / "checklists")
CATALOGS = Catalogs.load(ROOT / "locales")


class RunningBot:
    """The bot as one process would run it; it can be stopped and started on the same database."""

    def __init__(self, api: LocalBotApi, database: Path, clock: Callable[[], datetime]) -> None:
        self.api = api
        self.database = database
        self.clock = clock
        self.service: Service | None = None
        self.app: Application | None = None  # type: ignore[type-arg]

    async def start(self) -> None:
        """Open the database and start polling."""
        store = await Store.open(self.database)
        self.service = Service(store, CHECKLISTS, frozenset({ADMIN_ID}), clock=self.clock)
        self.app = build_application(
            self.api.token, self.api.url, self.service, CATALOGS, read_timeout=READ_TIMEOUT
        )
        self.api.watch_application(self.app)  # settle() also waits for handlers to finish
        await start(self.app, poll_timeout=1)

    async def stop(self) -> None:
        """Stop polling and close the database, as a shutdown would."""
        assert self.app is not None and self.service is not None
        await stop(self.app)
        await self.service.store.close()

    @property
    def store(self) -> Store:
        """The running bot's store, to check what was saved."""
        assert self.service is not None
        return self.service.store


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    """A started local Bot API."""
    async with LocalBotApi(bot_username="micic_test_bot") as server:
        yield server


class Clock:
    """A settable clock, so tests can move to the next assessment cycle."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """A fixed time in 2026, so cycles are predictable."""
    return Clock()


@pytest.fixture
async def bot(
    api: LocalBotApi, tmp_path: Path, clock: Callable[[], datetime]
) -> AsyncIterator[RunningBot]:
    """The bot, running against the local Bot API on a fresh database."""
    running = RunningBot(api, tmp_path / "bot.sqlite3", clock)
    await running.start()
    yield running
    if running.app is not None and running.app.running:
        await running.stop()


@pytest.fixture
def recovery() -> Checklist:
    """The shortest real checklist."""
    return CHECKLISTS["recovery"]


def labels(user: ChatUser) -> list[str]:
    """The button labels of the user's newest message."""
    return [label for row in user.last.buttons for label, _ in row]


def button(user: ChatUser, starts: str) -> str:
    """The label of the newest message's button that starts with ``starts``."""
    for label in labels(user):
        if label.startswith(starts):
            return label
    raise AssertionError(f"no button starting {starts!r} in {labels(user)}")


async def new_organisation(api: LocalBotApi, name: str = "Lyon") -> tuple[str, str]:
    """An administrator creates an organisation; return its (responder, coordinator) codes."""
    admin = api.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send(f"/neworg {name}")
    codes = [line.split(": ")[1] for line in admin.last.plain.splitlines() if "join with" in line]
    return codes[0], codes[1]


async def joined(
    api: LocalBotApi, user_id: int, name: str, code: str, lang: str = "en"
) -> ChatUser:
    """A user who has joined with an invite code."""
    user = api.user(user_id, name, language_code=lang)
    await user.send(f"/join {code}")
    return user


async def answering(api: LocalBotApi, checklist: Checklist, user_id: int = 1) -> ChatUser:
    """Ana, a responder of a new organisation "Lyon", on the first item of a checklist."""
    code, _ = await new_organisation(api)
    user = await joined(api, user_id, "Ana", code)
    await user.press(button(user, checklist.title))
    return user
