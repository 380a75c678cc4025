"""One benchmark session: a local Bot API, a bot process, a crowd of responders, measured.

Start-up and greeting are outside the measured phase; the CPU time of the bot process is read
just before the first measured press and just after the last one completes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.proc import BotProcess, Cpu
from bench.responders import Chooser, Crowd, Drive, PressRecord, Responder, drive, percentile
from bot.playground import LocalBotApi

TOKEN = "123456:bench-token"
FLOOD_WINDOW = 1.1  # seconds: Telegram's one-second flood window, and a margin
Positioner = Callable[[Responder], str | None]


@dataclass
class Session:
    """What to run: the bot's command, its folder, the users and how they press."""

    command: list[str]
    workdir: Path
    user_ids: list[int]
    choose: Chooser
    plan: Drive
    flood_limit: int | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    position: Positioner | None = None  # a press that brings each responder to its first item
    on_measure: Callable[[BotProcess, bool], None] | None = None  # called at start and end
    barrier: asyncio.Barrier | None = None  # sessions run side by side start measuring together


@dataclass
class Outcome:
    """What happened in the measured phase."""

    startup_seconds: float
    greeted: int
    cpu: Cpu
    seconds: float
    presses: list[PressRecord]
    unanswered: int
    extra_messages: int
    api: dict[str, object]
    edit_times: list[float]  # editMessageText calls answered 200
    edit_calls: list[float]  # every editMessageText call, "message is not modified" included
    exit_status: int | None
    log_tail: str

    @property
    def completed(self) -> list[PressRecord]:
        """Presses that were answered and followed by the next item."""
        return [p for p in self.presses if p.edited is not None and p.alert is None]

    @property
    def lost(self) -> int:
        """Presses without an answer or without the next item."""
        return len(self.presses) - len(self.completed)

    def latency(self, share: float) -> float:
        """A percentile of the press-to-next-item latency, in seconds."""
        return percentile([p.latency for p in self.completed if p.latency is not None], share)

    def cpu_per_press(self) -> float:
        """Bot CPU seconds per completed press."""
        return self.cpu.total / max(1, len(self.completed))

    @property
    def taps(self) -> int:
        """Button presses sent, the second taps of double taps included."""
        return sum(p.taps for p in self.presses)

    def edit_rate(self, skip: float = 1.0, *, every_call: bool = False) -> float:
        """Edits per second in the measured phase, leaving out the first ``skip`` seconds."""
        stamps = self.edit_calls if every_call else self.edit_times
        if not stamps:
            return 0.0
        start = stamps[0] + skip
        kept = [t for t in stamps if t >= start]
        span = (kept[-1] - start) if kept else 0.0
        return len(kept) / span if span > 0 else 0.0


async def run(session: Session) -> Outcome:
    """Start everything, greet, position, measure the drive, stop everything."""
    api = LocalBotApi(token=TOKEN, flood_limit=session.flood_limit)
    await api.start()
    bot = BotProcess(api, session.command, session.workdir, session.extra_env)
    crowd: Crowd | None = None
    try:
        startup = await bot.start()
        crowd = Crowd(api, session.user_ids)
        greeted = await crowd.greet("/continue", timeout=max(30.0, len(session.user_ids) / 10))
        if session.position is not None:
            await _position(crowd, session.position, session.plan.timeout)
        crowd.presses.clear()
        # The greetings went out at once; Telegram counts them for a second, and so does the
        # bot's pacer: let them leave that window, so they do not slow the first presses.
        await asyncio.sleep(FLOOD_WINDOW)
        if session.barrier is not None:
            await session.barrier.wait()
        first_call = len(api.calls)
        if session.on_measure:
            session.on_measure(bot, True)
        cpu0, t0 = bot.cpu(), time.monotonic()
        await drive(crowd, session.choose, session.plan)
        cpu1, t1 = bot.cpu(), time.monotonic()
        if session.on_measure:
            session.on_measure(bot, False)
        calls = [c for c in api.calls[first_call:] if c.method == "editMessageText"]
        return Outcome(
            startup_seconds=startup,
            greeted=greeted,
            cpu=cpu1 - cpu0,
            seconds=t1 - t0,
            presses=list(crowd.presses),
            unanswered=crowd.unanswered_queries(),
            extra_messages=sum(r.extra_messages for r in crowd.responders.values()),
            api=api.stats.summary(),
            edit_times=[c.at for c in calls if c.status == 200],
            edit_calls=[c.at for c in calls],
            exit_status=await bot.stop(),
            log_tail=bot.log_tail(),
        )
    except BaseException:
        if session.barrier is not None:
            await session.barrier.abort()  # the sessions alongside must not wait for this one
        raise
    finally:
        if crowd is not None:
            crowd.close()
        await bot.stop()
        await api.stop()


async def _position(crowd: Crowd, position: Positioner, timeout: float) -> None:  # noqa: ASYNC109
    """Bring each responder to their first item (outside the measured phase)."""

    async def one(r: Responder) -> None:
        data = position(r)
        if data is not None and r.message is not None:
            record = await crowd.press(r, data, timeout)
            if record.edited is None:
                raise RuntimeError(f"positioning user {r.user.id} with {data} failed: {record}")

    await asyncio.gather(*(one(r) for r in crowd.responders.values()))
