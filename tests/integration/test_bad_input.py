"""What bad input gets in the responder chat: a clear answer, and nothing lost or miswritten."""

from __future__ import annotations

import sqlite3

import pytest

from bot.model import Checklist
from bot.playground import ChatUser, LocalBotApi
from tests.support.chat import held
from tests.support.onboarding import (
    answering,
    assessment_of,
    joined,
    new_organisation,
    new_user_id,
)
from tests.support.running import READ_TIMEOUT, Clock, RunningBot

# Each test has its own users and organisation; those that inject faults into the Bot API or
# lock the database get a bot of their own.
pytestmark = pytest.mark.bot(shared=True)


async def _answers(bot: RunningBot, user: ChatUser) -> dict[str, str | None]:
    """The scores stored in the user's assessment."""
    assessment = await assessment_of(bot, user)
    return {
        k: (a.score.value if a.score else None)
        for k, a in (await bot.store.answers(assessment.id)).items()
    }


async def test_text_instead_of_a_button_gets_a_hint_and_the_item_again(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.press("2 · In place, not tested")
    await ana.send("yes we have that")
    assert "Please answer with the buttons" in ana.messages[-2].plain
    assert "Item 2 of" in ana.last.plain
    assert await _answers(bot, ana) == {recovery.items[0].id: "2"}


async def test_a_double_tap_is_stored_once(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    message = ana.last
    data = dict(message.buttons[1])["3 · In place and tested"]
    assert data is not None
    await ana.press_data(message.message_id, data)
    await ana.press_data(message.message_id, data)
    assert await _answers(bot, ana) == {recovery.items[0].id: "3"}
    assessment = await assessment_of(bot, ana)
    assert len(await bot.store.audit_log(assessment.id)) == 1
    assert "Item 2 of" in ana.last.plain
    assert not [a for a in ana.alerts if a.show_alert]


async def test_a_stale_button_does_not_overwrite_a_newer_answer(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    message = ana.last
    old_zero = dict(message.buttons[0])["0 · Not in place"]
    assert old_zero is not None
    await ana.press("3 · In place and tested")
    await ana.press_data(message.message_id, old_zero)
    assert ana.alerts[-1].show_alert
    assert "Ana\u2069 answered this already: 3 · In place and tested" in ana.alerts[-1].text
    assert await _answers(bot, ana) == {recovery.items[0].id: "3"}
    assert "Item 2 of" in ana.last.plain


async def test_a_button_of_a_closed_cycle_is_refused(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist, clock: Clock
) -> None:
    ana = await answering(api, recovery)
    message = ana.last
    assessment = await assessment_of(bot, ana)
    assert bot.service is not None
    await bot.service.cycles.start_next(None, assessment.org_id, replacing=assessment.cycle_id)
    await ana.press("1 · Started or ad hoc", message=message)
    assert "closed" in ana.alerts[-1].text
    assert await _answers(bot, ana) == {}


async def test_a_forged_button_for_another_organisation_is_refused(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    aid = (await assessment_of(bot, ana)).id
    code, _ = await new_organisation(api)
    eve = await joined(api, code, "Eve")
    await eve.press_data(eve.last.message_id, f"a:{aid}:{recovery.items[0].id}:0")
    assert "not for you" in eve.alerts[-1].text
    assert await _answers(bot, ana) == {}


async def test_malformed_callback_data_gets_an_alert(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    aid = (await assessment_of(bot, ana)).id
    malformed = ["zzz", f"a:{aid}", "a:x:y:0", f"a:{aid}:no_such_item:0", f"a:{aid}:" + "x" * 60]
    for data in [*malformed, f"a:{aid}:g14_a:7"]:
        await ana.press_data(ana.last.message_id, data)
        assert "no longer works" in ana.alerts[-1].text, data
    assert await _answers(bot, ana) == {}


async def test_unknown_commands_stickers_and_edits_get_polite_answers(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await ana.send("/frobnicate")
    assert "I do not know that command" in ana.last.plain
    await ana.send_sticker()
    assert "text, photos and documents" in ana.messages[-2].plain
    assert "Item 1 of" in ana.last.plain
    await ana.send_location(45.76, 4.83)
    assert "Item 1 of" in ana.last.plain


async def test_group_chats_are_pointed_to_the_private_chat(
    api: LocalBotApi, bot: RunningBot
) -> None:
    ana = api.user(new_user_id(), "Ana", language_code="en")
    await api.group_message(ana, -100, "/start")
    group = api.world.chats[-100]
    replies = [m for m in group.messages.values() if m.from_bot]
    assert "private chats only" in replies[-1].plain
    assert "@micic_test_bot" in replies[-1].plain


@pytest.mark.bot(shared=False)
async def test_a_network_error_on_the_reply_is_retried_and_the_answer_kept(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    api.inject_error("editMessageText", 502, "Bad Gateway")
    await ana.press("2 · In place, not tested")
    assert "Item 2 of" in ana.last.plain
    assert await _answers(bot, ana) == {recovery.items[0].id: "2"}


@pytest.mark.xdist_group("serial")  # waits out a time-out
@pytest.mark.bot(shared=False)
async def test_a_timed_out_edit_that_was_applied_is_not_duplicated(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    count = len(ana.messages)
    api.inject_timeout("editMessageText", delay=READ_TIMEOUT + 0.5)
    await ana.press("2 · In place, not tested", wait=False)
    await api.settle(timeout=10)
    assert "Item 2 of" in ana.last.plain
    assert len(ana.messages) == count
    assert await _answers(bot, ana) == {recovery.items[0].id: "2"}


async def test_a_user_who_blocked_the_bot_loses_no_answer(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    ana.block()
    await ana.press("0 · Not in place")
    ana.unblock()
    assert await _answers(bot, ana) == {recovery.items[0].id: "0"}


@pytest.mark.xdist_group("serial")  # waits out Telegram's flood control
@pytest.mark.bot(shared=False)
async def test_flood_control_is_waited_out_and_the_reply_still_arrives(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    api.inject_error("editMessageText", 429, "Too Many Requests: retry after 1", retry_after=1)
    await ana.press("1 · Started or ad hoc", wait=False)
    await api.settle(timeout=10)
    assert "Item 2 of" in ana.last.plain
    assert await _answers(bot, ana) == {recovery.items[0].id: "1"}
    assert ("editMessageText", 429) in api.stats.errors


@pytest.mark.bot(shared=False)
async def test_a_locked_database_gets_a_clear_message_and_the_press_is_saved_once_it_frees(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    await bot.store._db.execute("PRAGMA busy_timeout = 50")  # give up on the lock quickly
    other = sqlite3.connect(bot.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    alerts = len(ana.alerts)
    try:
        await ana.press("2 · In place, not tested", wait=False)
        assert await held(lambda: len(ana.alerts) > alerts, seconds=5)
        assert "cannot take that in just now" in ana.alerts[-1].text
        assert "Item 1 of" in ana.last.plain
    finally:
        other.execute("ROLLBACK")
        other.close()
    await api.settle(timeout=10)  # the press was never confirmed: it comes again, and is taken
    assert "Item 2 of" in ana.last.plain
    assert await _answers(bot, ana) == {recovery.items[0].id: "2"}
    assert len(ana.alerts) == alerts + 1  # told once, however often it was tried
