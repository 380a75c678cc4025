"""Part 7, reminders: a sweep over 100,000 reminders falling due (time and peak memory, and the
sweep after, which finds them recorded), and the press-to-next-item latency while 5,000
reminders are being sent at Telegram's pace.

The sweep runs in a fresh interpreter (``reminder_sweep.py``) on a database of 1,000
organisations of 100 members, each member owning an overdue action; its baseline is the bare
sqlite3 insert of as many rows. The latency is the real bot as a process against the local Bot
API enforcing 30 messages a second, 10 responders pressing at random moments, first with
nothing else to send, then while it sends 5,000 overdue reminders.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import choosers
from bench.figures import Figure, ms, secs, times
from bench.proc import BotProcess, bot_command
from bench.reminder_seed import seed_overdue
from bench.responders import Crowd, Drive, drive, percentile
from bench.seed import seed_responders
from bench.session import FLOOD_WINDOW
from bot.playground import LocalBotApi

SWEEP_ORGS, SWEEP_MEMBERS = 1_000, 100  # 100,000 reminders
SENT_ORGS, SENT_MEMBERS = 50, 100  # 5,000 reminders
MOMENT = datetime(2027, 1, 7, 12, tzinfo=UTC)  # a Thursday: the actions were due on the 6th
FLOOD_LIMIT = 30
PRESSERS = 10
PRESS_RATE = 7.0  # presses a second, all pressers together, at random moments
TARGET_P99 = 0.050
TARGET_SWEEP = 10.0  # seconds for 100,000 reminders
TARGET_MEMORY = 300.0  # MB of peak resident memory


async def _sweep(workdir: Path, orgs: int, members: int) -> dict[str, float]:
    database = workdir / "sweep.sqlite3"
    await seed_overdue(database, orgs, members, MOMENT.date() - timedelta(days=1), MOMENT)
    script = Path(__file__).with_name("reminder_sweep.py")
    command = [sys.executable, str(script), str(database), MOMENT.isoformat()]
    done = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, check=True
    )
    found: dict[str, float] = json.loads(done.stdout)
    return found


def _bare_insert(workdir: Path, rows: int) -> float:
    """The same number of rows inserted with sqlite3 in one transaction: the floor."""
    with sqlite3.connect(workdir / "bare.sqlite3") as db:
        db.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, key TEXT UNIQUE, due TEXT, state TEXT)")
        began = time.perf_counter()
        db.executemany(
            "INSERT OR IGNORE INTO r (key, due, state) VALUES (?, ?, 'queued')",
            ((f"overdue:{n}:{n}:2027-01-06", "2027-01-07T09:00:00+00:00") for n in range(rows)),
        )
        db.commit()
        return time.perf_counter() - began


@dataclass(frozen=True)
class Pressing:
    """Presses timed while the bot had (or had not) reminders to send."""

    latencies: list[float]
    sent_per_second: float
    pending_after: int


async def _pressing(workdir: Path, reminders: int, seconds: float) -> Pressing:
    database = workdir / "bot.sqlite3"
    seats = await seed_responders(database, PRESSERS, 1, ["preparedness"])
    recipients: list[int] = []
    if reminders:
        today = datetime.now(UTC).date()
        recipients = await seed_overdue(
            database, SENT_ORGS, SENT_MEMBERS, today - timedelta(days=1), datetime.now(UTC),
            all_day=True,
        )  # fmt: skip
    async with LocalBotApi(token="123456:bench-reminders", flood_limit=FLOOD_LIMIT) as api:
        for uid in recipients:
            api.user(uid, f"Member {uid}", language_code="en")
        bot = BotProcess(api, bot_command(), workdir)
        await bot.start()
        try:
            crowd = Crowd(api, [s.user_id for s in seats])
            await crowd.greet("/continue", timeout=30)
            crowd.presses.clear()
            await asyncio.sleep(FLOOD_WINDOW)  # the greetings leave the flood window first
            wanted = set(recipients)
            first_call, began = len(api.calls), time.monotonic()
            plan = Drive(200, seconds, rate=PRESS_RATE, timeout=30.0, poisson=True)
            await drive(crowd, choosers.answer, plan)
            spent = time.monotonic() - began
            sent = sum(
                1
                for c in api.calls[first_call:]
                if c.method == "sendMessage" and c.chat_id in wanted
            )
            crowd.close()
        finally:
            await bot.stop()
    pending = _pending(database)
    latencies = [p.latency for p in crowd.presses if p.latency is not None and p.alert is None]
    return Pressing(latencies, sent / spent, pending)


def _pending(database: Path) -> int:
    with sqlite3.connect(database) as db:
        row = db.execute("SELECT COUNT(*) FROM reminders WHERE state = 'queued'").fetchone()
    return int(row[0])


async def measure(quick: bool) -> list[Figure]:
    """The sweep at 100,000 (10,000 quick), then presses without and with reminders to send."""
    orgs = SWEEP_ORGS // (10 if quick else 1)
    rows = orgs * SWEEP_MEMBERS
    seconds = 8.0 if quick else 20.0
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as tmp:
        workdir = Path(tmp)
        for name in ("quiet", "busy"):
            (workdir / name).mkdir()
        swept = await _sweep(workdir, orgs, SWEEP_MEMBERS)
        bare = await asyncio.to_thread(_bare_insert, workdir, rows)
        quiet = await _pressing(workdir / "quiet", 0, seconds)
        busy = await _pressing(workdir / "busy", SENT_ORGS * SENT_MEMBERS, seconds)
    return _figures(swept, bare, rows, quiet, busy)


def _figures(
    swept: dict[str, float], bare: float, rows: int, quiet: Pressing, busy: Pressing
) -> list[Figure]:
    first, peak = swept["first_seconds"], swept["rss_peak_mb"]
    added = peak - swept["rss_before_mb"]
    recorded = int(swept["queued"] + swept["dropped"])
    p99 = percentile(busy.latencies, 0.99)
    return [
        Figure(
            "7 reminders",
            f"sweep finding {rows:,} reminders due, recording each before any is sent",
            secs(first),
            baseline=f"bare sqlite3 insert {secs(bare)}",
            ratio=times(bare / first) + " bare/ours",
            target=f"< {TARGET_SWEEP:g} s",
            passed=first < TARGET_SWEEP and recorded >= rows,
            note=f"{int(swept['queued']):,} queued, {int(swept['dropped']):,} dropped as late"
            f" (the coordinators' digests of Monday), {int(swept['again'])} recorded twice",
        ),
        Figure(
            "7 reminders",
            "peak resident memory of that sweep's process (and what the sweep added)",
            f"{peak:.0f} MB",
            baseline=f"+{added:.0f} MB",
            target=f"< {TARGET_MEMORY:g} MB",
            passed=peak < TARGET_MEMORY,
        ),
        Figure(
            "7 reminders",
            f"the next sweep, every one of the {rows:,} recorded already",
            secs(swept["second_seconds"]),
        ),
        Figure(
            "7 reminders",
            f"press → next item p50 / p99 while {SENT_ORGS * SENT_MEMBERS:,} reminders are sent"
            f" ({PRESSERS} responders, {PRESS_RATE:g}/s at random moments, API limit"
            f" {FLOOD_LIMIT}/s)",
            f"{ms(percentile(busy.latencies, 0.5))} / {ms(p99)}",
            baseline=f"nothing to send: {ms(percentile(quiet.latencies, 0.5))} /"
            f" {ms(percentile(quiet.latencies, 0.99))}",
            target=f"p99 < {ms(TARGET_P99)}",
            passed=p99 < TARGET_P99 and bool(busy.latencies),
            note=f"{len(busy.latencies)} presses; reminders sent meanwhile at"
            f" {busy.sent_per_second:.1f}/s, {busy.pending_after:,} still queued at the end",
        ),
    ]
