"""Part 4, start-up: loading every checklist and every catalog, and a bot process until it polls.

Each is measured in a fresh interpreter, as a real start would be. Baselines: reading and
parsing the same files without validation or compilation, and a bare PTB bot's start.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.figures import Figure, ms, times
from bench.proc import ROOT, BotProcess, bot_command, script_command
from bench.session import TOKEN
from bot.playground import LocalBotApi

TARGET = 1.0
_LOAD = """
import json, time
from pathlib import Path
t0 = time.perf_counter()
from bot.checklists import load_checklists
from bot.i18n import Catalogs
t1 = time.perf_counter()
checklists = load_checklists(Path("checklists"))
catalogs = Catalogs.load(Path("locales"))
t2 = time.perf_counter()
import yaml
from babel.messages.pofile import read_po
t3 = time.perf_counter()
for path in sorted(Path("checklists").glob("*.yaml")):
    yaml.safe_load(path.read_text("utf-8"))
for path in sorted(Path("locales").glob("*/LC_MESSAGES/*.po")):
    with path.open("rb") as handle:
        read_po(handle)
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "parse_only": t4 - t3,
                  "items": sum(len(c.items) for c in checklists.values()),
                  "catalogs": len(catalogs.compiled)}))
"""


def _load_once() -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _LOAD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


async def _process_start(command: list[str]) -> float:
    async with LocalBotApi(token=TOKEN) as api:
        with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
            bot = BotProcess(api, command, Path(tmp))
            try:
                return await bot.start()
            finally:
                await bot.stop()


async def measure(quick: bool) -> list[Figure]:
    """Median of a few fresh starts of each."""
    runs = 1 if quick else 3
    loads = [await asyncio.to_thread(_load_once) for _ in range(runs)]
    load = statistics.median(x["load"] for x in loads)
    parse = statistics.median(x["parse_only"] for x in loads)
    imports = statistics.median(x["imports"] for x in loads)
    ours = statistics.median([await _process_start(bot_command()) for _ in range(runs)])
    bare = statistics.median(
        [await _process_start(script_command("bare_bot.py")) for _ in range(runs)]
    )
    info = loads[0]
    return [
        Figure(
            "4 start-up",
            f"load all checklists ({int(info['items'])} items) and catalogs "
            f"({int(info['catalogs'])})",
            ms(load),
            baseline=f"parse only {ms(parse)}",
            ratio=f"{times(parse / load)} parse/load",
            target=f"< {ms(TARGET)}",
            passed=load < TARGET,
            note=f"imports before that: {ms(imports)}",
        ),
        Figure(
            "4 start-up",
            "bot process: exec → polling (imports, database, command menus)",
            ms(ours),
            baseline=f"bare PTB {ms(bare)}",
            ratio=f"{times(bare / ours)} bare/ours",
        ),
    ]
