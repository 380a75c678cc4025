"""One reminders' sweep timed in a fresh interpreter, with its peak memory: run by
``bench_reminders`` as ``python bench/reminder_sweep.py DATABASE MOMENT``; prints JSON.

The first sweep finds every reminder due and records it; the second finds them recorded.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.checklists import load_checklists
from bot.service import Service
from bot.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


async def main(database: str, moment: datetime) -> dict[str, float]:
    """Two sweeps: the seconds each took, and the resident memory before and at the peak."""
    checklists = load_checklists(ROOT / "checklists")
    async with Store.open(database) as store:
        service = Service(store, checklists, clock=lambda: moment)
        await store.pending_reminders()  # the connection and its thread are up
        before = _peak_mb()
        began = time.perf_counter()
        first = await service.reminders.sweep()
        first_seconds = time.perf_counter() - began
        peak = _peak_mb()
        began = time.perf_counter()
        second = await service.reminders.sweep()
        second_seconds = time.perf_counter() - began
        pending = await store.pending_reminders()
    return {
        "queued": first.queued,
        "dropped": first.dropped,
        "again": second.queued + second.dropped,
        "pending": pending,
        "first_seconds": first_seconds,
        "second_seconds": second_seconds,
        "rss_before_mb": before,
        "rss_peak_mb": peak,
    }


if __name__ == "__main__":
    path, moment = sys.argv[1], datetime.fromisoformat(sys.argv[2])
    print(json.dumps(asyncio.run(main(path, moment))))
