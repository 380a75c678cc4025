"""Responders' buttons: decode the press, run its handler, edit the message.

A stale or forged button gets an alert and the user's current place; a bug is not caught here
and reaches the error handler. ``query.answer()`` is called exactly once per press.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.codec import (
    Answer,
    BadCallback,
    Change,
    ChooseDepth,
    Draft,
    Edit,
    Forget,
    Help,
    Menu,
    Note,
    Review,
    SetLanguage,
    Skip,
    StartChecklist,
    decode,
)
from bot.handlers.commands import show_current
from bot.handlers.messages import draft_decided
from bot.handlers.privacy import forget_confirmed
from bot.handlers.replies import answer_press, edit, send
from bot.handlers.routing import Context, Router
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
from bot.model import AccessDenied, AssessmentClosed, Item, NotFound, StaleAnswer
from bot.service import Step

log = logging.getLogger(__name__)

ROUTES: Router[View | None] = Router()  # None: the handler has answered with a new message


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every responder's inline button."""
    query = update.callback_query
    assert query is not None
    turn = await begin(update, context)
    t = turn.t
    try:
        view = await ROUTES.handle(turn, decode(query.data), context)
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
    except (BadCallback, NotFound):
        log.info("stale or unknown button from user %s", turn.user.id)
        alert = t._("This button no longer works. Here is where you are now.")
    else:
        await answer_press(query)
        if view is not None:
            await edit(context.bot, query.message, turn.chat_id, view)  # type: ignore[arg-type]
        return
    await answer_press(query, text_view(t, alert).text)
    await show_current(turn, context)


@ROUTES.on(Answer)
async def _answer(turn: Turn, press: Answer, context: Context) -> View:
    """Save the score and go on to the next unanswered item."""
    uid, aid = turn.user.id, press.assessment_id
    return step_view(turn.t, await turn.service.answer(uid, aid, press.item_id, press.score))


@ROUTES.on(Change)
async def _change(turn: Turn, press: Change, context: Context) -> View:
    """Replace the saved score and go back to the item's page of the review."""
    uid, aid = turn.user.id, press.assessment_id
    step = await turn.service.answer(uid, aid, press.item_id, press.score, change=True)
    item = step.checklist.item(press.item_id)
    return review_view(turn.t, step, item.guideline) if item else step_view(turn.t, step)


@ROUTES.on(Skip)
async def _skip(turn: Turn, press: Skip, context: Context) -> View:
    """Leave the item for now and show the next unanswered one."""
    step = await turn.service.skip(turn.user.id, press.assessment_id, press.item_id)
    return step_view(turn.t, step)


@ROUTES.on(Note)
async def _note(turn: Turn, press: Note, context: Context) -> None:
    """Wait for a note on the item, asking for it in a new message."""
    uid, aid = turn.user.id, press.assessment_id
    step = await turn.service.step(uid, aid)
    item = await turn.service.begin_note(uid, aid, press.item_id)
    await send(context.bot, turn.chat_id, note_prompt_view(turn.t, step.checklist, item))


@ROUTES.on(Help)
async def _help(turn: Turn, press: Help, context: Context) -> View:
    """The same item with its help shown or hidden."""
    step, item = await _step_and_item(turn, press.assessment_id, press.item_id)
    return item_view(turn.t, step, item, show_help=press.show, change=press.change)


@ROUTES.on(Edit)
async def _edit(turn: Turn, press: Edit, context: Context) -> View:
    """One item opened from the review, with buttons that change its answer."""
    step, item = await _step_and_item(turn, press.assessment_id, press.item_id)
    return item_view(turn.t, step, item, show_help=False, change=True)


async def _step_and_item(turn: Turn, assessment_id: int, item_id: str) -> tuple[Step, Item]:
    step = await turn.service.step(turn.user.id, assessment_id)
    item = step.checklist.item(item_id)
    if item is None:
        raise NotFound(item_id)
    return step, item


@ROUTES.on(Review)
async def _review(turn: Turn, press: Review, context: Context) -> View:
    """One Guideline's page of the review."""
    step = await turn.service.review(turn.user.id, press.assessment_id)
    return review_view(turn.t, step, press.guideline)


@ROUTES.on(StartChecklist)
async def _start_checklist(turn: Turn, press: StartChecklist, context: Context) -> View:
    """The checklist's next unanswered item (its assessment is made on first use, in full)."""
    return step_view(turn.t, await turn.service.start(turn.user.id, press.checklist_id))


@ROUTES.on(ChooseDepth)
async def _choose_depth(turn: Turn, press: ChooseDepth, context: Context) -> View:
    """Begin the quick check or the full checklist (a quick check continues into it)."""
    step = await turn.service.start(turn.user.id, press.checklist_id, quick=press.quick)
    return step_view(turn.t, step)


@ROUTES.on(Menu)
async def _menu(turn: Turn, press: Menu, context: Context) -> View:
    """The list of checklists, with how far the user's organisation has got in each."""
    service = turn.service
    org = await service.current_organisation(turn.user.id)
    if org is None:
        raise NotFound("no organisation")
    standings = await service.standings(org.id)
    return menu_view(turn.t, org, service.sorted_checklists(), standings)


@ROUTES.on(SetLanguage)
async def _set_language(turn: Turn, press: SetLanguage, context: Context) -> View:
    """Store the chosen language and confirm in it."""
    code = press.code
    if code not in turn.deps.catalogs.languages:
        raise NotFound(code)
    await turn.service.set_language(turn.user.id, code)
    t = turn.deps.catalogs.translator(code)
    name = turn.deps.language_names()[code]
    return text_view(t, t._("✅ Language: %(language)s. Send /start to go on.", language=name))


@ROUTES.on(Forget)
async def _forget(turn: Turn, press: Forget, context: Context) -> View:
    """The answer to /forget."""
    return await forget_confirmed(turn, confirmed=press.confirmed)


@ROUTES.on(Draft)
async def _draft(turn: Turn, press: Draft, context: Context) -> View:
    """Save the note that looked like personal data, or drop it."""
    return await draft_decided(turn, context, save=press.save)
