"""The reminders' rows and facts on a real database: each key recorded once, taken once to be
sent, what the planner reads, users' switches, the bot blocked, and working-time settings."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.model import (
    ActionDraft,
    OrganisationSettings,
    ReminderKind,
    ReminderState,
    Role,
)
from bot.reminders import Activity, Candidate, DatedAction
from bot.store import Store, migrations
from bot.store.migrations import statements
from tests.support.rounds import rounds

NOW = datetime(2027, 4, 14, 9, 30, tzinfo=UTC)
ANA, BEN, CARLA = 11, 12, 13


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / "reminders.sqlite3")
    yield store
    await store.close()


async def _town(store: Store) -> int:
    """Lyon: Ana and Carla respond, Ben coordinates."""
    org = await store.create_organisation("Lyon", "RESP234567", "COOR234567", NOW)
    for user_id, name, role in (
        (ANA, "Ana", Role.RESPONDER),
        (BEN, "Ben", Role.COORDINATOR),
        (CARLA, "Carla", Role.RESPONDER),
    ):
        await store.touch_user(user_id, name, NOW - timedelta(days=30))
        await store.add_member(org.id, user_id, role, NOW)
    return org.id


def _candidate(key: int, user_id: int = ANA, org_id: int = 1) -> Candidate:
    return Candidate(ReminderKind.OVERDUE, user_id, org_id, key, "2027-04-13", NOW)


async def test_a_key_is_recorded_once_whatever_is_planned_again(store: Store) -> None:
    org_id = await _town(store)
    first = [(_candidate(1, org_id=org_id), ReminderState.QUEUED)]
    assert await store.record_reminders(first, NOW) == 1
    again = [
        (_candidate(1, org_id=org_id), ReminderState.DROPPED),
        (_candidate(2, org_id=org_id), ReminderState.DROPPED),
    ]
    assert await store.record_reminders(again, NOW) == 1
    rows = await store.reminders_of(ANA)
    assert [(r.subject, r.state) for r in rows] == [
        (1, ReminderState.QUEUED),
        (2, ReminderState.DROPPED),
    ]
    keys = {c.key for c, _ in again} | {"overdue:11:3:2027-04-13"}
    assert await store.recorded_keys(keys) == {c.key for c, _ in again}
    assert await store.pending_reminders() == 1


async def test_a_queued_reminder_is_taken_to_be_sent_once(store: Store) -> None:
    org_id = await _town(store)
    await store.record_reminders([(_candidate(1, org_id=org_id), ReminderState.QUEUED)], NOW)
    [queued] = await store.waiting_reminders(0, 10)
    assert await store.begin_sending(queued.id, NOW)
    assert not await store.begin_sending(queued.id, NOW)  # a second sender gets nothing
    assert await store.waiting_reminders(0, 10) == []
    assert await store.pending_reminders() == 1  # being sent still counts
    await store.finish_reminder(queued.id, ReminderState.SENT, NOW)
    assert await store.pending_reminders() == 0


async def test_after_a_crash_a_reminder_being_sent_is_not_sent_again(store: Store) -> None:
    org_id = await _town(store)
    planned = [(_candidate(n, org_id=org_id), ReminderState.QUEUED) for n in (1, 2)]
    await store.record_reminders(planned, NOW)
    first, _ = await store.waiting_reminders(0, 10)
    await store.begin_sending(first.id, NOW)
    assert await store.interrupted_reminders(NOW) == 1
    [still] = await store.waiting_reminders(0, 10)
    assert still.subject == 2
    states = {r.subject: r.state for r in await store.reminders_of(ANA)}
    assert states == {1: ReminderState.UNKNOWN, 2: ReminderState.QUEUED}


async def test_forgetting_a_user_takes_their_reminders_and_switches(store: Store) -> None:
    org_id = await _town(store)
    await store.record_reminders([(_candidate(1, org_id=org_id), ReminderState.QUEUED)], NOW)
    await store.switch_reminders(ANA, ReminderKind.DIGEST, on=False)
    assert await store.forget_user(ANA)
    assert await store.reminders_of(ANA) == []
    assert await store.switched_off() == {}
    assert await store.pending_reminders() == 0


async def test_switches_are_kept_per_user_and_kind(store: Store) -> None:
    await _town(store)
    await store.switch_reminders(ANA, ReminderKind.STALLED, on=False)
    await store.switch_reminders(ANA, ReminderKind.STALLED, on=False)  # twice: harmless
    await store.switch_reminders(BEN, ReminderKind.DIGEST, on=False)
    assert await store.reminders_off(ANA) == {ReminderKind.STALLED}
    await store.switch_reminders(BEN, ReminderKind.DIGEST, on=True)
    assert await store.switched_off() == {ANA: frozenset({ReminderKind.STALLED})}


async def test_a_user_who_blocked_the_bot_is_blocked_until_seen_again(store: Store) -> None:
    await _town(store)
    await store.mark_blocked(ANA, NOW)
    assert await store.blocked_users() == {ANA}
    await store.touch_user(ANA, "Ana", NOW + timedelta(minutes=5))  # Ana writes again
    assert await store.blocked_users() == frozenset()


async def test_activity_is_each_members_latest_answer_in_the_open_cycle(store: Store) -> None:
    org_id = await _town(store)
    old, new = await rounds(store, org_id, NOW - timedelta(days=400), "2026", "2027")
    before = await store.open_assessment(old, "demo", NOW - timedelta(days=400))
    current = await store.open_assessment(new, "demo", NOW - timedelta(days=20))
    at = NOW - timedelta(days=10)
    await store.record(before.id, "a1", "score", "2", ANA, at, 1)  # a closed cycle: ignored
    await store.record(current.id, "a1", "score", "2", ANA, at - timedelta(days=2), 1)
    await store.record(current.id, "a2", "score", "1", ANA, at, 1)
    await store.write_note(current.id, "a3", CARLA, "Asked the fire brigade.", at)
    await store.record(current.id, "a4", "score", "3", BEN, NOW - timedelta(hours=2), 1)
    found = await store.activity_between(NOW - timedelta(days=100), NOW - timedelta(days=1))
    assert sorted(found, key=lambda a: a.user_id) == [
        Activity(ANA, org_id, current.id, at),
        Activity(CARLA, org_id, current.id, at),
    ]  # Ben answered too recently to be stalled; a removed member stops counting:
    await store.remove_member(org_id, CARLA, NOW)
    found = await store.activity_between(NOW - timedelta(days=100), NOW - timedelta(days=1))
    assert [a.user_id for a in found] == [ANA]


async def test_dated_open_actions_come_with_the_member_who_owns_them(store: Store) -> None:
    org_id = await _town(store)
    drafts = [ActionDraft(f"Action {n}") for n in range(4)]
    first, partner, finished, far = await store.create_actions(org_id, drafts, BEN, NOW)
    changes = {
        first.id: {"due": "2027-04-13", "owner": f"member:{ANA}"},
        partner.id: {"due": "2027-04-20", "owner": "partner:Red Cross"},
        finished.id: {"due": "2027-04-13", "status": "finished"},
        far.id: {"due": "2028-01-01"},
    }
    for action in (first, partner, finished, far):
        await store.change_action(action.id, action.version, changes[action.id], BEN, NOW)
    found = await store.dated_actions_between(date(2027, 3, 15), date(2027, 4, 28))
    assert sorted(found, key=lambda a: a.action_id) == [
        DatedAction(first.id, org_id, date(2027, 4, 13), ANA),
        DatedAction(partner.id, org_id, date(2027, 4, 20), None),
    ]
    assert await store.coordinators_by_org() == {org_id: [BEN]}
    since = NOW - timedelta(days=7)
    assert [a.id for a in await store.finished_actions(org_id, since, NOW + timedelta(1))] == [
        finished.id
    ]


async def test_working_time_settings_are_kept_and_default_when_unset(store: Store) -> None:
    org_id = await _town(store)
    assert await store.organisation_settings(org_id) == OrganisationSettings()
    chosen = OrganisationSettings(
        timezone="Europe/Rome",
        work_days=frozenset({6, 0, 1, 2, 3}),
        opens=time(8, 30),
        closes=time(17),
        stall_days=5,
    )
    await store.save_organisation_settings(org_id, chosen, NOW)
    assert await store.organisation_settings(org_id) == chosen
    assert await store.every_organisation_settings() == {org_id: chosen}


async def test_settings_of_an_earlier_schema_keep_their_kinds_and_take_the_defaults(
    tmp_path: Path,
) -> None:
    path = tmp_path / "six.sqlite3"
    db = sqlite3.connect(path)
    for number, _, sql in migrations():
        if number <= 6:
            for statement in statements(sql):
                db.execute(statement)
    db.execute("PRAGMA user_version = 6")
    db.execute(
        "INSERT INTO organisations VALUES (1, 'Lyon', 'R', 'C', '2026-01-01T00:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO organisation_settings VALUES (1, 'origin', '2026-01-01T00:00:00+00:00')"
    )
    db.commit()
    db.close()
    async with Store.open(path) as store:
        settings = await store.organisation_settings(1)
    assert [k.value for k in settings.kinds] == ["origin"]
    assert settings.timezone is None and settings.stall_days == 7
    assert (settings.opens, settings.closes) == (time(9), time(18))


async def test_mydata_holds_the_users_reminders_and_switches(store: Store) -> None:
    org_id = await _town(store)
    await store.record_reminders([(_candidate(1, org_id=org_id), ReminderState.QUEUED)], NOW)
    await store.switch_reminders(ANA, ReminderKind.DIGEST, on=False)
    await store.mark_blocked(ANA, NOW)
    mine = await store.personal_data(ANA)
    assert [(r["kind"], r["period"], r["state"]) for r in mine["reminders"]] == [
        ("overdue", "2027-04-13", "queued")
    ]
    assert mine["reminders_off"] == [{"kind": "digest"}]
    assert mine["user"][0]["blocked_at"] == "2027-04-14T09:30:00+00:00"
    assert (await store.personal_data(BEN))["reminders"] == []
