"""The pacer lets a burst under the limit go out at once and never lets a window exceed it.

Time is a fake clock that a fake sleep moves forward, so nothing here waits for real.
"""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.handlers.pacing import FloodPacer, SlidingWindow, background_lane


class FakeTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def test_a_burst_under_the_limit_goes_out_at_once() -> None:
    time = FakeTime()
    window = SlidingWindow(29, 1.0, time, time.sleep)
    for _ in range(29):
        async with window.slot():
            pass
    assert time.sleeps == []
    assert time.now == 1000.0


async def test_the_call_over_the_limit_waits_until_the_oldest_leaves_the_window() -> None:
    time = FakeTime()
    window = SlidingWindow(3, 1.0, time, time.sleep)
    for _ in range(3):
        async with window.slot():
            time.now += 0.1  # each call takes 100 ms
    async with window.slot():
        started = time.now
    assert started == pytest.approx(1000.1 + 1.0)  # the first call ended at 1000.1


async def test_calls_in_flight_count_until_they_end() -> None:
    time = FakeTime()
    window = SlidingWindow(2, 1.0, time, time.sleep)
    release = asyncio.Event()
    started: list[float] = []

    async def call() -> None:
        async with window.slot():
            started.append(time.now)
            await release.wait()

    first = [asyncio.create_task(call()) for _ in range(2)]
    third = asyncio.create_task(call())
    for _ in range(5):
        await asyncio.sleep(0)
    assert len(started) == 2  # the third waits: both are still in flight
    time.now += 0.5
    release.set()
    await asyncio.gather(*first)
    await third
    assert started[2] == pytest.approx(1000.5 + 1.0)  # a second after the first two ended


async def test_no_window_of_a_second_ever_holds_more_than_the_limit() -> None:
    """Random arrivals and call durations: every one-second window of arrivals stays at 29.

    A call may reach Telegram at any moment between its start and its end, so the check takes
    the worst case: a call counts in every window its [start, end] interval touches.
    """
    time = FakeTime()
    window = SlidingWindow(29, 1.0, time, time.sleep)
    spans: list[tuple[float, float]] = []
    rng = random.Random(7)
    for _ in range(400):
        time.now += rng.expovariate(60)  # faster than the limit, so the window must hold
        async with window.slot():
            start = time.now
            time.now += rng.uniform(0.0, 0.2)
        spans.append((start, time.now))
    for start, _ in spans:
        touching = [s for s in spans if s[0] <= start + 1.0 and s[1] >= start]
        assert len(touching) <= 29


async def test_callers_over_the_limit_go_in_the_order_they_came() -> None:
    time = FakeTime()
    window = SlidingWindow(1, 1.0, time, time.sleep)
    order: list[int] = []

    async def call(n: int) -> None:
        async with window.slot():
            order.append(n)

    await asyncio.gather(*(call(n) for n in range(6)))
    assert order == list(range(6))


def pacer(time: FakeTime, **options: Any) -> FloodPacer:
    return FloodPacer(clock=time, sleep=time.sleep, **options)


async def test_answers_to_button_presses_never_wait_for_the_message_budget() -> None:
    time = FakeTime()
    limiter = pacer(time, per_second=2)

    async def call() -> bool:
        return True

    for _ in range(2):
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 5}, None)
    for _ in range(50):
        await limiter.process_request(call, (), {}, "answerCallbackQuery", {"id": "1"}, None)
    assert time.sleeps == []
    await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 6}, None)
    assert time.sleeps == [pytest.approx(1.0)]  # only the third message waited


async def test_after_a_429_the_call_is_retried_and_messages_are_held_meanwhile() -> None:
    time = FakeTime()
    limiter = pacer(time)
    calls: list[float] = []

    async def flooded_once() -> bool:
        calls.append(time.now)
        if len(calls) == 1:
            raise RetryAfter(timedelta(seconds=3))
        return True

    assert await limiter.process_request(
        flooded_once, (), {}, "editMessageText", {"chat_id": 5}, None
    )
    assert calls == [1000.0, pytest.approx(1003.0)]

    async def other() -> bool:
        calls.append(time.now)
        return True

    limiter.messages.pause(2)
    await limiter.process_request(other, (), {}, "sendMessage", {"chat_id": 9}, None)
    await limiter.process_request(other, (), {}, "answerCallbackQuery", {"id": "x"}, None)
    assert calls[2] == pytest.approx(1005.0)  # the message waited out the pause
    assert calls[3] == calls[2]  # the press answer did not wait any longer


async def test_a_429_after_the_last_retry_reaches_the_caller() -> None:
    time = FakeTime()
    limiter = pacer(time, retries=2)

    async def always_flooded() -> bool:
        raise RetryAfter(timedelta(seconds=1))

    with pytest.raises(RetryAfter):
        await limiter.process_request(always_flooded, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert time.sleeps == [1.0, 1.0]


async def test_a_group_gets_twenty_messages_a_minute_private_chats_are_not_held() -> None:
    time = FakeTime()
    limiter = pacer(time)

    async def call() -> bool:
        return True

    for _ in range(20):
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": -100}, None)
    await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 42}, None)
    assert time.sleeps == []  # a private chat does not wait for the group
    await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": "-100"}, None)
    assert time.now == pytest.approx(1060.0)  # the 21st in the group waited for its minute


async def test_the_background_lane_leaves_room_in_each_second_for_answers() -> None:
    time = FakeTime()
    window = SlidingWindow(29, 1.0, time, time.sleep, room=5)
    for _ in range(24):
        async with window.slot(background=True):
            pass
    assert time.now == 1000.0  # the lane's share went out at once
    async with window.slot():
        pass
    assert time.now == 1000.0  # an answer after them did not wait
    async with window.slot(background=True):
        started = time.now
    assert started == pytest.approx(1001.0)  # the 25th background call waited for room


async def test_a_background_call_waits_while_another_call_waits() -> None:
    time = FakeTime()
    window = SlidingWindow(2, 1.0, time, time.sleep, room=0)
    release = asyncio.Event()
    order: list[str] = []

    async def call(name: str, background: bool = False) -> None:
        async with window.slot(background=background):
            order.append(name)
            if name.startswith("held"):
                await release.wait()

    held = [asyncio.create_task(call(f"held {n}")) for n in range(2)]
    for _ in range(5):
        await asyncio.sleep(0)
    reminder = asyncio.create_task(call("reminder", background=True))  # it asks first...
    presses = [asyncio.create_task(call(f"press {n}")) for n in range(2)]
    for _ in range(5):
        await asyncio.sleep(0)
    release.set()  # ...but when room comes, the presses waiting go before it
    await asyncio.gather(*held, *presses, reminder)
    assert order == ["held 0", "held 1", "press 0", "press 1", "reminder"]


async def test_within_the_background_lane_messages_go_as_background_calls() -> None:
    time = FakeTime()
    limiter = pacer(time, per_second=6)  # all but one kept for answers: one background a second

    async def call() -> bool:
        return True

    with background_lane():
        for _ in range(3):
            await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert time.now == pytest.approx(1002.0)
    await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert time.now == pytest.approx(1002.0)  # outside the lane: at once


async def test_recent_answers_keep_as_much_room_again_for_a_burst() -> None:
    time = FakeTime()
    window = SlidingWindow(29, 1.0, time, time.sleep, room=5)
    for _ in range(6):  # six answers in the last second
        async with window.slot():
            pass
    assert window.background_share(time.now) == 29 - 5 - 6
    for _ in range(12):  # the window holds 18 now: the background lane's share
        async with window.slot(background=True):
            pass
    assert time.now == 1000.0
    async with window.slot(background=True):
        started = time.now
    assert started > 1000.0  # the 13th waited, leaving 11 places for a burst of answers
    assert window.background_share(time.now + 1.0) == 29 - 5
