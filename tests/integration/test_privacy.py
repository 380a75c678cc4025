"""A user sees and deletes what is theirs; notes that look personal get a warning first."""

from __future__ import annotations

import json

import pytest

from bot.model import Checklist
from bot.playground import LocalBotApi
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
