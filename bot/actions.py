"""Use cases of the action plan: gaps become actions, which are assigned, dated and followed to
"finished" with evidence. Free of Telegram; each asks ``bot.access`` first.

Every change names the version of the action it was made from, so two people editing one
action never overwrite each other; what users type is handled in ``bot.action_input``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot import action_rules as rules
from bot.access import Access, ActorId
from bot.action_input import ActionInput
from bot.model import (
    AccessDenied,
    Action,
    ActionDraft,
    ActionStatus,
    Checklist,
    DomainError,
    Item,
    Member,
    NotFound,
    Organisation,
    Owner,
    OwnerKind,
    Priority,
)
from bot.reporting import Reporting
from bot.scoring import Gap
from bot.store import Store, owner_value

Recommended = Callable[
    [Checklist, Item], str
]  # an item's recommended action, in the reader's words


@dataclass(frozen=True)
class Plan:
    """An organisation's actions, in the order a coordinator reads them."""

    organisation: Organisation
    actions: list[Action]
    today: date


@dataclass(frozen=True)
class Opened:
    """One action as a user opens it: what it is, what it closes, and what they may change."""

    action: Action
    today: date
    may_edit: bool  # a coordinator: text, owner, due date, priority, any status
    may_update: bool  # the owner (or a coordinator): status, support needed, evidence
    checklist: Checklist | None = None
    item: Item | None = None


@dataclass(frozen=True)
class GapPlan:
    """The gaps of a checklist in its latest cycle, each with its open action if it has one."""

    organisation: Organisation
    checklist: Checklist
    cycle: str
    gaps: list[tuple[Gap, Action | None]]

    def unplanned_minimum(self) -> list[Item]:
        """The minimum-tier gaps that have no open action yet."""
        return [g.item for g, action in self.gaps if action is None and rules.is_minimum(g.item)]


class ActionPlan(ActionInput):
    """The action plan's use cases over one store and clock."""

    def __init__(
        self,
        store: Store,
        access: Access,
        reporting: Reporting,
        clock: Callable[[], datetime],
        clean: Callable[[str], str],
        default_zone: str = "UTC",
    ) -> None:
        self.store = store
        self.access = access
        self.reporting = reporting
        self.clock = clock
        self.clean = clean
        self.default_zone = default_zone

    # reading

    async def plan(self, actor: ActorId, org_id: int) -> Plan:
        """The organisation's whole plan (coordinators)."""
        org = await self.access.may_plan(actor, org_id)
        today = await self.today(org.id)
        return Plan(org, rules.plan_order(await self.store.actions(org_id), today), today)

    async def owned(self, user_id: int) -> list[Action]:
        """The actions a member owns, in every organisation they still belong to."""
        mine = [a for a in await self.store.owned_actions(user_id) if a.owned_by(user_id)]
        return rules.plan_order(mine, await self.today(*{a.org_id for a in mine}))

    async def open(self, actor: ActorId, action_id: int) -> Opened:
        """One action, with what the actor may change in it (members of its organisation)."""
        action = await self.access.may_read_action(actor, action_id)
        try:
            await self.access.may_edit_action(actor, action_id)
            may_edit = True
        except AccessDenied:
            may_edit = False
        may_update = may_edit or (actor is not None and action.owned_by(actor))
        checklist = self.reporting.forms.library.get(action.checklist_id or "")
        item = checklist.item(action.item_id or "") if checklist else None
        today = await self.today(action.org_id)
        return Opened(action, today, may_edit, may_update, checklist, item)

    async def members(self, actor: ActorId, action_id: int) -> list[Member]:
        """Who may own the action: the members of its organisation (coordinators ask)."""
        action = await self.access.may_edit_action(actor, action_id)
        return await self.store.members(action.org_id)

    async def gaps(self, actor: ActorId, org_id: int, checklist_id: str) -> GapPlan:
        """The gaps of a checklist (as its latest report shows them), with their open actions."""
        org = await self.access.may_plan(actor, org_id)
        report = await self.reporting.build_report(actor, org_id, checklist_id)
        open_by_item = {
            a.item_id: a
            for a in await self.store.actions(org_id)
            if a.checklist_id == checklist_id and a.status.is_open
        }
        found = [(gap, open_by_item.get(gap.item.id)) for gap in report.gaps]
        return GapPlan(org, report.checklist, report.cycle, found)

    async def dated_open_actions(self) -> list[Action]:
        """Every open action with a due date, of every organisation, soonest due first (for
        reminders, which the clock, not a user, asks for)."""
        return await self.store.dated_open_actions()

    # planning

    async def plan_gaps(
        self,
        actor: ActorId,
        org_id: int,
        checklist_id: str,
        item_ids: Sequence[str],
        recommended: Recommended,
    ) -> list[Action]:
        """An action for each of these items, starting from its recommended action (minimum
        tier: high priority); items with an open action already are left. Return those made."""
        await self.access.may_plan(actor, org_id)
        checklist = self.reporting.checklist(checklist_id)
        drafts = []
        for item_id in item_ids:
            item = checklist.item(item_id)
            if item is None:
                raise NotFound(f"no item {item_id!r} in {checklist_id}")
            text = recommended(checklist, item)[: rules.TEXT_MAX_LENGTH]
            drafts.append(ActionDraft(text, rules.priority_of_gap(item), checklist.id, item.id))
        return await self.store.create_actions(org_id, drafts, actor, self.clock())

    async def plan_gap(
        self, actor: ActorId, org_id: int, checklist_id: str, item_id: str, recommended: Recommended
    ) -> Action:
        """The open action of one gap: a new one, or the one it has (a double tap makes one)."""
        created = await self.plan_gaps(actor, org_id, checklist_id, [item_id], recommended)
        if created:
            return created[0]
        for action in await self.store.actions(org_id):
            same_gap = (action.checklist_id, action.item_id) == (checklist_id, item_id)
            if same_gap and action.status.is_open:
                return action
        raise NotFound(f"no open action for {item_id!r}")

    async def plan_minimum_gaps(
        self, actor: ActorId, org_id: int, checklist_id: str, recommended: Recommended
    ) -> list[Action]:
        """An action for every minimum-tier gap of a checklist that has none yet."""
        gap_plan = await self.gaps(actor, org_id, checklist_id)
        items = [item.id for item in gap_plan.unplanned_minimum()]
        return await self.plan_gaps(actor, org_id, checklist_id, items, recommended)

    # changes from buttons, which carry the version of the action the user saw

    async def assign(self, actor: ActorId, action_id: int, version: int, user_id: int) -> Action:
        """Give the action to a member of its organisation (coordinators); NotAMember else."""
        action = await self.access.may_edit_action(actor, action_id)
        member = await self.access.may_own_actions(action.org_id, user_id)
        owner = owner_value(Owner(OwnerKind.MEMBER, member.user_id))
        return await self._change(actor, action, version, owner=owner)

    async def due_in(self, actor: ActorId, action_id: int, version: int, months: int) -> Action:
        """Set the due date to a quick choice, in 1, 3, 6 or 12 months (coordinators)."""
        action = await self.access.may_edit_action(actor, action_id)
        if months not in rules.QUICK_MONTHS:
            raise DomainError(f"{months} months is not offered")
        due = rules.in_months(await self.today(action.org_id), months)
        return await self._change(actor, action, version, due=due.isoformat())

    async def set_priority(
        self, actor: ActorId, action_id: int, version: int, priority: Priority
    ) -> Action:
        """Set the priority (coordinators)."""
        action = await self.access.may_edit_action(actor, action_id)
        return await self._change(actor, action, version, priority=priority.value)

    async def set_status(
        self, actor: ActorId, action_id: int, version: int, status: ActionStatus
    ) -> Action:
        """Move the action to another status, as ``action_rules.statuses_for`` allows.

        Finishing asks for evidence: it goes through ``begin`` (ACTION_FINISH) and
        ``add_evidence``, or ``finish_without_evidence``.
        """
        action = await self.access.may_update_action(actor, action_id)
        await self.check_move(actor, action, status)
        if status is ActionStatus.FINISHED and action.status is not status:
            raise DomainError("finishing asks for evidence")
        return await self._change(actor, action, version, status=status.value)

    async def finish_without_evidence(self, actor: ActorId, action_id: int, version: int) -> Action:
        """Finish the action with no evidence, the history saying so; the wait ends."""
        action = await self.access.may_update_action(actor, action_id)
        await self.check_move(actor, action, ActionStatus.FINISHED)
        finished = ActionStatus.FINISHED
        return await self.store.change_action(
            action.id,
            version,
            {"status": finished.value},
            actor,
            self.clock(),
            done_waiting=True,
            waived_evidence=action.status is not finished,
        )

    async def _change(
        self, actor: ActorId, action: Action, version: int, **changes: str | None
    ) -> Action:
        return await self.store.change_action(action.id, version, changes, actor, self.clock())
