"""Reminders in chat: ``/reminders`` with a switch per kind, and the Continue button of a
stalled-checklist reminder. Both buttons are the responders' (``buttons.ROUTES``): every
member has them.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.buttons import ROUTES
from bot.handlers.codec import Resume, SwitchReminder
from bot.handlers.reminder_views import reminders_view
from bot.handlers.replies import send
from bot.handlers.routing import Context
from bot.handlers.turn import Turn, begin
from bot.handlers.views import View, step_view


async def _reminders(turn: Turn, notice: str = "") -> View:
    switches = await turn.service.reminders.switches(turn.user.id)
    return reminders_view(turn.t, switches, enabled=turn.deps.reminders_on, notice=notice)


async def on_reminders(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reminders: each kind of reminder, with a button to switch it off or on."""
    turn = await begin(update, context)
    await send(context.bot, turn.chat_id, await _reminders(turn))


@ROUTES.on(SwitchReminder)
async def _switch(turn: Turn, press: SwitchReminder, context: Context) -> View:
    """Switch a kind off or on for the presser; the same screen, changed."""
    await turn.service.reminders.switch(turn.user.id, press.kind, press.on)
    return await _reminders(turn, turn.t._("✅ Saved."))


@ROUTES.on(Resume)
async def _resume(turn: Turn, press: Resume, context: Context) -> View:
    """The first unanswered item of the checklist the reminder is about (a closed round or a
    removed member is answered as any answer button would be)."""
    uid = turn.user.id
    assessment = await turn.service.reminders.resume(uid, press.assessment_id)
    return step_view(turn.t, await turn.service.step(uid, assessment.id))
