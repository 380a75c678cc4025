"""The load test: 500 responders from 50 municipalities answering at once, through the real bot.

Colleagues of one municipality share its assessments and start at items spread through each
checklist; some presses are double taps. Every answer must be stored exactly once and every
update answered; throughput and latency are recorded. The local Bot API enforces Telegram's
30 messages/s, so the bot's own rate limiter sets the pace.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import answers, choosers
from bench.figures import Figure, ms
from bench.proc import bot_command
from bench.responders import Drive, Responder
from bench.seed import CHECKLISTS, Seat, seed_responders
from bench.session import Positioner, Session, run

ORGS, PER_ORG = 50, 10
FLOOD_LIMIT = 30


def positioner(seats: list[Seat]) -> Positioner:
    """A press of an item's "hide help" button that shows the responder's first item."""
    by_user = {s.user_id: s for s in seats}

    def position(r: Responder) -> str | None:
        seat = by_user[r.user.id]
        if seat.start_item == CHECKLISTS[seat.checklist_id].items[0].id:
            return None  # /continue shows it already
        return f"h:{seat.assessment_id}:{seat.start_item}:0:a"

    return position


async def measure(quick: bool) -> list[Figure]:
    """Run the load test; return its figures."""
    presses, double_every = (1, 1) if quick else (3, 3)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        workdir = Path(tmp)
        seats = await seed_responders(workdir / "bot.sqlite3", ORGS, PER_ORG)
        plan = Drive(presses, seconds=240.0, timeout=120.0, double_every=double_every)
        session = Session(
            bot_command(),
            workdir,
            [s.user_id for s in seats],
            choosers.answer,
            plan,
            flood_limit=FLOOD_LIMIT,
            position=positioner(seats),
        )
        outcome = await run(session)
        check = answers.check(workdir / "bot.sqlite3", outcome.presses)
    taps = outcome.taps
    ok = (
        check.exact
        and not outcome.lost
        and not outcome.unanswered
        and outcome.greeted == len(seats)
    )
    throughput = len(outcome.completed) / outcome.seconds if outcome.seconds else 0.0
    problems = []
    if not ok:
        problems.append(
            f"{outcome.lost} lost, {outcome.unanswered} unanswered, {outcome.extra_messages} "
            f"unexpected messages, greeted {outcome.greeted}/{len(seats)}; {check.describe()}"
        )
    return [
        Figure(
            "load",
            f"{len(seats)} responders, {ORGS} municipalities, {taps} taps "
            f"({len(outcome.presses)} presses + double taps)",
            f"{check.stored} answers stored",
            baseline=f"{check.pressed} pressed",
            target="each stored once; no update unanswered",
            passed=ok,
            note="; ".join(problems) or check.describe(),
        ),
        Figure(
            "load",
            f"throughput (API limit {FLOOD_LIMIT} messages/s)",
            f"{throughput:.1f} answers/s",
            baseline=f"{outcome.edit_rate(every_call=True):.1f} edit calls/s steady",
            note="a double tap's second press costs an edit call too (often 'not modified')",
        ),
        Figure(
            "load",
            "press → next item p50 / p99",
            f"{ms(outcome.latency(0.5))} / {ms(outcome.latency(0.99))}",
            baseline=f"{len(seats)} / {FLOOD_LIMIT} per s = {ms(len(seats) / FLOOD_LIMIT)} queue",
        ),
        Figure(
            "load",
            "bot CPU per button press under load (double taps count twice)",
            ms(outcome.cpu.total / max(1, taps)),
        ),
    ]
