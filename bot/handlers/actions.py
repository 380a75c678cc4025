"""The action plan in chat: the buttons of one action, and the message a member gets when an
action is given to them (/actions and the planning buttons are in ``planning``). Thin: the rules
live in ``bot.actions`` and ``bot.access``.

A button from an out-of-date view (someone changed the action since) is refused with the
action as it stands; one for an action of another organisation changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.actions import Opened
from bot.handlers.action_views import (
    action_view,
    assigned_view,
    due_menu_view,
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
    OwnerPage,
    decode,
)
from bot.handlers.layout import View
from bot.handlers.replies import answer_press, edit, send
from bot.handlers.routing import Context, Router
from bot.handlers.turn import Turn, begin
from bot.model import (
    AccessDenied,
    Action,
    ActionStatus,
    DomainError,
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
    today = await turn.service.actions.today(action.org_id)
    view = assigned_view(t, action, org.name, turn.user.first_name, today)
    try:
        await send(context.bot, owner.user_id, view)
    except TelegramError as exc:  # blocked the bot, or never wrote to it: the plan says it all
        log.info("could not tell user %s of action %s: %s", owner.user_id, action.id, exc)


async def opened_view(turn: Turn, action_id: int, notice: str = "") -> View:
    """The action as the user may see and change it."""
    return action_view(turn.t, await turn.service.actions.open(turn.user.id, action_id), notice)


async def _current(turn: Turn, action_id: int, version: int) -> Opened:
    """The action as the user may see it, if it is still the version the button was made for."""
    opened = await turn.service.actions.open(turn.user.id, action_id)
    if opened.action.version != version:
        raise StaleAction(opened.action)
    return opened


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
    allowed = opened.may_update if press.menu == "status" else opened.may_edit
    if not allowed:
        raise AccessDenied(f"user {turn.user.id} may not change the {press.menu}")
    if press.menu == "due":
        return Outcome(due_menu_view(t, opened))
    if press.menu == "priority":
        return Outcome(priority_menu_view(t, opened))
    return Outcome(status_menu_view(t, opened))


@ROUTES.on(OwnerPage)
async def _owner_page(turn: Turn, press: OwnerPage, context: Context) -> Outcome:
    """A further page of the members who may own the action."""
    opened = await _current(turn, press.action_id, press.version)
    members = await turn.service.actions.members(turn.user.id, press.action_id)
    return Outcome(owner_menu_view(turn.t, opened, members, press.page))


@ROUTES.on(ActionAsk)
async def _ask(turn: Turn, press: ActionAsk, context: Context) -> Outcome:
    """Wait for a typed answer: the text, a due date, a partner, support needed, evidence."""
    service = turn.service
    action = await service.actions.begin(turn.user.id, press.kind, press.action_id, press.version)
    today = await service.actions.today(action.org_id)
    return Outcome(send=prompt_view(turn.t, action, press.kind, today))


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
        return Outcome(send=prompt_view(turn.t, action, finish, await plan.today(action.org_id)))
    action = await plan.set_status(uid, press.action_id, press.version, press.status)
    return Outcome(await opened_view(turn, action.id, turn.t._("✅ Status saved.")))


@ROUTES.on(ActionFinishBare)
async def _finish_bare(turn: Turn, press: ActionFinishBare, context: Context) -> Outcome:
    """Finish the action without evidence (the history says so)."""
    plan = turn.service.actions
    action = await plan.finish_without_evidence(turn.user.id, press.action_id, press.version)
    notice = turn.t._("✅ Finished, without evidence.")
    return Outcome(await opened_view(turn, action.id, notice))
