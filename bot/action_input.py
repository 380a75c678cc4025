"""What users type or send for the action plan: texts, dates, names and evidence awaited as
rows in ``pending`` (never in memory), each saved by the use case of its kind.

A wait names the action's version the user saw when asked; a text that arrives after someone
else changed the action is refused (StaleAction) and the wait ends, so it cannot overwrite.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from bot import action_rules as rules
from bot.access import Access, ActorId
from bot.model import (
    AccessDenied,
    Action,
    ActionDraft,
    ActionStatus,
    EvidenceFile,
    NotFound,
    Organisation,
    Owner,
    OwnerKind,
    Pending,
    PendingKind,
    StaleAction,
)
from bot.store import Store, owner_value
from bot.working_time import local_date

EDITS = (PendingKind.ACTION_TEXT, PendingKind.ACTION_DUE, PendingKind.ACTION_PARTNER)
UPDATES = (PendingKind.ACTION_SUPPORT, PendingKind.ACTION_EVIDENCE, PendingKind.ACTION_FINISH)
EVIDENCE = (PendingKind.ACTION_EVIDENCE, PendingKind.ACTION_FINISH)


class ActionInput:
    """The action plan's waits for a user's next message, and what each does with it."""

    store: Store
    access: Access
    clock: Callable[[], datetime]
    clean: Callable[[str], str]  # the one rule for names people type (invisible characters out)
    default_zone: str  # MICIC_TIMEZONE: the time zone of organisations that chose none

    async def today(self, *org_ids: int) -> date:
        """The date due dates are compared with: the organisation's, on its own clocks.

        For several organisations (the actions one member owns), the earliest of their dates,
        so that no action is called overdue before its own day is over; for none, the
        deployment's date.
        """
        settings = [await self.store.organisation_settings(o) for o in set(org_ids)]
        zones = {s.timezone for s in settings} or {None}
        now = self.clock()
        return min(local_date(zone, self.default_zone, now) for zone in zones)

    async def begin_new(self, user_id: int, org_id: int) -> Organisation:
        """Wait for the text of a new stand-alone action of the organisation (coordinators)."""
        org = await self.access.may_plan(user_id, org_id)
        pending = Pending(PendingKind.ACTION_TEXT, org_id=org.id)
        await self.store.set_pending(user_id, pending, self.clock())
        return org

    async def begin(self, user_id: int, kind: PendingKind, action_id: int, version: int) -> Action:
        """Wait for the user's next message as the ``kind`` of input for an action.

        The text, due date and partner are the coordinators'; support needed and evidence are
        the owner's too. Asked from an out-of-date view, StaleAction (evidence excepted: adding
        some changes nothing anyone else set).
        """
        if kind in EDITS:
            action = await self.access.may_edit_action(user_id, action_id)
        elif kind in UPDATES:
            action = await self.access.may_update_action(user_id, action_id)
        else:
            raise ValueError(kind)
        if kind is PendingKind.ACTION_FINISH:
            await self.check_move(user_id, action, ActionStatus.FINISHED)
        if kind is not PendingKind.ACTION_EVIDENCE and action.version != version:
            raise StaleAction(action)
        pending = Pending(kind, action_id=action.id, org_id=action.org_id, version=version)
        await self.store.set_pending(user_id, pending, self.clock())
        return action

    async def check_move(self, actor: ActorId, action: Action, status: ActionStatus) -> None:
        """AccessDenied unless the actor may move the action to ``status`` (a double tap on
        its current status passes: it changes nothing)."""
        if status is action.status:
            return
        try:
            await self.access.may_edit_action(actor, action.id)
            coordinator = True
        except AccessDenied:
            coordinator = False
        if status not in rules.statuses_for(action, coordinator=coordinator):
            raise AccessDenied(f"{action.status} -> {status} is not for user {actor}")

    async def awaited(self, user_id: int, *kinds: PendingKind) -> Pending:
        """What the user's message is awaited as, if it is one of ``kinds``; else NotFound."""
        pending = await self.store.pending(user_id)
        if pending is None or pending.kind not in kinds:
            raise NotFound("no such input is awaited")
        return pending

    async def save_text(self, user_id: int, text: str) -> Action:
        """The awaited text: a new action's, or an action's new text."""
        pending = await self.awaited(user_id, PendingKind.ACTION_TEXT)
        text = rules.checked_text(text)
        if pending.action_id is None:
            assert pending.org_id is not None
            await self.access.may_plan(user_id, pending.org_id)
            drafts = [ActionDraft(text)]
            [action] = await self.store.create_actions(
                pending.org_id, drafts, user_id, self.clock(), done_waiting=True
            )
            return action
        return await self._save(user_id, pending, text=text)

    async def save_due(self, user_id: int, day: date) -> Action:
        """The awaited due date, as read from what the user typed; PastDueDate if it passed."""
        pending = await self.awaited(user_id, PendingKind.ACTION_DUE)
        rules.check_due(day, await self.today(*filter(None, [pending.org_id])))
        return await self._save(user_id, pending, due=day.isoformat())

    async def save_partner(self, user_id: int, name: str) -> Action:
        """The awaited partner organisation, which becomes the action's owner."""
        pending = await self.awaited(user_id, PendingKind.ACTION_PARTNER)
        name = rules.checked_text(self.clean(name), rules.PARTNER_MAX_LENGTH)
        return await self._save(
            user_id, pending, owner=owner_value(Owner(OwnerKind.PARTNER, name=name))
        )

    async def save_support(self, user_id: int, text: str) -> Action:
        """The awaited account of the support the action needs."""
        pending = await self.awaited(user_id, PendingKind.ACTION_SUPPORT)
        return await self._save(user_id, pending, support=rules.checked_text(text))

    async def _save(self, user_id: int, pending: Pending, **changes: str | None) -> Action:
        """Save an awaited change, asking its access rule again; a stale one ends the wait."""
        assert pending.action_id is not None and pending.version is not None
        if pending.kind in EDITS:
            await self.access.may_edit_action(user_id, pending.action_id)
        else:
            await self.access.may_update_action(user_id, pending.action_id)
        try:
            return await self.store.change_action(
                pending.action_id,
                pending.version,
                changes,
                user_id,
                self.clock(),
                done_waiting=True,
            )
        except StaleAction:
            await self.store.clear_pending(user_id)
            raise

    async def add_evidence(
        self, user_id: int, *, file: EvidenceFile | None = None, note: str | None = None
    ) -> tuple[Action, bool]:
        """Keep a file or a note as evidence for the action awaiting it; return the action and
        whether this finished it. Files may follow one another; a note ends the wait, and so
        does the first piece of evidence when finishing."""
        pending = await self.awaited(user_id, *EVIDENCE)
        assert pending.action_id is not None
        await self.access.may_update_action(user_id, pending.action_id)
        finish = pending.kind is PendingKind.ACTION_FINISH
        note = rules.checked_text(note) if note is not None else None
        try:
            action = await self.store.add_action_evidence(
                pending.action_id,
                user_id,
                self.clock(),
                file=file,
                note=note,
                finish=finish,
                done_waiting=finish or note is not None,
            )
        except StaleAction:
            await self.store.clear_pending(user_id)
            raise
        return action, finish and action.status is ActionStatus.FINISHED
