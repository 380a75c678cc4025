"""Where updates come in, by poll or by webhook: recorded in the inbox, then fed to the
application; at start, what was recorded but not handled is fed again first."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application

from bot.store import NotRecorded, Recorded, Store
from bot.transport.processor import FairUpdateProcessor

log = logging.getLogger(__name__)
MAX_RETRIES = 3  # restarts that may begin an update again before it is given up


class MalformedUpdate(ValueError):
    """A body that is not an update the bot can read."""


def read_update(data: Any, bot: Bot) -> Update:
    """The update in parsed JSON, or MalformedUpdate (never with the body in the message)."""
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        raise MalformedUpdate("not an object with an integer update_id")
    if data["update_id"] < 0:
        raise MalformedUpdate("a negative update_id")
    try:
        return Update.de_json(data, bot)
    except Exception as exc:  # PTB raises KeyError, TypeError, ValueError... on bad fields
        raise MalformedUpdate(f"update {data['update_id']}: {type(exc).__name__}") from None


class Intake:
    """Records updates, feeds the new ones to the application, and replays at start."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        store: Store,
        clock: Callable[[], datetime],
    ) -> None:
        self._app = app
        processor = app.update_processor
        assert isinstance(processor, FairUpdateProcessor)
        self._processor = processor
        self._store = store
        self._clock = clock
        self._told: set[int] = set()  # ids whose senders know they could not be taken in

    async def take(self, received: Sequence[tuple[Recorded, Update]]) -> int:
        """Record a delivery (one statement), then feed the updates not seen before, in order.

        Raises NotRecorded when they could not be recorded: the caller must not confirm them,
        and each sender is told once (by the error handler) that it will be done later.
        """
        try:
            fresh = await self._store.record_updates([r for r, _ in received], self._clock())
        except NotRecorded as exc:
            await self._tell_once(received, exc)
            raise
        self._told.difference_update(r.update_id for r, _ in received)
        for recorded, update in received:
            if recorded.update_id in fresh:
                self._app.update_queue.put_nowait(update)
        return len(fresh)

    async def _tell_once(
        self, received: Sequence[tuple[Recorded, Update]], error: NotRecorded
    ) -> None:
        for recorded, update in received:
            if recorded.update_id not in self._told:
                self._told.add(recorded.update_id)
                await self._app.process_error(update, error)

    async def replay(self) -> int:
        """Feed the updates recorded but not handled before, oldest first; return how many."""
        replay = await self._store.take_unhandled(self._clock(), MAX_RETRIES)
        for update_id in replay.given_up:
            log.error(
                "update %s given up: begun again %d times, never finished", update_id, MAX_RETRIES
            )
        fed = 0
        for recorded in replay.updates:
            try:
                update = read_update(json.loads(recorded.body), self._app.bot)
            except ValueError as exc:  # MalformedUpdate, or JSON broken on disk
                log.error("update %s: cannot be read back (%s)", recorded.update_id, exc)
                await self._store.mark_handled(recorded.update_id, self._clock())
                continue
            self._processor.retrying(update.update_id)
            self._app.update_queue.put_nowait(update)
            fed += 1
        if fed:
            log.info("handling %d updates received before the restart", fed)
        return fed
