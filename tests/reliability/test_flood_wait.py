"""A flood wait is honoured whether python-telegram-bot gives ``retry_after`` as seconds or as a
timedelta: PTB 22 gives either, depending on PTB_TIMEDELTA, and 23 only the timedelta.
"""

from __future__ import annotations

import asyncio
import warnings

import pytest
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.handlers import replies


@pytest.mark.parametrize("ptb_timedelta", ["1", "0"], ids=["timedelta", "int-seconds"])
async def test_a_flood_wait_is_waited_out_and_the_call_retried(
    monkeypatch: pytest.MonkeyPatch, ptb_timedelta: str
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", ptb_timedelta)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", sleep)  # the module replies.py uses
    calls = 0

    async def flooded_once() -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RetryAfter(3)
        return "sent"

    with warnings.catch_warnings():
        if ptb_timedelta == "0":  # PTB 22 without the opt-in warns on every read
            warnings.simplefilter("ignore", PTBDeprecationWarning)
        assert await replies.with_retries(flooded_once) == "sent"
    assert waits == [3.0]
    assert calls == 2
