"""A user sees and deletes what is theirs; notes that look personal get a warning first."""

from __future__ import annotations

import json

import pytest

from bot.model import Checklist
from bot.playground import LocalBotApi
from tests.support.chat import button, isolated
from tests.support.onboarding import (
    answering,
    assessment_of,
    joined,
    new_organisation,
    new_user_id,
    organisation_id,
)
from tests.support.running import RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation


async def test_mydata_sends_everything_held_about_the_user(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery, "Lyon")
    await ana.press("2 · In place, not tested")
    await ana.send("/mydata")
    document = ana.last.document
    assert document is not None and document.filename == "my-data.json"
    assert ana.last.protect_content
    data = json.loads(document.data)
    assert data["user"][0]["first_name"] == "Ana"
    assert data["memberships"][0]["organisation"] == "Lyon"
    assert [a["score"] for a in data["answers"]] == ["2"]


async def test_forget_deletes_the_account_and_keeps_the_answers_without_a_name(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    assessment = await assessment_of(bot, ana)
    await ana.press("3 · In place and tested")
    await ana.send("/forget")
    assert "Delete your personal data?" in ana.last.plain
    await ana.press("Yes, delete")
    assert "your personal data is deleted" in ana.last.plain
    assert await bot.store.user(ana.id) is None
    assert await bot.store.members(assessment.org_id) == []
    answer = (await bot.store.answers(assessment.id))[recovery.items[0].id]
    assert answer.score is not None and answer.author_id is None
    assert all(e.author_id is None for e in await bot.store.audit_log(assessment.id))


async def test_forget_can_be_declined(api: LocalBotApi, bot: RunningBot) -> None:
    code, _ = await new_organisation(api)
    ana = await joined(api, code, "Ana")
    await ana.send("/forget")
    await ana.press("No, keep")
    assert "Nothing was deleted" in ana.last.plain
    assert await bot.store.user(ana.id) is not None


async def test_a_note_with_a_phone_number_gets_a_warning_before_it_is_saved(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.press("📝 Note")
    await ana.send("Call Maria on +33 6 12 34 56 78")
    assert "seems to contain a phone number" in ana.last.plain
    assessment = await assessment_of(bot, ana)
    assert await bot.store.notes(assessment.id) == {}
    await ana.press("Write it again")
    await ana.send("The shelter coordinator is reachable through the town hall switchboard")
    (note,) = (await bot.store.notes(assessment.id))[recovery.items[0].id]
    assert "+33" not in note.text


async def test_a_warned_note_can_be_saved_anyway(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.press("📝 Note")
    await ana.send("Write to shelter@lyon.example")
    await ana.press("Save anyway")
    assessment = await assessment_of(bot, ana)
    (note,) = (await bot.store.notes(assessment.id))[recovery.items[0].id]
    assert note.text == "Write to shelter@lyon.example"
    assert await bot.store.pending(ana.id) is None


async def test_guessing_invite_codes_is_limited(api: LocalBotApi, bot: RunningBot) -> None:
    code, _ = await new_organisation(api, "Quito")
    eve = api.user(new_user_id(), "Eve", language_code="en")
    for guess in range(5):
        await eve.send(f"/join WRONG{guess}")
        assert "I do not know that invite code" in eve.last.plain
    await eve.send(f"/join {code}")
    assert "Too many wrong codes" in eve.last.plain
    assert await bot.store.members(await organisation_id(bot, "Quito")) == []


async def test_a_newcomer_s_chat_is_answered_with_how_to_join_and_not_counted_as_a_guess(
    api: LocalBotApi, bot: RunningBot
) -> None:
    code, _ = await new_organisation(api, "Cusco")
    eve = api.user(new_user_id(), "Eve", language_code="en")
    for line in ("hello", "I am the new shelter officer", "how do I start?", "ok", "thanks"):
        await eve.send(line)
        assert "You have not joined a municipality yet" in eve.last.plain
        assert "/join CODE" in eve.last.plain
    await eve.send(f"/start {code}")
    assert f"You are now a responder for {isolated('Cusco')}" in eve.messages[-2].plain


async def test_only_what_looks_like_a_code_counts_as_a_wrong_code(
    api: LocalBotApi, bot: RunningBot
) -> None:
    code, _ = await new_organisation(api, "Lima")
    eve = api.user(new_user_id(), "Eve", language_code="en")
    link = "https://t.me/micic_test_bot?start=ZZZZZZZZ22"
    for guess in ("WRONGCODE1", "/join NOPE", link, "ABCDEFGHJK", "/start NOTACODE9"):
        await eve.send(guess)
        assert "I do not know that invite code" in eve.last.plain
    await eve.send(code)  # five wrong codes: even the right one waits
    assert "Too many wrong codes" in eve.last.plain
    assert await bot.store.members(await organisation_id(bot, "Lima")) == []


async def test_mydata_holds_the_user_s_own_words_and_forget_erases_them_from_the_history(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, _ = await new_organisation(api, "Quebec")
    rita, sam = await joined(api, code, "Rita"), await joined(api, code, "Sam")
    for user, text in ((rita, "Rita's words on the plan"), (sam, "Sam's words on the plan")):
        await user.press(button(user, recovery.title))
        await user.press("📝 Note")
        await user.send(text)
    await sam.press("📝 Note")
    await sam.send("Sam's second thoughts")
    await sam.send("/mydata")
    assert sam.last.document is not None
    exported = sam.last.document.data.decode("utf-8")
    assert "Sam's words on the plan" in exported and "Sam's second thoughts" in exported
    assert "Rita's words" not in exported  # a colleague's words are hers, not his
    data = json.loads(exported)
    assert [n["text"] for n in data["notes"]] == ["Sam's second thoughts"]

    assessment = await assessment_of(bot, rita)
    await rita.send("/forget")
    await rita.press("Yes, delete")
    history = await bot.store.audit_log(assessment.id)
    assert not any("Rita's words" in (e.old or "") + (e.new or "") for e in history)
    notes = (await bot.store.notes(assessment.id))[recovery.items[0].id]
    # The note as it is stays with the assessment, without her name (see README, privacy).
    assert ("Rita's words on the plan", None) in [(n.text, n.author_id) for n in notes]


async def test_an_owner_sees_their_actions_in_mydata_and_forget_leaves_a_former_member(
    api: LocalBotApi, bot: RunningBot
) -> None:
    responders, coordinators = await new_organisation(api, "Sion")
    cora = await joined(api, coordinators, "Cora")
    ana = await joined(api, responders, "Ana")
    await cora.send("/actions")
    await cora.press("➕ New action")
    await cora.send("Brief the shelter volunteers.")
    await cora.press("👤 Owner")
    await cora.press(isolated("Ana"))
    await ana.press("Open the action")
    await ana.press("🆘 Support needed")
    await ana.send("Two interpreters for the briefing.")

    await ana.send("/mydata")
    assert ana.last.document is not None
    data = json.loads(ana.last.document.data)
    assert [(a["text"], a["owned"]) for a in data["actions"]] == [
        ("Brief the shelter volunteers.", 1)
    ]
    assert [(c["field"], c["new"]) for c in data["action_changes"]] == [
        ("owner", f"member:{ana.id}"),
        ("support", "Two interpreters for the briefing."),
    ]
    await ana.send("/forget")
    await ana.press("Yes, delete")

    await cora.send("/actions")
    assert f"{isolated('Brief the shelter volunteers.')} · a former member" in cora.last.plain
    org = await organisation_id(bot, "Sion")
    [action] = await bot.store.actions(org)
    assert action.support == "Two interpreters for the briefing."
    history = await bot.store.action_log(action.id)
    assert all(str(ana.id) not in f"{e.old}{e.new}" and e.author_id != ana.id for e in history)
