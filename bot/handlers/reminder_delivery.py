"""Sending reminders: one periodic sweep records what fell due, then each queued reminder is
checked again, taken (from then on never sent twice), worded in its recipient's language, sent
in the pacer's background lane, and settled: sent, blocked, failed or unknown.

At most once: a reminder is recorded under its key before anything is sent, and marked as being
sent before the Bot API is called; a bot killed between the two is left with the reminder
queued (sent after the restart), and one killed during the call leaves it "unknown" (it may have
arrived; it is not sent again). A time-out is not retried either, for the same reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot import metrics
from bot.handlers.pacing import background_lane
from bot.handlers.reminder_views import reminder_view
from bot.handlers.replies import Unsent, keyboard, with_retries
from bot.handlers.turn import Deps
from bot.handlers.views import View
from bot.i18n import Translator
from bot.model import Reminder, ReminderState
from bot.reminders import Verdict
from bot.reminding import Reminders
from bot.store import StoreError

log = logging.getLogger(__name__)
SWEEP_SECONDS = 60.0  # how often the sweep looks for reminders that fell due
SENDERS = 4  # reminders sent at once (the pacer's background lane sets the pace)
BATCH = 200  # queued reminders read at a time


class ReminderDelivery:
    """The sweep and the sending, run every ``every`` seconds (None: only when asked, by
    ``run_once`` or ``wake``)."""

    def __init__(self, bot: Bot, deps: Deps, every: float | None = SWEEP_SECONDS) -> None:
        self.bot = bot
        self.deps = deps
        self.every = every
        self._wake = asyncio.Event()
        self._stopping = False
        self._senders = asyncio.Semaphore(SENDERS)

    @property
    def reminders(self) -> Reminders:
        """The reminders' use cases."""
        return self.deps.service.reminders

    def wake(self) -> None:
        """Sweep now rather than at the next tick (the playground's clock moved)."""
        self._wake.set()

    async def run(self) -> None:
        """Sweep and send, then wait for the next tick or a wake-up; until cancelled."""
        while not self._stopping:
            try:
                await self.run_once()
            except StoreError:
                log.warning("the database did not answer the reminders' sweep; next time, then")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.every):
                    await self._wake.wait()
            self._wake.clear()

    async def run_once(self) -> int:
        """One sweep, then every queued reminder that may go now; return how many were sent."""
        await self.reminders.sweep()
        return await self.send_waiting()

    async def send_waiting(self) -> int:
        """Send every queued reminder whose organisation is at work; return how many went."""
        sent, after = 0, 0
        while not self._stopping:
            batch = await self.reminders.waiting(after, BATCH)
            if not batch:
                break
            after = batch[-1].id
            results = await asyncio.gather(*(self._deliver(r) for r in batch))
            sent += sum(results)
        return sent

    def stop(self) -> None:
        """Take no more reminders; those being sent finish."""
        self._stopping = True
        self._wake.set()

    async def _deliver(self, reminder: Reminder) -> bool:
        async with self._senders:
            if self._stopping:
                return False
            return await self._check_and_send(reminder)

    async def _check_and_send(self, reminder: Reminder) -> bool:
        reminders = self.reminders
        timing = await reminders.timing(reminder)
        if timing is Verdict.WAIT:
            return False
        if timing is Verdict.DROP:
            await self._skip(reminder, ReminderState.DROPPED, "late")
            return False
        notice = await self.deps.service.notices.notice(reminder)
        if notice is None:
            await self._skip(reminder, ReminderState.CANCELLED, "cancelled")
            return False
        if not await reminders.take(reminder):
            return False  # taken by another sweep, or settled meanwhile
        t = await self._translator(reminder.user_id)
        return await self._send(reminder, reminder_view(t, notice))

    async def _send(self, reminder: Reminder, view: View) -> bool:
        try:
            with background_lane():
                await with_retries(
                    lambda: self.bot.send_message(
                        reminder.user_id,
                        view.text,
                        parse_mode=ParseMode.HTML,
                        reply_markup=keyboard(view),
                    ),
                    after_timeout=False,
                )
        except Forbidden:
            log.info("user %s blocked the bot: no reminders until they write", reminder.user_id)
            await self.reminders.blocked_by(reminder)
            metrics.REMINDERS_SKIPPED.labels("blocked").inc()
            return False
        except Unsent:
            await self._skip(reminder, ReminderState.UNKNOWN, "unknown")
            return False
        except TelegramError as exc:
            log.warning("reminder %s not sent: %s", reminder.id, type(exc).__name__)
            await self._skip(reminder, ReminderState.FAILED, "failed")
            return False
        await self.reminders.settle(reminder, ReminderState.SENT)
        metrics.REMINDERS_SENT.labels(reminder.kind.value).inc()
        return True

    async def _skip(self, reminder: Reminder, state: ReminderState, reason: str) -> None:
        await self.reminders.settle(reminder, state)
        metrics.REMINDERS_SKIPPED.labels(reason).inc()

    async def _translator(self, user_id: int) -> Translator:
        """The recipient's language: the one they chose, else the one Telegram reports."""
        catalogs = self.deps.catalogs
        language = await self.deps.service.language_of(user_id)
        return catalogs.translator(catalogs.negotiate([language]))
