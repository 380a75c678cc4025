"""Coordinators in chat: /cycle, its buttons, and the name of a new cycle typed as text.

Thin: the rules are in ``bot.cycles`` and ``bot.access``; buttons are routed with the other
coordinators' buttons (``coordinators.ROUTES``).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.codec import CycleAsk, CycleList, CycleNamed, CycleStart
from bot.handlers.commands import say
from bot.handlers.coordinators import ROUTES, Outcome, pick_organisation
from bot.handlers.cycle_views import (
    cycle_confirm_view,
    cycle_name_prompt_view,
    cycle_stale_notice,
    cycle_started_notice,
    cycles_view,
)
from bot.handlers.layout import View
from bot.handlers.replies import send
from bot.handlers.routing import Context
from bot.handlers.turn import Turn, begin
from bot.model import AccessDenied, Cycle, CycleLabelTaken, DomainError, StaleCycle


async def _cycles(turn: Turn, org_id: int, notice: str = "") -> View:
    """The organisation's cycles, as the coordinator may see them."""
    service = turn.service
    org = await service.coordination.coordinated_organisation(turn.user.id, org_id)
    overview = await service.cycles.overview(turn.user.id, org_id)
    return cycles_view(turn.t, org, overview, service.sorted_checklists(), notice)


async def on_cycle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cycle [NAME]: an organisation's assessment cycles, and a button to start the next."""
    turn = await begin(update, context)
    prompt = turn.t._("🔄 Which organisation's assessment cycles?")
    org = await pick_organisation(turn, context, "/cycle", CycleList, prompt)
    if org is not None:
        await send(context.bot, turn.chat_id, await _cycles(turn, org.id))


@ROUTES.on(CycleList)
async def _list(turn: Turn, press: CycleList, context: Context) -> Outcome:
    """The organisation's cycles."""
    return Outcome(await _cycles(turn, press.org_id))


@ROUTES.on(CycleAsk)
async def _ask(turn: Turn, press: CycleAsk, context: Context) -> Outcome:
    """Say what starting a new cycle does, and ask."""
    service, uid = turn.service, turn.user.id
    org = await service.coordination.coordinated_organisation(uid, press.org_id)
    current = await service.cycles.current(org.id)
    if current.id != press.replacing:
        return Outcome(await _cycles(turn, org.id, cycle_stale_notice(turn.t, current)))
    label = await service.cycles.suggested_label(org.id)
    return Outcome(cycle_confirm_view(turn.t, org, current, label))


@ROUTES.on(CycleStart)
async def _start(turn: Turn, press: CycleStart, context: Context) -> Outcome:
    """Open the new cycle, named after the year."""
    try:
        cycle = await turn.service.cycles.start_next(
            turn.user.id, press.org_id, replacing=press.replacing
        )
    except StaleCycle as exc:
        return Outcome(await _cycles(turn, press.org_id, cycle_stale_notice(turn.t, exc.current)))
    return Outcome(await _cycles(turn, press.org_id, cycle_started_notice(turn.t, cycle)))


@ROUTES.on(CycleNamed)
async def _named(turn: Turn, press: CycleNamed, context: Context) -> Outcome:
    """Wait for the name of the new cycle."""
    service, uid = turn.service, turn.user.id
    org = await service.coordination.coordinated_organisation(uid, press.org_id)
    try:
        await service.cycles.begin_naming(uid, org.id, press.replacing)
    except StaleCycle as exc:
        return Outcome(await _cycles(turn, org.id, cycle_stale_notice(turn.t, exc.current)))
    await send(context.bot, turn.chat_id, cycle_name_prompt_view(turn.t, org))
    return Outcome()


async def on_cycle_name(turn: Turn, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """The name of a new cycle, awaited: open the cycle, or say why not."""
    t = turn.t
    try:
        cycle: Cycle = await turn.service.cycles.start_named(turn.user.id, text)
    except CycleLabelTaken:
        await say(turn, context, t._("A cycle has that name already. Send another, or /cancel."))
        return
    except StaleCycle as exc:
        view = await _cycles(turn, exc.current.org_id, cycle_stale_notice(t, exc.current))
        await send(context.bot, turn.chat_id, view)
        return
    except AccessDenied:
        await turn.service.cancel(turn.user.id)
        await say(turn, context, t._("Only coordinators can do this."))
        return
    except DomainError:
        await say(turn, context, t._("Please send a name, or /cancel."))
        return
    view = await _cycles(turn, cycle.org_id, cycle_started_notice(t, cycle))
    await send(context.bot, turn.chat_id, view)
