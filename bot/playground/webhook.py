"""Webhook delivery, as Telegram does it: each update POSTed to the bot's URL with the secret
token, oldest first, and delivered again until the bot answers 2xx in time."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.playground.errors import bad_request
from bot.playground.params import Params
from bot.playground.updates import UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a secret_token


@dataclass
class Webhook:
    """What setWebhook set, and how deliveries have gone."""

    url: str
    secret: str | None
    timeout: float  # seconds the bot has to answer a delivery
    retry_delay: float  # seconds before a failed delivery is tried again
    statuses: list[int] = field(default_factory=list)  # each attempt's HTTP status, 0: none
    last_error: tuple[int, str] | None = None  # unix time and message, for getWebhookInfo

    def info(self, pending: int) -> dict[str, Any]:
        """getWebhookInfo's result."""
        found: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
            "max_connections": 1,
        }
        if self.last_error is not None:
            found["last_error_date"], found["last_error_message"] = self.last_error
        return found


class Deliveries:
    """setWebhook, deleteWebhook and getWebhookInfo, and the delivery loop: one update at a
    time, in order, until each is answered 2xx."""

    def __init__(self, updates: UpdateQueue, timeout: float, retry_delay: float) -> None:
        self._updates = updates
        self._timing = (timeout, retry_delay)
        self.webhook: Webhook | None = None
        self._task: asyncio.Task[None] | None = None
        self.lose_answers = 0  # attempts whose answer is treated as lost (a time-out)

    def table(self) -> dict[str, Callable[[Params], Any]]:
        """The webhook methods, by lower-cased name."""
        return {
            "setwebhook": self.set_webhook,
            "deletewebhook": self.delete_webhook,
            "getwebhookinfo": self.webhook_info,
        }

    def set_webhook(self, params: Params) -> bool:
        """setWebhook: deliveries start at once; an empty URL removes the webhook."""
        url = params.text("url") or ""
        if not url:
            return self.delete_webhook(params)
        if not url.startswith(("https://", "http://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.text("secret_token")
        if secret is not None and not _SECRET.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        if params.flag("drop_pending_updates"):
            self._updates.drop_all()
        allowed = params.obj("allowed_updates", "allowed_updates JSON object")
        self._updates.set_allowed(allowed if isinstance(allowed, list) else None)
        self.start(Webhook(url, secret, *self._timing))
        return True

    def delete_webhook(self, params: Params) -> bool:
        """deleteWebhook: getUpdates works again."""
        self.cancel()
        if params.flag("drop_pending_updates"):
            self._updates.drop_all()
        return True

    def webhook_info(self, _: Params) -> dict[str, Any]:
        """getWebhookInfo."""
        pending = self._updates.pending_count
        if self.webhook is not None:
            return self.webhook.info(pending)
        return {"url": "", "has_custom_certificate": False, "pending_update_count": pending}

    def start(self, webhook: Webhook) -> None:
        """Deliver to this webhook from now on (replacing any other)."""
        self.webhook = webhook
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="webhook deliveries")

    def cancel(self) -> None:
        """Stop delivering (deleteWebhook); the delivery under way is abandoned."""
        self.webhook = None
        if self._task is not None:
            self._task.cancel()

    async def stop(self) -> None:
        """Stop delivering and wait until the loop has ended (the server stops)."""
        self.cancel()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            while (webhook := self.webhook) is not None:
                update = self._updates.first_pending()
                if update is None:
                    await self._updates.news(0.5)
                    continue
                if await self._attempt(session, webhook, update):
                    self._updates.delivered(update["update_id"])
                else:
                    await asyncio.sleep(webhook.retry_delay)

    async def _attempt(
        self, session: aiohttp.ClientSession, webhook: Webhook, update: dict[str, Any]
    ) -> bool:
        """One POST; True if the bot answered 2xx in time (and the answer was not lost)."""
        headers = {SECRET_HEADER: webhook.secret} if webhook.secret else {}
        timeout = aiohttp.ClientTimeout(total=webhook.timeout)
        try:
            async with session.post(
                webhook.url, json=update, headers=headers, timeout=timeout
            ) as response:
                status = response.status
                await response.read()
        except TimeoutError:
            return _failed(webhook, 0, "Read timeout expired")
        except aiohttp.ClientError as exc:
            return _failed(webhook, 0, f"Connection failed: {type(exc).__name__}")
        if self.lose_answers:
            self.lose_answers -= 1
            return _failed(webhook, 0, "Read timeout expired")
        if not 200 <= status < 300:
            return _failed(webhook, status, f"Wrong response from the webhook: {status}")
        webhook.statuses.append(status)
        return True


def _failed(webhook: Webhook, status: int, message: str) -> bool:
    webhook.statuses.append(status)
    webhook.last_error = (int(time.time()), message)
    return False
