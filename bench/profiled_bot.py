"""A bot under cProfile, for the measured phase only: SIGUSR1 starts, SIGUSR2 dumps.

The real bot, or the bare baseline with ``bare`` as argument. The profile is written to the file
named by MICIC_BENCH_PROFILE. cProfile sees the event-loop
thread; SQLite runs in aiosqlite's thread, whose CPU time bench.proc reads separately.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import signal
import sys
from pathlib import Path
from types import FrameType

PROFILE = cProfile.Profile()


def _start(_sig: int, _frame: FrameType | None) -> None:
    PROFILE.enable()


def _dump(_sig: int, _frame: FrameType | None) -> None:
    PROFILE.disable()
    PROFILE.dump_stats(os.environ["MICIC_BENCH_PROFILE"])


if __name__ == "__main__":
    signal.signal(signal.SIGUSR1, _start)
    signal.signal(signal.SIGUSR2, _dump)
    if sys.argv[1:] == ["bare"]:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from bench.bare_bot import main as bare_main

        asyncio.run(bare_main())
    else:
        from bot.cli import main

        raise SystemExit(main(["run"]))
