"""Which function handles a button: a table from payload class to its one handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from telegram.ext import ContextTypes

from bot.handlers.codec import PAYLOADS, Payload
from bot.handlers.turn import Turn

P = TypeVar("P", bound=Payload)
R = TypeVar("R")
Context = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Turn, P, Context], Awaitable[R]]


class Router(Generic[R]):
    """One handler per payload class; a router's handlers all give the same kind of result."""

    def __init__(self) -> None:
        self.handlers: dict[type[Payload], Handler[Any, R]] = {}

    def on(self, kind: type[P]) -> Callable[[Handler[P, R]], Handler[P, R]]:
        """Register the decorated function as the handler of the buttons of ``kind``."""

        def register(handler: Handler[P, R]) -> Handler[P, R]:
            if kind in self.handlers:
                raise ValueError(f"{kind.__name__} has a handler already")
            self.handlers[kind] = handler
            return handler

        return register

    def pattern(self) -> str:
        """A regular expression matching the callback data of this router's buttons."""
        prefixes = "|".join(PAYLOADS[kind].prefix for kind in self.handlers)
        return f"^(?:{prefixes})(?::|$)"

    async def handle(self, turn: Turn, payload: Payload, context: Context) -> R:
        """Run the handler of the payload's class (a class without one is a bug: LookupError)."""
        handler = self.handlers.get(type(payload))
        if handler is None:
            raise LookupError(f"no handler for {type(payload).__name__}")
        return await handler(turn, payload, context)
