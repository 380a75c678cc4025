"""The baseline: a bare python-telegram-bot bot that answers a press and edits in a new keyboard.

Run like the real bot (TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL from the environment). Any text
message gets a message with a keyboard shaped like an item's (six answers, three tools); each
press is answered and the message edited to new text and a new keyboard. BARE_RATE_LIMIT=1 adds
the real bot's rate limiter (bot.app.rate_limiter), to see what the limiter costs on its own;
BARE_AIOHTTP=1 gives it the real bot's HTTP client instead of PTB's default (httpx).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

LABELS = ("0 · Not in place", "1 · Started", "2 · In place", "3 · Tested", "Don't know", "N/A")
TEXT = (
    "<b>Guideline {n} · Early warning</b>\nItem {n} of 48, {n}% answered\n\n"
    "Do early warnings reach migrants in the languages they understand, through channels they"
    " use and trust, including people without papers or a fixed address?"
)
_counter = itertools.count(1)


def keyboard(n: int) -> InlineKeyboardMarkup:
    """Six answer buttons in three rows and a row of three tools, all carrying ``n``."""
    answers = [
        InlineKeyboardButton(label, callback_data=f"a:{n}:{i}") for i, label in enumerate(LABELS)
    ]
    tools = [
        InlineKeyboardButton(t, callback_data=f"{t[0].lower()}:{n}")
        for t in ("Help", "Note", "Skip")
    ]
    return InlineKeyboardMarkup([answers[0:2], answers[2:4], answers[4:6], tools])


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text: a message with a keyboard."""
    assert update.effective_chat is not None
    n = next(_counter)
    await context.bot.send_message(
        update.effective_chat.id,
        TEXT.format(n=n),
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard(n),
    )


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press: answer it, then edit the message to a new text and keyboard."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    n = next(_counter)
    await query.edit_message_text(
        TEXT.format(n=n), parse_mode=ParseMode.HTML, reply_markup=keyboard(n)
    )


def build() -> Application:  # type: ignore[type-arg]
    """The bare application."""
    api_url = os.environ["TELEGRAM_API_URL"]
    builder = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
    )
    if os.environ.get("BARE_RATE_LIMIT") == "1":
        from bot.app import rate_limiter

        builder = builder.rate_limiter(rate_limiter())  # type: ignore[arg-type]
    if os.environ.get("BARE_AIOHTTP") == "1":
        from bot.handlers.aiohttp_request import AiohttpRequest

        builder = builder.request(AiohttpRequest(256)).get_updates_request(AiohttpRequest(1))
    app = builder.build()
    app.add_handler(CallbackQueryHandler(on_press))
    app.add_handler(MessageHandler(filters.TEXT, on_text))
    return app


async def main() -> None:
    """Poll until SIGTERM."""
    app = build()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=10, poll_interval=0)
        await stop.wait()
        await app.updater.stop()
        await app.stop()


if __name__ == "__main__":
    asyncio.run(main())
