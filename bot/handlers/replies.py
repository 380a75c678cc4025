"""Sending and editing messages, robust to Telegram's answers.

"Message is not modified" counts as success; network errors are retried with backoff and
flood-control waits honoured; an edit that keeps failing becomes a new message; a text too long
for one message is split. Answers are saved before any of this runs.

Time-outs are the one case where the outcome is unknown: the call may have gone through. A
message (an item, /help, a summary) is sent again, since a duplicate text costs the reader a
glance; a file is not (see ``send_file``), since a duplicate report costs more than a retry is
worth, and the user is offered to send it again instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.display import ALERT_LIMIT, CAPTION_LIMIT, MESSAGE_LIMIT, shorten
from bot.handlers.layout import View
from bot.reports.telegram import measure, pack

log = logging.getLogger(__name__)
ATTEMPTS = 4
BACKOFF_SECONDS = 0.5
ANSWER_PATIENCE = 5.0  # seconds a button's answer may take before it is given up
T = TypeVar("T")


class Unsent(Exception):
    """A file whose sending timed out: it may or may not have arrived, and is not sent twice."""


def keyboard(view: View) -> InlineKeyboardMarkup | None:
    """The view's buttons as an inline keyboard (None when it has none)."""
    if not view.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in view.buttons]
    )


async def with_retries(call: Callable[[], Awaitable[T]], *, after_timeout: bool = True) -> T:
    """Run a Bot API call, retrying network errors and flood waits a few times.

    With ``after_timeout`` False, a time-out is not retried (Unsent is raised): for calls that
    must not be repeated when they may already have gone through.
    """
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
            if isinstance(exc, TimedOut) and not after_timeout:
                raise Unsent(type(exc).__name__) from exc
            if attempt == ATTEMPTS:
                raise
            log.info("retrying after %s (attempt %d)", type(exc).__name__, attempt)
            await asyncio.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def fitting(view: View) -> list[View]:
    """The view as messages under Telegram's limit: itself, or its text split, buttons last.

    Views are built to fit; this is the net under them, so no stored text can ever make a
    screen impossible to show.
    """
    if _surely_fits(view.text) or measure(view.text).units <= MESSAGE_LIMIT:
        return [view]
    log.warning("a view of %d units was split", measure(view.text).units)
    texts = pack([view.text])
    return [View(text) for text in texts[:-1]] + [View(texts[-1], view.buttons)]


def _surely_fits(html: str) -> bool:
    """Whether the HTML fits without parsing it: Telegram counts the text it shows, which is
    never longer than the HTML (tags and entities only add), in UTF-16 units (two at most per
    character). Most views are far under the limit; parsing each costs about 15 us."""
    return len(html) * 2 <= MESSAGE_LIMIT or len(html.encode("utf-16-le")) // 2 <= MESSAGE_LIMIT


async def send(bot: Bot, chat_id: int, view: View) -> Message:
    """Send a view as a new message (as several, if it is too long for one); the last one."""
    *before, last = fitting(view)
    for part in before:
        await _send_one(bot, chat_id, part)
    return await _send_one(bot, chat_id, last)


async def _send_one(bot: Bot, chat_id: int, view: View) -> Message:
    return await with_retries(
        lambda: bot.send_message(
            chat_id, view.text, parse_mode=ParseMode.HTML, reply_markup=keyboard(view)
        )
    )


def _not_modified(exc: BadRequest) -> bool:
    return "not modified" in exc.message.lower()


async def edit(bot: Bot, message: Message | None, chat_id: int, view: View) -> None:
    """Turn an existing message into the view; send a new one if it cannot be edited.

    An edit that keeps failing after its retries (Telegram down for a moment, flood control)
    becomes a new message too, so nobody is left looking at the item they just answered.
    """
    if message is None or len(fitting(view)) > 1:
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
    except (NetworkError, RetryAfter) as exc:
        log.warning("editing kept failing (%s); sending a new message", type(exc).__name__)
        await send(bot, chat_id, view)


async def send_file(
    bot: Bot,
    chat_id: int,
    data: bytes,
    filename: str,
    caption: str,
    *,
    photo: bool = False,
    protect: bool = True,
) -> None:
    """Send a file (content-protected unless ``protect`` is False); Unsent if it timed out,
    and then it is not sent twice.

    A network error that surely stopped the upload is retried; a time-out is not, as the file
    may be on its way already. The caption is shortened to Telegram's limit.
    """
    text, _ = shorten(caption, CAPTION_LIMIT)
    method = bot.send_photo if photo else bot.send_document
    await with_retries(
        lambda: method(chat_id, data, filename=filename, caption=text, protect_content=protect),
        after_timeout=False,
    )


async def answer_press(query: CallbackQuery, alert: str | None = None) -> None:
    """Answer a button press (with an alert, if any): a courtesy, never in the way.

    It stops the client's spinner and shows the alert; the work of the press is done whatever
    happens to it. Telegram refuses answers to presses older than about 15 seconds, and a 500,
    a time-out or repeated flood control may hit it: each is logged, none is retried beyond the
    rate limiter's own retries, and none stops what follows. After ANSWER_PATIENCE seconds it is
    given up: by then the client has stopped waiting for it.
    """
    text = shorten(alert, ALERT_LIMIT)[0] if alert is not None else None
    try:
        async with asyncio.timeout(ANSWER_PATIENCE):
            await query.answer(text, show_alert=alert is not None)
    except (TelegramError, TimeoutError) as exc:
        log.info("could not answer a button press: %s", type(exc).__name__)
