"""The bot's requests to the Bot API over aiohttp: answers, files in multipart forms, and
Telegram's errors, time-outs and an unreachable server as python-telegram-bot's errors."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.handlers.aiohttp_request import AiohttpRequest
from bot.playground import LocalBotApi

READ_TIMEOUT = 0.5


def _bot(token: str, api_url: str) -> Bot:
    return Bot(
        token,
        base_url=f"{api_url}/bot",
        base_file_url=f"{api_url}/file/bot",
        request=AiohttpRequest(4, read_timeout=READ_TIMEOUT),
        get_updates_request=AiohttpRequest(1, read_timeout=READ_TIMEOUT),
    )


@pytest.fixture
async def bot(api: LocalBotApi) -> AsyncIterator[Bot]:
    async with _bot(api.token, api.url) as bot:
        yield bot


async def test_texts_and_files_reach_the_chat_as_sent(api: LocalBotApi, bot: Bot) -> None:
    ana = api.user(101, "Ana")

    me = await bot.get_me()
    sent = await bot.send_message(101, "<b>Guía</b> · 1 of 48", parse_mode="HTML")
    report = await bot.send_document(101, b"a,b\n1,2\n", filename="gaps.csv", caption="Brechas")

    assert me.is_bot and api.token.startswith(f"{me.id}:")
    assert sent.text == "Guía · 1 of 48" and sent.entities[0].type == "bold"
    assert report.document is not None and report.document.file_name == "gaps.csv"
    assert report.caption == "Brechas"
    assert [(m.plain, m.document is not None) for m in ana.messages] == [
        ("Guía · 1 of 48", False),
        ("Brechas", True),
    ]
    stored = ana.messages[1].document
    assert stored is not None and stored.data == b"a,b\n1,2\n"


async def test_telegram_refusing_a_call_is_its_error(api: LocalBotApi, bot: Bot) -> None:
    api.inject_error("sendMessage", 400, "Bad Request: chat not found")

    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(101, "hello")


async def test_an_answer_that_does_not_come_in_time_is_a_time_out(
    api: LocalBotApi, bot: Bot
) -> None:
    api.user(101, "Ana")
    api.inject_timeout("sendMessage", delay=READ_TIMEOUT + 0.5)

    with pytest.raises(TimedOut):
        await bot.send_message(101, "hello")


async def test_an_unreachable_server_is_a_network_error_without_the_token() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    token = "123456:SECRET-token"
    async with AiohttpRequest(1) as request:
        with pytest.raises(NetworkError) as failed:
            await request.post(f"http://127.0.0.1:{port}/bot{token}/getMe")

    assert "SECRET" not in str(failed.value) and "Cannot connect" in str(failed.value)


async def test_a_request_needs_its_pool_open() -> None:
    request = AiohttpRequest(1)
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post("http://127.0.0.1:9/bot1:x/getMe")
    await request.initialize()
    await request.shutdown()
    await request.shutdown()  # twice is harmless
