"""Reminders in chat: each kind reaches the right person at the right local hour, in two time
zones and across a daylight-saving change, never at the weekend, once; with a button to what it
is about. The bot's clock is the test's, and the sweep runs when the test says (``remind``)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from bot.model import Checklist
from bot.playground import ChatUser, LocalBotApi
from tests.support.chat import button, isolated, labels
from tests.support.onboarding import joined, new_organisation, organisation_id
from tests.support.project import CATALOGS
from tests.support.reminding import dated_action, utc
from tests.support.running import Clock, RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisations
_towns = itertools.count(1)
MONDAY = utc(2027, 1, 4, 12)  # when the towns are made


@dataclass
class Town:
    """An organisation in a time zone, with a responder (Ana) and a coordinator (Cora)."""

    org_id: int
    name: str
    ana: ChatUser
    cora: ChatUser


async def town(api: LocalBotApi, bot: RunningBot, clock: Clock, zone: str) -> Town:
    clock.now = MONDAY
    name = f"Reminded town {next(_towns)}"
    responders, coordinators = await new_organisation(api, name)
    org_id = await organisation_id(bot, name)
    await bot.use_cases.coordination.set_timezone(None, org_id, zone)
    ana = await joined(api, responders, "Ana")
    cora = await joined(api, coordinators, "Cora")
    return Town(org_id, name, ana, cora)


async def answer_two(user: ChatUser, recovery: Checklist) -> None:
    await user.press(button(user, recovery.title))
    for _ in range(2):
        await user.press("1 · Started or ad hoc")


def count(user: ChatUser) -> int:
    return len(user.messages)


async def test_a_stalled_checklist_reminds_at_the_local_hour_of_each_zone(
    api: LocalBotApi, bot: RunningBot, clock: Clock, recovery: Checklist
) -> None:
    rome = await town(api, bot, clock, "Europe/Rome")
    bogota = await town(api, bot, clock, "America/Bogota")
    clock.now = utc(2027, 1, 5, 22)  # Tuesday: 23:00 in Rome, 17:00 in Bogotá
    for user in (rome.ana, bogota.ana):
        await answer_two(user, recovery)
    before = {user.id: count(user) for user in (rome.ana, bogota.ana)}

    clock.now = utc(2027, 1, 12, 21, 59)
    await bot.remind()
    assert count(bogota.ana) == before[bogota.ana.id]
    clock.now = utc(2027, 1, 12, 22)  # a week on: 17:00 in Bogotá, 23:00 in Rome
    await bot.remind()
    total = len(recovery.items)
    assert f"2 of {total} items of {isolated(recovery.title)} answered." in bogota.ana.last.plain
    assert labels(bogota.ana) == ["▶️ Continue"]
    assert count(rome.ana) == before[rome.ana.id]  # night in Rome: it waits for the morning
    clock.now = utc(2027, 1, 13, 7, 59)
    await bot.remind()
    assert count(rome.ana) == before[rome.ana.id]
    clock.now = utc(2027, 1, 13, 8)  # Wednesday 09:00 in Rome
    await bot.remind()
    assert f"2 of {total} items of {isolated(recovery.title)} answered." in rome.ana.last.plain
    await bot.remind()
    assert count(rome.ana) == before[rome.ana.id] + 1  # once


async def test_continue_opens_the_first_unanswered_item(
    api: LocalBotApi, bot: RunningBot, clock: Clock, recovery: Checklist
) -> None:
    rome = await town(api, bot, clock, "Europe/Rome")
    clock.now = utc(2027, 1, 5, 10)
    await answer_two(rome.ana, recovery)
    await rome.ana.send("/language")  # she does something else meanwhile
    clock.now = utc(2027, 1, 12, 10)
    await bot.remind()
    reminder = rome.ana.last
    await rome.ana.press("▶️ Continue")
    assert reminder.edits == 1  # the reminder became the item
    assert "Item 3 of" in rome.ana.last.plain


async def test_an_owner_hears_before_and_after_the_due_date_at_each_local_opening(
    api: LocalBotApi, bot: RunningBot, clock: Clock
) -> None:
    rome = await town(api, bot, clock, "Europe/Rome")
    bogota = await town(api, bot, clock, "America/Bogota")
    due = date(2027, 1, 14)  # a Thursday: due soon on Monday the 11th, overdue Friday 15th
    for place in (rome, bogota):
        await dated_action(bot.store, place.org_id, place.ana.id, due, clock.now)
    start = {place.ana.id: count(place.ana) for place in (rome, bogota)}

    clock.now = utc(2027, 1, 11, 8)  # 09:00 in Rome, 03:00 in Bogotá
    await bot.remind()
    assert "is due on Jan 14, 2027, in 3 days:" in rome.ana.last.plain
    assert labels(rome.ana) == ["Open the action"]
    assert count(bogota.ana) == start[bogota.ana.id]
    clock.now = utc(2027, 1, 11, 14)  # 09:00 in Bogotá
    await bot.remind()
    assert "is due on Jan 14, 2027, in 3 days:" in bogota.ana.last.plain

    clock.now = utc(2027, 1, 15, 8)
    await bot.remind()
    assert "was due on Jan 14, 2027 and is still open:" in rome.ana.last.plain
    assert count(bogota.ana) == start[bogota.ana.id] + 1
    clock.now = utc(2027, 1, 15, 14)
    await bot.remind()
    assert "was due on Jan 14, 2027 and is still open:" in bogota.ana.last.plain
    await rome.ana.press("Open the action")
    assert "Translate the evacuation leaflet" in rome.ana.last.plain


async def test_a_week_after_overdue_the_coordinators_hear_once(
    api: LocalBotApi, bot: RunningBot, clock: Clock
) -> None:
    bogota = await town(api, bot, clock, "America/Bogota")
    await dated_action(bot.store, bogota.org_id, bogota.ana.id, date(2027, 1, 6), clock.now)
    clock.now = utc(2027, 1, 7, 14)  # Thursday 09:00 in Bogotá: overdue, to Ana
    await bot.remind()
    before = count(bogota.cora)
    clock.now = utc(2027, 1, 14, 13, 59)
    await bot.remind()
    assert count(bogota.cora) == before
    clock.now = utc(2027, 1, 14, 14)  # a week on, 09:00
    await bot.remind()
    text = bogota.cora.last.plain
    assert "is still open a week later:" in text and bogota.name in text
    assert f"Owner: {isolated('Ana')}" in text
    clock.now = utc(2027, 1, 15, 14)
    await bot.remind()
    assert count(bogota.cora) == before + 1


async def test_the_weekly_digest_comes_on_monday_at_the_local_opening(
    api: LocalBotApi, bot: RunningBot, clock: Clock, recovery: Checklist
) -> None:
    rome = await town(api, bot, clock, "Europe/Rome")
    quiet = await town(api, bot, clock, "America/Bogota")  # nothing begun, nothing planned
    await answer_two(rome.ana, recovery)
    await dated_action(bot.store, rome.org_id, rome.ana.id, date(2027, 1, 8), clock.now)
    before = {user.id: count(user) for user in (rome.cora, quiet.cora)}
    clock.now = utc(2027, 1, 11, 7, 59)  # Monday 08:59 in Rome
    await bot.remind()
    assert count(rome.cora) == before[rome.cora.id]
    clock.now = utc(2027, 1, 11, 8)
    await bot.remind()
    text = rome.cora.last.plain
    assert "Your week" in text and rome.name in text
    percent = 2 * 100 // len(recovery.items)
    assert f"This cycle: {isolated(recovery.title)} {percent}%" in text
    assert "Overdue: 1 action" in text
    assert labels(rome.cora) == [f"📊 Report: {rome.name}", f"🎯 Actions: {rome.name}"]
    clock.now = utc(2027, 1, 11, 14)  # 09:00 in Bogotá: its digest has nothing to say
    await bot.remind()
    assert count(quiet.cora) == before[quiet.cora.id]
    await rome.cora.press(f"🎯 Actions: {rome.name}")
    assert "Translate the evacuation leaflet" in rome.cora.last.plain


async def test_nine_stays_nine_across_the_change_to_summer_time(
    api: LocalBotApi, bot: RunningBot, clock: Clock, recovery: Checklist
) -> None:
    rome = await town(api, bot, clock, "Europe/Rome")
    clock.now = utc(2027, 3, 25, 13)  # Thursday 14:00 CET
    await answer_two(rome.ana, recovery)
    await dated_action(bot.store, rome.org_id, rome.ana.id, date(2027, 3, 26), clock.now)
    before = count(rome.ana)
    # Italy moves its clocks on Sunday 28th: 09:00 on Monday 29th is 07:00 UTC, not 08:00
    clock.now = utc(2027, 3, 29, 6, 59)
    await bot.remind()
    assert count(rome.ana) == before
    clock.now = utc(2027, 3, 29, 7)
    await bot.remind()
    assert "was due on Mar 26, 2027 and is still open:" in rome.ana.last.plain
    # the stalled checklist: 14:00 a week after 14:00, 12:00 UTC now
    clock.now = utc(2027, 4, 1, 11, 59)
    await bot.remind()
    assert count(rome.ana) == before + 1
    clock.now = utc(2027, 4, 1, 12)
    await bot.remind()
    assert "items of" in rome.ana.last.plain and count(rome.ana) == before + 2


async def test_nothing_arrives_at_the_weekend(
    api: LocalBotApi, bot: RunningBot, clock: Clock, recovery: Checklist
) -> None:
    rome = await town(api, bot, clock, "Europe/Rome")
    await bot.use_cases.coordination.set_stall_days(None, rome.org_id, 1)
    clock.now = utc(2027, 1, 8, 15)  # Friday 16:00
    await answer_two(rome.ana, recovery)
    before = count(rome.ana)
    for moment in (utc(2027, 1, 9, 15), utc(2027, 1, 10, 9), utc(2027, 1, 11, 7, 59)):
        clock.now = moment  # Saturday, Sunday, Monday 08:59
        await bot.remind()
        assert count(rome.ana) == before
    clock.now = utc(2027, 1, 11, 8)  # Monday 09:00
    await bot.remind()
    assert "items of" in rome.ana.last.plain


async def test_each_reminder_is_in_its_recipients_language(
    api: LocalBotApi, bot: RunningBot, clock: Clock, recovery: Checklist
) -> None:
    clock.now = MONDAY
    name = f"Reminded town {next(_towns)}"
    responders, _ = await new_organisation(api, name)
    org_id = await organisation_id(bot, name)
    fatima = await joined(api, responders, "Fatima", lang="fr")
    karim = await joined(api, responders, "Karim", lang="ar")
    french = CATALOGS.translator("fr")
    await fatima.press(button(fatima, french.title(recovery)))
    await fatima.press("1 · Amorcé ou ponctuel")
    await dated_action(bot.store, org_id, karim.id, date(2027, 1, 8), clock.now)
    clock.now = utc(2027, 1, 11, 12)  # a week on: both fall due
    await bot.remind()
    total = len(recovery.items)
    assert (
        f"Réponses\u00a0: 1 sur {total} questions de {isolated(french.title(recovery))}."
        in fatima.last.plain
    )
    assert labels(fatima) == ["▶️ Continuer"]
    assert "وما زال مفتوحًا" in karim.last.plain
    assert karim.last.plain.startswith("\u200f")  # right to left
    assert labels(karim) == ["فتح الإجراء"]
