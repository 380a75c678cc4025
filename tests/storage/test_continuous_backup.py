"""Backups an operator can restore: Litestream beside the running bot, and ``micic-bot backup``.

The Litestream test runs the real binary (the dev extra installs it) with deploy/litestream.yml
while the store writes, restores into a new file, and opens that as the bot would.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import signal
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.model import Role
from bot.store import Store
from tests.support.project import ROOT
from tests.support.rounds import rounds

CONFIG = ROOT / "deploy" / "litestream.yml"
NOW = datetime(2026, 11, 29, tzinfo=UTC)
PROBES = itertools.count()  # restore refuses to write over a file: each probe gets its own
# On PATH, or beside the interpreter (the virtual environment's bin/, not always on PATH)
LITESTREAM = shutil.which("litestream") or shutil.which(
    "litestream", path=str(Path(sys.executable).parent)
)


async def assessment(store: Store) -> int:
    org = await store.create_organisation("Lyon", "R1", "C1", NOW)
    await store.touch_user(1, "Ana", NOW)
    await store.add_member(org.id, 1, Role.RESPONDER, NOW)
    [cycle] = await rounds(store, org.id, NOW, "2026")
    return (await store.open_assessment(cycle, "recovery", NOW)).id


async def answer(store: Store, assessment_id: int, items: range) -> None:
    for n in items:
        await store.record(assessment_id, f"item{n}", "score", str(n % 4), 1, NOW, 1)


def test_the_litestream_config_replicates_the_bots_database_to_one_replica() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    (database,) = config["dbs"]
    assert database["path"] == "${MICIC_DATABASE}"  # the bot's own setting
    assert database["replica"]["url"] == "${LITESTREAM_REPLICA_URL}"
    assert database["replica"]["sync-interval"] == "1s"
    assert set(config["snapshot"]) == {"interval", "retention"}


async def test_the_bots_sqlite_settings_are_the_ones_litestream_needs(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "bot.sqlite3")
    try:
        pragmas = {}
        for name in ("journal_mode", "busy_timeout", "synchronous", "wal_autocheckpoint"):
            row = await store._one(f"PRAGMA {name}")
            assert row is not None
            pragmas[name] = row[0]
    finally:
        await store.close()
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["busy_timeout"] >= 5000  # Litestream's own locks are waited out
    assert pragmas["synchronous"] == 1  # NORMAL
    assert pragmas["wal_autocheckpoint"] > 0  # SQLite's automatic checkpoints are PASSIVE
    forcing = [
        path.relative_to(ROOT)
        for path in (ROOT / "bot").rglob("*.py")
        if "wal_checkpoint" in path.read_text(encoding="utf-8").lower()
    ]
    assert forcing == []  # no FULL, RESTART or TRUNCATE checkpoint that would fight Litestream


async def litestream(command: str, *args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    """Start a Litestream command with the shipped config; its log goes to a pipe."""
    assert LITESTREAM is not None
    return await asyncio.create_subprocess_exec(
        LITESTREAM,
        command,
        "-config",
        str(CONFIG),
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,  # where Litestream logs
        stderr=asyncio.subprocess.STDOUT,
    )


async def restore(env: dict[str, str], target: Path) -> int:
    """``litestream restore -o target`` of the bot's database; the count of answers restored."""
    process = await litestream("restore", "-o", str(target), env["MICIC_DATABASE"], env=env)
    log, _ = await asyncio.wait_for(process.communicate(), 30)
    if process.returncode != 0:
        assert b"no matching backup files" in log, log.decode()  # nothing replicated yet
        return 0
    with sqlite3.connect(target) as db:
        return int(db.execute("SELECT count(*) FROM answers").fetchone()[0])


async def until_replicated(env: dict[str, str], folder: Path, answers: int) -> None:
    """Wait (30 s at most) until a restore from the replica holds every answer."""
    deadline = asyncio.get_running_loop().time() + 30
    while True:
        if await restore(env, folder / f"probe-{next(PROBES)}.sqlite3") == answers:
            return
        assert asyncio.get_running_loop().time() < deadline, "the replica never caught up"
        await asyncio.sleep(0.2)  # Litestream ships the WAL about once a second


@pytest.mark.skipif(LITESTREAM is None, reason="the litestream binary is not installed")
async def test_litestream_replicates_while_the_bot_writes_and_restores(tmp_path: Path) -> None:
    database, replica = tmp_path / "bot.sqlite3", tmp_path / "replica"
    env = {
        **os.environ,
        "MICIC_DATABASE": str(database),
        "LITESTREAM_REPLICA_URL": replica.as_uri(),
    }
    (tmp_path / "probes").mkdir()
    store = await Store.open(database)
    replicating = await litestream("replicate", env=env)
    try:
        assessment_id = await assessment(store)
        await answer(store, assessment_id, range(0, 30))
        await until_replicated(env, tmp_path / "probes", 30)
        await answer(store, assessment_id, range(30, 60))  # the bot goes on writing
        await until_replicated(env, tmp_path / "probes", 60)
        expected = await store.answers(assessment_id)
    finally:
        replicating.send_signal(signal.SIGTERM)
        log, _ = await asyncio.wait_for(replicating.communicate(), 30)
        await store.close()
    assert replicating.returncode == 0, log.decode()

    restored = tmp_path / "restored.sqlite3"
    assert await restore(env, restored) == 60
    copy = await Store.open(restored)  # migrations and the integrity check, as at start-up
    try:
        assert await copy.answers(assessment_id) == expected
        assert len(await copy.audit_log(assessment_id)) == 60
    finally:
        await copy.close()


async def test_restoring_a_backup_as_documented_brings_back_the_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Back up while running; later: stop, move the database and its -wal/-shm aside, copy."""
    database, backup = tmp_path / "data" / "bot.sqlite3", tmp_path / "backups" / "b.sqlite3"
    store = await Store.open(database)
    assessment_id = await assessment(store)
    await answer(store, assessment_id, range(0, 10))
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("MICIC_DATABASE", str(database))
    assert await asyncio.to_thread(main, ["backup", str(backup)]) == 0  # while the bot runs
    saved = await store.answers(assessment_id)
    await answer(store, assessment_id, range(10, 15))  # lost with the disk, say
    await store.close()  # 1. stop the bot

    aside = tmp_path / "aside"
    aside.mkdir()
    for suffix in ("", "-wal", "-shm"):  # 2. move the database and its companions aside
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            companion.rename(aside / companion.name)
    shutil.copy(backup, database)  # 3. copy the backup in place
    reopened = await Store.open(database)  # 4. start: migrations and integrity check
    try:
        assert await reopened.answers(assessment_id) == saved
    finally:
        await reopened.close()
