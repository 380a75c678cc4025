"""Assessment rounds in chat: the new year closes nothing; a coordinator starts the next round
on purpose; an item of the new round offers last round's answer as "Unchanged"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.model import Checklist, Score
from bot.playground import LocalBotApi
from bot.playground.telegram_html import utf16_len
from bot.scope import Scope, narrow
from tests.support.chat import button, isolated, labels
from tests.support.onboarding import answering, assessment_of, joined, new_cycle, new_organisation
from tests.support.running import Clock, RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation


async def test_the_calendar_turning_over_closes_nothing(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist, clock: Clock
) -> None:
    clock.now = datetime(2026, 12, 31, 23, 59, tzinfo=UTC)
    ana = await answering(api, recovery)
    await ana.press("2 · In place, not tested")
    item = ana.last
    clock.now = datetime(2027, 1, 1, 0, 1, tzinfo=UTC)

    await ana.press("3 · In place and tested", message=item)
    await ana.send("/continue")

    assert "Item 3 of" in ana.last.plain
    assessment = await assessment_of(bot, ana)
    answers = await bot.store.answers(assessment.id)
    assert [answers[i.id].score for i in recovery.items[:2]] == [Score.IN_PLACE, Score.TESTED]
    assert assessment.cycle == "2026"
    assert [c.label for c in await bot.store.cycles(assessment.org_id)] == ["2026"]


async def test_a_new_round_is_started_and_unchanged_carries_an_answer_over(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Arles")
    ana = await joined(api, responders, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("📝 Note")
    await ana.send("Plan adopted by the council.")
    await ana.press("2 · In place, not tested")
    await ana.press("0 · Not in place")
    old = await assessment_of(bot, ana)
    cora = await joined(api, coordinators, "Cora")

    await cora.send("/cycle")
    assert f"Current cycle: {isolated('2026')}" in cora.last.plain
    asked = len(narrow(recovery, Scope()).items)  # what a place of destination and transit asks
    assert f"{recovery.title} {2 * 100 // asked}%" in cora.last.plain
    await cora.press("🆕 Start a new cycle")
    assert f"The answers of {isolated('2026')} are kept as they are" in cora.last.plain
    assert labels(cora)[0] == "✅ Start “2026-2”"
    await cora.press("✏️ Give it another name")
    assert f"Send the name of the new cycle of {isolated('Arles')}" in cora.last.plain
    await cora.send("2026 after the flood review")
    assert f"The cycle {isolated('2026 after the flood review')} is open." in cora.last.plain

    await ana.press("1 · Started or ad hoc")  # under the item of the round that is closed now
    assert "That checklist round is closed" in ana.alerts[-1].text
    await ana.press(button(ana, recovery.title))
    first = ana.last
    assert "Item 1 of" in first.plain
    last = f"Last cycle, {isolated('2026')}:"
    assert f"{last} 2 · In place, not tested ({isolated('Ana')}," in first.plain
    assert "Plan adopted by the council." in first.plain.split(last)[1]
    await ana.press("🔁 Unchanged")
    assert "Item 2 of" in first.plain and f"{last} 0 · Not in place" in first.plain
    new = await assessment_of(bot, ana)
    assert new.id != old.id and new.cycle == "2026 after the flood review"
    first_item = recovery.items[0].id
    kept = (await bot.store.answers(new.id))[first_item]
    [note] = (await bot.store.notes(new.id))[first_item]
    assert (kept.score, kept.author_id) == (Score.IN_PLACE, ana.id)
    assert (note.text, note.author_id) == ("Plan adopted by the council.", ana.id)
    assert (await bot.store.answers(old.id))[recovery.items[0].id].score is Score.IN_PLACE


async def test_a_second_press_opens_no_second_round_and_responders_open_none(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Nîmes")
    ana = await joined(api, responders, "Ana")
    cora = await joined(api, coordinators, "Cora")
    ada = await joined(api, coordinators, "Ada")
    await cora.send("/cycle")
    await cora.press("🆕 Start a new cycle")
    confirm = cora.last
    await ada.send("/cycle")
    await ada.press("🆕 Start a new cycle")

    await cora.press("✅ Start “2026-2”", message=confirm)
    await ada.press("✅ Start “2026-2”")

    assert f"The cycle {isolated('2026-2')} is open" in confirm.plain
    assert f"Another cycle was opened meanwhile: {isolated('2026-2')}" in ada.last.plain
    org = await bot.store.organisation_by_name("Nîmes")
    assert org is not None
    assert [c.label for c in await bot.store.cycles(org.id)] == ["2026-2", "2026"]
    await ana.send("/cycle")
    assert "Only coordinators can do this." in ana.last.plain
    current = await bot.store.open_cycle(org.id)
    assert current is not None
    await ana.press_data(ana.last.message_id, f"co:{org.id}:{current.id}")
    assert "Only coordinators of that organisation" in ana.alerts[-1].text
    assert len(await bot.store.cycles(org.id)) == 2


async def test_last_cycle_s_long_notes_are_shortened_beside_this_cycle_s_and_read_in_full(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Sète")
    ana = await joined(api, responders, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("📝 Note")
    await ana.send("🚒" * 2000)  # 4,000 UTF-16 units: more than a message holds beside anything
    await ana.press("2 · In place, not tested")
    cora = await joined(api, coordinators, "Cora")
    await new_cycle(cora)
    await ana.send("/start")
    await ana.press(button(ana, recovery.title))
    await ana.press("📝 Note")
    await ana.send("🌊" * 2000)

    item = ana.last
    assert utf16_len(item.plain) <= 4096
    assert "🌊" in item.plain and "🚒" in item.plain.split("Last cycle")[1]
    assert {"📖 Read the notes in full", "📖 Read last cycle's notes in full"} <= set(labels(ana))
    assert "🔁 Unchanged" in labels(ana)
    before = len(ana.messages)
    await ana.press("📖 Read last cycle's notes in full")
    assert "".join(m.plain for m in ana.messages[before:]).count("🚒") == 2000


async def test_unchanged_on_an_item_a_colleague_answered_since_keeps_their_answer(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Agde")
    ana = await joined(api, responders, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("2 · In place, not tested")
    cora = await joined(api, coordinators, "Cora")
    await new_cycle(cora)
    ben = await joined(api, responders, "Ben")
    await ana.send("/start")
    await ana.press(button(ana, recovery.title))
    item = ana.last
    await ben.press(button(ben, recovery.title))
    await ben.press("0 · Not in place")

    await ana.press("🔁 Unchanged", message=item)

    assert f"{isolated('Ben')} answered this already: 0 · Not in place" in ana.alerts[-1].text
    assert "Item 2 of" in item.plain
    new = await assessment_of(bot, ben)
    assert (await bot.store.answers(new.id))[recovery.items[0].id].score is Score.NOT_IN_PLACE


async def test_an_earlier_cycle_s_report_is_chosen_in_chat_with_its_detail_and_files(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Orange")
    ana = await joined(api, responders, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("0 · Not in place")
    cora = await joined(api, coordinators, "Cora")
    await new_cycle(cora)
    await ana.send("/start")
    await ana.press(button(ana, recovery.title))
    await ana.press("3 · In place and tested")

    await cora.send("/report")
    chooser = cora.last
    await cora.press(recovery.title)
    newest = "\n".join(m.plain for m in cora.messages[cora.messages.index(chooser) + 1 :])
    assert f"cycle {isolated('2026-2')}" in newest
    assert "🗂 Reports of other cycles of this checklist:" in chooser.plain
    [[(earlier, data)]] = chooser.buttons
    assert earlier == f"📅 {isolated('2026')}" and len((data or "").encode()) <= 64

    before = len(cora.messages)
    await cora.press(earlier, message=chooser)
    sent = cora.messages[before:]
    *summary, document, workbook, chart = sent
    text = "\n".join(m.plain for m in summary)
    assert f"cycle {isolated('2026')} ·" in text and "2026-2" not in text
    assert document.document is not None and workbook.document is not None
    assert document.document.filename == "micic-recovery-2026-orange.html"
    assert chart.photo is not None
    assert [label for row in chooser.buttons for label, _ in row] == [f"📅 {isolated('2026-2')}"]

    guideline, detail_data = summary[-1].buttons[0][0]
    assert (detail_data or "").startswith("rd:")
    before = len(cora.messages)
    await cora.press(guideline, message=summary[-1])
    detail = "\n".join(m.plain for m in cora.messages[before:])
    assert "0 · Not in place" in detail and "In place and tested" not in detail
    assert not [b for m in cora.messages[before:] for row in m.buttons for b in row]  # no plans

    org = await bot.store.organisation_by_name("Orange")
    assert org is not None
    first, *_ = reversed(await bot.store.cycles(org.id))
    await new_cycle(cora, "2026-3")  # a cycle without answers has no report to choose
    empty = await bot.store.open_cycle(org.id)
    other = await answering(api, recovery)
    theirs = await bot.store.open_cycle((await assessment_of(bot, other)).org_id)
    assert empty is not None and theirs is not None
    for cycle_id in (empty.id, theirs.id, 424242):
        await cora.press_data(chooser.message_id, f"rc:{org.id}:recovery:{cycle_id}")
        assert "This button no longer works" in cora.alerts[-1].text, cycle_id
    before = len(ana.messages)
    await ana.press_data(ana.last.message_id, f"rc:{org.id}:recovery:{first.id}")
    assert "Only coordinators of that organisation can do this." in ana.alerts[-1].text
    assert len(ana.messages) == before
