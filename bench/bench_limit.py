"""Part 2, at Telegram's limit: 100 responders at once, the local Bot API enforcing 30 messages/s.

The bot should deliver at least 90% of that rate with no lost answer and no unanswered update.
Latency from a press to the next item is reported at the limit and at half the load (15/s).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import answers, choosers
from bench.figures import Figure, ms, times
from bench.proc import bot_command
from bench.responders import Drive
from bench.seed import seed_responders
from bench.session import Outcome, Session, run

FLOOD_LIMIT = 30
TARGET_SHARE = 0.9
RESPONDERS = 100


async def _run(
    workdir: Path, seconds: float, rate: float | None
) -> tuple[Outcome, answers.AnswerCheck]:
    seats = await seed_responders(workdir / "bot.sqlite3", RESPONDERS, 1, ["preparedness"])
    plan = Drive(presses_each=47, seconds=seconds, rate=rate, timeout=60.0)
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


def _problems(outcome: Outcome, check: answers.AnswerCheck) -> str:
    parts = []
    if outcome.lost or outcome.unanswered or outcome.extra_messages:
        parts.append(f"{outcome.lost} presses lost, {outcome.unanswered} queries unanswered")
    if not check.exact:
        parts.append(check.describe())
    return "; ".join(parts)


async def measure(quick: bool) -> list[Figure]:
    """At the limit (closed loop) and at half the load (paced)."""
    seconds = 8.0 if quick else 20.0
    with tempfile.TemporaryDirectory(prefix="bench-limit-") as tmp:
        (Path(tmp) / "full").mkdir()
        (Path(tmp) / "half").mkdir()
        full, full_check = await _run(Path(tmp) / "full", seconds, None)
        half, half_check = await _run(Path(tmp) / "half", seconds, FLOOD_LIMIT / 2)
    rate = full.edit_rate()
    share = rate / FLOOD_LIMIT
    problems = "; ".join(p for p in (_problems(full, full_check), _problems(half, half_check)) if p)
    rejected = full.api.get("flood_rejected", 0)
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
            f"press → next item p50 / p99 at half the load ({FLOOD_LIMIT / 2:g}/s)",
            f"{ms(half.latency(0.5))} / {ms(half.latency(0.99))}",
            baseline=f"{half.edit_rate():.1f} edits/s delivered",
        ),
    ]
