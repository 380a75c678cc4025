"""Requests to the Bot API over aiohttp's client: python-telegram-bot's ``BaseRequest`` with
the time-outs and errors of its default ``HTTPXRequest`` (TimedOut, NetworkError).

Why not the default: every press makes three requests (getUpdates, the answer, the edit), and
httpx with httpcore, anyio and h11 under it spent about 40% of the bot's CPU on them; aiohttp's
client (its HTTP parser in C, on asyncio directly) does the same for a fraction of that.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

MEDIA_WRITE_TIMEOUT = 20.0  # seconds to send a file, as HTTPXRequest allows


class AiohttpRequest(BaseRequest):
    """A pool of keep-alive connections to the Bot API, opened by ``initialize``.

    Time-outs as HTTPXRequest takes them (seconds; None waits for ever): ``pool`` to get a
    connection, ``connect`` to open one, ``write`` to send and ``read`` between the bytes of
    the answer; the whole request is bounded by their sum.
    """

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """Seconds to wait for an answer when the call does not say."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the pool (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                trust_env=True,  # HTTPS_PROXY and NO_PROXY, as httpx honoured them
            )

    async def shutdown(self) -> None:
        """Close the pool's connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send the request: its status and body; TimedOut when it took too long (it may have
        gone through), NetworkError when the connection failed."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        read = _given(read_timeout, self._read_timeout)
        write = _given(write_timeout, MEDIA_WRITE_TIMEOUT if files else self._write_timeout)
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        timeout = aiohttp.ClientTimeout(
            total=_sum(pool, connect, write, read),
            connect=_sum(pool, connect),
            sock_connect=connect,
            sock_read=read,
        )
        try:
            async with session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's time-outs are TimeoutErrors too
            raise TimedOut from err
        except aiohttp.ClientError as err:
            # the URL holds the token: never let it into a message that may be logged
            detail = str(err).replace(url.rsplit("/", 1)[0], "<bot>")
            raise NetworkError(f"aiohttp.{type(err).__name__}: {detail}") from err


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _sum(*parts: float | None) -> float | None:
    """The total of some time-outs; None (no limit) if any of them is None."""
    total = 0.0
    for part in parts:
        if part is None:
            return None
        total += part
    return total


def _body(request_data: RequestData | None) -> Any:
    """The parameters as a form: url-encoded, or multipart when files go with them."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime)
    return form
