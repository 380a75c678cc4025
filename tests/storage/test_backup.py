"""`micic-bot backup FILE`: a consistent online copy, taken while answers keep coming."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.model import Role
from bot.store import Store
from tests.support.rounds import rounds

NOW = datetime(2026, 11, 29, tzinfo=UTC)


async def _writer(store: Store, assessment: int, start: int, count: int) -> None:
    for n in range(start, start + count):
        await store.record(assessment, f"item{n}", "score", "2", 1, NOW, 1)


async def test_a_backup_taken_during_writes_is_consistent(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "live.sqlite3")
    try:
        org = await store.create_organisation("Lyon", "R1", "C1", NOW)
        await store.touch_user(1, "Ana", NOW)
        await store.add_member(org.id, 1, Role.RESPONDER, NOW)
        [cycle] = await rounds(store, org.id, NOW, "2026")
        assessment = (await store.open_assessment(cycle, "recovery", NOW)).id
        await _writer(store, assessment, 0, 50)
        writing = asyncio.create_task(_writer(store, assessment, 50, 200))
        await store.backup(tmp_path / "copy.sqlite3")
        await writing
    finally:
        await store.close()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    answers = copy.execute("SELECT count(*) FROM answers").fetchone()[0]
    logged = copy.execute("SELECT count(*) FROM answer_log").fetchone()[0]
    copy.close()
    assert answers >= 50 and answers == logged


def test_the_command_line_backs_up_and_names_a_missing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MICIC_DATABASE", str(tmp_path / "missing.sqlite3"))
    assert main(["backup", str(tmp_path / "b.sqlite3")]) == 1
    assert "no database" in capsys.readouterr().err
    monkeypatch.setenv("MICIC_DATABASE", str(tmp_path / "db.sqlite3"))
    assert main(["org", "add", "Lyon"]) == 0
    assert main(["backup", str(tmp_path / "b.sqlite3")]) == 0
    assert "integrity ok" in capsys.readouterr().out
    copy = sqlite3.connect(tmp_path / "b.sqlite3")
    assert copy.execute("SELECT name FROM organisations").fetchall() == [("Lyon",)]
    copy.close()
