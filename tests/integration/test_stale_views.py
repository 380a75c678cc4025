"""A button pressed on a view that is out of date changes nothing a colleague saved since; it
says what the answer is now and who gave it, and the pressed message moves on."""

from __future__ import annotations

import pytest

from bot.model import Checklist, Score
from bot.playground import ChatUser, LocalBotApi
from tests.support.chat import button, isolated, labels
from tests.support.onboarding import assessment_of, joined, new_organisation
from tests.support.running import RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation


async def _score(bot: RunningBot, user: ChatUser, item_id: str) -> tuple[Score | None, str | None]:
    answers = await bot.store.answers((await assessment_of(bot, user)).id)
    answer = answers.get(item_id)
    return (answer.score, answer.author_name) if answer else (None, None)


async def _on_review_item(user: ChatUser, recovery: Checklist) -> None:
    await user.press(button(user, recovery.title))
    await user.send("/review")
    await user.press("✏️ 1")


async def test_a_change_from_a_stale_review_page_is_refused(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, _ = await new_organisation(api, "Nantes")
    rita, sam = await joined(api, code, "Rita"), await joined(api, code, "Sam")
    await rita.press(button(rita, recovery.title))
    await rita.press("2 · In place, not tested")
    await rita.send("/review")
    await rita.press("✏️ 1")
    ritas_page = rita.last  # shows Rita's 2
    await _on_review_item(sam, recovery)
    await sam.press("3 · In place and tested")  # Sam's newer change
    item_id = recovery.items[0].id
    assert await _score(bot, sam, item_id) == (Score.TESTED, "Sam")

    await rita.press("1 · Started or ad hoc", message=ritas_page)
    alert = rita.alerts[-1]
    assert alert.show_alert
    assert f"This answer is 3 · In place and tested now, given by {isolated('Sam')}" in alert.text
    assert await _score(bot, rita, item_id) == (Score.TESTED, "Sam")  # Sam's change stands
    assert f"Answer: 3 · In place and tested ({isolated('Sam')})" in ritas_page.plain

    await rita.press("1 · Started or ad hoc", message=ritas_page)  # now she has seen it
    assert await _score(bot, rita, item_id) == (Score.STARTED, "Rita")
    assert "Review · Guideline 14" in ritas_page.plain


async def test_an_old_change_button_changes_only_the_presser_s_own_answer(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    """Buttons sent before this version (``c:``) say nothing of what their page showed."""
    code, _ = await new_organisation(api, "Tours")
    rita, sam = await joined(api, code, "Rita"), await joined(api, code, "Sam")
    await rita.press(button(rita, recovery.title))
    await rita.press("2 · In place, not tested")
    aid, item_id = (await assessment_of(bot, rita)).id, recovery.items[0].id

    await sam.press(button(sam, recovery.title))
    await sam.press_data(sam.last.message_id, f"c:{aid}:{item_id}:0")
    assert "given by \u2068Rita\u2069" in sam.alerts[-1].text
    assert await _score(bot, rita, item_id) == (Score.IN_PLACE, "Rita")
    assert "3 · In place and tested" in labels(sam)  # the item as it stands, to change again

    await rita.press_data(rita.last.message_id, f"c:{aid}:{item_id}:3")  # her own answer
    assert await _score(bot, rita, item_id) == (Score.TESTED, "Rita")


async def test_the_loser_of_a_race_sees_the_winner_and_moves_on(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, _ = await new_organisation(api, "Brest")
    ana, ben = await joined(api, code, "Ana"), await joined(api, code, "Ben")
    await ana.press(button(ana, recovery.title))
    await ben.press(button(ben, recovery.title))
    anas_item = ana.last
    await ben.press("3 · In place and tested")  # Ben is first
    await ana.press("0 · Not in place", message=anas_item)

    assert f"{isolated('Ben')} answered this already: 3 · In place and tested" in (
        ana.alerts[-1].text
    )
    assert await _score(bot, ana, recovery.items[0].id) == (Score.TESTED, "Ben")
    assert "Item 2 of" in anas_item.plain  # the pressed message moved on, no live item 1
    assert recovery.items[1].question in anas_item.plain
