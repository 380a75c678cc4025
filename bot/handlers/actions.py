"""The action plan in chat: /actions and its buttons, and the message a member gets when an
action is given to them. Thin: the rules live in ``bot.actions`` and ``bot.access``.

A button from an out-of-date view (someone changed the action since) is refused with the
action as it stands; one for an action of another organisation changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.actions import Opened
from bot.handlers.action_views import (
    action_view,
    assigned_view,
    due_menu_view,
    new_action_prompt_view,
    owner_menu_view,
    priority_menu_view,
    prompt_view,
    status_menu_view,
)
from bot.handlers.codec import (
    ActionAsk,
    ActionDue,
    ActionFinishBare,
    ActionMenu,
    ActionOpen,
    ActionOwner,
    ActionPriority,
    ActionStatusTo,
    BadCallback,
    GapChecklists,
    GapList,
    MyActions,
    PlanGap,
    PlanMinimum,
    PlanNew,
    PlanPage,
    decode,
)
from bot.handlers.commands import not_a_member
from bot.handlers.coordinators import pick_organisation
from bot.handlers.plan_views import gap_checklists_view, gaps_view, my_actions_view, plan_view
from bot.handlers.replies import answer_press, edit, send
from bot.handlers.routing import Context, Router
from bot.handlers.turn import Turn, begin
from bot.handlers.views import View
from bot.model import (
    AccessDenied,
    Action,
    ActionStatus,
    Checklist,
    DomainError,
    Item,
    NotAMember,
    PendingKind,
    StaleAction,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What a press leads to: the pressed message's new text, a new message, someone to tell."""

    edit: View | None = None
    send: View | None = None
    given: Action | None = None  # an action just given to a member, who is told


ROUTES: Router[Outcome] = Router()


async def on_actions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/actions [NAME]: a coordinator's organisation plan; a member's own actions."""
    turn = await begin(update, context)
    service, uid = turn.service, turn.user.id
    if not await service.coordination.coordinated(uid):
        if not await service.memberships(uid):
            await not_a_member(turn, context)
            return
        mine = await service.actions.owned(uid)
        await send(
            context.bot, turn.chat_id, my_actions_view(turn.t, mine, service.actions.today())
        )
        return
    prompt = turn.t._("📋 Which organisation's action plan?")
    org = await pick_organisation(turn, context, "/actions", lambda o: PlanPage(o, 0), prompt)
    if org is not None:
        plan = await service.actions.plan(uid, org.id)
        await send(context.bot, turn.chat_id, plan_view(turn.t, plan))


async def on_action_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every button of the action plan; ``query.answer()`` is called exactly once."""
    query = update.callback_query
    assert query is not None
    turn = await begin(update, context)
    t = turn.t
    message = query.message if isinstance(query.message, Message) else None
    try:
        outcome = await ROUTES.handle(turn, decode(query.data), context)
    except StaleAction as exc:
        alert = t._("Someone else changed this action just now. Here it is as it stands.")
        await answer_press(query, alert)
        current = await turn.service.actions.open(turn.user.id, exc.current.id)
        await edit(context.bot, message, turn.chat_id, action_view(t, current))
        return
    except NotAMember:
        await answer_press(query, t._("That person is no longer a member of the organisation."))
        return
    except AccessDenied:
        await answer_press(query, t._("This button is not for you."))
        return
    except (BadCallback, DomainError):
        log.info("stale or unknown action button from user %s", turn.user.id)
        await answer_press(
            query, t._("This button no longer works. Please send the command again.")
        )
        return
    await answer_press(query)
    if outcome.edit is not None:
        await edit(context.bot, message, turn.chat_id, outcome.edit)
    if outcome.send is not None:
        await send(context.bot, turn.chat_id, outcome.send)
    if outcome.given is not None:
        await tell_owner(turn, context, outcome.given)


async def tell_owner(turn: Turn, context: ContextTypes.DEFAULT_TYPE, action: Action) -> None:
    """Tell a member, in their language, that an action was given to them (not oneself)."""
    owner = action.owner
    if owner is None or owner.user_id is None or owner.user_id == turn.user.id:
        return
    catalogs = turn.deps.catalogs
    lang = await turn.service.language_of(owner.user_id)
    t = catalogs.translator(catalogs.negotiate([lang]))
    org = await turn.service.coordination.coordinated_organisation(turn.user.id, action.org_id)
    today = turn.service.actions.today()
    view = assigned_view(t, action, org.name, turn.user.first_name, today)
    try:
        await send(context.bot, owner.user_id, view)
    except TelegramError as exc:  # blocked the bot, or never wrote to it: the plan says it all
        log.info("could not tell user %s of action %s: %s", owner.user_id, action.id, exc)


async def opened_view(turn: Turn, action_id: int, notice: str = "") -> View:
    """The action as the user may see and change it."""
    return action_view(turn.t, await turn.service.actions.open(turn.user.id, action_id), notice)


def _recommended(turn: Turn) -> Callable[[Checklist, Item], str]:
    """An item's recommended action in the coordinator's language: a new action's first text."""
    return lambda checklist, item: turn.t.item(checklist, item, "action")


async def _current(turn: Turn, action_id: int, version: int) -> Opened:
    """The action as the user may see it, if it is still the version the button was made for."""
    opened = await turn.service.actions.open(turn.user.id, action_id)
    if opened.action.version != version:
        raise StaleAction(opened.action)
    return opened


@ROUTES.on(PlanPage)
async def _plan(turn: Turn, press: PlanPage, context: Context) -> Outcome:
    """A page of the organisation's plan."""
    plan = await turn.service.actions.plan(turn.user.id, press.org_id)
    return Outcome(plan_view(turn.t, plan, press.page))


@ROUTES.on(MyActions)
async def _mine(turn: Turn, press: MyActions, context: Context) -> Outcome:
    """The actions the user owns."""
    actions = turn.service.actions
    return Outcome(my_actions_view(turn.t, await actions.owned(turn.user.id), actions.today()))


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
    return Outcome(gaps_view(t, await service.actions.gaps(uid, org_id, checklist_id), notice))


@ROUTES.on(ActionOpen)
async def _open(turn: Turn, press: ActionOpen, context: Context) -> Outcome:
    """One action."""
    return Outcome(await opened_view(turn, press.action_id))


@ROUTES.on(ActionMenu)
async def _menu(turn: Turn, press: ActionMenu, context: Context) -> Outcome:
    """The choices for the owner, due date, priority or status."""
    t, opened = turn.t, await _current(turn, press.action_id, press.version)
    if press.menu == "owner":
        members = await turn.service.actions.members(turn.user.id, press.action_id)
        return Outcome(owner_menu_view(t, opened, members))
    if not opened.may_edit and press.menu != "status":
        raise AccessDenied(f"user {turn.user.id} may not change the {press.menu}")
    if press.menu == "due":
        return Outcome(due_menu_view(t, opened))
    if press.menu == "priority":
        return Outcome(priority_menu_view(t, opened))
    return Outcome(status_menu_view(t, opened))


@ROUTES.on(ActionAsk)
async def _ask(turn: Turn, press: ActionAsk, context: Context) -> Outcome:
    """Wait for a typed answer: the text, a due date, a partner, support needed, evidence."""
    service = turn.service
    action = await service.actions.begin(turn.user.id, press.kind, press.action_id, press.version)
    return Outcome(send=prompt_view(turn.t, action, press.kind, service.actions.today()))


@ROUTES.on(ActionOwner)
async def _owner(turn: Turn, press: ActionOwner, context: Context) -> Outcome:
    """Give the action to a member, who is told."""
    plan = turn.service.actions
    action = await plan.assign(turn.user.id, press.action_id, press.version, press.user_id)
    return Outcome(await opened_view(turn, action.id, turn.t._("✅ Owner saved.")), given=action)


@ROUTES.on(ActionDue)
async def _due(turn: Turn, press: ActionDue, context: Context) -> Outcome:
    """Set the due date to a quick choice."""
    plan = turn.service.actions
    action = await plan.due_in(turn.user.id, press.action_id, press.version, press.months)
    return Outcome(await opened_view(turn, action.id, turn.t._("✅ Due date saved.")))


@ROUTES.on(ActionPriority)
async def _priority(turn: Turn, press: ActionPriority, context: Context) -> Outcome:
    """Set the priority."""
    plan = turn.service.actions
    action = await plan.set_priority(turn.user.id, press.action_id, press.version, press.priority)
    return Outcome(await opened_view(turn, action.id, turn.t._("✅ Priority saved.")))


@ROUTES.on(ActionStatusTo)
async def _status(turn: Turn, press: ActionStatusTo, context: Context) -> Outcome:
    """Move the action to a status; finishing asks for evidence first."""
    plan, uid = turn.service.actions, turn.user.id
    if press.status is ActionStatus.FINISHED:
        finish = PendingKind.ACTION_FINISH
        action = await plan.begin(uid, finish, press.action_id, press.version)
        return Outcome(send=prompt_view(turn.t, action, finish, plan.today()))
    action = await plan.set_status(uid, press.action_id, press.version, press.status)
    return Outcome(await opened_view(turn, action.id, turn.t._("✅ Status saved.")))


@ROUTES.on(ActionFinishBare)
async def _finish_bare(turn: Turn, press: ActionFinishBare, context: Context) -> Outcome:
    """Finish the action without evidence (the history says so)."""
    plan = turn.service.actions
    action = await plan.finish_without_evidence(turn.user.id, press.action_id, press.version)
    notice = turn.t._("✅ Finished, without evidence.")
    return Outcome(await opened_view(turn, action.id, notice))
