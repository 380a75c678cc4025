"""Part 1, cost per update: bot CPU time per answered item, ours against a bare PTB bot.

The bots run as separate processes at the same time, each against its own local Bot API (no
flood limit), and get the same paced stream of presses from as many responders; CPU is user +
system time of each bot process from /proc, over the measured phase only.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import choosers
from bench.figures import Figure, ms, times
from bench.proc import bot_command, script_command
from bench.responders import Drive
from bench.seed import seed_responders
from bench.session import Outcome, Session, run

TARGET_RATIO = 0.8  # bare / ours: ours at most 1.25x the bare bot's CPU per answered item


@dataclass(frozen=True)
class Load:
    """Responders, presses each and the paced rate (presses per second, all together)."""

    users: int
    presses_each: int
    rate: float

    @classmethod
    def of(cls, quick: bool) -> Load:
        """The full or the quick load."""
        return cls(10, 10, 20.0) if quick else cls(20, 20, 20.0)

    def drive(self) -> Drive:
        """The drive plan for this load."""
        seconds = 3 * self.users * self.presses_each / self.rate + 10
        return Drive(self.presses_each, seconds, rate=self.rate, timeout=15.0)


def _session(who: str, load: Load, workdir: Path, users: list[int]) -> Session:
    """The session of one bot: ``ours``, ``bare``, ``limiter`` (bare + our rate limiter) or
    ``aiohttp`` (bare on our HTTP client)."""
    if who == "ours":
        return Session(bot_command(), workdir, users, choosers.answer, load.drive())
    env = {"limiter": {"BARE_RATE_LIMIT": "1"}, "aiohttp": {"BARE_AIOHTTP": "1"}}.get(who, {})
    command = script_command("bare_bot.py")
    return Session(command, workdir, users, choosers.bare, load.drive(), extra_env=env)


async def side_by_side(load: Load, root: Path, names: tuple[str, ...]) -> dict[str, Outcome]:
    """Run the bots at the same time, each against its own local Bot API, measured together.

    Whatever else the machine does then weighs on all of them alike, which two runs one
    after the other cannot promise on a shared machine.
    """
    barrier = asyncio.Barrier(len(names))
    sessions = []
    for who in names:
        workdir = root / who
        workdir.mkdir()
        if who == "ours":
            seats = await seed_responders(workdir / "bot.sqlite3", load.users, 1, ["preparedness"])
            users = [s.user_id for s in seats]
        else:
            users = list(range(10_000, 10_000 + load.users))
        session = _session(who, load, workdir, users)
        session.barrier = barrier
        sessions.append(session)
    outcomes = await asyncio.gather(*(run(s) for s in sessions))
    return dict(zip(names, outcomes, strict=True))


def _healthy(outcomes: list[Outcome], who: str) -> str:
    lost = sum(o.lost for o in outcomes)
    unanswered = sum(o.unanswered for o in outcomes)
    extra = sum(o.extra_messages for o in outcomes)
    if lost or unanswered or extra:
        return f"{who}: {lost} lost, {unanswered} unanswered, {extra} unexpected messages"
    return ""


def _per_press(outcomes: list[Outcome], main_thread: bool = False) -> float:
    """CPU seconds per completed press over several runs."""
    cpu = sum(o.cpu.main_thread if main_thread else o.cpu.total for o in outcomes)
    return cpu / max(1, sum(len(o.completed) for o in outcomes))


async def measure(quick: bool) -> list[Figure]:
    """Bare and ours side by side in one or two rounds; then bare and bare with our limiter."""
    load = Load.of(quick)
    pairs = [("bare", "ours")] * (1 if quick else 2) + [("bare", "limiter"), ("aiohttp", "ours")]
    runs: dict[str, list[Outcome]] = {"bare": [], "ours": [], "limiter": [], "aiohttp": []}
    with tempfile.TemporaryDirectory(prefix="bench-cost-") as tmp:
        for n, names in enumerate(pairs):
            (Path(tmp) / str(n)).mkdir()
            for name, outcome in (await side_by_side(load, Path(tmp) / str(n), names)).items():
                runs[name].append(outcome)
    limited, limiter_base = runs["limiter"], [runs["bare"].pop()]
    same_client, ours_same_client = runs["aiohttp"], [runs["ours"].pop()]
    bares, ours_ = runs["bare"], runs["ours"]
    base, mine = _per_press(bares), _per_press(ours_)
    ratio = base / mine
    rounds_note = ", ".join(
        times(b.cpu_per_press() / o.cpu_per_press()) for b, o in zip(bares, ours_, strict=True)
    )
    presses = sum(len(o.completed) for o in ours_)
    problems = "; ".join(
        p
        for p in (
            _healthy(bares, "bare"),
            _healthy(ours_ + ours_same_client, "ours"),
            _healthy(limited, "limiter"),
            _healthy(same_client, "bare on aiohttp"),
        )
        if p
    )
    return [
        Figure(
            "1 cost",
            f"bot CPU per answered item ({presses} presses, {load.users} users, {load.rate:g}/s)",
            ms(mine),
            baseline=f"bare PTB {ms(base)}",
            ratio=f"{times(ratio)} bare/ours",
            target=f"≥ {TARGET_RATIO} (ours ≤ {1 / TARGET_RATIO:.3g}x bare)",
            passed=ratio >= TARGET_RATIO and not problems,
            note=problems or f"bare/ours per round: {rounds_note}",
        ),
        Figure(
            "1 cost",
            "  of which the event-loop thread (rest: SQLite thread)",
            ms(_per_press(ours_, main_thread=True)),
            baseline=f"bare PTB {ms(_per_press(bares, main_thread=True))}",
        ),
        Figure(
            "1 cost",
            "bare PTB bot + the real bot's rate limiter",
            ms(_per_press(limited)),
            baseline=f"bare PTB {ms(_per_press(limiter_base))}",
            ratio=f"{times(_per_press(limiter_base) / _per_press(limited))} bare/limited",
        ),
        Figure(
            "1 cost",
            "ours against the bare bot on the same HTTP client (aiohttp)",
            ms(_per_press(ours_same_client)),
            baseline=f"bare PTB on aiohttp {ms(_per_press(same_client))}",
            ratio=f"{times(_per_press(same_client) / _per_press(ours_same_client))} bare/ours",
        ),
        Figure(
            "1 cost",
            "press → next item p50 / p99 at that pace",
            f"{ms(ours_[-1].latency(0.5))} / {ms(ours_[-1].latency(0.99))}",
            baseline=f"bare {ms(bares[-1].latency(0.5))} / {ms(bares[-1].latency(0.99))}",
        ),
    ]
