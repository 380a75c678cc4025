"""The bot's Prometheus metrics and the ``GET /metrics`` route that exposes them.

Labels are only ever kinds, method names, status codes, error types and reasons: never a user
id, a chat id or anything a user wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    gc_collector,
    generate_latest,
    platform_collector,
    process_collector,
)

from bot import __version__

if TYPE_CHECKING:
    from aiohttp import web

disable_created_metrics()  # type: ignore[no-untyped-call]  # *_created series only add noise
# The text format every Prometheus reads (newer clients announce 1.0.0, which 2.x may refuse)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REGISTRY = CollectorRegistry()
process_collector.ProcessCollector(registry=REGISTRY)  # CPU, memory, open files
platform_collector.PlatformCollector(registry=REGISTRY)
gc_collector.GCCollector(registry=REGISTRY)

BUILD = Gauge("micic_build_info", "The running version", ["version"], registry=REGISTRY)
BUILD.labels(__version__).set(1)

UPDATES = Counter(
    "micic_updates_handled",
    "Updates handled, by kind (button, command, text, file, edited, other)",
    ["kind"],
    registry=REGISTRY,
)
UPDATE_ERRORS = Counter(
    "micic_update_errors",
    "Updates whose handling raised an error, by error type",
    ["error"],
    registry=REGISTRY,
)
HANDLER_SECONDS = Histogram(
    "micic_handler_seconds",
    "Time to handle one update, from its first handler to its last (its user's turn only)",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
ANSWERS = Counter(
    "micic_answers_recorded",
    "Answers saved (a score or a note that changed), by field",
    ["field"],
    registry=REGISTRY,
)
API_CALLS = Counter(
    "micic_bot_api_calls",
    "Requests to the Bot API, by method and outcome (HTTP status, or timeout / network)",
    ["method", "code"],
    registry=REGISTRY,
)
FLOOD_WAITS = Counter(
    "micic_bot_api_flood_waits",
    "429 answers of the Bot API (flood control), by method",
    ["method"],
    registry=REGISTRY,
)
FLOOD_WAIT_SECONDS = Counter(
    "micic_bot_api_flood_wait_seconds",
    "Seconds the Bot API asked the bot to wait, summed over its 429 answers",
    registry=REGISTRY,
)
DATABASE_ERRORS = Counter(
    "micic_database_errors",
    "SQLite failures (locked, full, I/O, corrupt...), by SQLite error name",
    ["error"],
    registry=REGISTRY,
)

REMINDERS_SENT = Counter(
    "micic_reminders_sent",
    "Reminders sent, by kind (stalled, due_soon, overdue, escalated, digest)",
    ["kind"],
    registry=REGISTRY,
)
REMINDERS_SKIPPED = Counter(
    "micic_reminders_skipped",
    "Reminders that fell due and were not sent, by reason: late (over a working day late),"
    " cancelled (no longer applies, or nothing to say), blocked, failed, unknown (the bot"
    " stopped while sending it)",
    ["reason"],
    registry=REGISTRY,
)


def api_call(method: str, code: int | str, retry_after: float | None = None) -> None:
    """Count one Bot API request and, for a 429, the wait Telegram asked for."""
    API_CALLS.labels(method, str(code)).inc()
    if retry_after is not None:
        FLOOD_WAITS.labels(method).inc()
        FLOOD_WAIT_SECONDS.inc(retry_after)


def exposition() -> bytes:
    """Every metric in Prometheus' text format."""
    return generate_latest(REGISTRY)


def routes() -> list[web.RouteDef]:
    """``GET /metrics``, for the bot's HTTP server to mount."""
    from aiohttp import web

    async def on_metrics(_: web.Request) -> web.Response:
        return web.Response(body=exposition(), headers={"Content-Type": CONTENT_TYPE})

    return [web.get("/metrics", on_metrics)]
