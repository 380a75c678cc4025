"""Telegram failing on the way out: a failed callback answer stops nothing, an edit that keeps
failing becomes a new message, a report file that cannot be sent is named with a button to send
it again, and a file whose sending timed out is not sent twice."""

from __future__ import annotations

from typing import Any

import pytest

from bot.handlers import replies
from bot.model import Checklist, Score
from bot.playground import ChatUser, LocalBotApi
from tests.support.chat import button, eventually
from tests.support.onboarding import answering, assessment_of, joined, new_cycle, new_organisation
from tests.support.running import READ_TIMEOUT, RunningBot

pytestmark = pytest.mark.bot(shared=False)  # each test injects faults into its own Bot API
SORRY = "Something went wrong"
SLOW = pytest.mark.xdist_group("serial")  # waits out a time-out or flood control


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without the production backoff, so that six failures take milliseconds."""
    monkeypatch.setattr(replies, "BACKOFF_SECONDS", 0.01)


@pytest.fixture(autouse=True, scope="module")
def _fonts_ready() -> None:
    """Load matplotlib's font cache (built on first use) before the bot's handlers need it."""
    import matplotlib.font_manager  # noqa: F401


def _apologised(user: ChatUser) -> bool:
    return any(SORRY in a.text for a in user.alerts) or any(SORRY in m.plain for m in user.messages)


async def _stored(bot: RunningBot, user: ChatUser) -> dict[str, Score | None]:
    answers = await bot.store.answers((await assessment_of(bot, user)).id)
    return {item_id: answer.score for item_id, answer in answers.items()}


FAULTS: dict[str, dict[str, Any]] = {
    "500": {"error_code": 500, "description": "Internal Server Error"},
    "502": {"error_code": 502, "description": "Bad Gateway"},
    "five 429s": {
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "retry_after": 1,
        "times": 5,
    },
}


def _inject(api: LocalBotApi, method: str, fault: str) -> None:
    if fault == "time-out":
        api.inject_timeout(method, delay=READ_TIMEOUT + 0.5)
    else:
        api.inject_error(method, **FAULTS[fault])


@pytest.mark.parametrize(
    "fault",
    ["500", "502", pytest.param("time-out", marks=SLOW), pytest.param("five 429s", marks=SLOW)],
)
async def test_a_failed_callback_answer_never_stops_the_next_item(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist, fault: str
) -> None:
    ana = await answering(api, recovery)
    _inject(api, "answerCallbackQuery", fault)
    await ana.press("2 · In place, not tested", wait=False)
    assert await eventually(api, lambda: "Item 2 of" in ana.last.plain, seconds=10)
    assert not _apologised(ana)
    assert await _stored(bot, ana) == {recovery.items[0].id: Score.IN_PLACE}
    await ana.press("3 · In place and tested")  # and the next press works as ever
    assert "Item 3 of" in ana.last.plain


async def _coordinator_with_answers(api: LocalBotApi, recovery: Checklist) -> ChatUser:
    responders, coordinators = await new_organisation(api, "Metz")
    ana = await joined(api, responders, "Ana")
    await ana.press(button(ana, recovery.title))
    for _ in recovery.items[:3]:
        await ana.press("1 · Started or ad hoc")
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/report")
    return cora


def _files(user: ChatUser) -> list[str]:
    return [
        attachment.filename
        for m in user.messages
        if (attachment := m.document or m.photo) is not None
    ]


async def test_a_failed_callback_answer_does_not_stop_a_report(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    cora = await _coordinator_with_answers(api, recovery)
    api.inject_error("answerCallbackQuery", 500, "Internal Server Error")
    await cora.press(recovery.title)
    assert await eventually(api, lambda: len(_files(cora)) == 3)
    assert not _apologised(cora)


async def test_an_edit_that_keeps_failing_becomes_a_new_message(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    ana = await answering(api, recovery)
    answered = ana.last
    api.inject_error("editMessageText", 502, "Bad Gateway", times=6)
    await ana.press("2 · In place, not tested")
    assert await eventually(api, lambda: "Item 2 of" in ana.last.plain)
    assert ana.last.message_id != answered.message_id  # sent anew, since editing failed
    assert not _apologised(ana)
    await ana.press("0 · Not in place")  # the new message's buttons work
    assert await _stored(bot, ana) == {
        recovery.items[0].id: Score.IN_PLACE,
        recovery.items[1].id: Score.NOT_IN_PLACE,
    }


@pytest.mark.parametrize(("failures", "missing"), [(4, ["html"]), (8, ["html", "xlsx"])])
async def test_a_report_file_that_cannot_be_sent_is_named_with_a_button_to_send_it_again(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist, failures: int, missing: list[str]
) -> None:
    cora = await _coordinator_with_answers(api, recovery)
    api.inject_error("sendDocument", 502, "Bad Gateway", times=failures)
    await cora.press(recovery.title)
    stem = "micic-recovery-2026-metz"
    sent = {"html", "xlsx", "png"} - set(missing)
    assert sorted(_files(cora)) == sorted(f"{stem}.{kind}" for kind in sent)
    notice = cora.last
    for kind in missing:
        assert f"{stem}.{kind} could not be sent." in notice.plain
    for kind in missing:
        await cora.press(f"🔁 Send {stem}.{kind} again", message=notice)
    assert sorted(_files(cora)) == sorted(f"{stem}.{kind}" for kind in ("html", "xlsx", "png"))
    assert not _apologised(cora)


async def test_an_earlier_cycle_s_file_that_cannot_be_sent_is_sent_again_of_that_cycle(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Metz")
    ana = await joined(api, responders, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("1 · Started or ad hoc")
    cora = await joined(api, coordinators, "Cora")
    await new_cycle(cora)
    await ana.send("/start")
    await ana.press(button(ana, recovery.title))
    await ana.press("🔁 Unchanged")
    await cora.send("/report")
    chooser = cora.last
    await cora.press(recovery.title)
    api.inject_error("sendDocument", 502, "Bad Gateway", times=4)
    await cora.press("📅 \u20682026\u2069", message=chooser)
    stem = "micic-recovery-2026-metz"
    notice = cora.last
    assert f"{stem}.html could not be sent." in notice.plain
    [[(label, data)]] = notice.buttons
    assert (data or "").startswith("re:")
    await cora.press(label, message=notice)
    assert _files(cora).count(f"{stem}.html") == 1  # the earlier cycle's, not the newest's
    assert _files(cora).count("micic-recovery-2026-2-metz.html") == 1
    assert not _apologised(cora)


async def test_a_report_arrives_when_its_message_cannot_be_edited(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    cora = await _coordinator_with_answers(api, recovery)
    api.inject_error("editMessageText", 502, "Bad Gateway", times=8)  # "Preparing…", "see below"
    await cora.press(recovery.title)
    assert await eventually(api, lambda: len(_files(cora)) == 3)
    assert any("Preparing the report" in m.plain for m in cora.messages)
    assert not _apologised(cora)


@SLOW
async def test_a_file_whose_sending_timed_out_is_not_sent_twice(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    cora = await _coordinator_with_answers(api, recovery)
    api.inject_timeout("sendDocument", delay=READ_TIMEOUT + 0.5)
    await cora.press(recovery.title, wait=False)
    await api.settle(timeout=10)
    stem = "micic-recovery-2026-metz"
    assert await eventually(api, lambda: len(_files(cora)) == 3)
    assert _files(cora).count(f"{stem}.html") == 1  # it went through: once, not three times
    assert f"{stem}.html may not have arrived" in cora.last.plain
    assert f"🔁 Send {stem}.html again" in [label for row in cora.last.buttons for label, _ in row]

    api.inject_timeout("sendDocument", delay=READ_TIMEOUT + 0.5)
    await cora.send("/mydata", wait=False)
    await api.settle(timeout=10)
    assert await eventually(api, lambda: "If my-data.json did not arrive" in cora.last.plain)
    assert _files(cora).count("my-data.json") == 1
