"""The bot's HTTP server on MICIC_LISTEN, in polling and webhook mode alike: ``/healthz``, the
webhook when there is one, and whatever routes the composition root adds (metrics, say)."""

from __future__ import annotations

import logging
import socket
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web

from bot.health import Health

log = logging.getLogger(__name__)
Route = web.RouteDef  # what the composition root passes in, without importing aiohttp
MAX_REQUEST = 1024 * 1024  # no route reads more than an update; refuse big bodies early


class WebServer:
    """An aiohttp server on one address, serving the routes it is given."""

    def __init__(self, host: str, port: int, routes: Sequence[web.RouteDef]) -> None:
        self._host, self._port = host, port
        self._routes = list(routes)
        self._runner: web.AppRunner | None = None
        self.address: tuple[str, int] | None = None  # as bound (port 0 picks a free one)

    @property
    def where(self) -> str:
        """The address asked for, as host:port."""
        return f"{self._host}:{self._port}"

    async def start(self) -> None:
        """Listen; OSError if the address is taken or not this machine's."""
        app = web.Application(client_max_size=MAX_REQUEST)
        app.add_routes(self._routes)
        family = socket.getaddrinfo(self._host, self._port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.create_server((self._host, self._port), family=family)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        try:
            await web.SockSite(runner, sock).start()
        except BaseException:
            await runner.cleanup()
            sock.close()
            raise
        self._runner = runner
        host, port = sock.getsockname()[:2]
        self.address = (str(host), int(port))
        log.info("listening on %s:%s", host, port)

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def health_route(check: Callable[[], Awaitable[Health]]) -> web.RouteDef:
    """``GET /healthz``: 200 with the figures when all is well, else 503 saying what is wrong."""

    async def on_healthz(request: web.Request) -> web.Response:
        health = await check()
        return web.json_response(health.as_json(), status=200 if health.ok else 503)

    return web.get("/healthz", on_healthz)
