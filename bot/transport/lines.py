"""Each user's updates wait in a line of their own: one at a time, in arrival order, and paced
when they pile up, so that a flood from one user slows that user alone."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class Pace:
    """At most ``burst`` updates at once, then one every ``interval`` seconds (a GCRA).

    Only updates that arrive while the same user's earlier ones are still waiting or running
    are paced: someone who waits for each answer before the next tap never is.
    """

    # Telegram takes about one message a second in a chat (short bursts tolerated), and an
    # update is mostly answered with one or two: an album of ten photos goes at once.
    interval: float = 2.0
    burst: int = 10
    due: float = 0.0  # when the next paced update would be on time; a full burst from then

    def delay(self, now: float) -> float:
        """Seconds the next paced update must wait, counting it as sent after that wait."""
        start = max(self.due, now)
        wait = max(0.0, start - (self.burst - 1) * self.interval - now)
        self.due = start + self.interval
        return wait


@dataclass
class Line:
    """One user's line: the last update to join it, the pace, and what waits in it."""

    pace: Pace
    tail: asyncio.Future[None] | None = None  # done when the last one to join has left
    keys: Counter[Hashable] = field(default_factory=Counter)

    def holds(self, key: Hashable) -> bool:
        """Whether an update with this key waits or runs in the line."""
        return self.keys[key] > 0


class Lines:
    """Every user's line; a line is forgotten once empty and rested, so memory stays flat."""

    def __init__(self, pace: Callable[[], Pace] = Pace) -> None:
        self._lines: dict[Hashable, Line] = {}
        self._pace = pace

    def __len__(self) -> int:
        return len(self._lines)

    def holds(self, user: Hashable, key: Hashable) -> bool:
        """Whether the user has an update with this key waiting or running."""
        line = self._lines.get(user)
        return line is not None and line.holds(key)

    @asynccontextmanager
    async def turn(self, user: Hashable, key: Hashable | None = None) -> AsyncIterator[None]:
        """Join the user's line; the block runs once everyone ahead has left, paced if needed.

        Joining happens before the first suspension, so lines keep the order of arrival. If
        the waiter is cancelled, the ones behind it still wait for the ones ahead of it.
        """
        loop = asyncio.get_running_loop()
        line = self._lines.get(user) or self._lines.setdefault(user, Line(self._pace()))
        ahead, mine = line.tail, loop.create_future()
        line.tail = mine
        if key is not None:
            line.keys[key] += 1
        try:
            if ahead is not None and not ahead.done():
                await asyncio.shield(ahead)
                wait = line.pace.delay(loop.time())
                if wait > 0:
                    await asyncio.sleep(wait)
            yield
        finally:
            if key is not None:
                line.keys[key] -= 1
                if not line.keys[key]:
                    del line.keys[key]
            if ahead is None or ahead.done():
                self._leave(user, line, mine)
            else:
                ahead.add_done_callback(lambda _: self._leave(user, line, mine))

    def _leave(self, user: Hashable, line: Line, mine: asyncio.Future[None]) -> None:
        mine.set_result(None)
        if line.tail is mine:
            self._forget_when_rested(user, line)

    def _forget_when_rested(self, user: Hashable, line: Line) -> None:
        if self._lines.get(user) is not line or not (line.tail is None or line.tail.done()):
            return  # someone joined the line since
        loop = asyncio.get_running_loop()
        if line.pace.due <= loop.time():
            del self._lines[user]
        else:  # keep the pace of a recent flood, or its next burst would go out at once
            loop.call_at(line.pace.due, self._forget_when_rested, user, line)
