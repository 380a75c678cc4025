"""The update queue behind getUpdates: offsets, long polling, allowed_updates.

It also remembers how far the bot has fetched, which is what LocalBotApi.settle() waits for.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from bot.playground.errors import ApiError

Update = dict[str, Any]

# Telegram leaves these out unless they are asked for in allowed_updates
_OPT_IN = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def update_type(update: Update) -> str:
    """The update's kind: the one key besides update_id."""
    return next((key for key in update if key != "update_id"), "")


class UpdateQueue:
    """Pending updates in id order, handed out by long-polling getUpdates calls."""

    def __init__(self, first_id: int = 1) -> None:
        self._pending: list[Update] = []
        self._next_id = first_id
        self._allowed: frozenset[str] | None = None
        self._wakeup = asyncio.Event()
        self._poll_seq = 0
        self.closed = False
        self.last_pushed = 0
        self.handed_out = 0  # highest update_id returned by getUpdates
        self.last_handout = 0.0  # monotonic time updates were last handed out
        self.last_poll: float | None = None  # monotonic time of the last getUpdates

    @property
    def all_fetched(self) -> bool:
        """True when every update still queued has been handed out at least once."""
        return not self._pending or self._pending[-1]["update_id"] <= self.handed_out

    @property
    def pending_count(self) -> int:
        """Updates not confirmed yet."""
        return len(self._pending)

    def push(self, update: Update) -> int:
        """Queue `update` with the next update_id; wakes a waiting long poll."""
        update_id = self._next_id
        self._next_id += 1
        self._pending.append({"update_id": update_id, **update})
        self.last_pushed = update_id
        self._wake()
        return update_id

    def drop_all(self) -> None:
        """deleteWebhook(drop_pending_updates=True)."""
        self._pending.clear()

    def close(self) -> None:
        """Release every waiting long poll (server shutdown)."""
        self.closed = True
        self._wake()

    async def get(
        self,
        offset: int,
        limit: int,
        poll_seconds: float,
        allowed: list[str] | None,
        connected: Callable[[], bool],
    ) -> list[Update]:
        """getUpdates: confirm below `offset`, then wait up to `poll_seconds` for news."""
        self.set_allowed(allowed)
        self._confirm(offset)
        self._poll_seq += 1
        mine = self._poll_seq
        self._wake()  # a newer poll ends an older one, as on Telegram
        self.last_poll = time.monotonic()
        deadline = self.last_poll + poll_seconds
        while True:
            if mine != self._poll_seq:
                raise ApiError(409, _CONFLICT)
            batch = self._available(max(1, min(limit, 100)))
            remaining = deadline - time.monotonic()
            if batch or self.closed or remaining <= 0:
                break
            waiter = self._wakeup
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), remaining)
        if batch and connected():  # an abandoned poll must not count as delivery
            self.handed_out = max(self.handed_out, batch[-1]["update_id"])
            self.last_handout = time.monotonic()
        return batch

    def set_allowed(self, allowed: list[str] | None) -> None:
        """allowed_updates, as getUpdates or setWebhook gives it (None keeps the last)."""
        if allowed is not None:
            self._allowed = frozenset(allowed) or None

    def first_pending(self) -> Update | None:
        """The oldest update not confirmed yet, for a webhook delivery."""
        batch = self._available(1)
        return batch[0] if batch else None

    def delivered(self, update_id: int) -> None:
        """A webhook delivery was answered 2xx: the update is confirmed."""
        self._pending = [u for u in self._pending if u["update_id"] != update_id]
        self.handed_out = max(self.handed_out, update_id)
        self.last_handout = time.monotonic()

    async def news(self, seconds: float) -> None:
        """Return when an update is pushed (or the queue closes), or after ``seconds``."""
        waiter = self._wakeup
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter.wait(), seconds)

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            del self._pending[:offset]
        elif offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def _available(self, limit: int) -> list[Update]:
        batch: list[Update] = []
        for update in list(self._pending):
            if len(batch) >= limit:
                break
            if self._is_allowed(update_type(update)):
                batch.append(update)
            else:
                # Telegram never creates updates of a kind the bot did not ask for
                self._pending.remove(update)
        return batch

    def _is_allowed(self, kind: str) -> bool:
        if self._allowed is None:
            return kind not in _OPT_IN
        return kind in self._allowed

    def _wake(self) -> None:
        waiter, self._wakeup = self._wakeup, asyncio.Event()
        waiter.set()
