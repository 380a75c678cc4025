"""The playground's clock: real time, moved forward on request (``/clock +7d``), so a newcomer
can watch a reminder arrive. Only the offline playground registers ``/clock``; the real bot has
no such command and its clock is the real one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from math import ceil

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CommandHandler, ContextTypes, filters

from bot.handlers.commands import say
from bot.handlers.reminder_delivery import ReminderDelivery
from bot.handlers.turn import Turn, begin
from bot.handlers.views import shown
from bot.i18n import Translator

_STEP = re.compile(r"(\d{1,4})([wdhm])")
_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1),
          "m": timedelta(minutes=1)}  # fmt: skip
LIMIT = timedelta(days=3660)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class PlaygroundClock:
    """The bot's clock in the playground: ``base`` (the real time) plus how far it was moved."""

    def __init__(self, base: Callable[[], datetime] = _utcnow) -> None:
        self.base = base
        self.ahead = timedelta()

    def __call__(self) -> datetime:
        return self.base() + self.ahead

    def move(self, text: str) -> timedelta:
        """Move forward by ``+7d``, ``+3h``, ``+1d12h``, ``+2w``, ``+30m``; ``now`` goes back to
        the real time; nothing leaves the clock as it is. ValueError for anything else."""
        text = text.strip().lower().replace(" ", "")
        if text in ("now", "reset"):
            self.ahead = timedelta()
        elif text:
            steps = text.removeprefix("+")
            parts = _STEP.findall(steps)
            if not parts or "".join(n + unit for n, unit in parts) != steps:
                raise ValueError(text)
            moved = sum((int(n) * _UNITS[unit] for n, unit in parts), timedelta())
            if self.ahead + moved > LIMIT:
                raise ValueError(text)
            self.ahead += moved
        return self.ahead


def clock_command(clock: PlaygroundClock, delivery: ReminderDelivery | None) -> CommandHandler:  # type: ignore[type-arg]
    """``/clock [+7d]``, for the playground's application (in a group before the others)."""

    async def on_clock(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        turn = await begin(update, context)
        t = turn.t
        try:
            clock.move(" ".join(context.args or []))
        except ValueError:
            usage = t._(
                "Move the bot's clock with /clock +7d, +3h or +1d12h; /clock now puts it back."
            )
            await say(turn, context, usage)
            raise ApplicationHandlerStop from None
        await say(turn, context, _moved(t, clock))
        sent = await delivery.run_once() if delivery is not None else 0
        if not sent:
            await say(turn, context, await _nothing_yet(turn, clock()))
        raise ApplicationHandlerStop

    return CommandHandler("clock", on_clock, filters=filters.ChatType.PRIVATE)


def _moved(t: Translator, clock: PlaygroundClock) -> str:
    now = clock()
    moment = t.ltr(f"{t.date_text(now.date())} {now:%H:%M}")
    days, hours = clock.ahead.days, clock.ahead.seconds // 3600
    return t._(
        "🕐 The bot's clock reads %(moment)s UTC: %(days)s d %(hours)s h ahead of yours. "
        "Whatever has fallen due by then is sent now.",
        moment=moment,
        days=t.number(days),
        hours=t.number(hours),
    )


async def _nothing_yet(turn: Turn, now: datetime) -> str:
    """Why no reminder came: the organisation is closed (and until when), or nothing is due."""
    t, service = turn.t, turn.service
    org = await service.current_organisation(turn.user.id)
    if org is not None:
        working = await service.reminders.working_time(org.id)
        if not working.is_open(now):
            hours = ceil((working.next_open(now) - now).total_seconds() / 3600)
            return t._(
                "⏳ %(org)s is outside its working hours: reminders wait for them. Try "
                "/clock +%(hours)sh.",
                org=shown(org.name),
                hours=hours,
            )
    return t._("Nothing has fallen due by then.")
