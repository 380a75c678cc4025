"""Sending and editing messages, robust to Telegram's answers.

"Message is not modified" counts as success; network errors and time-outs are retried with
backoff; flood-control waits are honoured. Answers are saved before any of this runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.handlers.views import View

log = logging.getLogger(__name__)
ATTEMPTS = 4
BACKOFF_SECONDS = 0.5
T = TypeVar("T")


def keyboard(view: View) -> InlineKeyboardMarkup | None:
    """The view's buttons as an inline keyboard (None when it has none)."""
    if not view.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in view.buttons]
    )


async def with_retries(call: Callable[[], Awaitable[T]]) -> T:
    """Run a Bot API call, retrying network errors and flood waits a few times."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await call()
        except RetryAfter as exc:
            if attempt == ATTEMPTS:
                raise
            wait = exc.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            await asyncio.sleep(float(seconds))
        except (BadRequest, Forbidden):
            raise
        except (TimedOut, NetworkError) as exc:
            if attempt == ATTEMPTS:
                raise
            log.info("retrying after %s (attempt %d)", type(exc).__name__, attempt)
            await asyncio.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


async def send(bot: Bot, chat_id: int, view: View) -> Message:
    """Send a view as a new message."""
    return await with_retries(
        lambda: bot.send_message(
            chat_id, view.text, parse_mode=ParseMode.HTML, reply_markup=keyboard(view)
        )
    )


def _not_modified(exc: BadRequest) -> bool:
    return "not modified" in exc.message.lower()


async def edit(bot: Bot, message: Message | None, chat_id: int, view: View) -> None:
    """Turn an existing message into the view; send a new one if it cannot be edited."""
    if message is None:
        await send(bot, chat_id, view)
        return
    try:
        await with_retries(
            lambda: bot.edit_message_text(
                view.text,
                chat_id=chat_id,
                message_id=message.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(view),
            )
        )
    except BadRequest as exc:
        if _not_modified(exc):
            return
        log.info("could not edit message, sending a new one: %s", exc.message)
        await send(bot, chat_id, view)


async def answer_press(query: CallbackQuery, alert: str | None = None) -> None:
    """Answer a button press (with an alert, if any), best effort.

    Telegram refuses answers to presses older than about 15 seconds (after downtime or a
    backlog); the press was handled all the same, so the refusal is only logged.
    """
    try:
        await query.answer(alert, show_alert=alert is not None)
    except BadRequest as exc:
        log.info("could not answer a button press: %s", exc.message)
