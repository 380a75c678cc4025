"""Updates by webhook: Telegram POSTs each update to the bot's URL with the secret token.

A request is answered 200 only once its update is recorded in the inbox: a refusal or an error
makes Telegram deliver it again. Only a request with the right secret is read at all.
"""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Bot

from bot.store import Recorded, StoreError
from bot.transport.intake import Intake, MalformedUpdate, read_update

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 256 * 1024  # an update is a few kilobytes; Telegram's biggest are far below this


@dataclass(frozen=True)
class Webhook:
    """Where Telegram sends updates and the secret it sends with them."""

    url: str
    secret: str

    @property
    def path(self) -> str:
        """The path the bot serves: the URL's, as a reverse proxy passes it on."""
        return urlsplit(self.url).path or "/"


class WebhookReceiver:
    """The POST route on the webhook URL's path; closed (503) while the bot stops."""

    def __init__(self, webhook: Webhook, intake: Intake, bot: Bot) -> None:
        self._secret = webhook.secret.encode()
        self._intake = intake
        self._bot = bot
        self.open = True

    def route(self, path: str) -> web.RouteDef:
        """The POST route Telegram calls, at the path of the webhook URL."""
        return web.post(path, self.on_update)

    async def on_update(self, request: web.Request) -> web.Response:
        """One delivery from Telegram."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook request without the right secret from %s refused", request.remote)
            return web.Response(status=403, text="forbidden")
        if not self.open:
            return web.Response(status=503, text="stopping")
        if request.content_type != "application/json":
            return web.Response(status=415, text="JSON expected")
        try:
            body = await _body(request)
            update = read_update(json.loads(body), self._bot)
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, text="too large")
        except ValueError as exc:  # not UTF-8, not JSON, or MalformedUpdate
            log.warning("webhook request refused: %s", _reason(exc))
            return web.Response(status=400, text="not an update")
        try:
            await self._intake.take([(Recorded(update.update_id, body), update)])
        except StoreError:
            return web.Response(status=500, text="not recorded; deliver again")
        return web.Response(status=200)


async def _body(request: web.Request) -> str:
    """The body as text, refusing it (HTTP 413) past MAX_BODY before or after reading it."""
    announced = request.content_length or 0
    if announced > MAX_BODY:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY, actual_size=announced)
    raw = await request.read()
    if len(raw) > MAX_BODY:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY, actual_size=len(raw))
    return raw.decode("utf-8")


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, MalformedUpdate) else "the body is not JSON"
