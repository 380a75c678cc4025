"""Due dates on the organisation's own calendar: in Bogotá at 20:00 on 30 March, it is still
30 March there (31 March in UTC), for a typed date, the quick choices, the overdue flags of
``/actions`` and the plan line of a report."""

from __future__ import annotations

from datetime import date

import pytest

from bot.model import Checklist
from bot.playground import ChatUser, LocalBotApi
from tests.support.chat import button, labels
from tests.support.onboarding import joined, new_organisation, organisation_id
from tests.support.reminding import dated_action, utc
from tests.support.running import Clock, RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation
EVENING = utc(2027, 3, 31, 1)  # Tuesday 30 March, 20:00 in Bogotá; 31 March in UTC
MIDNIGHT = utc(2027, 3, 31, 5)  # Wednesday 31 March, 00:00 in Bogotá


async def bogota(
    api: LocalBotApi, bot: RunningBot, clock: Clock, name: str
) -> tuple[int, str, str]:
    """A new organisation in Bogotá: its id, and its responders' and coordinators' codes."""
    clock.now = utc(2027, 3, 29, 15)  # Monday
    responders, coordinators = await new_organisation(api, name)
    org_id = await organisation_id(bot, name)
    await bot.use_cases.coordination.set_timezone(None, org_id, "America/Bogota")
    return org_id, responders, coordinators


async def new_action(cora: ChatUser) -> None:
    await cora.send("/actions")
    await cora.press("➕ New action")
    await cora.send("Translate the evacuation map into Tigrinya.")


async def test_a_due_date_typed_or_chosen_counts_from_the_local_date(
    api: LocalBotApi, bot: RunningBot, clock: Clock
) -> None:
    org_id, _, coordinators = await bogota(api, bot, clock, "Bogotá typed")
    cora = await joined(api, coordinators, "Cora")
    clock.now = EVENING
    await new_action(cora)
    await cora.press("📅 Due date")
    assert "In 12 months · Mar 30, 2028" in labels(cora)
    await cora.press("⌨️ Type a date")
    await cora.send("2027-03-30")  # today in Bogotá
    assert "Due: Mar 30, 2027" in cora.last.plain
    assert "overdue" not in cora.last.plain
    [action] = await bot.store.actions(org_id)
    assert action.due == date(2027, 3, 30)
    await cora.press("📅 Due date")
    await cora.press(button(cora, "In 1 month"))
    assert "Due: Apr 30, 2027" in cora.last.plain


async def test_overdue_flags_in_actions_and_reports_follow_the_local_date(
    api: LocalBotApi, bot: RunningBot, clock: Clock, recovery: Checklist
) -> None:
    org_id, responders, coordinators = await bogota(api, bot, clock, "Bogotá late")
    ana = await joined(api, responders, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("1 · Started or ad hoc")
    cora = await joined(api, coordinators, "Cora")
    await dated_action(bot.store, org_id, ana.id, date(2027, 3, 30), clock.now)

    clock.now = EVENING
    await cora.send("/actions")
    assert "overdue" not in cora.last.plain
    await ana.send("/actions")
    assert "overdue" not in ana.last.plain
    await cora.send("/report")
    await cora.press(recovery.title)
    summary = "\n".join(m.plain for m in cora.messages if "Action plan:" in m.plain)
    assert "1 planned, 0 overdue" in summary

    clock.now = MIDNIGHT
    await cora.send("/actions")
    assert "1 overdue" in cora.last.plain and "⏰ overdue" in cora.last.plain
