"""Coordinators in chat: ``/settings [NAME]`` and the buttons that change the kinds of place
(the working time's are in ``working_settings``).

Thin, like the other coordinator commands: the use cases ask ``bot.access``; each button has
its handler in the coordinators' ``ROUTES``.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.codec import OrgSettings, SetKind
from bot.handlers.coordinators import ROUTES, Outcome, pick_organisation
from bot.handlers.replies import send
from bot.handlers.routing import Context
from bot.handlers.settings_views import settings_view
from bot.handlers.turn import Turn, begin
from bot.handlers.views import View
from bot.model import NoKindOfPlace


async def on_settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings [NAME]: an organisation's settings, with buttons to change them."""
    turn = await begin(update, context)
    prompt = turn.t._("⚙️ Which organisation's settings?")
    org = await pick_organisation(turn, context, "/settings", OrgSettings, prompt)
    if org is not None:
        await send(context.bot, turn.chat_id, await settings_screen(turn, org.id))


async def settings_screen(turn: Turn, org_id: int, notice: str = "") -> View:
    """The organisation's settings as its coordinator sees them, with a notice under them."""
    coordination = turn.service.coordination
    org = await coordination.coordinated_organisation(turn.user.id, org_id)
    settings = await coordination.settings(turn.user.id, org_id)
    working = await coordination.working_time(turn.user.id, org_id)
    return settings_view(turn.t, org, settings, working, turn.service.clock(), notice)


@ROUTES.on(OrgSettings)
async def _org_settings(turn: Turn, press: OrgSettings, context: Context) -> Outcome:
    """The organisation's settings."""
    return Outcome(await settings_screen(turn, press.org_id))


@ROUTES.on(SetKind)
async def _set_kind(turn: Turn, press: SetKind, context: Context) -> Outcome:
    """Switch one kind of place on or off; the last one stays, with a word why."""
    t = turn.t
    try:
        await turn.service.coordination.set_kind(turn.user.id, press.org_id, press.kind, press.on)
    except NoKindOfPlace:
        notice = t._("⚠️ A municipality is at least one kind of place: switch another on first.")
        return Outcome(await settings_screen(turn, press.org_id, notice))
    return Outcome(await settings_screen(turn, press.org_id, t._("✅ Saved.")))
