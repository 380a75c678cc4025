"""/actions and the action plan's planning buttons: the plan's pages, one's own actions, the
gaps of a checklist, and planning from them. The buttons are routed with the other action
buttons (``actions.ROUTES``)."""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.action_views import new_action_prompt_view
from bot.handlers.actions import ROUTES, Outcome, opened_view
from bot.handlers.codec import (
    GapChecklists,
    GapList,
    GapPage,
    MyActions,
    PlanGap,
    PlanMinimum,
    PlanNew,
    PlanPage,
)
from bot.handlers.commands import not_a_member
from bot.handlers.coordinators import pick_organisation
from bot.handlers.layout import View
from bot.handlers.plan_views import gap_checklists_view, gaps_view, my_actions_view, plan_view
from bot.handlers.replies import send
from bot.handlers.routing import Context
from bot.handlers.turn import Turn, begin
from bot.model import Checklist, Item


async def on_actions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/actions [NAME]: a coordinator's organisation plan; a member's own actions."""
    turn = await begin(update, context)
    service, uid = turn.service, turn.user.id
    if not await service.coordination.coordinated(uid):
        if not await service.memberships(uid):
            await not_a_member(turn, context)
            return
        await send(context.bot, turn.chat_id, await _my_actions(turn))
        return
    prompt = turn.t._("📋 Which organisation's action plan?")
    org = await pick_organisation(turn, context, "/actions", lambda o: PlanPage(o, 0), prompt)
    if org is not None:
        plan = await service.actions.plan(uid, org.id)
        await send(context.bot, turn.chat_id, plan_view(turn.t, plan))


def _recommended(turn: Turn) -> Callable[[Checklist, Item], str]:
    """An item's recommended action in the coordinator's language: a new action's first text."""
    return lambda checklist, item: turn.t.item(checklist, item, "action")


@ROUTES.on(PlanPage)
async def _plan(turn: Turn, press: PlanPage, context: Context) -> Outcome:
    """A page of the organisation's plan."""
    plan = await turn.service.actions.plan(turn.user.id, press.org_id)
    return Outcome(plan_view(turn.t, plan, press.page))


@ROUTES.on(MyActions)
async def _mine(turn: Turn, press: MyActions, context: Context) -> Outcome:
    """The actions the user owns."""
    return Outcome(await _my_actions(turn))


async def _my_actions(turn: Turn) -> View:
    """The actions the user owns, overdue by the dates of their organisations."""
    actions = turn.service.actions
    mine = await actions.owned(turn.user.id)
    return my_actions_view(turn.t, mine, await actions.today(*{a.org_id for a in mine}))


@ROUTES.on(PlanNew)
async def _new(turn: Turn, press: PlanNew, context: Context) -> Outcome:
    """Wait for the text of a new stand-alone action."""
    org = await turn.service.actions.begin_new(turn.user.id, press.org_id)
    return Outcome(send=new_action_prompt_view(turn.t, org.name))


@ROUTES.on(GapChecklists)
async def _gap_checklists(turn: Turn, press: GapChecklists, context: Context) -> Outcome:
    """Choose the checklist whose gaps to plan for."""
    service = turn.service
    org = await service.coordination.coordinated_organisation(turn.user.id, press.org_id)
    return Outcome(gap_checklists_view(turn.t, org.id, service.sorted_checklists()))


@ROUTES.on(GapList)
async def _gaps(turn: Turn, press: GapList, context: Context) -> Outcome:
    """The checklist's gaps with their actions."""
    gaps = await turn.service.actions.gaps(turn.user.id, press.org_id, press.checklist_id)
    return Outcome(gaps_view(turn.t, gaps))


@ROUTES.on(GapPage)
async def _gap_page(turn: Turn, press: GapPage, context: Context) -> Outcome:
    """A further page of the checklist's gaps."""
    gaps = await turn.service.actions.gaps(turn.user.id, press.org_id, press.checklist_id)
    return Outcome(gaps_view(turn.t, gaps, press.page))


@ROUTES.on(PlanGap)
async def _plan_gap(turn: Turn, press: PlanGap, context: Context) -> Outcome:
    """An action for one gap (or the one it has), as a new message below the pressed one."""
    action = await turn.service.actions.plan_gap(
        turn.user.id, press.org_id, press.checklist_id, press.item_id, _recommended(turn)
    )
    return Outcome(send=await opened_view(turn, action.id))


@ROUTES.on(PlanMinimum)
async def _plan_minimum(turn: Turn, press: PlanMinimum, context: Context) -> Outcome:
    """An action for every minimum-tier gap without one; the gap list says how many."""
    service, uid, t = turn.service, turn.user.id, turn.t
    org_id, checklist_id = press.org_id, press.checklist_id
    made = await service.actions.plan_minimum_gaps(uid, org_id, checklist_id, _recommended(turn))
    notice = t.n_(
        "✅ %(n)s action planned, high priority. Open it to give it an owner and a due date.",
        "✅ %(n)s actions planned, high priority. Open each to give it an owner and a due date.",
        len(made),
    )
    if not made:  # a second tap, or another coordinator was quicker
        notice = t._("Every minimum-tier gap has an action already.")
    gaps = await service.actions.gaps(uid, org_id, checklist_id)
    return Outcome(gaps_view(t, gaps, notice=notice))
