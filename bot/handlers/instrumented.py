"""The python-telegram-bot classes that feed ``bot.metrics`` and the logs' update id.

``MeasuredApplication`` counts and times each update and marks its log records with its id;
``MeasuredRequest`` counts every Bot API request by method and outcome, where retries and
flood waits really happen (below the rate limiter and the bot's own retries).
"""

from __future__ import annotations

import json
import time
from typing import Any

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application

from bot import metrics
from bot.handlers.aiohttp_request import AiohttpRequest
from bot.logs import UPDATE_ID

FILE_PATH = "/file/bot"  # downloads: the rest of the URL is a file path, never a label


class MeasuredApplication(Application):  # type: ignore[type-arg]
    """The Application, counting, timing and naming in the logs each update it handles."""

    async def process_update(self, update: object) -> None:
        """Handle the update; its kind and time go to the metrics, its id to the logs."""
        kind = update_kind(update)
        token = UPDATE_ID.set(update.update_id if isinstance(update, Update) else None)
        started = time.perf_counter()
        try:
            await super().process_update(update)
        finally:
            metrics.HANDLER_SECONDS.labels(kind).observe(time.perf_counter() - started)
            metrics.UPDATES.labels(kind).inc()
            UPDATE_ID.reset(token)

    async def process_error(
        self, update: object | None, error: Exception, *args: Any, **kwargs: Any
    ) -> bool:
        """Count the error by type, then hand it to the error handlers."""
        metrics.UPDATE_ERRORS.labels(type(error).__name__).inc()
        return await super().process_error(update, error, *args, **kwargs)


def update_kind(update: object) -> str:
    """button, command, text, file, edited or other: a label that says nothing of the content."""
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        return "button"
    if update.edited_message is not None:
        return "edited"
    message = update.message
    if message is None:
        return "other"
    if message.text is not None:
        return "command" if message.text.startswith("/") else "text"
    if message.photo or message.document is not None:
        return "file"
    return "other"


class MeasuredRequest(AiohttpRequest):
    """The bot's requests to the Bot API, each counted by method and outcome."""

    async def do_request(self, url: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """Send the request; count it as its status code, a timeout or a network error."""
        method = api_method(url)
        try:
            code, payload = await super().do_request(url, *args, **kwargs)
        except TimedOut:
            metrics.api_call(method, "timeout")
            raise
        except NetworkError:
            metrics.api_call(method, "network")
            raise
        metrics.api_call(method, code, _retry_after(payload) if code == 429 else None)
        return code, payload


def api_method(url: str) -> str:
    """The Bot API method of a request URL (``file`` for a download, ``other`` if unclear)."""
    if FILE_PATH in url:
        return "file"
    name = url.rsplit("/", 1)[-1]
    return name if name.isascii() and name.isalpha() and len(name) <= 40 else "other"


def _retry_after(payload: bytes) -> float:
    """Seconds Telegram asked to wait in a 429 answer (0 if it did not say)."""
    try:
        wait = json.loads(payload)["parameters"]["retry_after"]
    except (ValueError, KeyError, TypeError):
        return 0.0
    return float(wait) if isinstance(wait, int | float) else 0.0
