"""Flood limits, fault injection and call bookkeeping of the local Bot API."""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from dataclasses import dataclass, field

from bot.playground.errors import ApiError, too_many_requests

# The methods Telegram's flood control counts as "messages" (lower-cased method names)
FLOOD_METHODS = frozenset(
    {
        "sendmessage",
        "editmessagetext",
        "editmessagecaption",
        "editmessagereplymarkup",
        "senddocument",
        "sendphoto",
    }
)


@dataclass(frozen=True)
class ApiCall:
    """One answered request: method as called, target chat, monotonic time, HTTP status."""

    method: str
    chat_id: int | None
    at: float
    status: int


@dataclass
class ApiStats:
    """Counters a benchmark can report."""

    calls: Counter[str] = field(default_factory=Counter)  # every request, by method
    errors: Counter[tuple[str, int]] = field(default_factory=Counter)  # (method, error_code)
    flood_rejected: int = 0
    flood_rejected_by_method: Counter[str] = field(default_factory=Counter)
    injected: int = 0  # injected errors and timeouts that fired

    def summary(self) -> dict[str, object]:
        """A JSON-friendly snapshot."""
        return {
            "calls": dict(self.calls),
            "errors": {f"{method}:{code}": n for (method, code), n in self.errors.items()},
            "flood_rejected": self.flood_rejected,
            "flood_rejected_by_method": dict(self.flood_rejected_by_method),
            "injected": self.injected,
        }


class FloodControl:
    """Sliding one-second windows: overall and per chat; off when a limit is None."""

    def __init__(self, overall: int | None, per_chat: int | None, window: float = 1.0) -> None:
        self.overall = overall
        self.per_chat = per_chat
        self.window = window
        self._all: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}

    def check(self, method: str, chat_id: int | None) -> None:
        """Count one call of `method`, or raise 429 if it would exceed a limit."""
        if method.lower() not in FLOOD_METHODS:
            return
        now = time.monotonic()
        windows = [(self._all, self.overall)]
        if chat_id is not None and self.per_chat is not None:
            windows.append((self._chats.setdefault(chat_id, deque()), self.per_chat))
        for stamps, limit in windows:
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            if limit is not None and len(stamps) >= limit:
                raise too_many_requests(max(1, math.ceil(stamps[0] + self.window - now)))
        for stamps, _ in windows:
            stamps.append(now)


class Faults:
    """Errors and timeouts queued for the next calls of a method."""

    def __init__(self) -> None:
        self._errors: dict[str, deque[ApiError]] = {}
        self._timeouts: dict[str, deque[float]] = {}

    def add_error(self, method: str, error: ApiError, times: int) -> None:
        """Fail the next `times` calls of `method` with `error`."""
        self._errors.setdefault(method.lower(), deque()).extend([error] * times)

    def add_timeout(self, method: str, delay: float, times: int) -> None:
        """Hold the answer of the next `times` calls of `method` for `delay` seconds."""
        self._timeouts.setdefault(method.lower(), deque()).extend([delay] * times)

    def take_error(self, method: str) -> ApiError | None:
        """The error for this call, if one is queued."""
        queued = self._errors.get(method.lower())
        if not queued:
            return None
        error = queued.popleft()
        # A fresh exception per call: re-raising one instance keeps growing its traceback
        return ApiError(error.error_code, error.description, error.retry_after)

    def take_timeout(self, method: str) -> float | None:
        """The hold time for this call, if one is queued."""
        queued = self._timeouts.get(method.lower())
        return queued.popleft() if queued else None
