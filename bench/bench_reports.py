"""Benchmark of report rendering: one organisation in every format, and a comparison of many.

Run: ``.venv/bin/python bench/bench_reports.py [--orgs 100] [--repeat 5]``. It builds a database
of organisations x checklists x every item answered at random (seeded) over two cycles, then
times building the report model from the database and rendering each format, and measures
peak memory (tracemalloc, in a separate pass so it does not slow the timings).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import reports  # noqa: E402
from bot.checklists import load_checklists  # noqa: E402
from bot.coordination import new_invite_code  # noqa: E402
from bot.i18n import Catalogs  # noqa: E402
from bot.model import Cycle, Score  # noqa: E402
from bot.reports import charts, html, telegram, text, xlsx  # noqa: E402
from bot.reports.localised import localise, localise_comparison  # noqa: E402
from bot.service import Service  # noqa: E402
from bot.store import Store  # noqa: E402

NOW = datetime(2026, 6, 1, tzinfo=UTC)
CHECKLISTS = load_checklists(ROOT / "checklists")
CYCLES = ("2025", "2026")
NOTES = (None, None, "Plan adopted in council; copy at the town hall.", "=SUM(A1)", "<b>draft</b>")


async def _open_cycles(store: Store, org_id: int, labels: tuple[str, ...]) -> list[Cycle]:
    """The organisation's cycles, opened one after another; the last stays open."""
    opened: list[Cycle] = []
    for label in labels:
        current = await store.open_cycle(org_id)
        if current is None:
            opened.append(await store.first_cycle(org_id, label, NOW))
        else:
            opened.append(await store.start_cycle(org_id, label, None, NOW, replacing=current.id))
    return opened


async def seed(path: Path, orgs: int, seed: int, cycles: tuple[str, ...] = CYCLES) -> None:
    """Organisations x checklists x cycles, every item answered at random.

    Every cycle is answered against the current edition of each checklist, the edition whose
    item ids it writes: no report then moves an assessment to a newer edition (a write) while
    it is being timed.
    """
    rows = []
    rng = random.Random(seed)
    scores = [s.value for s in Score]
    async with Store.open(path) as store:
        for n in range(orgs):
            org = await store.create_organisation(
                f"Municipality {n:04d}", new_invite_code(), new_invite_code(), NOW
            )
            await store.touch_user(10_000 + n, f"Responder {n}", NOW)
            opened = await _open_cycles(store, org.id, cycles)
            for checklist in CHECKLISTS.values():
                for cycle in opened:
                    version = checklist.version
                    assessment = await store.open_assessment(cycle, checklist.id, NOW, version)
                    for item in checklist.items:
                        score, note = rng.choice(scores), rng.choice(NOTES)
                        by, at = 10_000 + n, NOW.isoformat()
                        rows.append((assessment.id, item.id, score, note, by, at, version))
    with sqlite3.connect(path) as db:  # bulk insert: one transaction instead of one per answer
        db.executemany(
            "INSERT INTO answers (assessment_id, item_id, score, note, author_id, answered_at,"
            " checklist_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def service_over(store: Store) -> Service:
    """The service the reports are built through, its clock fixed at NOW."""
    return Service(store, CHECKLISTS, frozenset({1}), clock=lambda: NOW)


def timed(run: Callable[[], Any], repeat: int) -> float:
    """Median wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def atimed(run: Callable[[], Awaitable[Any]], repeat: int) -> float:
    """Median wall time of a coroutine in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        await run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_mb(run: Callable[[], Any]) -> float:
    """Peak traced Python memory of one run, in MiB."""
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


async def bench(args: argparse.Namespace) -> list[tuple[str, float, float | str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        await seed(path, args.orgs, args.seed)
        seeding = (time.perf_counter() - started) * 1000
        async with Store.open(path) as store:
            return await _timings(service_over(store), args, seeding)


async def _timings(
    service: Service, args: argparse.Namespace, seeding: float
) -> list[tuple[str, float, float | str]]:
    """Every timing and peak memory of the table, on the seeded database."""
    t = Catalogs.load(ROOT / "locales").translator(args.lang)
    orgs = [o.id for o in await service.store.organisations()]
    one = await service.reporting.build_report(None, orgs[0], args.checklist)
    many = await service.reporting.build_comparison(None, orgs, args.checklist)
    reports.bundle(one, t)  # warm up: imports, template compilation, font cache
    r, c = localise(one, t), localise_comparison(many, t)
    png_one, png_many = charts.bar_chart(r, t), charts.heatmap(c, t)
    n, rep = args.orgs, args.repeat
    results: list[tuple[str, float, float | str]] = [
        (f"seed database ({n} orgs x 3 checklists x 2 cycles)", seeding, "-"),
        ("1 org: report model from the database", await atimed(
            lambda: service.reporting.build_report(None, orgs[0], args.checklist), rep), "-"),
        ("1 org: localise", timed(lambda: localise(one, t), rep),
         peak_mb(lambda: localise(one, t))),
        ("1 org: telegram messages", timed(lambda: telegram.report_messages(r, t), rep),
         peak_mb(lambda: telegram.report_messages(r, t))),
        ("1 org: html (chart embedded)", timed(
            lambda: html.report_document(r, t, png_one), rep),
         peak_mb(lambda: html.report_document(r, t, png_one))),
        ("1 org: xlsx", timed(lambda: xlsx.report_workbook(r, t), rep),
         peak_mb(lambda: xlsx.report_workbook(r, t))),
        ("1 org: png bar chart", timed(lambda: charts.bar_chart(r, t), rep),
         peak_mb(lambda: charts.bar_chart(r, t))),
        ("1 org: txt", timed(lambda: text.report_text(r, t), rep),
         peak_mb(lambda: text.report_text(r, t))),
        ("1 org: ALL (bundle + txt, from the model)", timed(
            lambda: (reports.bundle(one, t), reports.render(one, t, "txt")), rep),
         peak_mb(lambda: reports.bundle(one, t))),
        (f"{n} orgs: comparison model from the database", await atimed(
            lambda: service.reporting.build_comparison(None, orgs, args.checklist), rep), "-"),
        (f"{n} orgs: localise", timed(lambda: localise_comparison(many, t), rep),
         peak_mb(lambda: localise_comparison(many, t))),
        (f"{n} orgs: telegram messages", timed(
            lambda: telegram.comparison_messages(c, t), rep),
         peak_mb(lambda: telegram.comparison_messages(c, t))),
        (f"{n} orgs: html (heatmap embedded)", timed(
            lambda: html.comparison_document(c, t, png_many), rep),
         peak_mb(lambda: html.comparison_document(c, t, png_many))),
        (f"{n} orgs: xlsx ({n * len(many.checklist.items)} item rows)", timed(
            lambda: xlsx.comparison_workbook(c, t), rep),
         peak_mb(lambda: xlsx.comparison_workbook(c, t))),
        (f"{n} orgs: png heatmap", timed(lambda: charts.heatmap(c, t), rep),
         peak_mb(lambda: charts.heatmap(c, t))),
        (f"{n} orgs: ALL (bundle, from the model)", timed(
            lambda: reports.bundle(many, t), rep),
         peak_mb(lambda: reports.bundle(many, t))),
    ]  # fmt: skip
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100, help="organisations (default 100)")
    parser.add_argument("--checklist", default="preparedness", help="checklist id to report on")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    results = asyncio.run(bench(args))
    width = max(len(name) for name, _, _ in results)
    print(f"{'step':<{width}}  {'median ms':>10}  {'peak MiB':>9}")
    for name, ms, mb in results:
        memory = f"{mb:9.1f}" if isinstance(mb, float) else f"{mb:>9}"
        print(f"{name:<{width}}  {ms:10.1f}  {memory}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MiB (Python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
