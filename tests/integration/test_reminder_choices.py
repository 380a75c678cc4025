"""Who chooses what about reminders, in chat: a member switches a kind off and on again
(``/reminders``), a user who blocked the bot is skipped until they write again, a coordinator
sets the working time in ``/settings`` (a time zone that does not exist refused), the operator
switches reminders off for the deployment, and the sweep runs by itself."""

from __future__ import annotations

import logging
from datetime import date, time
from pathlib import Path

import pytest

from bot import metrics
from bot.model import Checklist, ReminderKind, ReminderState
from bot.playground import LocalBotApi
from tests.support.chat import eventually, labels
from tests.support.onboarding import joined, new_organisation, organisation_id
from tests.support.reminding import dated_action, utc
from tests.support.running import Clock, RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation


async def _states(bot: RunningBot, user_id: int) -> list[tuple[ReminderKind, ReminderState]]:
    return [(r.kind, r.state) for r in await bot.store.reminders_of(user_id)]


async def test_a_member_switches_a_kind_off_and_on_again(
    api: LocalBotApi, bot: RunningBot, clock: Clock
) -> None:
    responders, _ = await new_organisation(api, "Switching town")
    org_id = await organisation_id(bot, "Switching town")
    ana = await joined(api, responders, "Ana")
    await ana.send("/reminders")
    assert "Actions due soon" in ana.last.plain
    assert labels(ana) == [
        "✅ Stalled checklists",
        "✅ Actions due soon",
        "✅ Overdue actions",
        "✅ Weekly digest",
    ]
    await ana.press("✅ Actions due soon")
    assert "⬜ Actions due soon" in labels(ana) and "✅ Saved." in ana.last.plain
    await dated_action(bot.store, org_id, ana.id, date(2027, 1, 14), clock.now)
    before = len(ana.messages)
    clock.now = utc(2027, 1, 11, 9)  # due soon: switched off
    await bot.remind()
    assert len(ana.messages) == before
    clock.now = utc(2027, 1, 15, 9)  # overdue: still on
    await bot.remind()
    assert "is still open" in ana.last.plain
    await ana.send("/reminders")
    await ana.press("⬜ Actions due soon")
    assert await bot.store.reminders_off(ana.id) == frozenset()


async def test_a_user_who_blocked_the_bot_is_skipped_until_they_write_again(
    api: LocalBotApi, bot: RunningBot, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    responders, _ = await new_organisation(api, "Blocking town")
    org_id = await organisation_id(bot, "Blocking town")
    ana = await joined(api, responders, "Ana")
    await dated_action(bot.store, org_id, ana.id, date(2027, 1, 14), clock.now)
    ana.block()
    caplog.set_level(logging.INFO, logger="bot.handlers.reminder_delivery")
    clock.now = utc(2027, 1, 11, 9)
    await bot.remind()
    assert await _states(bot, ana.id) == [(ReminderKind.DUE_SOON, ReminderState.BLOCKED)]
    clock.now = utc(2027, 1, 15, 9)  # overdue: not even planned, and not logged again
    await bot.remind()
    assert await _states(bot, ana.id) == [(ReminderKind.DUE_SOON, ReminderState.BLOCKED)]
    blocked = [r for r in caplog.records if "blocked the bot" in r.getMessage()]
    assert len(blocked) == 1 and str(ana.id) in blocked[0].getMessage()
    ana.unblock()
    clock.now = utc(2027, 1, 15, 10)
    await ana.send("/start")  # she writes again
    clock.now = utc(2027, 1, 15, 11)
    await bot.remind()
    assert "is still open" in ana.last.plain


async def test_a_coordinator_sets_the_working_time_in_settings(
    api: LocalBotApi, bot: RunningBot, clock: Clock
) -> None:
    _, coordinators = await new_organisation(api, "Setting town")
    org_id = await organisation_id(bot, "Setting town")
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/settings")
    assert "Time zone: UTC (the bot's default), now 12:00" in cora.last.plain
    assert "Working time: Mon–Fri, 09:00–18:00" in cora.last.plain
    await cora.press("🕐 Time zone")
    assert "✅ UTC" in labels(cora) and "Africa/Nairobi" in labels(cora)
    await cora.press("Africa/Nairobi")
    assert "Time zone: Africa/Nairobi, now 15:00" in cora.last.plain
    await cora.press("🕐 Time zone")
    await cora.press("⌨️ Type another")
    await cora.send("Mars/Olympus")
    assert "is not a time zone I know" in cora.last.plain
    await cora.send("buenos aires")
    assert "Time zone: America/Argentina/Buenos_Aires" in cora.last.plain
    await cora.press("📅 Working days")
    await cora.press("⬜ Sat")
    assert "Mon–Sat" in cora.last.plain
    await cora.press("⬅️ Back to the settings")
    await cora.press("⏰ Working hours")
    await cora.press("08:30–17:00")
    await cora.press("💤 Stalled checklists")
    await cora.press("10")
    assert "a reminder after 10 days without an answer" in cora.last.plain
    settings = await bot.store.organisation_settings(org_id)
    assert settings.timezone == "America/Argentina/Buenos_Aires"
    assert settings.work_days == frozenset(range(6))
    assert (settings.opens, settings.closes, settings.stall_days) == (time(8, 30), time(17), 10)


async def test_the_last_working_day_stays_and_typed_hours_are_checked(
    api: LocalBotApi, bot: RunningBot
) -> None:
    _, coordinators = await new_organisation(api, "Careful town")
    org_id = await organisation_id(bot, "Careful town")
    await bot.use_cases.coordination.set_work_days(None, org_id, frozenset({0}))
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/settings")
    await cora.press("📅 Working days")
    await cora.press("✅ Mon")
    assert "works at least one day a week" in cora.last.plain
    await cora.press("⬅️ Back to the settings")
    await cora.press("⏰ Working hours")
    await cora.press("⌨️ Type other hours")
    await cora.send("17:00-08:00")
    assert "I could not read those hours" in cora.last.plain
    await cora.send("07:45-16:15")
    assert "07:45–16:15" in cora.last.plain
    settings = await bot.store.organisation_settings(org_id)
    assert settings.work_days == frozenset({0}) and settings.opens == time(7, 45)


async def test_a_responder_cannot_change_the_working_time(
    api: LocalBotApi, bot: RunningBot
) -> None:
    responders, coordinators = await new_organisation(api, "Guarded town")
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/settings")
    await cora.press("🕐 Time zone")
    zone_menu = cora.last
    ana = await joined(api, responders, "Ana")
    data = dict(b for row in zone_menu.buttons for b in row)["Africa/Nairobi"]
    ana_message = ana.last
    await ana.press_data(ana_message.message_id, data or "")
    assert ana.alerts[-1].text == "Only coordinators of that organisation can do this."
    org_id = await organisation_id(bot, "Guarded town")
    assert (await bot.store.organisation_settings(org_id)).timezone is None


async def test_a_sent_reminder_is_counted_in_the_metrics(
    api: LocalBotApi, bot: RunningBot, clock: Clock
) -> None:
    responders, _ = await new_organisation(api, "Counted town")
    org_id = await organisation_id(bot, "Counted town")
    ana = await joined(api, responders, "Ana")
    await dated_action(bot.store, org_id, ana.id, date(2027, 1, 6), clock.now)
    sent = metrics.REMINDERS_SENT.labels("overdue")._value.get()
    late = metrics.REMINDERS_SKIPPED.labels("late")._value.get()
    clock.now = utc(2027, 1, 7, 9)
    await bot.remind()
    assert metrics.REMINDERS_SENT.labels("overdue")._value.get() == sent + 1
    assert metrics.REMINDERS_SKIPPED.labels("late")._value.get() >= late + 1  # due soon
    assert b"micic_reminders_sent_total" in metrics.exposition()
    assert await bot.store.pending_reminders() == 0


@pytest.mark.bot(shared=False)
async def test_the_operator_can_switch_reminders_off(
    api: LocalBotApi, tmp_path: Path, recovery: Checklist
) -> None:
    running = RunningBot(api, tmp_path / "off.sqlite3", Clock(), reminders=False)
    await running.start()
    try:
        assert running.runtime is not None and running.runtime.reminders is None
        responders, _ = await new_organisation(api, "Quiet town")
        ana = await joined(api, responders, "Ana")
        await ana.send("/reminders")
        assert "its operator switched them off" in ana.last.plain
    finally:
        await running.stop()


@pytest.mark.bot(shared=False)
async def test_the_sweep_runs_by_itself(api: LocalBotApi, tmp_path: Path) -> None:
    clock = Clock()
    running = RunningBot(api, tmp_path / "ticking.sqlite3", clock)
    await running.start(sweep_every=0.05)
    try:
        responders, _ = await new_organisation(api, "Ticking town")
        org_id = await organisation_id(running, "Ticking town")
        ana = await joined(api, responders, "Ana")
        await dated_action(running.store, org_id, ana.id, date(2027, 1, 6), clock.now)
        clock.now = utc(2027, 1, 7, 9)
        assert await eventually(api, lambda: "is still open" in ana.last.plain)
    finally:
        await running.stop()
