"""Slash commands of the private chat: /start, /join, /continue, /review, /help, /cancel ..."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.layout import shown, text_view
from bot.handlers.menu_views import help_view, joined_view, language_view, menu_view, welcome_view
from bot.handlers.progress_views import review_view, step_view
from bot.handlers.replies import send
from bot.handlers.turn import Turn, begin
from bot.i18n import Translator
from bot.model import (
    AccessDenied,
    InvalidInvite,
    NameRefused,
    PendingKind,
    Role,
    TooManyAttempts,
)


async def say(turn: Turn, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Send a plain message (already translated and escaped)."""
    await send(context.bot, turn.chat_id, text_view(turn.t, text))


async def show_menu(turn: Turn, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Show the checklists of the user's organisation; False if they have none."""
    org = await turn.service.current_organisation(turn.user.id)
    if org is None:
        return False
    checklists = turn.service.sorted_checklists()
    standings = await turn.service.standings(org.id)
    await send(context.bot, turn.chat_id, menu_view(turn.t, org, checklists, standings))
    return True


async def join_with(turn: Turn, context: ContextTypes.DEFAULT_TYPE, code: str) -> None:
    """Join with an invite code and show the checklists, or say the code is unknown."""
    try:
        org, role = await turn.service.join(turn.user.id, code)
    except InvalidInvite:
        await say(turn, context, turn.t._("❌ I do not know that invite code. Please check it."))
        return
    except TooManyAttempts as exc:
        text = turn.t.n_(
            "Too many wrong codes. Please try again in %(n)s minute.",
            "Too many wrong codes. Please try again in %(n)s minutes.",
            exc.minutes,
        )
        await say(turn, context, text)
        return
    await say(turn, context, joined_view(turn.t, org, role))
    await show_menu(turn, context)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start and /start CODE (deep link): greet, offer languages, join or show checklists."""
    turn = await begin(update, context)
    if context.args:
        await join_with(turn, context, context.args[0])
        return
    if not await turn.service.memberships(turn.user.id):
        view = welcome_view(turn.t, turn.user.first_name, turn.deps.language_names())
        await send(context.bot, turn.chat_id, view)
        return
    await say(
        turn, context, turn.t._("👋 Welcome back, %(name)s!", name=shown(turn.user.first_name))
    )
    await show_menu(turn, context)


async def on_join(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/join CODE."""
    turn = await begin(update, context)
    if not context.args:
        await say(turn, context, turn.t._("Send the invite code after the command: /join CODE"))
        return
    await join_with(turn, context, context.args[0])


async def not_a_member(turn: Turn, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell someone without an organisation how to join one (and, if removed, that they were)."""
    t = turn.t
    left = await turn.service.removed_from(turn.user.id)
    if left is None:
        text = t._("You have not joined a municipality yet. Send its invite code: /join CODE")
    else:
        text = t._(
            "You are no longer a member of %(org)s. To take part again, ask a coordinator for"
            " an invite code and send it: /join CODE",
            org=shown(left.name),
        )
    await say(turn, context, text)


async def on_continue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/continue: the first unanswered item of the assessment worked on last."""
    turn = await begin(update, context)
    await show_current(turn, context)


async def show_current(turn: Turn, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The current item as a new message, else the checklists, else how to join."""
    step = await turn.service.resume(turn.user.id)
    if step is not None:
        await send(context.bot, turn.chat_id, step_view(turn.t, step))
    elif not await show_menu(turn, context):
        await not_a_member(turn, context)


async def on_review(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/review: the answers of the current assessment, one Guideline at a time."""
    turn = await begin(update, context)
    step = await turn.service.resume(turn.user.id)
    if step is None:
        if not await show_menu(turn, context):
            await not_a_member(turn, context)
        return
    await send(context.bot, turn.chat_id, review_view(turn.t, step, 0))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help."""
    turn = await begin(update, context)
    members = await turn.service.memberships(turn.user.id)
    coordinator = any(m.role is Role.COORDINATOR for m in members)
    view = help_view(turn.t, turn.service.is_admin(turn.user.id), coordinator)
    await send(context.bot, turn.chat_id, view)


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel: stop waiting for a note (or an action plan's text), saving nothing."""
    turn = await begin(update, context)
    pending = await turn.service.pending(turn.user.id)
    if not await turn.service.cancel(turn.user.id):
        await say(turn, context, turn.t._("There is nothing to cancel."))
    elif pending is None or pending.kind is PendingKind.NOTE:
        await say(turn, context, turn.t._("Cancelled. Nothing was saved."))
        await show_current(turn, context)
    elif pending.kind is PendingKind.ACTION_EVIDENCE:
        await say(turn, context, turn.t._("Done. The evidence you sent is kept."))
    else:
        await say(turn, context, turn.t._("Cancelled. Nothing was changed."))


async def on_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/language: choose the language of the bot."""
    turn = await begin(update, context)
    await send(context.bot, turn.chat_id, language_view(turn.t, turn.deps.language_names()))


async def on_neworg(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/neworg NAME: an administrator creates an organisation and gets its invite codes."""
    turn = await begin(update, context)
    t = turn.t
    try:
        org = await turn.service.create_organisation(turn.user.id, " ".join(context.args or []))
    except AccessDenied:
        await say(turn, context, t._("Only administrators can create organisations."))
        return
    except NameRefused as exc:
        await say(turn, context, name_refusal(t, exc))
        return
    username = context.bot.username
    await say(
        turn,
        context,
        "\n".join(
            [
                t._("🏛 <b>%(org)s</b> is created.", org=shown(org.name)),
                t._("Responders join with: <code>%(code)s</code>", code=org.responder_code),
                f"https://t.me/{username}?start={org.responder_code}",
                t._("Coordinators join with: <code>%(code)s</code>", code=org.coordinator_code),
                f"https://t.me/{username}?start={org.coordinator_code}",
            ]
        ),
    )


def name_refusal(t: Translator, exc: NameRefused) -> str:
    """Why an organisation name was refused, and what to do instead."""
    if exc.reason == "too_long":
        return t._(
            "That name has %(length)s characters; the limit is %(limit)s. Please send a shorter "
            "one.",
            length=t.number(exc.length),
            limit=t.number(exc.limit),
        )
    if exc.reason == "taken":
        return t._("An organisation with that name exists already.")
    if exc.reason == "confusable":
        return t._(
            "That name looks the same as an existing organisation, %(org)s. Please choose a name "
            "that can be told apart from it.",
            org=shown(exc.existing or ""),
        )
    return t._("Send the name after the command: /neworg NAME")


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other /command."""
    turn = await begin(update, context)
    await say(turn, context, turn.t._("I do not know that command. /help lists what I can do."))
