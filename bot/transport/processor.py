"""How the application handles the updates fed to it: each user's in order, users fairly, a
repeated tap once, and each update marked handled in the inbox when it is done."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Hashable
from contextlib import suppress
from datetime import datetime
from typing import Any, Protocol

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor

from bot.store import StoreError, handling_update
from bot.transport.lines import Lines, Pace

log = logging.getLogger(__name__)
SLOTS = 64  # updates handled at once, all users together
# PTB's own limit counts updates waiting for their user's turn too: it must never bind.
_UNBOUNDED = 1_000_000


class Marks(Protocol):
    """Where the processor marks an update handled (the store's inbox)."""

    async def mark_handled(self, update_id: int, now: datetime) -> None:
        """Mark the update handled."""

    async def count_retry(self, update_id: int) -> None:
        """Count a handling begun again after a restart."""


class FairUpdateProcessor(BaseUpdateProcessor):
    """Each user's updates strictly in order; a user's waiting updates take no slot.

    An update holds one of SLOTS only while its handlers run, so a flood from one user (paced
    by ``pace`` once it piles up) cannot keep anyone else's update waiting. A tap on the same
    button of the same message as a press still waiting or running is answered and dropped.
    """

    def __init__(
        self,
        marks: Marks,
        clock: Callable[[], datetime],
        *,
        slots: int = SLOTS,
        pace: Callable[[], Pace] = Pace,
    ) -> None:
        super().__init__(_UNBOUNDED)
        self._marks = marks
        self._clock = clock
        self._slots = asyncio.Semaphore(slots)
        self._lines = Lines(pace)
        self._waiting: set[asyncio.Task[Any]] = set()
        self._running: set[asyncio.Task[Any]] = set()
        self._retrying: set[int] = set()  # left unhandled by an earlier run
        self._closing = False

    def retrying(self, update_id: int) -> None:
        """This update was left unhandled by an earlier run: count its handling when it begins."""
        self._retrying.add(update_id)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the user's turn, then for a slot, then run the handlers and mark it done."""
        task = asyncio.current_task()
        assert task is not None
        user, tap = _user_key(update), _tap_key(update)
        if self._closing:
            _discard(coroutine)  # left unhandled in the inbox, for the next start
            return
        if tap is not None and self._lines.holds(user, tap):
            _discard(coroutine)
            await self._ignore_repeat(update)
            return
        self._waiting.add(task)
        try:
            async with self._lines.turn(user, tap), self._slots:
                self._waiting.discard(task)
                self._running.add(task)
                await self._handle(update, coroutine)
        finally:
            if task in self._waiting:  # cancelled before its turn: it never ran
                self._waiting.discard(task)
                _discard(coroutine)
            self._running.discard(task)

    async def _handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        update_id = getattr(update, "update_id", None)
        if not isinstance(update_id, int):
            await coroutine
            return
        if update_id in self._retrying:  # counted first, in case it is what stops the bot
            self._retrying.discard(update_id)
            await self._store_safely(self._marks.count_retry(update_id), update_id)
        with handling_update(update_id, self._clock()) as handling:
            await coroutine
        if not handling.marked:  # it wrote nothing, or its writes failed
            await self._mark(update_id)

    async def _ignore_repeat(self, update: object) -> None:
        assert isinstance(update, Update) and update.callback_query is not None
        log.info("update %s: the same button again while it runs; ignored", update.update_id)
        with suppress(TelegramError):  # only stops the client's spinner
            await update.callback_query.answer()
        await self._mark(update.update_id)

    async def _mark(self, update_id: int) -> None:
        # handled all the same if this fails; a restart would only handle it again
        await self._store_safely(self._marks.mark_handled(update_id, self._clock()), update_id)

    async def _store_safely(self, write: Awaitable[None], update_id: int) -> None:
        try:
            await write
        except StoreError:
            log.warning("update %s: could not note its state in the inbox", update_id)

    async def close(self, grace: float) -> None:
        """Take no more: updates waiting for their turn stay in the inbox for the next start;
        those running get ``grace`` seconds to finish, then are cancelled (and not marked)."""
        self._closing = True
        for task in list(self._waiting):
            task.cancel()
        running = set(self._running)
        if running:
            _, late = await asyncio.wait(running, timeout=grace)
            for task in late:
                log.warning("an update still running after %.0f s is cancelled", grace)
                task.cancel()
            await asyncio.wait(running)

    @property
    def lines(self) -> int:
        """Users with updates waiting or running (or a flood's pace still remembered)."""
        return len(self._lines)

    async def initialize(self) -> None:
        """Take updates (again, after a stop)."""
        self._closing = False

    async def shutdown(self) -> None:
        """Nothing to tear down: close() has stopped the work."""


def _user_key(update: object) -> Hashable:
    user = getattr(update, "effective_user", None)
    return user.id if user is not None else id(update)


def _tap_key(update: object) -> Hashable | None:
    """A button press as (chat, message, data): the same key twice is the same tap again."""
    query = update.callback_query if isinstance(update, Update) else None
    if query is None or query.data is None:
        return None
    message = query.message
    if message is not None:
        return (message.chat.id, message.message_id, query.data)
    return (query.inline_message_id, query.data)


def _discard(coroutine: Awaitable[Any]) -> None:
    """Close a coroutine that will never run (so Python does not warn it was never awaited)."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()
