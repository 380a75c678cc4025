"""Simulated responders: they press buttons on their item message, and a tracker times each press.

A press is complete when its callback query has been answered and the message edited since it
was sent, in either order: the bot answers a press while it edits the message, over two
connections, so the edit may reach the API first. Nothing here waits for the whole API to
settle, so hundreds of responders can press at once; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.playground import BotEvent, ChatMessage, ChatUser, LocalBotApi

Chooser = Callable[[ChatMessage], str | None]
"""Picks the callback data to press on a message; None when there is nothing left to do."""


@dataclass
class PressRecord:
    """One press: when it was sent, answered, and its message edited (monotonic seconds)."""

    user_id: int
    data: str
    query_id: str
    sent: float
    answered: float | None = None
    edited: float | None = None
    alert: str | None = None
    taps: int = 1  # 2 for a double tap

    @property
    def latency(self) -> float | None:
        """Seconds from the press to the next item on screen."""
        return None if self.edited is None else self.edited - self.sent


@dataclass
class Responder:
    """One simulated user and the message with their buttons."""

    user: ChatUser
    message: ChatMessage | None = None
    pending: PressRecord | None = None
    extra_messages: int = 0  # messages beyond the first: an alert flow, never expected here
    done: asyncio.Event = field(default_factory=asyncio.Event)
    answer_came: asyncio.Event = field(default_factory=asyncio.Event)  # any query answered

    def on_event(self, event: BotEvent) -> None:
        """Follow what the bot does in this chat."""
        if event.kind == "message" and event.message is not None:
            if self.message is not None:
                self.extra_messages += 1
            self.message = event.message
            self.done.set()
        elif event.kind == "answer" and event.answer is not None:
            self.answer_came.set()
            pending = self.pending
            if pending is not None and event.answer.query_id == pending.query_id:
                pending.answered = time.monotonic()
                if event.answer.show_alert:
                    pending.alert = event.answer.text
                if pending.alert is not None or pending.edited is not None:
                    self.done.set()
        elif event.kind == "edit" and self.pending is not None:
            if self.pending.edited is None:  # a later edit belongs to a double tap's second press
                self.pending.edited = time.monotonic()
            if self.pending.answered is not None:
                self.done.set()


class Crowd:
    """Every responder of a run, fed by one subscription to the API's events."""

    def __init__(self, api: LocalBotApi, user_ids: list[int], language: str = "en") -> None:
        self.api = api
        self.responders = {
            uid: Responder(api.user(uid, f"R{uid}", language_code=language)) for uid in user_ids
        }
        self.presses: list[PressRecord] = []
        self._unsubscribe = api.subscribe(self._route)

    def _route(self, event: BotEvent) -> None:
        responder = self.responders.get(event.chat_id)
        if responder is not None:
            responder.on_event(event)

    def close(self) -> None:
        """Stop listening."""
        self._unsubscribe()

    async def greet(self, text: str, timeout: float) -> int:  # noqa: ASYNC109
        """Every responder sends ``text`` and waits for the bot's reply; return how many got one."""

        async def one(r: Responder) -> bool:
            r.done.clear()
            await r.user.send(text, wait=False)
            try:
                await asyncio.wait_for(r.done.wait(), timeout)
            except TimeoutError:
                return False
            return True

        return sum(await asyncio.gather(*(one(r) for r in self.responders.values())))

    async def press(
        self,
        r: Responder,
        data: str,
        timeout: float,  # noqa: ASYNC109
        *,
        double: bool = False,
    ) -> PressRecord:
        """Press ``data`` on the responder's message and wait (bounded) until it is complete.

        With ``double`` the same button is tapped twice at once; the second tap only has to be
        answered.
        """
        assert r.message is not None
        r.done.clear()
        record = PressRecord(r.user.id, data, "", time.monotonic(), taps=2 if double else 1)
        r.pending = record
        record.query_id = await r.user.press_data(r.message.message_id, data, wait=False)
        second = await r.user.press_data(r.message.message_id, data, wait=False) if double else None
        self.presses.append(record)
        deadline = record.sent + timeout
        try:
            await asyncio.wait_for(r.done.wait(), timeout)
            if second is not None:
                await self._answered(r, second, deadline)
        except TimeoutError:
            pass
        r.pending = None
        return record

    async def _answered(self, r: Responder, query_id: str, deadline: float) -> None:
        """Wait until the bot answered this query (woken by the responder's answer events)."""
        query = self.api.world.queries[query_id]
        while not query.answered:
            r.answer_came.clear()
            await asyncio.wait_for(r.answer_came.wait(), max(0.0, deadline - time.monotonic()))

    def unanswered_queries(self) -> int:
        """Callback queries of these responders that the bot never answered."""
        return sum(
            1
            for q in self.api.world.queries.values()
            if q.user_id in self.responders and not q.answered
        )


class Pacer:
    """Hands out press slots at an overall rate (an open-loop load); None = no pacing.

    Evenly spaced, or at random moments (a Poisson process: exponential gaps with the same
    mean), which is how independent people press; seeded, so runs are comparable.
    """

    def __init__(self, rate: float | None, poisson: bool = False, seed: int = 16) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self._gap = random.Random(seed).expovariate if poisson else None
        self._next = time.monotonic()
        self._lock = asyncio.Lock()

    async def slot(self) -> None:
        """Wait for the next slot."""
        if not self.interval:
            return
        async with self._lock:
            now = time.monotonic()
            gap = self._gap(1.0 / self.interval) if self._gap else self.interval
            self._next = max(self._next + gap, now)
            wait = self._next - now
        if wait > 0:
            await asyncio.sleep(wait)


@dataclass(frozen=True)
class Drive:
    """How a crowd presses: how many presses each, for how long, how fast, how patient."""

    presses_each: int
    seconds: float
    rate: float | None = None
    timeout: float = 30.0
    double_every: int = 0  # every n-th press of a responder is a double tap; 0 = never
    poisson: bool = False  # presses at random moments (exponential gaps) instead of evenly


async def drive(crowd: Crowd, choose: Chooser, plan: Drive) -> None:
    """Every responder presses what ``choose`` picks until done, out of presses or out of time."""
    pacer = Pacer(plan.rate, plan.poisson)
    end = time.monotonic() + plan.seconds

    async def one(r: Responder) -> None:
        for n in range(1, plan.presses_each + 1):
            await pacer.slot()
            if time.monotonic() > end or r.message is None:
                return
            data = choose(r.message)
            if data is None:
                return
            double = bool(plan.double_every) and n % plan.double_every == 0
            record = await crowd.press(r, data, plan.timeout, double=double)
            if record.edited is None:
                return  # lost or refused: counted by the caller, no point pressing on

    await asyncio.gather(*(one(r) for r in crowd.responders.values()))


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]
