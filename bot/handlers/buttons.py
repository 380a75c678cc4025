"""Responders' buttons: decode the press, run its handler, edit the message.

A stale or forged button gets an alert and the user's current place; a bug is not caught here
and reaches the error handler. ``query.answer()`` is called exactly once per press.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.display import isolate
from bot.handlers.codec import (
    Answer,
    BadCallback,
    Change,
    ChangeSeen,
    ChooseDepth,
    Draft,
    Edit,
    Forget,
    Help,
    Menu,
    Note,
    ReadNotes,
    Review,
    SetLanguage,
    Skip,
    StartChecklist,
    Unchanged,
    decode,
)
from bot.handlers.commands import show_current
from bot.handlers.item_views import item_view
from bot.handlers.layout import View, score_label, text_view
from bot.handlers.menu_views import menu_view
from bot.handlers.messages import draft_decided
from bot.handlers.note_views import note_prompt_view, notes_views
from bot.handlers.privacy import forget_confirmed
from bot.handlers.progress_views import review_view, step_view
from bot.handlers.replies import answer_press, edit, send
from bot.handlers.routing import Context, Router
from bot.handlers.turn import Turn, begin
from bot.model import (
    AccessDenied,
    AssessmentClosed,
    Item,
    NoLongerMember,
    NotFound,
    Score,
    StaleAnswer,
)
from bot.service import UNSEEN, Seen, Step

log = logging.getLogger(__name__)

ROUTES: Router[View | None] = Router()  # None: the handler has answered with a new message


class Moved(Exception):
    """A press that changed nothing, because its view was out of date: an alert, and the
    view the pressed message should show instead."""

    def __init__(self, alert: str, view: View) -> None:
        super().__init__(alert)
        self.alert = alert
        self.view = view


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every responder's inline button."""
    query = update.callback_query
    assert query is not None
    turn = await begin(update, context)
    t = turn.t
    message = query.message if isinstance(query.message, Message) else None
    try:
        view = await ROUTES.handle(turn, decode(query.data), context)
    except Moved as moved:
        alert = text_view(t, moved.alert).text
        await asyncio.gather(
            answer_press(query, alert), edit(context.bot, message, turn.chat_id, moved.view)
        )
        return
    except NoLongerMember as exc:
        alert = t._("You are no longer a member of %(org)s.", org=isolate(exc.org.name))
    except AssessmentClosed:
        alert = t._("That checklist round is closed. Here is where you are now.")
    except AccessDenied:
        alert = t._("This button is not for you.")
    except (BadCallback, NotFound):
        log.info("stale or unknown button from user %s", turn.user.id)
        alert = t._("This button no longer works. Here is where you are now.")
    else:
        # The press is answered while the message changes: its answer is a courtesy, and
        # however it fails, the next item still comes.
        first = [answer_press(query)]
        if view is not None:
            first.append(edit(context.bot, message, turn.chat_id, view))
        await asyncio.gather(*first)
        return
    await answer_press(query, text_view(t, alert).text)
    await show_current(turn, context)


def _who(turn: Turn, stale: StaleAnswer) -> str:
    return isolate(stale.current.author_name or turn.t._("a former member"))


@ROUTES.on(Answer)
async def _answer(turn: Turn, press: Answer, context: Context) -> View:
    """Save the score and go on to the next unanswered item.

    If a colleague answered the item since this message was sent, their answer stays and
    this message moves on to the next item all the same (it must not keep live buttons for
    an item that is answered).
    """
    uid, aid, t = turn.user.id, press.assessment_id, turn.t
    try:
        return step_view(t, await turn.service.answer(uid, aid, press.item_id, press.score))
    except StaleAnswer as stale:
        raise await _answered_since(turn, aid, press.item_id, stale) from None


async def _answered_since(turn: Turn, aid: int, item_id: str, stale: StaleAnswer) -> Moved:
    """A colleague's answer stays: say whose, and move on to the next item all the same."""
    t = turn.t
    step = await turn.service.step(turn.user.id, aid, after=item_id)
    alert = t._(
        "%(who)s answered this already: %(answer)s. Use /review to change it.",
        who=_who(turn, stale),
        answer=score_label(t, stale.current.score or Score.DONT_KNOW),
    )
    return Moved(alert, step_view(t, step))


@ROUTES.on(ChangeSeen)
async def _change_seen(turn: Turn, press: ChangeSeen, context: Context) -> View:
    """Replace the saved score if it is still the one the page showed; back to the review."""
    return await _change_from_review(
        turn, press.assessment_id, press.item_id, press.score, press.seen
    )


@ROUTES.on(Change)
async def _change(turn: Turn, press: Change, context: Context) -> View:
    """A change button of an earlier version: it replaces only the presser's own answer.

    Such a button does not say what its page showed, so it cannot tell whether a colleague
    changed the answer since; rather than overwrite a colleague unseen, it shows the item as it
    is now, with buttons that do say.
    """
    return await _change_from_review(turn, press.assessment_id, press.item_id, press.score, UNSEEN)


async def _change_from_review(turn: Turn, aid: int, item_id: str, score: Score, seen: Seen) -> View:
    t, uid = turn.t, turn.user.id
    try:
        step = await turn.service.answer(uid, aid, item_id, score, change=True, seen=seen)
    except StaleAnswer as stale:
        step, item = await _step_and_item(turn, aid, item_id)
        alert = t._(
            "This answer is %(answer)s now, given by %(who)s. Here it is as it stands: "
            "change it again if you still want to.",
            answer=score_label(t, stale.current.score or Score.DONT_KNOW),
            who=_who(turn, stale),
        )
        raise Moved(alert, item_view(t, step, item, show_help=False, change=True)) from None
    changed = step.checklist.item(item_id)
    return review_view(t, step, changed.guideline) if changed else step_view(t, step)


@ROUTES.on(Unchanged)
async def _unchanged(turn: Turn, press: Unchanged, context: Context) -> View:
    """Keep the answer of the cycle before and go on to the next unanswered item (as a score
    button does when a colleague answered the item since)."""
    uid, aid = turn.user.id, press.assessment_id
    try:
        return step_view(turn.t, await turn.service.answer_unchanged(uid, aid, press.item_id))
    except StaleAnswer as stale:
        raise await _answered_since(turn, aid, press.item_id, stale) from None


@ROUTES.on(Skip)
async def _skip(turn: Turn, press: Skip, context: Context) -> View:
    """Leave the item for now and show the next unanswered one."""
    step = await turn.service.skip(turn.user.id, press.assessment_id, press.item_id)
    return step_view(turn.t, step)


@ROUTES.on(Note)
async def _note(turn: Turn, press: Note, context: Context) -> None:
    """Wait for a note on the item, asking for it in a new message (showing the user's own)."""
    uid, aid = turn.user.id, press.assessment_id
    step = await turn.service.step(uid, aid)
    item = await turn.service.begin_note(uid, aid, press.item_id)
    own = next((n for n in step.notes.get(item.id, ()) if n.author_id == uid), None)
    await send(context.bot, turn.chat_id, note_prompt_view(turn.t, step.checklist, item, own))


@ROUTES.on(ReadNotes)
async def _read_notes(turn: Turn, press: ReadNotes, context: Context) -> None:
    """Every note on the item in full, as new messages (each under Telegram's limit)."""
    step, item = await _step_and_item(turn, press.assessment_id, press.item_id)
    notes = step.notes.get(item.id, ())
    for view in notes_views(turn.t, step.checklist, item, notes):
        await send(context.bot, turn.chat_id, view)


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
