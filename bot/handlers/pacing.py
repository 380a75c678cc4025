"""Pacing sends under Telegram's flood limits: a burst under the limit goes out at once.

Telegram allows about 30 messages a second for the whole bot and 20 a minute in a group.
A sliding window counts each send from the moment it starts until a period after it ends, so
no window of that period ever sees more than the limit arrive at Telegram, however the
requests travel; answers to button presses carry no chat and stay out of the message budget.

Messages the bot sends of itself (reminders) go in a background lane: one waits while any
other message waits, and uses the window only up to a share that leaves room for answers (10 a
second, and as many again as were sent in the last second, for a burst), so a press still gets
its next item at once while thousands of reminders go out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)
MESSAGES_PER_SECOND = 29  # one under Telegram's 30 for all chats together
GROUP_MESSAGES_PER_MINUTE = 20  # Telegram's limit in one group
RETRIES = 3
IDLE_GROUPS_KEPT = 512
BACKGROUND_ROOM = 10  # of each second's messages, kept free of the background lane for answers
JSON = bool | dict[str, Any] | list[dict[str, Any]]
_BACKGROUND: ContextVar[bool] = ContextVar("background lane", default=False)


@contextlib.contextmanager
def background_lane() -> Iterator[None]:
    """Messages sent within the block go in the background lane (the sender's task only)."""
    token = _BACKGROUND.set(True)
    try:
        yield
    finally:
        _BACKGROUND.reset(token)


class SlidingWindow:
    """At most ``limit`` calls in any ``period`` seconds; callers beyond it wait their turn."""

    def __init__(
        self,
        limit: int,
        period: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        room: int = 0,
    ) -> None:
        self.limit = limit
        self.period = period
        self.room = room  # kept free of the background lane, besides the recent answers
        self._clock = clock
        self._sleep = sleep
        self._ended: deque[float] = deque()  # when recent calls ended
        self._running = 0
        self._waiting = 0  # calls of the foreground waiting for room
        self._foreground: deque[float] = deque()  # when recent foreground calls started
        self._paused_until = 0.0
        self._turn = asyncio.Lock()  # FIFO: waiting callers go in the order they came
        self._background_turn = asyncio.Lock()  # the background lane's callers, one by one
        self._call_ended = asyncio.Event()

    @contextlib.asynccontextmanager
    async def slot(self, *, background: bool = False) -> AsyncIterator[None]:
        """Wait for room in the window, then hold it for the call in the ``async with``.

        A ``background`` call waits until no other call waits and the window is used below
        its share.
        """
        if background:
            async with self._background_turn:
                while (wait := self._background_wait()) is not None:
                    await self._sleep(wait)
                await self._enter()
        else:
            self._waiting += 1
            try:
                await self._enter()
            finally:
                self._waiting -= 1
            self._foreground.append(self._clock())
        try:
            yield
        finally:
            self._running -= 1
            self._ended.append(self._clock())
            self._call_ended.set()

    async def _enter(self) -> None:
        async with self._turn:
            while (wait := self._wait()) is not None:
                if wait > 0:
                    await self._sleep(wait)
                else:  # the window is full of calls in flight: the first to end makes room
                    self._call_ended.clear()
                    await self._call_ended.wait()
            self._running += 1

    def _used(self, now: float) -> int:
        """Calls in flight or ended within the last period."""
        while self._ended and self._ended[0] <= now - self.period:
            self._ended.popleft()
        return self._running + len(self._ended)

    def _wait(self) -> float | None:
        """None when a call may start now; else seconds to sleep (0: until a call ends)."""
        now = self._clock()
        if now < self._paused_until:
            return self._paused_until - now
        if self._used(now) < self.limit:
            return None
        return self._ended[0] + self.period - now if self._ended else 0.0

    def background_share(self, now: float) -> int:
        """How full the window may be for a background call to start: the limit less the room
        kept, and less as many calls again as the foreground started in the last period."""
        while self._foreground and self._foreground[0] <= now - self.period:
            self._foreground.popleft()
        return max(1, self.limit - self.room - len(self._foreground))

    def _background_wait(self) -> float | None:
        """None when a background call may start now; else seconds to wait before asking
        again (a tick while other calls wait or only calls in flight fill its share)."""
        now = self._clock()
        tick = self.period / self.limit
        if now < self._paused_until:
            return self._paused_until - now
        used = self._used(now)
        if self._waiting or self._turn.locked():
            return tick
        share = self.background_share(now)
        if used < share:
            return None
        leaving = used - share  # this many must leave the window first
        if leaving < len(self._ended):
            return max(self._ended[leaving] + self.period - now, tick / 10)
        return tick

    def pause(self, seconds: float) -> None:
        """Hold every call for ``seconds`` (Telegram asked the bot to wait)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    @property
    def idle(self) -> bool:
        """Nothing in flight and no recent call still counted."""
        recent = self._ended and self._ended[-1] > self._clock() - self.period
        return not self._running and not recent


class FloodPacer(BaseRateLimiter[int]):
    """PTB's rate limiter for the bot: sliding windows for messages, retries after a 429.

    Only calls addressed to a chat count as messages; a group's calls also count against that
    group's window. After a 429 the call is retried once Telegram's wait is over, and the
    message budget is held meanwhile; calls without a chat (answers to button presses,
    getUpdates) are never held.
    """

    def __init__(
        self,
        per_second: int = MESSAGES_PER_SECOND,
        group_per_minute: int = GROUP_MESSAGES_PER_MINUTE,
        retries: int = RETRIES,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock, self._sleep = clock, sleep
        self.messages = SlidingWindow(per_second, 1.0, clock, sleep, room=BACKGROUND_ROOM)
        self._group_per_minute = group_per_minute
        self._groups: dict[int | str, SlidingWindow] = {}
        self._retries = retries

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSON:
        """Run the call within its windows (in the background lane if the caller is in it);
        after a 429, wait as told and try again."""
        chat = data.get("chat_id")
        retries = rate_limit_args if rate_limit_args is not None else self._retries
        background = _BACKGROUND.get()
        for attempt in range(retries + 1):
            try:
                async with self._windows(chat, background):
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                seconds = _seconds(exc.retry_after)
                log.info("%s: flood control, retrying in %.1f s", endpoint, seconds)
                if chat is not None:
                    self.messages.pause(seconds)
                await self._sleep(seconds)
        raise AssertionError("unreachable")

    @contextlib.asynccontextmanager
    async def _windows(self, chat: object, background: bool = False) -> AsyncIterator[None]:
        if chat is None:
            yield
            return
        group = _group_key(chat)
        async with contextlib.AsyncExitStack() as stack:
            if group is not None:
                await stack.enter_async_context(self._group_window(group).slot())
            await stack.enter_async_context(self.messages.slot(background=background))
            yield

    def _group_window(self, group: int | str) -> SlidingWindow:
        if group not in self._groups and len(self._groups) >= IDLE_GROUPS_KEPT:
            for key in [k for k, window in self._groups.items() if window.idle]:
                del self._groups[key]
        window = self._groups.get(group)
        if window is None:
            window = SlidingWindow(self._group_per_minute, 60.0, self._clock, self._sleep)
            self._groups[group] = window
        return window


def _group_key(chat: object) -> int | str | None:
    """The chat as a group's key; None for a private chat (a positive id)."""
    if isinstance(chat, str):
        try:
            chat = int(chat)
        except ValueError:
            return chat  # "@channelname"
    if isinstance(chat, int) and chat < 0:
        return chat
    return None


def _seconds(wait: int | float | timedelta) -> float:
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
