"""Pure rules of the action plan: due dates, status changes, priorities and the plan's order.

No I/O: the use cases in ``bot.actions`` apply these; views use the order and the counts.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from bot.model import (
    Action,
    ActionStatus,
    DomainError,
    Item,
    PastDueDate,
    Priority,
    TextTooLong,
    Tier,
)

QUICK_MONTHS = (1, 3, 6, 12)  # the due dates offered as buttons: in 1, 3, 6 or 12 months
TEXT_MAX_LENGTH = 1000  # an action's text, the support it needs, an evidence note
PARTNER_MAX_LENGTH = 100

# How the plan reads: what needs attention first. Overdue actions come before all of these.
STATUS_ORDER = (
    ActionStatus.DELAYED,
    ActionStatus.ONGOING,
    ActionStatus.NOT_STARTED,
    ActionStatus.STANDBY,
    ActionStatus.FINISHED,
    ActionStatus.CANCELLED,
)
OWNER_STATUSES = (
    ActionStatus.NOT_STARTED,
    ActionStatus.ONGOING,
    ActionStatus.DELAYED,
    ActionStatus.STANDBY,
    ActionStatus.FINISHED,
)


def in_months(today: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when that month is shorter."""
    month_index = today.month - 1 + months
    year, month = today.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def check_due(day: date, today: date) -> date:
    """A due date, if it is today or later; PastDueDate otherwise."""
    if day < today:
        raise PastDueDate(f"{day.isoformat()} is before {today.isoformat()}")
    return day


def is_minimum(item: Item) -> bool:
    """Whether an item is of the minimum tier: what every municipality should have."""
    return item.tier is Tier.MINIMUM


def priority_of_gap(item: Item) -> Priority:
    """A gap of the minimum tier (what every municipality should have) starts high."""
    return Priority.HIGH if is_minimum(item) else Priority.MEDIUM


def statuses_for(action: Action, *, coordinator: bool) -> list[ActionStatus]:
    """The statuses a user may move an action to, in the order they are offered.

    Coordinators may choose any other status, cancelled included, and reopen a finished or
    cancelled action; the owner moves an open action between the working statuses and to
    finished. Finishing always goes through the evidence question.
    """
    if coordinator:
        return [s for s in (*OWNER_STATUSES, ActionStatus.CANCELLED) if s is not action.status]
    if not action.status.is_open:
        return []
    return [s for s in OWNER_STATUSES if s is not action.status]


def checked_text(text: str, limit: int = TEXT_MAX_LENGTH) -> str:
    """A text as typed, trimmed; TextTooLong over the limit (never cut), DomainError if empty."""
    text = text.strip()
    if len(text) > limit:
        raise TextTooLong(len(text), limit)
    if not text:
        raise DomainError("an empty text")
    return text


def plan_order(actions: Iterable[Action], today: date) -> list[Action]:
    """Overdue first, then by status (delayed, ongoing, not started...), soonest due first."""

    def key(action: Action) -> tuple[int, int, date, int]:
        status = -1 if action.overdue(today) else STATUS_ORDER.index(action.status)
        due = action.due or date.max
        return (status, 0 if action.priority is Priority.HIGH else 1, due, action.id)

    return sorted(actions, key=key)


def counts(actions: Sequence[Action], today: date) -> Counter[str]:
    """How many actions have each status, and how many are overdue (key ``overdue``)."""
    found: Counter[str] = Counter(action.status.value for action in actions)
    found["overdue"] = sum(1 for action in actions if action.overdue(today))
    return found
