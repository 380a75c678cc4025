"""What reminders are due, and for whom: pure planning from the clock, each organisation's
working time, and the facts (who answered what when, dated actions, coordinators, who switched
a kind off or blocked the bot).

Each candidate has a stable key (kind, recipient, subject, period) and the moment it falls
due, in UTC, computed from local working time. The store records a key once, whatever becomes
of it (sent, dropped, cancelled), so a candidate is never planned twice; a key that names the
due date makes a moved due date a new reminder.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.model import ReminderKind
from bot.working_time import WorkingTime

SOON = timedelta(days=3)  # an action's owner is told this long before its due date
ESCALATE_AFTER = timedelta(days=7)  # after the overdue reminder, the coordinators are told
STALL_TIMES = 3  # a stalled checklist is reminded of at most this many times in a row
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Schedule:
    """An organisation's working time and its days before a stalled-checklist reminder."""

    working: WorkingTime
    stall_days: int = 7


@dataclass(frozen=True)
class Activity:
    """A member's latest answer or note on an assessment of their organisation's open cycle."""

    user_id: int
    org_id: int
    assessment_id: int
    last_at: datetime


@dataclass(frozen=True)
class DatedAction:
    """An open action with a due date; ``owner_id`` is the member who owns it, if one does."""

    action_id: int
    org_id: int
    due: date
    owner_id: int | None = None


@dataclass(frozen=True)
class Facts:
    """What planning needs to know, gathered from the store."""

    schedules: Mapping[int, Schedule]  # by organisation
    activity: Sequence[Activity] = ()
    actions: Sequence[DatedAction] = ()
    coordinators: Mapping[int, Sequence[int]] = field(default_factory=dict)  # by organisation
    switched_off: Mapping[int, frozenset[ReminderKind]] = field(default_factory=dict)  # by user
    blocked: frozenset[int] = frozenset()  # users who blocked the bot and have not written since


@dataclass(frozen=True)
class Candidate:
    """A reminder to someone about something, and when it falls due."""

    kind: ReminderKind
    user_id: int
    org_id: int
    subject: int  # the action or the assessment it is about; 0 for a digest
    period: str  # the due date, the streak and its count, or the week
    due_at: datetime
    # The key it is recorded under, once: ``overdue:<user>:<action>:<due date>``
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = f"{self.kind.value}:{self.user_id}:{self.subject}:{self.period}"
        object.__setattr__(self, "key", key)


class Verdict(enum.Enum):
    """What to do with a reminder whose moment has come."""

    SEND = "send"  # the organisation is at work, and the reminder is still timely
    WAIT = "wait"  # after hours: it waits for the next opening
    DROP = "drop"  # more than a working day late (the bot was down): never sent


def plan(now: datetime, facts: Facts) -> list[Candidate]:
    """Every reminder whose moment has come, for a recipient who wants it and can get it."""
    found = [*stalled(facts), *about_actions(facts), *digests(now, facts)]
    return [c for c in found if c.due_at <= now and wanted(c, facts)]


def decide(
    now: datetime, facts: Facts, candidates: Sequence[Candidate], recorded: set[str]
) -> tuple[list[tuple[Candidate, Verdict]], int]:
    """The candidates not recorded yet, each to send or to drop; and how many wait for
    working hours (they are planned again at the next sweep)."""
    decided: list[tuple[Candidate, Verdict]] = []
    waiting = 0
    for candidate in candidates:
        if candidate.key in recorded:
            continue
        found = verdict(candidate.due_at, now, facts.schedules[candidate.org_id].working)
        if found is Verdict.WAIT:
            waiting += 1
        else:
            decided.append((candidate, found))
    return decided, waiting


def wanted(candidate: Candidate, facts: Facts) -> bool:
    """Whether the recipient has this kind switched on and has not blocked the bot."""
    off = facts.switched_off.get(candidate.user_id, frozenset())
    return candidate.user_id not in facts.blocked and candidate.kind.switch not in off


def verdict(due_at: datetime, now: datetime, working: WorkingTime) -> Verdict:
    """Send it now, let it wait for working hours, or drop it as too late."""
    if working.late_by_over_a_day(due_at, now):
        return Verdict.DROP
    return Verdict.SEND if working.is_open(now) else Verdict.WAIT


def stalled(facts: Facts) -> Iterator[Candidate]:
    """Each stalled checklist: every ``stall_days`` after the member's last answer, 3 times."""
    for activity in facts.activity:
        schedule = facts.schedules.get(activity.org_id)
        if schedule is None:
            continue
        streak = activity.last_at.isoformat(timespec="seconds")
        for n in range(1, STALL_TIMES + 1):
            quiet = schedule.working.days_after(activity.last_at, n * schedule.stall_days)
            yield Candidate(
                ReminderKind.STALLED,
                activity.user_id,
                activity.org_id,
                activity.assessment_id,
                f"{streak}#{n}",
                schedule.working.next_open(quiet),
            )


def about_actions(facts: Facts) -> Iterator[Candidate]:
    """Each dated action: its owner before and after the due date, then the coordinators."""
    for action in facts.actions:
        schedule = facts.schedules.get(action.org_id)
        if schedule is not None:
            coordinators = facts.coordinators.get(action.org_id, ())
            yield from _about_action(action, schedule.working, coordinators)


@dataclass(frozen=True)
class ActionMoments:
    """When an action due on a date is reminded of, in one organisation's working time."""

    due_soon: datetime
    overdue: datetime
    escalated: datetime


@functools.lru_cache(maxsize=4096)
def action_moments(working: WorkingTime, due: date) -> ActionMoments:
    """The openings of the working days of each reminder about an action due on ``due`` (the
    same for every action of an organisation due that day, so worked out once)."""
    overdue_day = working.working_day_from(due + ONE_DAY)
    return ActionMoments(
        working.opening(working.working_day_until(due - SOON)),
        working.opening(overdue_day),
        working.opening(working.working_day_from(overdue_day + ESCALATE_AFTER)),
    )


def _about_action(
    action: DatedAction, working: WorkingTime, coordinators: Sequence[int]
) -> Iterator[Candidate]:
    moments = action_moments(working, action.due)
    period, org_id, subject = action.due.isoformat(), action.org_id, action.action_id
    if action.owner_id is not None:
        owner = action.owner_id
        yield Candidate(ReminderKind.DUE_SOON, owner, org_id, subject, period, moments.due_soon)
        yield Candidate(ReminderKind.OVERDUE, owner, org_id, subject, period, moments.overdue)
    for coordinator in coordinators:
        if coordinator != action.owner_id:
            yield Candidate(
                ReminderKind.ESCALATED, coordinator, org_id, subject, period, moments.escalated
            )


def digests(now: datetime, facts: Facts) -> Iterator[Candidate]:
    """Each coordinator's weekly digest, at the opening of the first working day of the week
    from Monday, in the first organisation they coordinate (by id)."""
    home: dict[int, int] = {}
    for org_id in sorted(facts.coordinators):
        for user_id in facts.coordinators[org_id]:
            home.setdefault(user_id, org_id)
    for user_id, org_id in home.items():
        schedule = facts.schedules.get(org_id)
        if schedule is None:
            continue
        working = schedule.working
        today = working.today(now)
        monday = today - timedelta(days=today.weekday())
        year, week, _ = monday.isocalendar()
        opening = working.opening(working.working_day_from(monday))
        yield Candidate(ReminderKind.DIGEST, user_id, org_id, 0, f"{year}-W{week:02d}", opening)
