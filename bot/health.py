"""Whether the bot is fit to work: its database answers, its schema is current, and updates
flow. One check serves ``GET /healthz`` and ``micic-bot health``.

Thresholds: updates waiting while none has been handled for STALLED_AFTER seconds mean the bot
is stuck; in long polling, no answer to getUpdates for SILENT_AFTER seconds means it is cut off
from Telegram. A long time since the last update is reported, never judged: a quiet night is
healthy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.store import Store, StoreError, migrations

STALLED_AFTER = 120.0  # seconds
SILENT_AFTER = 90.0  # seconds; a long poll lasts 10 s, and failures are retried within 30 s


@dataclass(frozen=True)
class Health:
    """The verdict, what is wrong (if anything), and the figures it rests on."""

    problems: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether nothing is wrong."""
        return not self.problems

    def as_json(self) -> dict[str, object]:
        """The body of /healthz and the output of ``micic-bot health``."""
        status = "ok" if self.ok else "failing"
        return {"status": status, **self.facts, "problems": self.problems}


async def check_health(store: Store, now: datetime, *, silent_for: float | None = None) -> Health:
    """Check the database, the schema and the flow of updates.

    ``silent_for`` is the seconds since getUpdates last answered, when the bot polls.
    """
    health = Health()
    try:
        current = await _check_schema(store, health)
        await _check_updates(store, now, health)
        # Reminders due and not sent yet; unknown (null) on a schema without them
        health.facts["pending_reminders"] = await store.pending_reminders() if current else None
    except StoreError as exc:
        health.facts["database"] = "unreachable"
        health.problems.append(f"the database does not answer: {exc}")
        return health
    health.facts["database"] = "ok"
    if silent_for is not None:
        health.facts["seconds_since_telegram_answered"] = round(silent_for, 1)
        if silent_for > SILENT_AFTER:
            health.problems.append(f"getUpdates has not answered for {silent_for:.0f} s")
    return health


async def _check_schema(store: Store, health: Health) -> bool:
    """Whether the schema is the one this version needs (a problem if not)."""
    version, expected = await store.user_version(), migrations()[-1][0]
    health.facts["schema_version"] = version
    if version != expected:
        health.problems.append(
            f"the database schema is at {version}, this version needs {expected}"
        )
    return version == expected


async def _check_updates(store: Store, now: datetime, health: Health) -> None:
    state = await store.inbox_state()
    last = state.last_received_at
    health.facts["seconds_since_last_update"] = _seconds(now, last)
    health.facts["pending_updates"] = state.unhandled
    if not state.unhandled or state.oldest_unhandled_at is None:
        return
    waiting = _seconds(now, state.oldest_unhandled_at) or 0.0
    progress = _seconds(now, state.last_handled_at)
    if waiting > STALLED_AFTER and (progress is None or progress > STALLED_AFTER):
        health.problems.append(
            f"{state.unhandled} updates wait, the oldest for {waiting:.0f} s,"
            " and none was handled meanwhile"
        )


def _seconds(now: datetime, then: datetime | None) -> float | None:
    return None if then is None else round(max(0.0, (now - then).total_seconds()), 1)
