"""The sweep and the notices over a real database, with a clock the test sets: what is recorded
when, once; what is dropped as too late or left for working hours; and what a reminder says, or
that it no longer applies, just before it is sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.model import (
    ActionStatus,
    Organisation,
    PendingKind,
    Reminder,
    ReminderKind,
    ReminderState,
    Score,
)
from bot.notices import ActionNotice, DigestNotice, StalledNotice
from bot.reminding import Swept
from bot.service import Service
from bot.store import Store
from tests.support.project import CHECKLISTS

# Wednesday 14 April 2027, 10:00 in Rome (CEST, UTC+2)
WEDNESDAY = datetime(2027, 4, 14, 8, tzinfo=UTC)
ANA, BEN, CARLA = 11, 12, 13


class Clock:
    def __init__(self) -> None:
        self.now = WEDNESDAY

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Town:
    service: Service
    clock: Clock
    org: Organisation


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    """Lyon, in Rome's time zone: Ana and Carla respond, Ben coordinates."""
    clock = Clock()
    store = await Store.open(tmp_path / "reminding.sqlite3")
    service = Service(store, CHECKLISTS, clock=clock, timezone="Europe/Rome")
    org = await service.create_organisation(None, "Lyon")
    for user_id, name, code in (
        (ANA, "Ana", org.responder_code),
        (BEN, "Ben", org.coordinator_code),
        (CARLA, "Carla", org.responder_code),
    ):
        await service.see_user(user_id, name)
        await service.join(user_id, code)
    yield Town(service, clock, org)
    await store.close()


async def _action_due(town: Town, due: date, owner: int = ANA) -> int:
    plan = town.service.actions
    await plan.begin_new(BEN, town.org.id)
    action = await plan.save_text(BEN, "Translate the evacuation leaflet")
    action = await plan.assign(BEN, action.id, action.version, owner)
    await plan.begin(BEN, PendingKind.ACTION_DUE, action.id, action.version)
    return (await plan.save_due(BEN, due)).id


async def _waiting(town: Town, user_id: int) -> list[Reminder]:
    return [r for r in await town.service.reminders.waiting() if r.user_id == user_id]


async def _states(town: Town, user_id: int) -> list[tuple[ReminderKind, ReminderState]]:
    return [(r.kind, r.state) for r in await town.service.store.reminders_of(user_id)]


async def test_an_overdue_action_is_queued_once_at_the_opening_after_its_due_date(
    town: Town,
) -> None:
    await _action_due(town, date(2027, 4, 16))  # due Friday
    reminders = town.service.reminders
    town.clock.now = datetime(2027, 4, 19, 6, 59, tzinfo=UTC)  # Monday 08:59 in Rome
    await reminders.sweep()
    # due soon fell due on Tuesday 13th, before the action was made: dropped, never sent
    assert await _states(town, ANA) == [(ReminderKind.DUE_SOON, ReminderState.DROPPED)]
    town.clock.now = datetime(2027, 4, 19, 7, 0, tzinfo=UTC)  # 09:00
    assert await reminders.sweep() == Swept(queued=2)  # Ana's overdue, Ben's weekly digest
    assert await reminders.sweep() == Swept()  # recorded: never planned again
    assert await _states(town, ANA) == [
        (ReminderKind.DUE_SOON, ReminderState.DROPPED),
        (ReminderKind.OVERDUE, ReminderState.QUEUED),
    ]


async def test_due_after_hours_it_waits_and_a_working_day_late_it_is_dropped(town: Town) -> None:
    await _action_due(town, date(2027, 4, 20))  # due Tuesday: due soon on Friday the 16th
    reminders = town.service.reminders
    town.clock.now = datetime(2027, 4, 16, 18, tzinfo=UTC)  # Friday 20:00 in Rome
    swept = await reminders.sweep()
    assert swept.waiting == 1 and await _states(town, ANA) == []
    town.clock.now = datetime(2027, 4, 19, 7, 30, tzinfo=UTC)  # Monday 09:30: 9.5 h of work on
    await reminders.sweep()
    assert await _states(town, ANA) == [(ReminderKind.DUE_SOON, ReminderState.DROPPED)]
    # Ben joined on Wednesday: last Monday's digest was dropped, this Monday's is queued
    assert await _states(town, BEN) == [
        (ReminderKind.DIGEST, ReminderState.DROPPED),
        (ReminderKind.DIGEST, ReminderState.QUEUED),
    ]


async def test_a_finished_or_redated_action_says_nothing_when_its_turn_comes(town: Town) -> None:
    action_id = await _action_due(town, date(2027, 4, 16))
    reminders, notices = town.service.reminders, town.service.notices
    town.clock.now = datetime(2027, 4, 19, 7, tzinfo=UTC)
    await reminders.sweep()
    [queued] = await _waiting(town, ANA)
    notice = await notices.notice(queued)
    assert isinstance(notice, ActionNotice)
    assert (notice.kind, notice.action.id, notice.today) == (
        ReminderKind.OVERDUE,
        action_id,
        date(2027, 4, 19),
    )
    plan = town.service.actions
    action = await plan.open(BEN, action_id)
    await plan.set_status(BEN, action_id, action.action.version, ActionStatus.CANCELLED)
    assert await notices.notice(queued) is None


async def test_escalation_reaches_the_coordinators_once_a_week_after_overdue(town: Town) -> None:
    await _action_due(town, date(2027, 4, 16))
    reminders = town.service.reminders
    town.clock.now = datetime(2027, 4, 26, 7, tzinfo=UTC)  # Monday a week after the overdue
    await reminders.sweep()
    assert (ReminderKind.ESCALATED, ReminderState.QUEUED) in await _states(town, BEN)
    [escalated] = [r for r in await _waiting(town, BEN) if r.kind is ReminderKind.ESCALATED]
    notice = await town.service.notices.notice(escalated)
    assert isinstance(notice, ActionNotice) and notice.kind is ReminderKind.ESCALATED


async def _answered(town: Town, user_id: int, count: int) -> int:
    step = await town.service.start(user_id, "recovery")
    for item in step.checklist.items[:count]:
        await town.service.answer(user_id, step.assessment.id, item.id, Score.STARTED)
    return step.assessment.id


async def test_a_stalled_checklist_says_how_far_it_got_unless_answered_since(town: Town) -> None:
    assessment_id = await _answered(town, ANA, 3)
    reminders, notices = town.service.reminders, town.service.notices
    town.clock.now = WEDNESDAY + timedelta(days=7)
    await reminders.sweep()
    [queued] = await _waiting(town, ANA)
    notice = await notices.notice(queued)
    assert isinstance(notice, StalledNotice)
    assert (notice.assessment.id, notice.progress.answered) == (assessment_id, 3)
    assert notice.progress.total == len(notice.checklist.items)
    item = notice.checklist.items[3]
    await town.service.answer(ANA, assessment_id, item.id, Score.IN_PLACE)
    assert await notices.notice(queued) is None  # a new streak has begun


async def test_a_checklist_completed_by_colleagues_reminds_nobody(town: Town) -> None:
    assessment_id = await _answered(town, ANA, 1)
    reminders = town.service.reminders
    town.clock.now = WEDNESDAY + timedelta(days=7)
    await reminders.sweep()
    [queued] = await _waiting(town, ANA)
    step = await town.service.start(CARLA, "recovery")
    for item in step.checklist.items:
        if item.id not in step.answers:
            await town.service.answer(CARLA, assessment_id, item.id, Score.TESTED)
    assert await town.service.notices.notice(queued) is None


async def test_a_stall_is_reminded_of_three_times_at_most(town: Town) -> None:
    await _answered(town, ANA, 2)
    reminders = town.service.reminders
    for week in range(1, 6):
        town.clock.now = WEDNESDAY + timedelta(days=7 * week)
        await reminders.sweep()
    assert await _states(town, ANA) == [(ReminderKind.STALLED, ReminderState.QUEUED)] * 3


async def test_a_switched_off_kind_is_not_planned_and_a_queued_one_says_nothing(
    town: Town,
) -> None:
    await _answered(town, ANA, 2)
    reminders = town.service.reminders
    town.clock.now = WEDNESDAY + timedelta(days=7)
    await reminders.sweep()
    [queued] = await _waiting(town, ANA)
    switches = await reminders.switch(ANA, ReminderKind.STALLED, on=False)
    assert switches[ReminderKind.STALLED] is False
    assert await town.service.notices.notice(queued) is None
    town.clock.now = WEDNESDAY + timedelta(days=14)
    await reminders.sweep()
    assert await _waiting(town, ANA) == [queued]  # and no second stalled reminder


async def test_the_digest_says_something_or_nothing_is_sent(town: Town) -> None:
    reminders, notices = town.service.reminders, town.service.notices
    town.clock.now = datetime(2027, 4, 19, 7, tzinfo=UTC)  # Monday 09:00 in Rome
    await reminders.sweep()
    [digest] = await _waiting(town, BEN)
    assert digest.period == "2027-W16"
    assert await notices.notice(digest) is None  # nothing begun, nothing planned
    await _answered(town, ANA, 2)
    asked = len((await town.service.start(ANA, "recovery")).checklist.items)
    overdue = await _action_due(town, date(2027, 4, 20))
    town.clock.now = datetime(2027, 4, 22, 7, tzinfo=UTC)
    found = await notices.notice(digest)
    assert isinstance(found, DigestNotice)
    [section] = found.sections
    assert [(c.id, percent) for c, percent in section.progress] == [("recovery", 2 * 100 // asked)]
    assert [a.id for a in section.overdue] == [overdue]


async def test_a_member_who_left_is_not_reminded(town: Town) -> None:
    await _answered(town, ANA, 2)
    reminders = town.service.reminders
    town.clock.now = WEDNESDAY + timedelta(days=7)
    await reminders.sweep()
    [queued] = await _waiting(town, ANA)
    await town.service.coordination.remove_member(BEN, town.org.id, ANA)
    assert await town.service.notices.notice(queued) is None
