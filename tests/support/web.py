"""The bot's HTTP side from outside: a free port to listen on, and plain requests to it."""

from __future__ import annotations

import json
import socket
from typing import Any

import aiohttp

SECRET = "test_secret-123"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the bot's webhook URL must name it in advance)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def post(
    url: str,
    body: bytes | str | dict[str, Any],
    *,
    secret: str | None = SECRET,
    content_type: str = "application/json",
) -> int:
    """POST a body as Telegram would (with the secret header unless None); the HTTP status."""
    data = json.dumps(body) if isinstance(body, dict) else body
    headers = {"Content-Type": content_type}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=data, headers=headers) as response,
    ):
        return response.status


async def get_json(url: str) -> tuple[int, dict[str, Any]]:
    """GET a JSON resource: the status and the body."""
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.json()


async def get_text(url: str) -> tuple[int, str]:
    """GET a text resource: the status and the body."""
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()
