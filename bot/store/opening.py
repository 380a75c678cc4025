"""An opening database: awaited, it is the store; with ``async with``, it is closed on exit."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Generator
from types import TracebackType
from typing import Any, Generic, Protocol, TypeVar


class Closing(Protocol):
    """What an opened database must do when the ``async with`` block ends."""

    async def close(self) -> None:
        """Close the connection."""


D = TypeVar("D", bound=Closing)


class Opening(Generic[D]):
    """An opening database: ``await`` it for the store, or ``async with`` it to close on exit."""

    def __init__(self, connect: Callable[[], Coroutine[Any, Any, D]]) -> None:
        self._connect = connect
        self._opened: D | None = None

    def __await__(self) -> Generator[Any, None, D]:
        return self._connect().__await__()

    async def __aenter__(self) -> D:
        self._opened = await self._connect()
        return self._opened

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._opened is not None:
            await self._opened.close()
