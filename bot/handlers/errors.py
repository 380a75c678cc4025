"""The last line of defence: log what went wrong (never message text) and tell the user."""

from __future__ import annotations

import logging

from telegram import Update, User
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.handlers.layout import text_view
from bot.handlers.replies import send
from bot.handlers.turn import deps
from bot.i18n import Translator
from bot.store import NotRecorded, StoreError

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error with the update's id only, and apologise in the user's language."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Forbidden):
        log.info("update %s: the user blocked the bot", update_id)
        return
    log.error("update %s failed: %s", update_id, type(error).__name__, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat, user = update.effective_chat, update.effective_user
    if chat.type != chat.PRIVATE or user is None:
        return
    t = await _translator(context, user)
    if isinstance(error, NotRecorded):  # not taken in: Telegram will deliver it again
        text = t._(
            "⚠️ I cannot take that in just now. I will deal with it as soon as I can;"
            " there is no need to send it again."
        )
    elif isinstance(error, StoreError):
        text = t._("⚠️ I could not save that just now. Please try again in a minute.")
    else:
        text = t._(
            "⚠️ Something went wrong on my side. Your saved answers are safe; please try again."
        )
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text_view(t, text).text, show_alert=True)
            return
        except TelegramError:
            pass
    try:
        await send(context.bot, chat.id, text_view(t, text))
    except TelegramError:
        log.warning("update %s: could not tell the user about the error", update_id)


async def _translator(context: ContextTypes.DEFAULT_TYPE, user: User) -> Translator:
    """The language the user chose if the database answers, else Telegram's."""
    d = deps(context)
    try:
        chosen = await d.service.chosen_language(user.id)
    except StoreError:  # the error being reported may be the database's own
        chosen = None
    lang = chosen or d.catalogs.negotiate([user.language_code])
    return d.catalogs.translator(lang)
