"""``python -m bench`` / ``make bench``: run every part, print the table, write RESULTS.md.

python -m bench                  every part; writes bench/RESULTS.md
python -m bench --quick          a short smoke run of every part (prints only)
python -m bench --only cost      one part (repeat --only for more; prints only)
python -m bench --only profile   where the bot's CPU goes per press (cProfile)
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import time
import traceback
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from bench.figures import Figure, markdown_table, text_table
from bench.machine import describe

RESULTS = Path(__file__).with_name("RESULTS.md")
Measure = Callable[[bool], Awaitable[list[Figure]]]

# name -> (module, time budget in seconds for a full run); in the order they run
PARTS: dict[str, tuple[str, float]] = {
    "startup": ("bench.bench_startup", 60),
    "storage": ("bench.bench_storage", 120),
    "cost": ("bench.bench_cost", 240),
    "limit": ("bench.bench_limit", 180),
    "load": ("bench.bench_load", 300),
    "reports": ("bench.bench_scale", 300),
    "fairness": ("bench.bench_fairness", 120),
    "reminders": ("bench.bench_reminders", 240),
}
ORDER = (
    "1 cost",
    "2 limit",
    "3 reports",
    "4 start-up",
    "5 storage",
    "6 fairness",
    "7 reminders",
    "load",
)
TITLES = {
    "startup": "4 start-up",
    "storage": "5 storage",
    "cost": "1 cost",
    "limit": "2 limit",
    "load": "load",
    "reports": "3 reports",
    "fairness": "6 fairness",
    "reminders": "7 reminders",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument(
        "--only", action="append", choices=[*PARTS, "profile"], help="run only this part"
    )
    parser.add_argument(
        "--output", type=Path, help="write the results here (default: full runs only)"
    )
    return parser


def _measure_of(module_name: str) -> Measure | None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return getattr(module, "measure", None)


async def run_part(name: str, quick: bool) -> list[Figure]:
    """One part, bounded in time; a failure or time-out becomes a failed figure."""
    module_name, budget = PARTS[name]
    title = TITLES[name]
    try:
        measure = _measure_of(module_name)
        if measure is None:
            return [Figure(title, f"{module_name} is not there yet", "–", passed=None)]
        async with asyncio.timeout(budget):
            return await measure(quick)
    except TimeoutError:
        return [Figure(title, f"did not finish within {budget:g} s", "–", passed=False)]
    except Exception as exc:
        traceback.print_exc()
        return [Figure(title, f"failed: {type(exc).__name__}: {exc}"[:200], "–", passed=False)]


METHOD = """\
## How each part is measured

- **1 cost**: the real bot (`python -m bot run`) and a bare PTB bot (`bench/bare_bot.py`: answer
  the press, edit in a new keyboard) run as separate processes at the same time, each against
  its own local Bot API, driven by the same paced presses (20 responders, 20 presses a second
  each side). CPU is utime + stime from `/proc/<pid>/stat`, read just before the first and
  just after the last measured press (start-up, greeting and the second the greetings stay in
  the flood window excluded); two rounds. The bare bot uses PTB's default HTTP client (httpx),
  the real bot aiohttp's: a third pair measures the bare bot with the real bot's rate limiter,
  and a fourth the real bot beside the bare bot on aiohttp, to tell the client's share.
- **2 limit**: 100 responders press as fast as answers come back while the local Bot API
  enforces 30 messages a second (a sliding one-second window, 429 with retry_after above it);
  edits delivered per second after the first second. Then half the load: 10 responders
  pressing at random moments (a seeded Poisson process, 14 presses a second together), the
  real bot and then the bare PTB bot, against the same limit. Every press of the real bot is
  checked in the database afterwards.
- **load**: 500 responders of 50 municipalities (colleagues share assessments and start at
  items spread through each checklist), three presses each, every third one a double tap,
  all at once, against the same 30 a second limit.
- **3 reports**: `bench/bench_reports.py` seeds 1,000 organisations x 3 checklists x every item
  for three cycles; a fresh interpreter then times one organisation's reports (all three
  checklists, every format) and the comparison of 100 organisations (every format), medians
  of three, and reports its peak resident memory. Baseline: the bare SQL reading those rows.
- **4 start-up**: fresh interpreters, medians of three.
- **5 storage**: `Service.answer` for every item of 120 assessments, in one task and in 20
  tasks; baselines write the same two rows per transaction with aiosqlite and with sqlite3.
- **7 reminders**: a fresh interpreter sweeps a database of 1,000 organisations of 100 members,
  each member owning an overdue action (100,000 reminders due), then sweeps again; time of
  each, and peak resident memory; baseline: inserting as many rows with sqlite3. Then the real
  bot against the local Bot API's 30 messages a second: 10 responders press at random moments
  (7 a second together) for 20 s, with nothing else to send, then while 5,000 overdue reminders
  go out.
"""


def results_markdown(
    figures: list[Figure], machine: dict[str, str], quick: bool, seconds: float
) -> str:
    """RESULTS.md: the machine, the table, the notes and how to measure again."""
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench`); each ratio compares with a baseline measured",
        "in the same run, because absolute times on shared machines drift. Each ratio names its",
        "direction: bare/ours and ours/aiosqlite grow as the bot gets cheaper.",
        "",
        "| machine | |",
        "| --- | --- |",
        *(f"| {key} | {value} |" for key, value in machine.items()),
        f"| run | {'quick smoke run' if quick else 'full run'}, {seconds:.0f} s |",
        "",
        markdown_table(figures),
        "",
    ]
    notes = [f"- **{f.part}, {f.name.strip()}**: {f.note}" for f in figures if f.note]
    if notes:
        lines += ["## Notes", "", *notes, ""]
    lines += [
        METHOD,
        "## Measuring again",
        "",
        "```sh",
        "make bench                                 # every part, rewrites this file (~5 min)",
        ".venv/bin/python -m bench --quick          # smoke run, prints only",
        ".venv/bin/python -m bench --only cost      # or startup storage limit load reports",
        ".venv/bin/python -m bench --only reminders # or fairness",
        ".venv/bin/python -m bench --only profile   # cProfile of the bot per press",
        "```",
        "",
    ]
    return "\n".join(lines)


async def _main(args: argparse.Namespace) -> list[Figure]:
    if args.only == ["profile"]:
        from bench.bench_profile import profile

        print(await profile(args.quick))
        return []
    figures: list[Figure] = []
    for name in args.only or list(PARTS):  # cheap parts first; the table is sorted afterwards
        if name == "profile":
            continue
        started = time.monotonic()
        print(f"== {name} ...", flush=True)
        part = await run_part(name, args.quick)
        print(text_table(part), f"\n   ({time.monotonic() - started:.0f} s)\n", flush=True)
        figures += part
    order = list(ORDER)
    return sorted(figures, key=lambda f: order.index(f.part) if f.part in order else len(order))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; exit status 1 when a target is missed."""
    args = _parser().parse_args(argv)
    started = time.monotonic()
    figures = asyncio.run(_main(args))
    if not figures:
        return 0
    seconds = time.monotonic() - started
    machine = describe()
    print("\n" + text_table(figures))
    print("\n" + "  ".join(f"{k}: {v}" for k, v in machine.items()))
    output = args.output or (RESULTS if not (args.quick or args.only) else None)
    if output is not None:
        output.write_text(results_markdown(figures, machine, args.quick, seconds), "utf-8")
        print(f"written to {output}")
    return 1 if any(f.passed is False for f in figures) else 0
