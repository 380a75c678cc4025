"""Reminders as use cases: the sweep that records what the planner says is due, before anything
is sent; taking a recorded reminder to send it, once; and each user's switches. Free of Telegram.

What a reminder says, and whether it still applies when its turn comes, is ``bot.notices``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot import metrics
from bot.access import Access
from bot.model import (
    SWITCHABLE,
    Assessment,
    OrganisationSettings,
    Reminder,
    ReminderKind,
    ReminderState,
    UnknownTimeZone,
)
from bot.reminders import STALL_TIMES, Facts, Schedule, Verdict, decide, plan, verdict
from bot.store import Store
from bot.working_time import STALL_DAYS, WorkingTime

log = logging.getLogger(__name__)
QUEUED, DROPPED = ReminderState.QUEUED, ReminderState.DROPPED
# The oldest last answer that can still fall due: three reminders at the longest stall, and a
# margin for weekends; and the due dates whose reminders can still fall due (or be dropped).
LOOKBACK = timedelta(days=STALL_TIMES * STALL_DAYS[-1] + 14)
DUE_DATES_BEHIND = timedelta(days=21)
DUE_DATES_AHEAD = timedelta(days=14)


@dataclass(frozen=True)
class Swept:
    """What one sweep recorded: queued to be sent, dropped as too late, left for working hours."""

    queued: int = 0
    dropped: int = 0
    waiting: int = 0


class Reminders:
    """The reminders' use cases over one store and clock; ``default_zone`` is MICIC_TIMEZONE."""

    def __init__(
        self,
        store: Store,
        access: Access,
        clock: Callable[[], datetime],
        default_zone: str = "UTC",
    ) -> None:
        self.store = store
        self.access = access
        self.clock = clock
        self.default_zone = default_zone

    # planning

    async def sweep(self) -> Swept:
        """Record every reminder that has fallen due and is not recorded yet: queued to be
        sent, or dropped when more than a working day late. Nothing is sent here.

        The pure planning runs in a worker thread: with many thousands of reminders it takes
        a moment, during which the event loop goes on answering presses.
        """
        now = self.clock()
        facts = await self.facts(now)
        candidates = await asyncio.to_thread(plan, now, facts)
        recorded = await self.store.recorded_keys(c.key for c in candidates)
        decided, waiting = await asyncio.to_thread(decide, now, facts, candidates, recorded)
        states = [(c, QUEUED if v is Verdict.SEND else DROPPED) for c, v in decided]
        await self.store.record_reminders(states, now)
        dropped = [c for c, v in decided if v is Verdict.DROP]
        if dropped:
            metrics.REMINDERS_SKIPPED.labels("late").inc(len(dropped))
            kinds = Counter(c.kind.value for c in dropped)
            log.warning("dropped %d reminders more than a working day late: %s", len(dropped),
                        ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))  # fmt: skip
        return Swept(len(decided) - len(dropped), len(dropped), waiting)

    async def facts(self, now: datetime) -> Facts:
        """What the planner needs, read from the store within the windows that can fall due."""
        store = self.store
        activity = await store.activity_between(now - LOOKBACK, now - timedelta(days=1))
        today = now.date()
        first, last = today - DUE_DATES_BEHIND, today + DUE_DATES_AHEAD
        dated_at = await store.dated_at_between(first, last)
        actions = [
            replace(a, dated_at=dated_at.get(a.action_id))
            for a in await store.dated_actions_between(first, last)
        ]
        coordinators = await store.coordinators_by_org()
        orgs = {a.org_id for a in activity} | {a.org_id for a in actions} | set(coordinators)
        return Facts(
            schedules=self._schedules(orgs, await store.every_organisation_settings()),
            activity=activity,
            actions=actions,
            coordinators=coordinators,
            switched_off=await store.switched_off(),
            blocked=await store.blocked_users(),
        )

    def _schedules(
        self, orgs: Iterable[int], chosen: dict[int, OrganisationSettings]
    ) -> dict[int, Schedule]:
        schedules = {}
        for org_id in orgs:
            settings = chosen.get(org_id, OrganisationSettings())
            try:
                working = WorkingTime.of(settings, self.default_zone)
            except UnknownTimeZone as exc:  # a zone the time zone database lost since
                log.error("organisation %s: %s; its reminders wait", org_id, exc)
                continue
            schedules[org_id] = Schedule(working, settings.stall_days)
        return schedules

    async def working_time(self, org_id: int) -> WorkingTime:
        """When the organisation works (its time zone, else the deployment's)."""
        settings = await self.store.organisation_settings(org_id)
        return WorkingTime.of(settings, self.default_zone)

    # sending: each step recorded before the next

    async def waiting(self, after_id: int = 0, limit: int = 200) -> list[Reminder]:
        """Queued reminders, oldest first, after ``after_id``."""
        return await self.store.waiting_reminders(after_id, limit)

    async def timing(self, reminder: Reminder) -> Verdict:
        """Send it now, let it wait for working hours, or drop it as more than a day late."""
        working = await self.working_time(reminder.org_id)
        return verdict(reminder.due_at, self.clock(), working)

    async def take(self, reminder: Reminder) -> bool:
        """Take a queued reminder to send it: from now on it is never sent again, whatever
        happens (a crash included). False if it was taken or settled meanwhile."""
        return await self.store.begin_sending(reminder.id, self.clock())

    async def settle(self, reminder: Reminder, state: ReminderState) -> None:
        """Record what became of a reminder."""
        await self.store.finish_reminder(reminder.id, state, self.clock())

    async def blocked_by(self, reminder: Reminder) -> None:
        """Telegram says the recipient blocked the bot: no more reminders until they write."""
        await self.store.mark_blocked(reminder.user_id, self.clock())
        await self.settle(reminder, ReminderState.BLOCKED)

    async def recover(self) -> int:
        """At start: reminders the bot was sending when it stopped may have arrived; they are
        settled as unknown, never sent again. Return how many."""
        found = await self.store.interrupted_reminders(self.clock())
        if found:
            log.warning("%d reminders were being sent when the bot stopped: not sent again", found)
        return found

    async def pending(self) -> int:
        """Reminders due and not sent yet."""
        return await self.store.pending_reminders()

    # each user's choices

    async def switches(self, user_id: int) -> dict[ReminderKind, bool]:
        """Each kind a user can switch, and whether it is on for them."""
        off = await self.store.reminders_off(user_id)
        return {kind: kind not in off for kind in SWITCHABLE}

    async def switch(self, user_id: int, kind: ReminderKind, on: bool) -> dict[ReminderKind, bool]:
        """Switch a kind of reminder on or off for the user (escalations go with overdue)."""
        await self.store.switch_reminders(user_id, kind.switch, on)
        return await self.switches(user_id)

    async def resume(self, user_id: int, assessment_id: int) -> Assessment:
        """Make the assessment a stalled-checklist reminder is about the user's current one,
        if they may still answer it (the organisation's open cycle)."""
        assessment = (await self.access.may_answer(user_id, assessment_id)).assessment
        await self.store.set_current_org(user_id, assessment.org_id)
        await self.store.set_current_assessment(user_id, assessment.id)
        return assessment
