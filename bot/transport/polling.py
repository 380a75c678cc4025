"""Long polling that confirms nothing unrecorded: each batch from getUpdates is written to the
inbox before the next getUpdates (whose offset confirms the batch to Telegram) is asked."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence

from telegram import Update
from telegram.error import TelegramError, TimedOut
from telegram.ext import Application

from bot.handlers.instrumented import MeasuredRequest
from bot.store import Recorded, StoreError
from bot.transport.intake import Intake, MalformedUpdate, read_update

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0  # seconds between tries while Telegram or the database keeps failing


class RawUpdatesRequest(MeasuredRequest):
    """The getUpdates connection; it keeps each update's JSON as received, for the inbox."""

    def __init__(self, read_timeout: float) -> None:
        super().__init__(connection_pool_size=1, read_timeout=read_timeout)
        self.bodies: dict[int, str] = {}

    def parse_json_payload(self, payload: bytes) -> dict[str, object]:  # type: ignore[override]
        """Parse as PTB does, keeping the updates of the answer as JSON text by update id."""
        data = MeasuredRequest.parse_json_payload(payload)
        result = data.get("result") if isinstance(data, dict) else None
        self.bodies = {
            u["update_id"]: json.dumps(u, ensure_ascii=False)
            for u in (result if isinstance(result, list) else [])
            if isinstance(u, dict) and type(u.get("update_id")) is int
        }
        return data


class Poller:
    """Asks getUpdates in a loop; records each batch, then confirms it with the next offset."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        intake: Intake,
        request: RawUpdatesRequest,
        *,
        timeout: int,
        allowed: Sequence[str],
    ) -> None:
        self._app, self._intake, self._request = app, intake, request
        self._timeout = timeout
        self._allowed = list(allowed)
        self.last_answer: float | None = None  # monotonic time getUpdates last answered

    async def run(self) -> None:
        """Poll until cancelled; failures are logged and retried with a growing pause."""
        offset: int | None = None  # none at first: Telegram resends what was not confirmed
        failures = 0
        while True:
            try:
                batch, after = await self._fetch(offset)
                if batch:
                    await self._intake.take(batch)
                offset = after  # recorded: only now may the next getUpdates confirm the batch
                failures = 0
            except TimedOut:
                continue  # a long poll that outlived its read timeout: ask again
            except (TelegramError, StoreError) as exc:
                failures += 1
                pause = min(MAX_BACKOFF, 0.5 * 2**failures)
                log.warning("getUpdates failed (%s); again in %.0f s", type(exc).__name__, pause)
                await asyncio.sleep(pause)

    async def _fetch(self, offset: int | None) -> tuple[list[tuple[Recorded, Update]], int | None]:
        """One getUpdates: the batch with each update's body, and the offset after it."""
        bot = self._app.bot
        try:
            updates: Sequence[Update] | None = await bot.get_updates(
                offset=offset, timeout=self._timeout, allowed_updates=self._allowed
            )
        except TelegramError:
            raise
        except Exception:  # PTB could not read one of the batch: read them one by one
            updates = None
        self.last_answer = time.monotonic()
        bodies = self._request.bodies
        if not bodies:
            return [], offset
        if updates is None:
            updates = self._readable(bodies)
        batch = [
            (Recorded(u.update_id, bodies.get(u.update_id) or u.to_json()), u) for u in updates
        ]
        return batch, max(bodies) + 1

    def _readable(self, bodies: dict[int, str]) -> list[Update]:
        found = []
        for update_id, body in bodies.items():
            try:
                found.append(read_update(json.loads(body), self._app.bot))
            except MalformedUpdate as exc:
                log.warning("update %s skipped: %s", update_id, exc)
        return found
