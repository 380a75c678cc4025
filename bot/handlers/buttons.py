"""Button presses: decode, call the service, edit the message; stale buttons get an alert.

``query.answer()`` is called exactly once per press, with an alert when something was refused.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.codec import Action, BadCallback, Press, decode
from bot.handlers.commands import show_current
from bot.handlers.messages import draft_decided
from bot.handlers.privacy import forget_confirmed
from bot.handlers.replies import answer_press, edit, send
from bot.handlers.turn import Turn, begin
from bot.handlers.views import (
    View,
    item_view,
    menu_view,
    note_prompt_view,
    review_view,
    score_label,
    step_view,
    text_view,
)
from bot.model import AccessDenied, AssessmentClosed, NotFound, Score, StaleAnswer

log = logging.getLogger(__name__)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every inline button of the bot."""
    query = update.callback_query
    assert query is not None
    turn = await begin(update, context)
    t = turn.t
    try:
        press = decode(query.data)
        view = await _handle(turn, press, context)
    except StaleAnswer as exc:
        answer = score_label(t, exc.current)
        alert = t._(
            "This question was answered already (%(answer)s). Use /review to change it.",
            answer=answer,
        )
    except AssessmentClosed:
        alert = t._("That checklist round is closed. Here is where you are now.")
    except AccessDenied:
        alert = t._("This button is not for you.")
    except (BadCallback, NotFound, ValueError):
        log.info("stale or unknown button from user %s", turn.user.id)
        alert = t._("This button no longer works. Here is where you are now.")
    else:
        await answer_press(query)
        if view is not None:
            await edit(context.bot, query.message, turn.chat_id, view)  # type: ignore[arg-type]
        return
    await answer_press(query, text_view(t, alert).text)
    await show_current(turn, context)


async def _handle(turn: Turn, press: Press, context: ContextTypes.DEFAULT_TYPE) -> View | None:
    """Do what the button says; return the view to put in the pressed message."""
    service, t, uid = turn.service, turn.t, turn.user.id
    action, fields = press.action, press.fields
    if action is Action.LANGUAGE:
        return await _language(turn, fields[0])
    if action is Action.FORGET:
        return await forget_confirmed(turn, fields[0])
    if action is Action.DRAFT:
        return await draft_decided(turn, fields[0], context)
    if action is Action.MENU:
        org = await service.current_organisation(uid)
        if org is None:
            raise NotFound("no organisation")
        percents = await service.percent_answered(org.id)
        return menu_view(t, org, service.sorted_checklists(), percents)
    if action is Action.CHECKLIST:
        return step_view(t, await service.start(uid, fields[0]))
    aid = press.assessment_id
    if action in (Action.ANSWER, Action.CHANGE):
        change = action is Action.CHANGE
        step = await service.answer(uid, aid, fields[1], Score(fields[2]), change=change)
        item = step.checklist.item(fields[1])
        return review_view(t, step, item.guideline) if change and item else step_view(t, step)
    if action is Action.SKIP:
        return step_view(t, await service.skip(uid, aid, fields[1]))
    if action is Action.REVIEW:
        return review_view(t, await service.review(uid, aid), int(fields[1]))
    if action is Action.NOTE:
        step = await service.step(uid, aid)
        item = await service.begin_note(uid, aid, fields[1])
        await send(context.bot, turn.chat_id, note_prompt_view(t, step.checklist, item))
        return None
    return await _item(turn, press)


async def _item(turn: Turn, press: Press) -> View:
    """Show one item: with or without help, for answering or for changing."""
    step = await turn.service.step(turn.user.id, press.assessment_id)
    item = step.checklist.item(press.fields[1])
    if item is None:
        raise NotFound(press.fields[1])
    if press.action is Action.EDIT:
        return item_view(turn.t, step, item, show_help=False, change=True)
    show_help, mode = press.fields[2] == "1", press.fields[3]
    return item_view(turn.t, step, item, show_help=show_help, change=mode == Action.CHANGE.value)


async def _language(turn: Turn, code: str) -> View:
    """Store the chosen language and confirm in it."""
    if code not in turn.deps.catalogs.languages:
        raise NotFound(code)
    await turn.service.set_language(turn.user.id, code)
    t = turn.deps.catalogs.translator(code)
    name = turn.deps.language_names()[code]
    return text_view(t, t._("✅ Language: %(language)s. Send /start to go on.", language=name))
