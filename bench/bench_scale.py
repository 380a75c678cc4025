"""Part 3, reports at scale: 1,000 organisations x 3 checklists x every item, three cycles.

Reuses bench/bench_reports.py (its seeding and the report calls it times). The database is
seeded in one fresh interpreter and the reports made in another, so that the peak memory is
the reporting process's own resident set (everything included: Python, matplotlib, data).
Baseline: the bare SQL query that reads the same rows.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.figures import Figure, ms
from bench.proc import ROOT

if TYPE_CHECKING:
    from bot.service import Service

ONE_TARGET, MANY_TARGET, MEMORY_TARGET_MB = 1.0, 5.0, 300
CYCLES = ("2024", "2025", "2026")
_ROWS = (
    "SELECT a.item_id, a.score, a.note, a.author_id, u.first_name, a.answered_at,"
    " a.checklist_version FROM answers a LEFT JOIN users u ON u.id = a.author_id"
    " JOIN assessments s ON s.id = a.assessment_id"
)


def _sql_seconds(database: Path, where: str, params: tuple[Any, ...], repeat: int) -> float:
    """Median time of the bare query reading the rows a report reads."""
    with sqlite3.connect(database) as db:
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            db.execute(f"{_ROWS} WHERE {where}", params).fetchall()
            runs.append(time.perf_counter() - started)
    return statistics.median(runs)


async def _timed(run: Callable[[], Awaitable[object]], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        await run()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


async def _seed(database: Path, orgs: int) -> None:
    import bench.bench_reports as reports_bench

    await reports_bench.seed(database, orgs, seed=1, cycles=CYCLES)  # 3 cycles: 1/4 million


async def _report_seconds(
    service: Service, orgs: list[int], compare: int, repeat: int
) -> dict[str, float]:
    """Median seconds for one organisation's reports and for a comparison, in every format."""
    from bot import reports
    from bot.i18n import Catalogs

    t = Catalogs.load(ROOT / "locales").translator("en")
    reports.bundle(await service.reporting.build_report(None, orgs[-1], "recovery"), t)  # warm up

    async def one_org() -> None:  # every checklist, every format
        for checklist_id in service.checklists:
            model = await service.reporting.build_report(None, orgs[0], checklist_id)
            reports.bundle(model, t)
            reports.render(model, t, "txt")

    async def comparison() -> None:
        model = await service.reporting.build_comparison(None, orgs[:compare], "preparedness")
        reports.bundle(model, t)
        reports.render(model, t, "txt")

    return {"one": await _timed(one_org, repeat), "many": await _timed(comparison, repeat)}


async def _reports(database: Path, compare: int, repeat: int) -> dict[str, float]:
    """Time every report of one organisation and the comparison of ``compare`` of them."""
    from bench.bench_reports import service_over
    from bot.store import Store

    async with Store.open(database) as store:
        service = service_over(store)
        orgs = [o.id for o in await service.store.organisations()]
        found = await _report_seconds(service, orgs, compare, repeat)
    marks = ",".join("?" * compare)
    found["one_sql"] = _sql_seconds(database, "s.org_id = ?", (orgs[0],), repeat)
    found["many_sql"] = _sql_seconds(
        database,
        f"s.checklist_id = 'preparedness' AND s.org_id IN ({marks})",
        tuple(orgs[:compare]),
        repeat,
    )
    with sqlite3.connect(database) as db:
        found["answers"] = db.execute("SELECT count(*) FROM answers").fetchone()[0]
    found["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return found


def _child(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_scale", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    if done.returncode:
        raise RuntimeError(f"bench_scale {args[0]} failed:\n{done.stderr[-2000:]}")
    return done.stdout


async def measure(quick: bool) -> list[Figure]:
    """Seed, then report, each in a fresh interpreter."""
    orgs, compare, repeat = (200, 50, 1) if quick else (1000, 100, 3)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        database = Path(tmp) / "scale.sqlite3"
        started = time.perf_counter()
        await asyncio.to_thread(_child, "seed", str(database), str(orgs))
        seeding = time.perf_counter() - started
        out = await asyncio.to_thread(_child, "reports", str(database), str(compare), str(repeat))
    r = json.loads(out.strip().splitlines()[-1])
    size = f"{orgs} organisations, {int(r['answers']):,} answers"
    return [
        Figure(
            "3 reports",
            f"one organisation, 3 checklists, every format ({size})",
            ms(r["one"]),
            baseline=f"bare SQL {ms(r['one_sql'])}",
            ratio=f"SQL is {r['one_sql'] / r['one']:.1%}",
            target=f"< {ms(ONE_TARGET)}",
            passed=r["one"] < ONE_TARGET,
            note="formats: Telegram messages, HTML with chart, XLSX, PNG chart, text",
        ),
        Figure(
            "3 reports",
            f"comparison of {compare} organisations, every format",
            ms(r["many"]),
            baseline=f"bare SQL {ms(r['many_sql'])}",
            ratio=f"SQL is {r['many_sql'] / r['many']:.1%}",
            target=f"< {ms(MANY_TARGET)}",
            passed=r["many"] < MANY_TARGET,
        ),
        Figure(
            "3 reports",
            "peak memory of the reporting process (RSS)",
            f"{r['rss_mb']:.0f} MB",
            target=f"< {MEMORY_TARGET_MB} MB",
            passed=r["rss_mb"] < MEMORY_TARGET_MB,
            note=f"seeding the database took {seeding:.0f} s (not measured)",
        ),
    ]


if __name__ == "__main__":
    role, path = sys.argv[1], Path(sys.argv[2])
    if role == "seed":
        asyncio.run(_seed(path, int(sys.argv[3])))
    else:
        result = asyncio.run(_reports(path, int(sys.argv[3]), int(sys.argv[4])))
        print(json.dumps(result))
