"""Part 6, fairness: one responder floods the bot with 300 texts; how long another responder's
press then waits for its next item, at what pace the flooder is answered, and how fast a
SIGTERM stops the bot with the flood still waiting.

The bot runs as a separate process against a local Bot API without flood limits.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import choosers
from bench.figures import Figure, ms
from bench.proc import BotProcess, bot_command
from bench.responders import percentile
from bench.seed import seed_responders
from bot.playground import ChatMessage, ChatUser, LocalBotApi

FLOOD = 300
PACE_WINDOW = 10.0  # seconds over which the flooder's answers are counted, after the burst
BURST_DRAIN = 2.0  # seconds for the burst's answers to go out (the bot sends 29 a second)
TARGET_DELAY = 1.0  # seconds: a press must come well within Telegram's 15 s for callback answers


async def _until(condition: Callable[[], bool], seconds: float) -> float:
    """Wait until condition() holds; the seconds it took."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > seconds:
            raise RuntimeError("the bot did not answer in time")
        await asyncio.sleep(0.001)
    return time.monotonic() - began


async def _press(presser: ChatUser) -> float:
    """Press the answer on the presser's item; the seconds until the next item is shown."""
    message: ChatMessage = presser.last
    data = choosers.answer(message)
    assert data is not None, "the presser ran out of items"
    edits = message.edits
    await presser.press_data(message.message_id, data, wait=False)
    return await _until(lambda: message.edits != edits, 60)


def _answers(user: ChatUser) -> int:
    return len(user.messages)


async def _flooded(api: LocalBotApi, flooder: ChatUser, presser: ChatUser) -> tuple[float, int]:
    """A flood, then a press: the press's delay and the flooder's answers by then."""
    before = _answers(flooder)
    for n in range(FLOOD):
        await flooder.send(f"text {n}", wait=False)
    delay = await _press(presser)
    return delay, _answers(flooder) - before


async def measure(quick: bool) -> list[Figure]:
    """Quiet presses, then flood rounds, then the flooder's pace and a SIGTERM."""
    rounds = 1 if quick else 3
    with tempfile.TemporaryDirectory(prefix="bench-fairness-") as tmp:
        workdir = Path(tmp)
        seats = await seed_responders(workdir / "bot.sqlite3", 2, 1, ["preparedness"])
        async with LocalBotApi(token="123456:bench-fairness") as api:
            bot = BotProcess(api, bot_command(), workdir)
            await bot.start()
            try:
                presser, flooder = (api.user(s.user_id, "R", language_code="en") for s in seats)
                for user in (presser, flooder):
                    await user.send("/continue")
                quiet = [await _press(presser) for _ in range(5)]
                flooded = [await _flooded(api, flooder, presser) for _ in range(rounds)]
                await asyncio.sleep(BURST_DRAIN)
                burst_end = _answers(flooder)
                await asyncio.sleep(PACE_WINDOW)
                pace = (_answers(flooder) - burst_end) / PACE_WINDOW
                began = time.monotonic()
                status = await bot.stop()
                stop_seconds = time.monotonic() - began
            finally:
                await bot.stop()
    worst = max(delay for delay, _ in flooded)
    return [
        Figure(
            "6 fairness",
            f"another user's press → next item while one user floods {FLOOD} texts (worst of"
            f" {rounds})",
            ms(worst),
            baseline=f"no flood: p50 {ms(percentile(quiet, 0.5))}",
            target=f"< {TARGET_DELAY:g} s",
            passed=worst < TARGET_DELAY,
            note="flooder's answers by then: " + ", ".join(str(n) for _, n in flooded),
        ),
        Figure(
            "6 fairness",
            f"the flooder's answers after the burst (messages/s over {PACE_WINDOW:g} s)",
            f"{pace:.1f}/s",
            note="one text every 2 s, each answered with a hint and the current item",
        ),
        Figure(
            "6 fairness",
            "SIGTERM with the flood still waiting: seconds to exit, exit status",
            f"{stop_seconds:.2f} s, {status}",
            passed=status == 0,
        ),
    ]
