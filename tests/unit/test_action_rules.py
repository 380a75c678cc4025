"""The action plan's pure rules: due dates, who may move an action where, and the plan's order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.action_rules import (
    check_due,
    checked_text,
    counts,
    in_months,
    plan_order,
    priority_of_gap,
    statuses_for,
)
from bot.model import (
    Action,
    ActionStatus,
    Actor,
    DomainError,
    Item,
    PastDueDate,
    Priority,
    TextTooLong,
    Tier,
)

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
S = ActionStatus


def action(n: int, status: ActionStatus = S.NOT_STARTED, **fields: object) -> Action:
    base = Action(n, 1, f"Action {n}", Priority.MEDIUM, status, 1, NOW, NOW)
    return replace(base, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "months", "due"),
    [
        (date(2026, 11, 29), 1, date(2026, 12, 29)),
        (date(2026, 11, 29), 3, date(2027, 2, 28)),  # no 29 February in 2027: its last day
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 12, 31), 6, date(2028, 6, 30)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
    ],
)
def test_quick_due_dates_are_the_same_day_months_later(today: date, months: int, due: date) -> None:
    assert in_months(today, months) == due


def test_a_due_date_today_or_later_is_taken_and_a_past_one_refused() -> None:
    assert check_due(TODAY, TODAY) == TODAY
    assert check_due(date(2030, 1, 1), TODAY) == date(2030, 1, 1)
    with pytest.raises(PastDueDate):
        check_due(date(2026, 11, 28), TODAY)


# fmt: off
TRANSITIONS = {  # the status now: what the owner may choose, what a coordinator may choose
    S.NOT_STARTED: ([S.ONGOING, S.DELAYED, S.STANDBY, S.FINISHED],
                    [S.ONGOING, S.DELAYED, S.STANDBY, S.FINISHED, S.CANCELLED]),
    S.ONGOING:     ([S.NOT_STARTED, S.DELAYED, S.STANDBY, S.FINISHED],
                    [S.NOT_STARTED, S.DELAYED, S.STANDBY, S.FINISHED, S.CANCELLED]),
    S.DELAYED:     ([S.NOT_STARTED, S.ONGOING, S.STANDBY, S.FINISHED],
                    [S.NOT_STARTED, S.ONGOING, S.STANDBY, S.FINISHED, S.CANCELLED]),
    S.STANDBY:     ([S.NOT_STARTED, S.ONGOING, S.DELAYED, S.FINISHED],
                    [S.NOT_STARTED, S.ONGOING, S.DELAYED, S.FINISHED, S.CANCELLED]),
    S.FINISHED:    ([],
                    [S.NOT_STARTED, S.ONGOING, S.DELAYED, S.STANDBY, S.CANCELLED]),
    S.CANCELLED:   ([],
                    [S.NOT_STARTED, S.ONGOING, S.DELAYED, S.STANDBY, S.FINISHED]),
}
# fmt: on


@pytest.mark.parametrize("status", list(ActionStatus))
def test_who_may_move_an_action_where(status: ActionStatus) -> None:
    owner, coordinator = TRANSITIONS[status]
    assert statuses_for(action(1, status), coordinator=False) == owner
    assert statuses_for(action(1, status), coordinator=True) == coordinator


def test_a_minimum_tier_gap_starts_with_high_priority() -> None:
    def item(tier: Tier) -> Item:
        return Item("x", 1, "?", "", (Actor.LOCAL_AUTHORITY,), tier, "Do it.")

    assert priority_of_gap(item(Tier.MINIMUM)) is Priority.HIGH
    assert priority_of_gap(item(Tier.ADVANCED)) is Priority.MEDIUM


def test_the_plan_reads_overdue_first_then_by_status_priority_and_due_date() -> None:
    late = action(1, S.ONGOING, due=date(2026, 11, 1))
    finished_late = action(2, S.FINISHED, due=date(2026, 11, 1))
    delayed = action(3, S.DELAYED, due=date(2027, 5, 1))
    soon = action(4, S.NOT_STARTED, due=date(2026, 12, 1))
    urgent = action(5, S.NOT_STARTED, due=date(2027, 6, 1), priority=Priority.HIGH)
    undated = action(6, S.NOT_STARTED)
    cancelled = action(7, S.CANCELLED)
    shuffled = [cancelled, undated, soon, finished_late, urgent, delayed, late]
    ordered = plan_order(shuffled, TODAY)
    assert [a.id for a in ordered] == [1, 3, 5, 4, 6, 2, 7]
    assert counts(ordered, TODAY) == {
        "ongoing": 1,
        "finished": 1,
        "delayed": 1,
        "not_started": 3,
        "cancelled": 1,
        "overdue": 1,
    }


def test_texts_are_trimmed_and_refused_whole_over_the_limit() -> None:
    assert checked_text("  Print the map.  ") == "Print the map."
    assert checked_text("x" * 1000) == "x" * 1000
    with pytest.raises(TextTooLong) as refused:
        checked_text("x" * 1001)
    assert (refused.value.length, refused.value.limit) == (1001, 1000)
    with pytest.raises(DomainError):
        checked_text("   ")
