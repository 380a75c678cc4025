"""The pure planner: what falls due for whom, when (local working time), under which key."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.model import OrganisationSettings, ReminderKind
from bot.reminders import (
    Activity,
    Candidate,
    DatedAction,
    Facts,
    Schedule,
    Verdict,
    about_actions,
    digests,
    plan,
    stalled,
    verdict,
)
from bot.working_time import WorkingTime, parse_days

ROME = Schedule(WorkingTime.of(OrganisationSettings(timezone="Europe/Rome"), "UTC"))
BOGOTA = Schedule(WorkingTime.of(OrganisationSettings(), "America/Bogota"), stall_days=3)
SCHEDULES = {1: ROME, 2: BOGOTA}
ANA, BEN, CARLA, DAVID = 11, 12, 13, 14


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def kinds(found: list[Candidate]) -> list[tuple[ReminderKind, int, datetime]]:
    return [(c.kind, c.user_id, c.due_at) for c in found]


def test_a_stalled_checklist_is_reminded_of_every_stall_days_three_times() -> None:
    tuesday_10 = utc(2027, 3, 2, 9)  # 10:00 in Rome (CET)
    facts = Facts(SCHEDULES, activity=[Activity(ANA, 1, 5, tuesday_10)])
    found = list(stalled(facts))
    assert [c.due_at for c in found] == [
        utc(2027, 3, 9, 9),
        utc(2027, 3, 16, 9),
        utc(2027, 3, 23, 9),
    ]
    assert [c.period for c in found] == [f"2027-03-02T09:00:00+00:00#{n}" for n in (1, 2, 3)]
    assert found[0].key == "stalled:11:5:2027-03-02T09:00:00+00:00#1"


def test_a_stall_that_ends_on_a_weekend_or_at_night_waits_for_the_next_opening() -> None:
    saturday = utc(2027, 3, 6, 11)  # the last answer on a Saturday, 12:00 in Rome
    evening = utc(2027, 3, 3, 19)  # Wednesday 20:00
    facts = Facts(SCHEDULES, activity=[Activity(ANA, 1, 5, saturday), Activity(BEN, 1, 6, evening)])
    first = {c.user_id: c.due_at for c in stalled(facts) if c.period.endswith("#1")}
    assert first[ANA] == utc(2027, 3, 15, 8)  # Saturday 13th: Monday 15th, 09:00
    assert first[BEN] == utc(2027, 3, 11, 8)  # Wednesday 10th, 20:00: Thursday 09:00


def test_a_stall_keeps_its_local_hour_across_the_change_to_summer_time() -> None:
    thursday = utc(2027, 3, 25, 13)  # 14:00 CET; Italy moves to CEST on the 28th
    facts = Facts(SCHEDULES, activity=[Activity(ANA, 1, 5, thursday)])
    first = next(stalled(facts))
    # Seven days on the clocks of Rome: 14:00 again, though only 167 hours have passed
    assert first.due_at == utc(2027, 4, 1, 12)
    assert ROME.working.local(first.due_at).hour == 14


def test_answering_starts_a_new_streak_with_new_keys() -> None:
    before = Facts(SCHEDULES, activity=[Activity(ANA, 1, 5, utc(2027, 3, 2, 9))])
    after = Facts(SCHEDULES, activity=[Activity(ANA, 1, 5, utc(2027, 3, 10, 9))])
    assert not {c.key for c in stalled(before)} & {c.key for c in stalled(after)}


def test_an_owner_hears_three_days_before_and_the_working_day_after() -> None:
    due_thursday = DatedAction(17, 1, date(2027, 4, 15), owner_id=ANA)
    found = list(about_actions(Facts(SCHEDULES, actions=[due_thursday])))
    assert kinds(found) == [
        (ReminderKind.DUE_SOON, ANA, utc(2027, 4, 12, 7)),  # Monday 12th 09:00 CEST
        (ReminderKind.OVERDUE, ANA, utc(2027, 4, 16, 7)),  # Friday 16th
    ]
    assert found[1].key == "overdue:11:17:2027-04-15"


def test_around_a_weekend_due_soon_comes_earlier_and_overdue_later() -> None:
    due_wednesday = DatedAction(17, 1, date(2027, 4, 14), owner_id=ANA)  # minus 3: Sunday
    due_friday = DatedAction(18, 1, date(2027, 4, 16), owner_id=ANA)
    found = kinds(list(about_actions(Facts(SCHEDULES, actions=[due_wednesday, due_friday]))))
    assert (ReminderKind.DUE_SOON, ANA, utc(2027, 4, 9, 7)) in found  # Friday before
    assert (ReminderKind.OVERDUE, ANA, utc(2027, 4, 19, 7)) in found  # Monday after


def test_coordinators_hear_of_an_action_still_open_a_week_after_it_was_overdue() -> None:
    action = DatedAction(17, 1, date(2027, 4, 15), owner_id=ANA)
    facts = Facts(SCHEDULES, actions=[action], coordinators={1: [BEN, CARLA, ANA]})
    escalated = [c for c in about_actions(facts) if c.kind is ReminderKind.ESCALATED]
    assert [(c.user_id, c.due_at) for c in escalated] == [
        (BEN, utc(2027, 4, 23, 7)),  # overdue on Friday 16th; a week on, Friday 23rd
        (CARLA, utc(2027, 4, 23, 7)),
    ]  # the owner, a coordinator too, has had the overdue reminder already


def test_an_action_a_partner_owns_reminds_only_the_coordinators() -> None:
    action = DatedAction(17, 1, date(2027, 4, 15), owner_id=None)
    facts = Facts(SCHEDULES, actions=[action], coordinators={1: [BEN]})
    assert [c.kind for c in about_actions(facts)] == [ReminderKind.ESCALATED]


def test_a_moved_due_date_is_a_new_reminder() -> None:
    first = DatedAction(17, 1, date(2027, 4, 15), owner_id=ANA)
    moved = DatedAction(17, 1, date(2027, 5, 14), owner_id=ANA)
    keys = {c.key for c in about_actions(Facts(SCHEDULES, actions=[first]))}
    assert not keys & {c.key for c in about_actions(Facts(SCHEDULES, actions=[moved]))}


def test_the_digest_falls_on_monday_at_the_opening_in_each_zone() -> None:
    facts = Facts(SCHEDULES, coordinators={1: [BEN], 2: [CARLA]})
    wednesday = utc(2027, 4, 14, 12)
    found = {c.user_id: c for c in digests(wednesday, facts)}
    assert found[BEN].due_at == utc(2027, 4, 12, 7)  # 09:00 in Rome
    assert found[CARLA].due_at == utc(2027, 4, 12, 14)  # 09:00 in Bogotá
    assert found[BEN].key == "digest:12:0:2027-W15"


def test_a_coordinator_of_two_organisations_gets_one_digest_from_the_first() -> None:
    facts = Facts(SCHEDULES, coordinators={2: [BEN], 1: [BEN]})
    found = list(digests(utc(2027, 4, 14, 12), facts))
    assert [(c.user_id, c.org_id) for c in found] == [(BEN, 1)]


def test_a_week_that_starts_on_sunday_gets_its_digest_on_monday() -> None:
    beirut = WorkingTime.of(
        OrganisationSettings(timezone="Asia/Beirut", work_days=parse_days("sun-thu")), "UTC"
    )
    facts = Facts({3: Schedule(beirut)}, coordinators={3: [DAVID]})
    found = next(digests(utc(2027, 4, 18, 12), facts))  # Sunday 18th
    assert found.due_at == utc(2027, 4, 12, 6)  # the Monday of that ISO week, 09:00 EEST
    assert found.period == "2027-W15"


def test_only_what_has_fallen_due_is_planned() -> None:
    action = DatedAction(17, 1, date(2027, 4, 15), owner_id=ANA)
    facts = Facts(SCHEDULES, actions=[action], coordinators={1: [BEN]})
    saturday = utc(2027, 4, 17, 10)
    found = kinds(plan(saturday, facts))
    assert (ReminderKind.OVERDUE, ANA, utc(2027, 4, 16, 7)) in found
    assert all(c[0] is not ReminderKind.ESCALATED for c in found)  # not before the 23rd
    assert all(c[2] <= saturday for c in found)


def test_a_kind_switched_off_is_not_planned_and_escalation_goes_with_overdue() -> None:
    action = DatedAction(17, 1, date(2027, 4, 15), owner_id=ANA)
    facts = Facts(
        SCHEDULES,
        actions=[action],
        coordinators={1: [BEN]},
        switched_off={
            ANA: frozenset({ReminderKind.DUE_SOON}),
            BEN: frozenset({ReminderKind.OVERDUE}),
        },
    )
    found = kinds(plan(utc(2027, 4, 30, 12), facts))
    assert (ReminderKind.OVERDUE, ANA, utc(2027, 4, 16, 7)) in found
    assert {kind for kind, user, _ in found if user == ANA} == {ReminderKind.OVERDUE}
    assert {kind for kind, user, _ in found if user == BEN} == {ReminderKind.DIGEST}


def test_a_user_who_blocked_the_bot_is_not_planned_for() -> None:
    facts = Facts(
        SCHEDULES,
        activity=[Activity(ANA, 1, 5, utc(2027, 3, 2, 9))],
        coordinators={1: [ANA]},
        blocked=frozenset({ANA}),
    )
    assert plan(utc(2027, 4, 30, 12), facts) == []


def test_verdicts_send_in_hours_wait_after_them_drop_when_a_working_day_late() -> None:
    working = ROME.working
    due = utc(2027, 4, 16, 7)  # Friday 09:00
    assert verdict(due, utc(2027, 4, 16, 7, 0, 30), working) is Verdict.SEND
    assert verdict(due, utc(2027, 4, 16, 17), working) is Verdict.WAIT  # 19:00
    assert verdict(due, utc(2027, 4, 17, 9), working) is Verdict.WAIT  # Saturday
    assert verdict(due, utc(2027, 4, 19, 7, 30), working) is Verdict.DROP  # Monday, 9.5 h on
    late_afternoon = utc(2027, 4, 16, 15)  # Friday 17:00
    assert verdict(late_afternoon, utc(2027, 4, 19, 8), working) is Verdict.SEND  # 2 h on


def test_an_organisation_without_a_schedule_plans_nothing() -> None:
    facts = Facts(
        {},
        activity=[Activity(ANA, 9, 5, utc(2027, 3, 2, 9))],
        actions=[DatedAction(17, 9, date(2027, 4, 15), owner_id=ANA)],
        coordinators={9: [BEN]},
    )
    assert plan(utc(2027, 6, 1, 12), facts) == []
