"""Part 1's profile: the real bot under cProfile for the measured phase of the cost benchmark.

Not a figure of the table: ``python -m bench --only profile`` prints where the event-loop
thread's time goes, by package and by function, and keeps the raw profile for pstats/snakeviz.
"""

from __future__ import annotations

import io
import pstats
import signal
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import choosers
from bench.bench_cost import Load
from bench.proc import BotProcess, script_command
from bench.seed import seed_responders
from bench.session import Session, run

PACKAGES = (
    "bot/",
    "telegram/",
    "httpx/",
    "httpcore/",
    "h11/",
    "anyio/",
    "asyncio/",
    "aiosqlite/",
    "sqlite3/",
    "babel/",
    "prometheus_client/",
    "json/",
    "selectors",
    "ssl",
)


def _package(filename: str, function: str) -> str:
    if "epoll" in function:
        return "(idle: waiting in epoll)"
    if "importlib" in filename:
        return "importlib (httpcore looks for sniffio)"
    for package in PACKAGES:
        if package in filename:
            return package.rstrip("/")
    return "other" if filename != "~" else "builtins"


def by_package(stats: pstats.Stats) -> Counter[str]:
    """Own time (tottime) summed by the package of each function."""
    totals: Counter[str] = Counter()
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        totals[_package(filename, function)] += row[2]
    return totals


async def profile(quick: bool, keep: Path | None = None, bare: bool = False) -> str:
    """Run the cost benchmark's load on the profiled bot (or the bare one); return the report."""
    load = Load.of(quick)
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        workdir = Path(tmp)
        prof = (keep or workdir / "bot.prof").resolve()
        if bare:
            users = list(range(10_000, 10_000 + load.users))
        else:
            seats = await seed_responders(workdir / "bot.sqlite3", load.users, 1, ["preparedness"])
            users = [s.user_id for s in seats]

        def toggle(bot: BotProcess, start: bool) -> None:
            bot.signal(signal.SIGUSR1 if start else signal.SIGUSR2)
            if not start:
                deadline = time.monotonic() + 10
                while not prof.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)

        command = script_command("profiled_bot.py") + (["bare"] if bare else [])
        session = Session(
            command,
            workdir,
            users,
            choosers.bare if bare else choosers.answer,
            load.drive(),
            extra_env={"MICIC_BENCH_PROFILE": str(prof)},
            on_measure=toggle,
        )
        outcome = await run(session)
        return _report(prof, len(outcome.completed), prof if keep else None)


def _report(prof: Path, presses: int, kept: Path | None) -> str:
    out = io.StringIO()
    stats = pstats.Stats(str(prof), stream=out)
    per = 1000 / max(1, presses)
    out.write(f"profile of the event-loop thread over {presses} presses (ms per press)\n\n")
    out.write("own time by package:\n")
    for package, seconds in by_package(stats).most_common():
        out.write(f"  {package:<40} {seconds * per:7.3f}\n")
    out.write("\n")
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats("/bot/", 30)
    if kept:
        out.write(f"raw profile: {kept}\n")
    return out.getvalue()
