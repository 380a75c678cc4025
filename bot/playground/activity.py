"""What the bot is doing, as far as the server can tell: requests in flight and idle time.

settle() is built on it: the bot has fetched every update and has gone quiet.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable

from bot.playground.updates import UpdateQueue


class Activity:
    """Requests in flight, the time of the latest one, and extra busy checks."""

    def __init__(self, updates: UpdateQueue) -> None:
        self._updates = updates
        self._inflight: dict[int, str] = {}
        self._tickets = itertools.count()
        self._last = 0.0
        self._busy_checks: list[Callable[[], bool]] = []

    def begin(self, method: str) -> int:
        """A request arrived; returns the ticket to pass to end()."""
        ticket = next(self._tickets)
        self._inflight[ticket] = method
        self._last = time.monotonic()
        return ticket

    def end(self, ticket: int) -> float:
        """The request was answered; returns the (monotonic) time."""
        del self._inflight[ticket]
        self._last = time.monotonic()
        return self._last

    def add_busy_check(self, check: Callable[[], bool]) -> None:
        """settle() also waits while check() is True."""
        self._busy_checks.append(check)

    def busy(self) -> bool:
        """Updates not fetched yet, requests being answered, or a busy check reporting work.

        With a watched application, an update counts until the bot's next poll confirms it: only
        then is it sure to sit in the application's queue, where the busy checks can see it.
        """
        if self._busy_checks and self._updates.pending_count:
            return True
        return (
            bool(self._inflight)
            or not self._updates.all_fetched
            or any(check() for check in self._busy_checks)
        )

    def idle_for(self) -> float:
        """Seconds since the last request or update hand-out."""
        return time.monotonic() - max(self._last, self._updates.last_handout)

    # timeout belongs to the public signature the tests use; it bounds a polling loop
    async def settle(self, quiet: float, timeout: float) -> None:  # noqa: ASYNC109
        """Return once not busy and idle for `quiet` s; TimeoutError explains what is pending."""
        deadline = time.monotonic() + timeout
        while True:
            busy, idle = self.busy(), self.idle_for()
            if not busy and idle >= quiet:
                return
            if time.monotonic() >= deadline:
                raise TimeoutError(self.report(timeout))
            await asyncio.sleep(0.002 if busy else max(quiet - idle, 0.001))

    async def wait_for_polling(self, timeout: float) -> None:  # noqa: ASYNC109
        """Return once the bot has called getUpdates at least once."""
        deadline = time.monotonic() + timeout
        while self._updates.last_poll is None:
            if time.monotonic() >= deadline:
                raise TimeoutError(f"the bot did not call getUpdates within {timeout}s")
            await asyncio.sleep(0.002)

    def report(self, timeout: float) -> str:
        """Why settle() gave up."""
        queue = self._updates
        parts = [f"settle() gave up after {timeout}s:"]
        if not queue.all_fetched:
            parts.append(
                f"updates up to {queue.last_pushed} pushed, only up to {queue.handed_out} "
                "handed out"
            )
            last_poll = queue.last_poll
            since = "never" if last_poll is None else f"{time.monotonic() - last_poll:.1f}s ago"
            parts.append(f"(last getUpdates: {since}; is the bot polling?)")
        if self._inflight:
            parts.append(f"requests still in flight: {sorted(self._inflight.values())}")
        if any(check() for check in self._busy_checks):
            parts.append("a busy check still reports work")
        parts.append(f"last bot request {time.monotonic() - self._last:.3f}s ago")
        return " ".join(parts)
