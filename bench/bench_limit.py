"""Part 2, at Telegram's limit: 100 responders at once, the local Bot API enforcing 30 messages/s.

The bot should deliver at least 90% of that rate with no lost answer and no unanswered update.
At half the load (10 responders pressing at random moments, 14 presses a second together) the
press-to-next-item p99 should stay under 50 ms, measured in the same run as a bare PTB bot.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import answers, choosers
from bench.figures import Figure, ms, times
from bench.proc import bot_command, script_command
from bench.responders import Drive
from bench.seed import seed_responders
from bench.session import Outcome, Session, run

FLOOD_LIMIT = 30
TARGET_SHARE = 0.9
RESPONDERS = 100
HALF_RESPONDERS = 10
HALF_RATE = 14.0  # presses a second, all responders together: about half the limit
TARGET_P99 = 0.050


async def _run(
    workdir: Path, seconds: float, rate: float | None
) -> tuple[Outcome, answers.AnswerCheck]:
    """The real bot: every responder at once (closed loop), or paced at random moments."""
    users = RESPONDERS if rate is None else HALF_RESPONDERS
    seats = await seed_responders(workdir / "bot.sqlite3", users, 1, ["preparedness"])
    plan = Drive(47, seconds, rate=rate, timeout=60.0, poisson=rate is not None)
    session = Session(
        bot_command(),
        workdir,
        [s.user_id for s in seats],
        choosers.answer,
        plan,
        flood_limit=FLOOD_LIMIT,
    )
    outcome = await run(session)
    return outcome, answers.check(workdir / "bot.sqlite3", outcome.presses)


async def _run_bare(workdir: Path, seconds: float) -> Outcome:
    """The bare PTB bot on the same half load, against the same flood limit."""
    plan = Drive(presses_each=47, seconds=seconds, rate=HALF_RATE, timeout=60.0, poisson=True)
    users = list(range(10_000, 10_000 + HALF_RESPONDERS))
    command = script_command("bare_bot.py")
    return await run(Session(command, workdir, users, choosers.bare, plan, flood_limit=FLOOD_LIMIT))


def _problems(outcome: Outcome, check: answers.AnswerCheck) -> str:
    parts = []
    if outcome.lost or outcome.unanswered or outcome.extra_messages:
        parts.append(f"{outcome.lost} presses lost, {outcome.unanswered} queries unanswered")
    if not check.exact:
        parts.append(check.describe())
    return "; ".join(parts)


async def measure(quick: bool) -> list[Figure]:
    """At the limit (closed loop); at half the load (random arrivals), ours then bare."""
    seconds = 8.0 if quick else 20.0
    with tempfile.TemporaryDirectory(prefix="bench-limit-") as tmp:
        for name in ("full", "half", "bare"):
            (Path(tmp) / name).mkdir()
        full, full_check = await _run(Path(tmp) / "full", seconds, None)
        half, half_check = await _run(Path(tmp) / "half", seconds, HALF_RATE)
        bare = await _run_bare(Path(tmp) / "bare", seconds)
    rate = full.edit_rate()
    share = rate / FLOOD_LIMIT
    problems = "; ".join(p for p in (_problems(full, full_check), _problems(half, half_check)) if p)
    rejected = full.api.get("flood_rejected", 0)
    p99 = half.latency(0.99)
    return [
        Figure(
            "2 limit",
            f"edits delivered, {RESPONDERS} responders at once, API limit {FLOOD_LIMIT}/s",
            f"{rate:.1f}/s",
            baseline=f"limit {FLOOD_LIMIT}/s",
            ratio=times(share),
            target=f"≥ {TARGET_SHARE:.0%} of the limit, nothing lost",
            passed=share >= TARGET_SHARE and not problems,
            note=problems or f"429s from the API: {rejected}",
        ),
        Figure(
            "2 limit",
            f"answers stored / presses ({len(full.presses)} + {len(half.presses)} presses)",
            f"{full_check.stored + half_check.stored} / {full_check.pressed + half_check.pressed}",
            target="all, once each; every query answered",
            passed=full_check.exact
            and half_check.exact
            and not (full.unanswered or half.unanswered),
        ),
        Figure(
            "2 limit",
            "press → next item p50 / p99 at the limit",
            f"{ms(full.latency(0.5))} / {ms(full.latency(0.99))}",
            baseline=f"{RESPONDERS} / {FLOOD_LIMIT} per s = {ms(RESPONDERS / FLOOD_LIMIT)} queue",
        ),
        Figure(
            "2 limit",
            f"press → next item p50 / p99 at half the load ({HALF_RESPONDERS} responders,"
            f" {HALF_RATE:g}/s at random moments)",
            f"{ms(half.latency(0.5))} / {ms(p99)}",
            baseline=f"bare {ms(bare.latency(0.5))} / {ms(bare.latency(0.99))}",
            target=f"p99 < {ms(TARGET_P99)}",
            passed=p99 < TARGET_P99 and not half.lost,
            note=f"{len(half.completed)} presses, bare {len(bare.completed)};"
            f" {half.edit_rate():.1f} edits/s delivered",
        ),
    ]
