"""A bot process for the crash tests of reminders: the real Runtime on a database file, its
clock fixed at a moment the test gives. It sweeps ("sweep") or sweeps and sends ("run"), says so
on stdout, and waits to be killed.

    python -m tests.support.reminder_process DATABASE API_URL TOKEN MOMENT sweep|run
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime

from bot.app import Runtime, use_timedelta_durations
from bot.service import Service
from bot.store import Store
from tests.support.project import ADMIN_ID, CATALOGS, CHECKLISTS


async def main(database: str, api_url: str, token: str, moment: datetime, mode: str) -> None:
    """Start, sweep (and send), report, and wait forever."""
    store = await Store.open(database)
    service = Service(store, CHECKLISTS, frozenset({ADMIN_ID}), clock=lambda: moment)
    runtime = Runtime.build(token, api_url, service, CATALOGS, poll_timeout=1, sweep_every=None)
    await runtime.start()  # settles what a killed predecessor left half-sent
    assert runtime.reminders is not None
    if mode == "sweep":
        swept = await service.reminders.sweep()
        print(f"swept {swept.queued}", flush=True)
    else:
        print(f"sent {await runtime.reminders.run_once()}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    use_timedelta_durations()
    database, api_url, token, moment, mode = sys.argv[1:]
    asyncio.run(main(database, api_url, token, datetime.fromisoformat(moment), mode))
