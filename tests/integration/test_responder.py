"""A responder works through a checklist in Telegram, is interrupted, and comes back."""

from __future__ import annotations

import pytest

from bot.model import Checklist, Score
from bot.playground import LocalBotApi
from tests.support.chat import button, isolated, labels
from tests.support.onboarding import (
    answering,
    assessment_of,
    joined,
    new_organisation,
    new_user_id,
)
from tests.support.running import RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation

SCORES = [
    "0 · Not in place",
    "1 · Started or ad hoc",
    "2 · In place, not tested",
    "3 · In place and tested",
    "Don't know",
    "Not applicable",
]


async def test_start_greets_offers_languages_and_asks_for_a_code(
    api: LocalBotApi, bot: RunningBot
) -> None:
    ana = api.user(new_user_id(), "Ana", language_code="en")
    await ana.send("/start")
    assert f"Hello, {isolated('Ana')}!" in ana.last.plain
    assert "/join CODE" in ana.last.plain
    assert "English" in labels(ana)


async def test_command_menu_is_set(api: LocalBotApi, bot: RunningBot) -> None:
    commands = [name for name, _ in next(iter(api.commands.values()))]
    assert {"start", "continue", "review", "help", "cancel", "language"} <= set(commands)


async def test_a_responder_joins_and_completes_a_checklist(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, _ = await new_organisation(api, "Lyon")
    ana = await joined(api, code, "Ana")
    assert f"You are now a responder for {isolated('Lyon')}" in ana.messages[-2].plain
    await ana.press(button(ana, recovery.title))
    item_message = ana.last
    assert f"Item 1 of {len(recovery.items)}, 0% answered" in item_message.plain
    assert labels(ana)[:6] == SCORES
    for n, _item in enumerate(recovery.items):
        await ana.press(SCORES[n % 4])
    assert ana.last.message_id == item_message.message_id, "the same message is edited"
    assert f"All {len(recovery.items)} items" in ana.last.plain
    assert "G14" in ana.last.plain and "G15" in ana.last.plain
    assessment = await assessment_of(bot, ana)
    answers = await bot.store.answers(assessment.id)
    assert [answers[i.id].score for i in recovery.items] == [
        list(Score)[n % 4] for n in range(len(recovery.items))
    ]
    assert all(a.author_id == ana.id for a in answers.values())


@pytest.mark.bot(shared=False)  # it restarts the bot
async def test_stopped_mid_checklist_the_responder_continues_where_they_were(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    for _ in range(5):
        await ana.press("2 · In place, not tested")
    await bot.stop()
    await bot.start()
    await ana.send("/continue")
    assert f"Item 6 of {len(recovery.items)}" in ana.last.plain
    assert recovery.items[5].question in ana.last.plain
    await ana.press("Don't know")
    assert f"Item 7 of {len(recovery.items)}" in ana.last.plain


async def test_two_responders_share_one_assessment(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, _ = await new_organisation(api)
    ana = await joined(api, code, "Ana")
    ben = await joined(api, code, "Ben")
    await ana.press(button(ana, recovery.title))
    await ana.press("3 · In place and tested")
    await ben.press(button(ben, recovery.title))
    assert "Item 2 of" in ben.last.plain
    await ben.send("/review")
    assert "3 · In place and tested" in ben.last.plain
    assert "(Ana)" not in ben.last.plain  # the review lists answers, not who gave them
    assert len(await bot.store.assessments((await assessment_of(bot, ana)).org_id)) == 1


async def test_help_reveals_the_help_text_in_the_same_message(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    before = ana.last.message_id
    await ana.press("ℹ️ Help")
    assert recovery.items[0].help in ana.last.plain
    assert ana.last.message_id == before
    await ana.press("Hide help")
    assert recovery.items[0].help not in ana.last.plain


async def test_skip_moves_on_and_continue_comes_back(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.press("⏭ Skip")
    assert "Item 2 of" in ana.last.plain
    await ana.send("/continue")
    assert "Item 1 of" in ana.last.plain


async def test_a_note_and_evidence_are_kept(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.press("📝 Note")
    assert "Send your note" in ana.last.plain
    await ana.send_photo(b"\x89PNG fake", filename="shelter.png")
    assert "File kept as evidence" in ana.last.plain
    await ana.send("Shelter <b>B</b> accepts everyone")
    assert "Note saved" in ana.messages[-2].plain
    assert isolated("Shelter <b>B</b> accepts everyone") in ana.last.plain  # text, not markup
    assessment = await assessment_of(bot, ana)
    notes = await bot.store.notes(assessment.id)
    assert [n.text for n in notes[recovery.items[0].id]] == ["Shelter <b>B</b> accepts everyone"]
    evidence = await bot.store.evidence(assessment.id)
    assert [(e.item_id, e.kind) for e in evidence] == [(recovery.items[0].id, "photo")]


async def test_cancel_leaves_a_note_unsaved(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.press("📝 Note")
    await ana.send("/cancel")
    assert "Nothing was saved" in ana.messages[-2].plain
    await ana.send("some text")
    assert "Please answer with the buttons" in ana.messages[-2].plain
    assessment = await assessment_of(bot, ana)
    assert await bot.store.answers(assessment.id) == {}


async def test_review_changes_an_answer_and_keeps_the_history(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.press("0 · Not in place")
    await ana.send("/review")
    assert "Review · Guideline 14" in ana.last.plain
    await ana.press("✏️ 1")
    await ana.press("3 · In place and tested")
    assert "Review · Guideline 14" in ana.last.plain
    assert "3 · In place and tested" in ana.last.plain
    assessment = await assessment_of(bot, ana)
    log = await bot.store.audit_log(assessment.id)
    assert [(e.old, e.new) for e in log] == [(None, "0"), ("0", "3")]
