"""Messages that are not commands: notes, invite codes, evidence files, and everything odd."""

from __future__ import annotations

import re

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.handlers.awaited import EVIDENCE, on_action_file, on_awaited_text
from bot.handlers.commands import join_with, not_a_member, say, show_current
from bot.handlers.item_views import item_view
from bot.handlers.layout import View, shown, text_view
from bot.handlers.note_views import personal_data_view
from bot.handlers.replies import answer_press, send
from bot.handlers.turn import Turn, begin
from bot.model import (
    AccessDenied,
    AssessmentClosed,
    DomainError,
    EvidenceFile,
    NoLongerMember,
    NoteTooLong,
    NotFound,
    PendingKind,
)

# What a newcomer's message must look like to be taken for an invite code (and counted as a
# guess when wrong): one word of letters and digits the length of a code, give or take a
# mistyped character, or a deep link's ``start=CODE``. "hello" is chat, not a wrong code.
_CODE_LIKE = re.compile(r"[A-Za-z0-9]{8,12}")
_DEEP_LINK = re.compile(r"[?&]start=([A-Za-z0-9_-]{1,64})")


def code_in(text: str) -> str | None:
    """The invite code a newcomer's message holds, if it looks like one."""
    link = _DEEP_LINK.search(text)
    if link:
        return link.group(1)
    word = text.strip()
    if _CODE_LIKE.fullmatch(word) and (word.isupper() or any(c.isdigit() for c in word)):
        return word
    return None


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A note (or an action plan's text) when one is awaited; an invite code from someone not
    yet a member; else a hint."""
    message = update.effective_message
    assert message is not None and message.text is not None
    turn = await begin(update, context)
    t = turn.t
    pending = await turn.service.pending(turn.user.id)
    if pending is not None and pending.kind is not PendingKind.NOTE:
        await on_awaited_text(turn, context, pending, message.text)
        return
    if pending is not None:
        await _note_text(turn, context, message.text)
        return
    if not await turn.service.memberships(turn.user.id):
        code = code_in(message.text)
        if code is None:
            await not_a_member(turn, context)
        else:
            await join_with(turn, context, code)
        return
    await say(turn, context, t._("Please answer with the buttons under the question."))
    await show_current(turn, context)


async def _note_text(turn: Turn, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """The awaited note: refused whole if too long, held back if it looks personal, else saved."""
    try:
        kinds = await turn.service.propose_note(turn.user.id, text)
    except NoteTooLong as exc:
        await say(turn, context, too_long(turn, exc))
        return
    except REFUSED as exc:
        await refused(
            turn,
            context,
            exc,
            turn.t._("That note can no longer be saved: its checklist is closed."),
        )
        return
    if kinds:
        await send(context.bot, turn.chat_id, personal_data_view(turn.t, kinds))
    else:
        await save_note(turn, context, text)


def too_long(turn: Turn, exc: NoteTooLong) -> str:
    """Why a note was not saved, with its length and the limit."""
    t = turn.t
    return t._(
        "Your note has %(length)s characters; the limit is %(limit)s. Please shorten it and "
        "send it again (nothing was saved), or /cancel.",
        length=t.number(exc.length),
        limit=t.number(exc.limit),
    )


REFUSED = (AssessmentClosed, AccessDenied)  # NoLongerMember is an AccessDenied


async def refused(
    turn: Turn, context: ContextTypes.DEFAULT_TYPE, exc: DomainError, closed: str
) -> None:
    """Stop waiting for a note the user may no longer write, and say why.

    Someone removed from the organisation is told so; otherwise the checklist is ``closed``.
    """
    await turn.service.cancel(turn.user.id)
    if isinstance(exc, NoLongerMember):
        closed = turn.t._("You are no longer a member of %(org)s.", org=shown(exc.org.name))
    await say(turn, context, closed)


async def save_note(turn: Turn, context: ContextTypes.DEFAULT_TYPE, text: str | None) -> None:
    """Save the awaited note (or, with no text, the confirmed draft) and show its item again."""
    t = turn.t
    try:
        if text is None:
            step = await turn.service.save_draft(turn.user.id)
        else:
            step = await turn.service.save_note(turn.user.id, text)
    except REFUSED as exc:
        await refused(
            turn, context, exc, t._("That note can no longer be saved: its checklist is closed.")
        )
        return
    await say(turn, context, t._("📝 Note saved."))
    if step.item is not None:
        view = item_view(t, step, step.item, show_help=False, change=False)
        await send(context.bot, turn.chat_id, view)


async def draft_decided(turn: Turn, context: ContextTypes.DEFAULT_TYPE, *, save: bool) -> View:
    """The author saves the note that looked like personal data, or writes it again."""
    if save:
        await save_note(turn, context, None)
        return text_view(turn.t, turn.t._("Saved as it was."))
    await turn.service.drop_draft(turn.user.id)
    text = turn.t._("Not saved. Send the note again, without personal data, or /cancel.")
    return text_view(turn.t, text)


async def on_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo or document: evidence for the item whose note is awaited, or for an action."""
    message = update.effective_message
    assert message is not None
    turn = await begin(update, context)
    t = turn.t
    if message.photo:
        photo = message.photo[-1]
        kind, file_id, unique, name = "photo", photo.file_id, photo.file_unique_id, None
    elif message.document:
        doc = message.document
        kind, file_id, unique, name = "document", doc.file_id, doc.file_unique_id, doc.file_name
    else:
        return
    pending = await turn.service.pending(turn.user.id)
    if pending is not None and pending.kind in EVIDENCE:
        await on_action_file(turn, context, EvidenceFile(kind, file_id, unique, name))
        return
    try:
        await turn.service.add_evidence(turn.user.id, kind, file_id, unique, name)
    except NotFound:
        if not await turn.service.memberships(turn.user.id):
            await not_a_member(turn, context)
            return
        await say(turn, context, t._("To attach a file, first press 📝 Note under the question."))
        return
    except REFUSED as exc:
        await refused(
            turn, context, exc, t._("That file can no longer be kept: its checklist is closed.")
        )
        return
    await say(turn, context, t._("📎 File kept as evidence. Send a note, more files, or /cancel."))


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, locations, voice messages and the like."""
    turn = await begin(update, context)
    await say(turn, context, turn.t._("I can read text, photos and documents only."))
    await show_current(turn, context)


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message: edits are not read, to keep answers unambiguous."""
    turn = await begin(update, context)
    await say(turn, context, turn.t._("I do not read edited messages. Please send a new one."))


def private_only(turn: Turn, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The answer to anything from a group: the bot works in private chats only."""
    username = context.bot.username
    return turn.t._(
        "I work in private chats only. Please write to me directly: @%(bot)s", bot=username
    )


async def on_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command in a group."""
    turn = await begin(update, context)
    await say(turn, context, private_only(turn, context))


async def on_group_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button pressed on a message outside a private chat (say, one forwarded to a group).

    Nothing is done with it, so no answer and no checklist item ever lands in a group.
    """
    query = update.callback_query
    message = query.message if query else None
    if query is None or message is None or message.chat.type == ChatType.PRIVATE:
        return
    turn = await begin(update, context)
    await answer_press(query, private_only(turn, context))
    raise ApplicationHandlerStop
