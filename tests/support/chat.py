"""What a user sees in their chat with the bot: buttons, news since a moment, and waiting for it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.playground import ChatUser, LocalBotApi


def isolated(text: str) -> str:
    """A name or a user's text as the bot shows it in a line of its own: isolated (FSI ... PDI)."""
    return f"\u2068{text}\u2069"


def keyboard(user: ChatUser) -> list[list[str]]:
    """The button labels of the user's newest message, row by row."""
    return [[label for label, _ in row] for row in user.last.buttons]


def labels(user: ChatUser) -> list[str]:
    """The button labels of the user's newest message."""
    return [label for row in keyboard(user) for label in row]


def button(user: ChatUser, starts: str) -> str:
    """The label of the newest message's button that starts with ``starts``."""
    for label in labels(user):
        if label.startswith(starts):
            return label
    raise AssertionError(f"no button starting {starts!r} in {labels(user)}")


@dataclass
class Seen:
    """What a user had in the chat at one moment: message states and the number of alerts."""

    states: Mapping[int, tuple[str, int]]
    alerts: int

    @classmethod
    def of(cls, user: ChatUser) -> Seen:
        """The user's chat now."""
        states = {m.message_id: (m.plain, m.edits) for m in user.messages}
        return cls(states, len(user.alerts))

    def news(self, user: ChatUser) -> list[str]:
        """Texts the user saw since: new or edited bot messages and callback answers."""
        texts = [
            m.plain or (m.caption or "")
            for m in user.messages
            if self.states.get(m.message_id) != (m.plain, m.edits)
        ]
        return texts + [a.text for a in user.alerts[self.alerts :]]


async def eventually(
    server: LocalBotApi, condition: Callable[[], bool], seconds: float = 3.0
) -> bool:
    """Wait (settling) until condition() holds; False if it never did.

    ``settle`` can return in the instant between the bot fetching an update and starting to
    handle it when the machine is busy, so an answer may come a little after it.
    """
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
        await server.settle()
    return True


async def held(condition: Callable[[], bool], seconds: float = 3.0) -> bool:
    """Wait until condition() holds, without settling: for a bot held up on purpose (a locked
    database, a flood), which settle() would wait out. False if it never held."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True
