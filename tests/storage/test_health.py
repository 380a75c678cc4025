"""The health check over a real database, and ``micic-bot health`` (exit 0 or 1) for containers."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.health import STALLED_AFTER, check_health
from bot.store import Recorded, Store, migrations

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


async def received(path: Path, update_id: int, at: datetime, *, handled: bool) -> None:
    async with Store.open(path) as store:
        await store.record_updates([Recorded(update_id, "{}")], at)
        if handled:
            await store.mark_handled(update_id, at)


async def created(path: Path) -> None:
    async with Store.open(path):
        pass


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated database that ``micic-bot`` is pointed at."""
    path = tmp_path / "health.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MICIC_DATABASE", str(path))
    asyncio.run(created(path))
    return path


def health(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = main(["health"])
    return code, json.loads(capsys.readouterr().out)


async def test_a_quiet_bot_is_healthy_and_says_since_when(tmp_path: Path) -> None:
    path = tmp_path / "quiet.sqlite3"
    await received(path, 1, NOW - timedelta(hours=9), handled=True)
    async with Store.peek(path) as store:
        result = await check_health(store, NOW, silent_for=3.0)

    assert result.ok
    assert result.as_json() == {
        "status": "ok",
        "schema_version": migrations()[-1][0],
        "seconds_since_last_update": 9 * 3600.0,
        "pending_updates": 0,
        "pending_reminders": 0,
        "database": "ok",
        "seconds_since_telegram_answered": 3.0,
        "problems": [],
    }


async def test_updates_waiting_while_none_is_handled_mean_the_bot_is_stuck(
    tmp_path: Path,
) -> None:
    path = tmp_path / "stuck.sqlite3"
    late = NOW - timedelta(seconds=STALLED_AFTER + 30)
    await received(path, 1, late, handled=True)
    await received(path, 2, late, handled=False)
    async with Store.peek(path) as store:
        stuck = await check_health(store, NOW)
        busy = await check_health(store, late + timedelta(seconds=STALLED_AFTER / 2))

    assert stuck.problems == [
        "1 updates wait, the oldest for 150 s, and none was handled meanwhile"
    ]
    assert busy.ok  # waiting, but not for long yet


async def test_a_silent_telegram_is_a_problem_when_polling(tmp_path: Path) -> None:
    path = tmp_path / "silent.sqlite3"
    async with Store.open(path) as store:
        result = await check_health(store, NOW, silent_for=600.0)
    assert result.problems == ["getUpdates has not answered for 600 s"]


def test_the_command_exits_0_when_healthy(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, body = health(capsys)
    assert code == 0 and body["status"] == "ok" and body["pending_updates"] == 0


def test_the_command_exits_1_and_says_why(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA user_version = 2")
    code, body = health(capsys)
    assert code == 1 and body["status"] == "failing"
    expected = migrations()[-1][0]
    assert body["problems"] == [f"the database schema is at 2, this version needs {expected}"]


def test_the_command_never_creates_nor_migrates_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MICIC_DATABASE", str(tmp_path / "missing.sqlite3"))
    code, body = health(capsys)

    assert code == 1 and body["database"] == "unreachable"
    assert not (tmp_path / "missing.sqlite3").exists()
