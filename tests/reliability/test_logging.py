"""Logs at INFO, as ``micic-bot run`` configures them, hold no token and nothing a user wrote."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.logs import configure_logging, log_handler
from bot.model import Checklist
from bot.playground import LocalBotApi
from bot.store import StoreError
from tests.support.chat import button
from tests.support.onboarding import joined, new_organisation
from tests.support.project import ROOT
from tests.support.running import RunningBot

TOKEN = "4242424242:AAE-secret-token-do-not-log"
ORG = "Villeneuve-la-Discrète"
NAME = "Zéphyrine"
NOTE = "The shelter key is under the blue flowerpot"
LOST_NOTE = "Generator fuel is kept in the chapel crypt"
PHONE_NOTE = "Call the caretaker on +33 6 12 34 56 78"
CAPTION = "photo of the crypt door"
FORMATTER = logging.Formatter("%(levelname)s %(name)s: %(message)s")
FIELDS = ("time", "level", "logger", "message", "update_id", "error_type")

pytestmark = pytest.mark.api(token=TOKEN)  # a token that is easy to spot


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """INFO records, with the library loggers set the way ``micic-bot run`` sets them."""
    root = logging.getLogger()
    handlers = list(root.handlers)
    libraries = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    configure_logging("INFO")
    caplog.set_level(logging.INFO)
    yield caplog
    for handler in set(root.handlers) - set(handlers):  # basicConfig may have added one
        root.removeHandler(handler)
    for name, level in libraries.items():
        logging.getLogger(name).setLevel(level)


def formatted(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every record as a log file would show it, tracebacks included."""
    return [FORMATTER.format(record) for record in caplog.records]


async def full_flow(api: LocalBotApi, bot: RunningBot, recovery: Checklist) -> None:
    """Create an organisation, join, answer, write notes and evidence, lose one note to a
    database error, press a stale button, look at the data and leave."""
    code, _ = await new_organisation(api, ORG)
    user = await joined(api, code, NAME)
    await user.press(button(user, recovery.title))
    await user.press("2 · In place, not tested")
    await user.press("📝 Note")
    await user.send_photo(b"\x89PNG\r\n\x1a\n" + b"\0" * 32, filename="door.png", caption=CAPTION)
    await user.send(NOTE)
    await user.press("📝 Note")
    await user.send(PHONE_NOTE)
    await user.press("Save anyway")
    await user.press("📝 Note")
    write_note = bot.store.write_note

    async def locked(*args: object, **kwargs: object) -> bool:
        raise StoreError("database is locked")

    bot.store.write_note = locked  # type: ignore[method-assign]
    try:
        await user.send(LOST_NOTE)
    finally:
        bot.store.write_note = write_note  # type: ignore[method-assign]
    await user.press_data(user.last.message_id, "a:1:no_such_item:0")
    await user.send("/mydata")
    await user.send("/forget")
    await user.press("Yes, delete")


async def test_logs_hold_no_token_and_no_user_text(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist, logs: pytest.LogCaptureFixture
) -> None:
    await full_flow(api, bot, recovery)
    lines = formatted(logs)
    assert any("stale or unknown button" in line for line in lines)  # INFO is captured
    secrets = [TOKEN, TOKEN.split(":")[1], ORG, NAME, NOTE, LOST_NOTE, PHONE_NOTE, "+33", CAPTION]
    for secret in secrets:
        assert not [line for line in lines if secret in line], secret


async def test_the_error_handler_logs_the_error_type_and_update_id_only(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist, logs: pytest.LogCaptureFixture
) -> None:
    await full_flow(api, bot, recovery)
    errors = [r for r in logs.records if r.levelno >= logging.ERROR]
    assert [r.name for r in errors] == ["bot.handlers.errors"]
    (error,) = errors
    assert error.getMessage().startswith("update ") and error.getMessage().endswith(
        " failed: StoreError"
    )
    assert int(error.getMessage().split()[1]) > 0
    assert error.exc_info is not None and LOST_NOTE not in FORMATTER.format(error)


async def test_the_bot_api_client_logs_no_url_even_at_debug(
    api: LocalBotApi, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    """Without configure_logging's settings too: the requests to the Bot API go through
    aiohttp's client, which never logs a URL (the token is in every one)."""
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="aiohttp")
    user = api.user(5, NAME, language_code="en")
    await user.send("/help")
    await user.send("/start")
    assert len(user.messages) == 2  # both were answered, over the client
    assert not any(TOKEN in line for line in formatted(caplog))


@pytest.fixture
def json_lines(logs: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """What MICIC_LOG_FORMAT=json would write: the same handler, into a buffer."""
    stream = io.StringIO()
    handler = log_handler("json", stream)
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)


async def test_json_logs_are_one_object_a_line_with_update_ids_and_nothing_secret(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist, json_lines: io.StringIO
) -> None:
    await full_flow(api, bot, recovery)
    lines = json_lines.getvalue().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one object
    assert entries and all(set(FIELDS) <= set(entry) for entry in entries)
    (error,) = [e for e in entries if e["level"] == "ERROR"]
    assert error["logger"] == "bot.handlers.errors"
    assert error["error_type"] == "StoreError"
    assert error["message"] == f"update {error['update_id']} failed: StoreError"
    assert isinstance(error["update_id"], int) and error["update_id"] > 0
    stale = [e for e in entries if "stale or unknown button" in e["message"]]
    assert stale and all(isinstance(e["update_id"], int) for e in stale)
    assert datetime.fromisoformat(error["time"]).utcoffset() == timedelta(0)
    secrets = [TOKEN, TOKEN.split(":")[1], ORG, NAME, NOTE, LOST_NOTE, PHONE_NOTE, "+33", CAPTION]
    for secret in secrets:
        assert not [line for line in lines if secret in line], secret


def test_json_logs_from_the_command_line(tmp_path: Path) -> None:
    """MICIC_LOG_FORMAT=json as an operator sets it: each line on stderr is a JSON object."""
    env = {
        **os.environ,
        "MICIC_LOG_FORMAT": "json",
        "MICIC_DATABASE": str(tmp_path / "fresh.sqlite3"),
        "TELEGRAM_BOT_TOKEN": TOKEN,
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "org", "list"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    migrations = [e for e in entries if e["message"].startswith("applying migration")]
    assert migrations and migrations[0]["logger"] == "bot.store.connection"
    assert all(e["update_id"] is None and e["level"] == "INFO" for e in migrations)
    assert TOKEN not in result.stderr
