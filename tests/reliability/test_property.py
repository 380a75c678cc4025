"""Random sequences of updates from a few users: no handler raises and every message is answered.

Hypothesis drives the real application through the local Bot API: texts, the bot's commands and
unknown ones, presses of the real buttons of the chat (as they are, with one field changed, or
replaced by forged data), stickers, photos, edits and group messages. Each example uses fresh
user ids, so one bot serves every example.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.ext import ContextTypes

from bot.handlers import COMMANDS
from bot.playground import ChatUser, LocalBotApi
from tests.support.chat import eventually
from tests.support.raw_updates import send_edited
from tests.support.running import RunningBot

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
USERS_PER_EXAMPLE = 3
GROUP = -100

# Telegram never delivers lone surrogates; everything else may come.
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
TEXT = st.text(st.characters(exclude_categories=SURROGATES), min_size=1, max_size=60).filter(
    str.strip
)
COMMAND = st.sampled_from([*COMMANDS, "frobnicate", "start@other_bot", "help@micic_test_bot"])
ARGUMENT = st.sampled_from(["", " CODE", " x y", " " + "Z" * 80, " <b>&"])
# Fields shaped like the bot's own (ids kept below 2**63: huge ids are a known bug, see
# test_hostile_inputs), and free-form data.
FIELD = st.one_of(
    st.integers(0, 10**6).map(str),
    st.sampled_from(["recovery", "g14_recovery_plan", "0", "3", "dk", "na", "yes", "save"]),
    st.from_regex(r"[A-Za-z_-][A-Za-z0-9_-]{0,23}", fullmatch=True),
)
PREFIX = st.sampled_from(["a", "c", "s", "n", "h", "e", "v", "k", "m", "l", "f", "d", "zz"])
FORGED = st.one_of(
    st.builds(lambda p, fs: ":".join([p, *fs]), PREFIX, st.lists(FIELD, max_size=4)),
    st.text(st.characters(exclude_categories=SURROGATES), max_size=70),
)
ACTION = st.one_of(
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("command"), COMMAND, ARGUMENT),
    st.tuples(st.just("join"), st.booleans()),
    *[st.tuples(st.just("press"), st.integers(0, 40))] * 3,  # the real buttons, most often
    st.tuples(st.just("forged"), FORGED),
    *[st.tuples(st.just("mutated"), st.integers(0, 40), st.integers(0, 4), FIELD)] * 2,
    st.tuples(st.just("sticker")),
    st.tuples(st.just("photo")),
    st.tuples(st.just("edited"), TEXT),
    st.tuples(st.just("group"), st.sampled_from(["/start", "/help", "hello"])),
)
START = st.lists(
    st.sampled_from(["stranger", "member", "answering"]),
    min_size=USERS_PER_EXAMPLE,
    max_size=USERS_PER_EXAMPLE,
)
STEPS = st.lists(st.tuples(st.integers(0, USERS_PER_EXAMPLE - 1), ACTION), min_size=1, max_size=8)


@dataclass
class Errors:
    """What went wrong inside the bot: exceptions its handlers raised, ERROR log records."""

    raised: list[str]
    caplog: pytest.LogCaptureFixture

    def found(self) -> list[str]:
        logged = [r.getMessage() for r in self.caplog.records if r.levelno >= logging.ERROR]
        return self.raised + logged

    def clear(self) -> None:
        self.raised.clear()
        self.caplog.clear()


@pytest.fixture
def errors(bot: RunningBot, caplog: pytest.LogCaptureFixture) -> Errors:
    """Collect every exception the bot's handlers raise, and ERROR records."""
    raised: list[str] = []

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        raised.append(f"{type(context.error).__name__}: {context.error}")

    assert bot.app is not None
    bot.app.add_error_handler(collect)
    caplog.set_level(logging.WARNING)
    return Errors(raised, caplog)


@pytest.fixture
async def code(bot: RunningBot) -> str:
    """The responder invite code of an organisation made for the test."""
    assert bot.service is not None
    return (await bot.service.create_organisation(None, "Lyon")).responder_code


def answers_seen(user: ChatUser) -> int:
    """Everything the bot did in the user's chat: messages, edits and callback answers."""
    return sum(1 + m.edits for m in user.messages) + len(user.alerts)


async def perform(api: LocalBotApi, user: ChatUser, action: tuple[Any, ...], code: str) -> bool:
    """Do one step; True if it was a private message or press, which must get an answer."""
    kind = action[0]
    if kind in ("press", "mutated", "forged"):
        return await press(user, action)
    if kind == "group":
        await api.group_message(user, GROUP, action[1])
        return False
    if kind == "text":
        await user.send(action[1])
    elif kind == "command":
        await user.send(f"/{action[1]}{action[2]}")
    elif kind == "join":
        await user.send(f"/join {code}" if action[1] else f"/start {code}")
    elif kind == "sticker":
        await user.send_sticker()
    elif kind == "photo":
        await user.send_photo(PNG, filename="evidence.png")
    else:
        await send_edited(api, user, action[1])
    return True


async def press(user: ChatUser, action: tuple[Any, ...]) -> bool:
    """Press a real button, a real button with one field changed, or forged data."""
    buttons = [(m, b) for m in user.messages for row in m.buttons for b in row if b[1]]
    if action[0] == "forged" and user.messages:
        await user.press_data(user.messages[-1].message_id, action[1])
        return True
    if not buttons or action[0] == "forged":
        return False
    message, (label, data) = buttons[-1 - action[1] % len(buttons)]
    if action[0] == "press":
        await user.press(label, message=message)
        return True
    fields = (data or "").split(":")
    fields[action[2] % len(fields)] = action[3]
    await user.press_data(message.message_id, ":".join(fields))
    return True


ids = itertools.count(10_000, USERS_PER_EXAMPLE)


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=START, steps=STEPS)
async def test_random_updates_never_crash_and_always_get_an_answer(
    start: list[str],
    steps: list[tuple[int, tuple[Any, ...]]],
    api: LocalBotApi,
    bot: RunningBot,
    errors: Errors,
    code: str,
) -> None:
    first = next(ids)
    users = [api.user(first + n, f"User{n}", language_code="en") for n in range(USERS_PER_EXAMPLE)]
    errors.clear()
    for user, state in zip(users, start, strict=True):
        if state != "stranger":
            await user.send(f"/join {code}")
        if state == "answering":
            assert await eventually(api, lambda: bool(user.messages and user.last.buttons))  # noqa: B023
            await user.press(user.last.buttons[-1][0][0])
    for index, action in steps:
        user = users[index]
        before = answers_seen(user)
        if await perform(api, user, action, code):
            answered = await eventually(api, lambda: answers_seen(user) > before)  # noqa: B023
            assert answered, f"no answer to {action}"
        assert not errors.found(), (action, errors.found())
