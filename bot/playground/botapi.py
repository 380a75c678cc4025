"""A local Telegram Bot API (the part the bot uses) served by aiohttp on 127.0.0.1.

PTB 22 talks to it over real HTTP; tests drive the user side and wait with settle().
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web
from telegram.ext import Application

from bot.playground.activity import Activity
from bot.playground.chats import BotEvent, ChatMessage, UserInfo
from bot.playground.control import ApiCall, ApiStats, Faults, FloodControl
from bot.playground.errors import ApiError
from bot.playground.methods import BotMethods, Handler
from bot.playground.params import Params, read_params
from bot.playground.updates import Update, UpdateQueue
from bot.playground.users import ChatUser, text_message
from bot.playground.webhook import Deliveries, Webhook
from bot.playground.world import World

logger = logging.getLogger(__name__)

MAX_UPLOAD = 50 * 1024 * 1024  # the cloud Bot API's upload limit
_UNAUTHORIZED = ApiError(401, "Unauthorized")
_NOT_FOUND = ApiError(404, "Not Found")
_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


class LocalBotApi:
    """The local Bot API server, its chat state and the hooks tests and benchmarks use."""

    def __init__(
        self,
        token: str = "123456:playground",
        bot_username: str = "micic_test_bot",
        flood_limit: int | None = None,
        per_chat_limit: int | None = None,
        *,
        bot_name: str = "MICIC Test Bot",
        webhook_timeout: float = 10.0,
        webhook_retry_delay: float = 0.05,
        first_update_id: int = 1,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        bot = UserInfo(int(token.split(":")[0]), bot_name, username=bot_username, is_bot=True)
        self.world = World(bot)
        self.flood = FloodControl(flood_limit, per_chat_limit)
        self.stats = ApiStats()
        self.calls: list[ApiCall] = []  # every answered request except getUpdates
        self._faults = Faults()
        self._updates = UpdateQueue(first_update_id)
        self._handlers: dict[str, Handler] = BotMethods(self.world).table()
        self.deliveries = Deliveries(self._updates, webhook_timeout, webhook_retry_delay)
        self._handlers.update(self.deliveries.table())
        self._activity = Activity(self._updates)
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._address: tuple[str, int] | None = None
        self._users: dict[int, ChatUser] = {}

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:PORT; the bot calls {url}/bot{token}/{method}."""
        if self._address is None:
            raise RuntimeError("LocalBotApi is not started")
        return f"http://{self._address[0]}:{self._address[1]}"

    @property
    def last_update_id(self) -> int:
        """The id of the newest update queued for the bot."""
        return self._updates.last_pushed

    @property
    def commands(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """setMyCommands results keyed by (scope type, language_code), as (command, text)."""
        return self.world.commands

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on host:port (0 picks a free port)."""
        app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._on_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._on_file)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        # A big backlog: hundreds of simultaneous client connections must not wait for SYN retries
        await web.SockSite(self._runner, sock, backlog=4096).start()
        self._address = (host, sock.getsockname()[1])

    async def stop(self) -> None:
        """Release long polls and held answers, then close the server."""
        self._closing = True
        self._updates.close()
        await self.deliveries.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalBotApi:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    def subscribe(self, listener: Callable[[BotEvent], None]) -> Callable[[], None]:
        """Call listener(event) on every bot-side change; returns an unsubscribe function."""
        return self.world.subscribe(listener)

    def inject_error(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Fail the next `times` calls of `method` with this error, without applying them."""
        self._faults.add_error(method, ApiError(error_code, description, retry_after), times)

    def inject_delivery_timeout(self, times: int = 1) -> None:
        """Treat the bot's answers to the next `times` webhook deliveries as never received
        (as when it answers too late), so each of those updates is delivered again."""
        self.deliveries.lose_answers += times

    @property
    def webhook(self) -> Webhook | None:
        """The webhook set by the bot, with the outcome of each delivery; None when polling."""
        return self.deliveries.webhook

    def inject_timeout(self, method: str, delay: float, times: int = 1) -> None:
        """Apply the next `times` calls of `method` but hold each answer for `delay` seconds."""
        self._faults.add_timeout(method, delay, times)

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        language_code: str | None = None,
        username: str | None = None,
        *,
        last_name: str | None = None,
    ) -> ChatUser:
        """The user `user_id` and their private chat with the bot (created on first call)."""
        if user_id not in self._users:
            info = UserInfo(user_id, first_name, last_name, username, language_code)
            self._users[user_id] = ChatUser(self, info)
        return self._users[user_id]

    async def group_message(
        self,
        user: ChatUser,
        chat_id: int,
        text: str,
        *,
        title: str = "Test group",
        kind: str = "group",
        wait: bool = True,
    ) -> ChatMessage:
        """A text message from `user` in a group (or supergroup) chat, created on first use."""
        chat = self.world.group(chat_id, title, kind)
        msg = text_message(chat, user.info, text)
        await self.push_update({"message": self.world.message_json(msg)}, wait=wait)
        return msg

    async def push_update(self, update: Update, *, wait: bool = True) -> int:
        """Queue a raw update (without update_id); returns its update_id, after settle()."""
        self.world.learn_update(update)
        update_id = self._updates.push(update)
        if wait:
            await self.settle()
        return update_id

    def add_busy_check(self, check: Callable[[], bool]) -> None:
        """Make settle() also wait while check() is True (e.g. the bot is inside a handler)."""
        self._activity.add_busy_check(check)

    def watch_application(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """For an in-process PTB app: settle() also waits while it has queued/running updates.

        Needed under load, when the bot spends longer than `quiet` between two requests.
        """
        self.add_busy_check(
            lambda: (
                app.update_queue.qsize() > 0 or app.update_processor.current_concurrent_updates > 0
            )
        )

    async def settle(self, quiet: float = 0.03, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot fetched every update and has been idle for `quiet` seconds."""
        await self._activity.settle(quiet, timeout)

    async def handed_out(self, update_id: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Return as soon as the update has left for the bot (getUpdates or a delivery)."""
        deadline = time.monotonic() + timeout
        while self._updates.handed_out < update_id:
            if time.monotonic() > deadline:
                raise TimeoutError(f"update {update_id} was not handed out in {timeout}s")
            await asyncio.sleep(0.001)

    async def wait_for_polling(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Return once the bot has called getUpdates (drop_pending_updates drops earlier ones)."""
        await self._activity.wait_for_polling(timeout)

    async def _on_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(_UNAUTHORIZED)
        method = request.match_info["method"]
        if method.lower() == "getupdates":
            return await self._get_updates(request)
        handler = self._handlers.get(method.lower())
        if handler is None:
            return _error(_NOT_FOUND)
        ticket = self._begin(method)
        chat_id, status = None, 200
        try:
            params = await read_params(request)
            chat_id = _chat_id(params)
            result = self._apply(method, params, chat_id, handler)
            delay = self._faults.take_timeout(method)
            if delay is not None:
                self.stats.injected += 1
                await self._hold(request, delay)
            return web.json_response({"ok": True, "result": result})
        except ApiError as err:
            status = err.error_code
            return _error(err)
        except Exception as err:
            logger.exception("playground %s failed", method)
            status = 500
            return _error(ApiError(500, f"Internal Server Error: {err!r}"))
        finally:
            self._end(ticket, method, chat_id, status)

    def _apply(self, method: str, params: Params, chat_id: int | None, handler: Handler) -> Any:
        injected = self._faults.take_error(method)
        if injected is not None:
            self.stats.injected += 1
            raise injected
        try:
            self.flood.check(method, chat_id)
        except ApiError:
            self.stats.flood_rejected += 1
            self.stats.flood_rejected_by_method[method] += 1
            raise
        return handler(params)

    async def _hold(self, request: web.Request, delay: float) -> None:
        """Hold an applied answer until `delay` passes or the client gives up waiting."""
        end = time.monotonic() + delay
        # Polling, not an Event: nothing signals a client disconnect to a running handler
        while time.monotonic() < end and not self._closing and _connected(request):  # noqa: ASYNC110
            await asyncio.sleep(min(0.01, max(end - time.monotonic(), 0)))

    async def _get_updates(self, request: web.Request) -> web.Response:
        self.stats.calls["getUpdates"] += 1
        try:
            if self.deliveries.webhook is not None:
                raise ApiError(409, _WEBHOOK_ACTIVE)
            injected = self._faults.take_error("getUpdates")
            if injected is not None:
                self.stats.injected += 1
                raise injected
            params = await read_params(request)
            allowed = params.obj("allowed_updates", "allowed_updates JSON object")
            batch = await self._updates.get(
                offset=params.integer("offset") or 0,
                limit=params.integer("limit") or 100,
                poll_seconds=float(params.text("timeout") or 0),
                allowed=allowed if isinstance(allowed, list) else None,
                connected=lambda: _connected(request),
            )
        except ApiError as err:
            self.stats.errors["getUpdates", err.error_code] += 1
            return _error(err)
        return web.json_response({"ok": True, "result": batch})

    async def _on_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(_UNAUTHORIZED)
        ticket = self._begin("file")
        stored = self.world.file_by_path(request.match_info["path"])
        try:
            if stored is None:
                return _error(_NOT_FOUND)
            return web.Response(body=stored.data, content_type=stored.mime_type)
        finally:
            self._end(ticket, "file", None, 200 if stored else 404)

    def _begin(self, method: str) -> int:
        return self._activity.begin(method)

    def _end(self, ticket: int, method: str, chat_id: int | None, status: int) -> None:
        answered_at = self._activity.end(ticket)
        self.stats.calls[method] += 1
        if status != 200:
            self.stats.errors[method, status] += 1
        self.calls.append(ApiCall(method, chat_id, answered_at, status))


def _chat_id(params: Params) -> int | None:
    try:
        return params.integer("chat_id")
    except ApiError:
        return None


def _connected(request: web.Request) -> bool:
    transport = request.transport
    return transport is not None and not transport.is_closing()


def _error(err: ApiError) -> web.Response:
    return web.json_response(err.body(), status=err.error_code)
