"""What a reminder says when its turn comes, and whether it still applies: a stalled checklist's
progress, an action as it stands, a coordinator's weekly digest. Free of Telegram; the views
word each notice in its recipient's language.

A reminder is checked again just before it is sent: one that no longer applies (the action was
finished, cancelled or given a new due date, the member left, answered since or switched the
kind off, the checklist was completed by colleagues) says nothing and is cancelled, and so is a
digest with nothing to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot import scoring
from bot.access import Access
from bot.cycles import Cycles
from bot.forms import Forms
from bot.model import (
    Action,
    Assessment,
    Checklist,
    Organisation,
    Phase,
    Reminder,
    ReminderKind,
    Role,
)
from bot.reminding import Reminders
from bot.scoring import Progress
from bot.store import Store

DIGEST_AHEAD = timedelta(days=14)  # a digest lists the actions due within two weeks
DIGEST_BEHIND = timedelta(days=7)  # and those finished in the week before


@dataclass(frozen=True)
class StalledNotice:
    """A checklist the recipient began and left: how far the organisation has got."""

    organisation: Organisation
    assessment: Assessment
    checklist: Checklist  # the items the assessment asks
    progress: Progress


@dataclass(frozen=True)
class ActionNotice:
    """An action due soon or overdue (to its owner), or still open a week on (coordinators)."""

    kind: ReminderKind
    organisation: Organisation
    action: Action
    today: date  # the organisation's date


@dataclass(frozen=True)
class DigestSection:
    """One organisation in a coordinator's weekly digest."""

    organisation: Organisation
    progress: tuple[tuple[Checklist, int], ...]  # checklists begun this cycle, percent answered
    overdue: tuple[Action, ...]
    due_soon: tuple[Action, ...]
    finished: tuple[Action, ...]
    today: date

    @property
    def empty(self) -> bool:
        """Whether there is nothing to say about the organisation."""
        return not (self.progress or self.overdue or self.due_soon or self.finished)


@dataclass(frozen=True)
class DigestNotice:
    """A coordinator's weekly digest: each organisation they coordinate with something to say."""

    sections: tuple[DigestSection, ...]


Notice = StalledNotice | ActionNotice | DigestNotice


class Notices:
    """Builds what each recorded reminder says, from the store as it is now."""

    def __init__(
        self, store: Store, access: Access, forms: Forms, cycles: Cycles, reminders: Reminders
    ) -> None:
        self.store = store
        self.access = access
        self.forms = forms
        self.cycles = cycles
        self.reminders = reminders

    async def notice(self, reminder: Reminder) -> Notice | None:
        """What the reminder says; None when it no longer applies or has nothing to say."""
        user_id = reminder.user_id
        if reminder.kind.switch in await self.store.reminders_off(user_id):
            return None
        if await self.store.is_blocked(user_id):
            return None
        if await self.store.member(reminder.org_id, user_id) is None:
            return None
        if reminder.kind is ReminderKind.STALLED:
            return await self._stalled(reminder)
        if reminder.kind is ReminderKind.DIGEST:
            return await self._digest(reminder)
        return await self._action(reminder)

    async def _stalled(self, reminder: Reminder) -> StalledNotice | None:
        assessment = await self.store.assessment(reminder.subject)
        if assessment is None or not await self.access.in_progress(assessment):
            return None
        streak = datetime.fromisoformat(reminder.period.split("#")[0])
        if await self.store.last_activity(reminder.user_id, assessment.id) != streak:
            return None  # answered since: the streak is over
        form = await self.forms.form(assessment)
        progress = scoring.progress(form.checklist, await self.store.answers(assessment.id))
        if progress.complete:
            return None
        org = await self.store.organisation(assessment.org_id)
        return StalledNotice(org, form.assessment, form.checklist, progress) if org else None

    async def _action(self, reminder: Reminder) -> ActionNotice | None:
        action = await self.store.action(reminder.subject)
        if action is None or not action.status.is_open or action.due is None:
            return None
        if action.due.isoformat() != reminder.period:
            return None  # given another due date: that one has reminders of its own
        if reminder.kind is ReminderKind.ESCALATED:
            member = await self.store.member(action.org_id, reminder.user_id)
            if member is None or member.role is not Role.COORDINATOR:
                return None
        elif not action.owned_by(reminder.user_id):
            return None
        org = await self.store.organisation(action.org_id)
        if org is None:
            return None
        today = (await self.reminders.working_time(org.id)).today(self.reminders.clock())
        return ActionNotice(reminder.kind, org, action, today)

    async def _digest(self, reminder: Reminder) -> DigestNotice | None:
        sections = []
        for member in await self.store.memberships(reminder.user_id):
            if member.role is Role.COORDINATOR:
                section = await self.digest_section(member.org_id)
                if section is not None and not section.empty:
                    sections.append(section)
        return DigestNotice(tuple(sections)) if sections else None

    async def digest_section(self, org_id: int) -> DigestSection | None:
        """One organisation's week: progress this cycle, actions overdue, due within two weeks
        and finished in the week before."""
        org = await self.store.organisation(org_id)
        if org is None:
            return None
        now = self.reminders.clock()
        today = (await self.reminders.working_time(org_id)).today(now)
        cycle = await self.store.open_cycle(org_id)
        percents = await self.cycles.progress(cycle) if cycle else {}
        actions = await self.store.actions(org_id)
        soon = today + DIGEST_AHEAD
        return DigestSection(
            org,
            tuple((c, percents[c.id]) for c in self._in_order() if c.id in percents),
            tuple(a for a in actions if a.overdue(today)),
            tuple(a for a in actions if a.status.is_open and a.due and today <= a.due <= soon),
            tuple(await self.store.finished_actions(org_id, now - DIGEST_BEHIND, now)),
            today,
        )

    def _in_order(self) -> list[Checklist]:
        """The current checklists in the order of the phases they serve."""
        phases = list(Phase)
        return sorted(self.forms.library.values(), key=lambda c: (phases.index(c.phase), c.id))
