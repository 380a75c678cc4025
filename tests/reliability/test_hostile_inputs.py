"""Hostile and odd inputs, one table: each gets a clear answer and writes exactly what it should.

Every case starts from a known state (a stranger, a member answering the recovery checklist, a
member writing a note, an administrator), does one odd thing, and checks three promises: the bot
answered where the user is (a message, an edit or a callback answer), it said the expected key
phrase, and only the expected tables of the database changed. No handler may raise.

One bot serves the whole table (starting one per case would double the run time); each case gets
fresh users and a fresh organisation, and compares the database just before and after its act.
"""

from __future__ import annotations

import itertools
import random
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from telegram.ext import ContextTypes

from bot.model import Checklist
from bot.playground import ChatUser, LocalBotApi
from bot.service import NOTE_MAX_LENGTH
from tests.support.chat import Seen, button, eventually
from tests.support.database import changed_tables, snapshot
from tests.support.project import ADMIN_ID
from tests.support.raw_updates import press_in_chat, send_edited, send_raw
from tests.support.running import RunningBot

GROUP, SUPERGROUP, CHANNEL = -100, -1001, -1002
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
RANDOM_BYTES = random.Random(7).randbytes(40).decode("latin-1")  # NUL, controls, accents
ODD_NAME = "\u202eAna\u200b\u2066x\u200d"  # right-to-left override, zero-width space, isolate
LONG_TEXT = "Shelters open. " * 273  # 4095 characters
HTML = '<script>alert("x")</script> <b>bold</b> <i unclosed & more'
HTML_ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &lt;i"
MARKDOWN = "*bold* _x_ [link](http://x) `code`"
HYPERLINK = '=HYPERLINK("http://x.example","x")'
FSI, PDI = "\u2068", "\u2069"  # a name or a note is isolated where it is shown


@dataclass
class Shared:
    """The one bot of this module and every exception its handlers raised."""

    api: LocalBotApi
    bot: RunningBot
    errors: list[str]
    ids: itertools.count[int]


@pytest.fixture(scope="module")
def shared(module_api: LocalBotApi, module_bot: RunningBot) -> Shared:
    """The module's bot, with an error collector."""
    errors: list[str] = []

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(type(context.error).__name__)

    assert module_bot.app is not None
    module_bot.app.add_error_handler(collect)
    return Shared(module_api, module_bot, errors, itertools.count(1000, 10))


@dataclass
class Ctx:
    """Where a case starts: the acting user, their organisation, assessment and current item."""

    api: LocalBotApi
    bot: RunningBot
    user: ChatUser
    org_id: int
    org_name: str
    code: str
    item: str
    aid: int = 0  # the user's assessment
    other_aid: int = 0  # another organisation's assessment

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Rows from the database, read over a second connection as another process would."""
        with sqlite3.connect(f"file:{self.bot.database}?mode=ro", uri=True) as db:
            return list(db.execute(sql, params))

    def group_replies(self, chat_id: int) -> list[str]:
        """What the bot wrote in a group or channel."""
        chat = self.api.world.chats.get(chat_id)
        return [m.plain for m in chat.messages.values() if m.from_bot] if chat else []


Act = Callable[[Ctx], Awaitable[object]]
Check = Callable[[Ctx], None]


@dataclass(frozen=True)
class Case:
    """One hostile input and what must follow from it."""

    given: str  # stranger | odd_name | member | noting | admin | neighbour
    act: Act
    says: str | None  # a key phrase of the answer (None: an empty toast is answer enough)
    where: str = "chat"  # chat | group | nowhere
    writes: frozenset[str] = frozenset()  # the tables that must change; no other may
    check: Check | None = None
    html: str | None = None  # must appear in the raw HTML the Bot API accepted
    errors: tuple[str, ...] = ()  # exception types the bot's error handler may see
    group: int = GROUP
    prepare: Act | None = None  # a set-up step whose answers are not the case's


# --- what the user does ---------------------------------------------------------------------


def text(value: str | Callable[[Ctx], str]) -> Act:
    """The user sends a text message."""
    return lambda c: c.user.send(value(c) if callable(value) else value)


def data(value: str | Callable[[Ctx], str]) -> Act:
    """The user's client sends a callback query with this data on the newest message."""
    return lambda c: c.user.press_data(
        c.user.last.message_id, value(c) if callable(value) else value
    )


def raw(extra: dict[str, Any], body: str | None = None) -> Act:
    """The user sends a message with raw Bot API fields."""
    return lambda c: send_raw(c.api, c.user, extra, body)


def edited(value: str) -> Act:
    """The user edits a message."""
    return lambda c: send_edited(c.api, c.user, value)


def in_group(value: str, chat_id: int = GROUP, kind: str = "group") -> Act:
    """The user writes in a group or supergroup."""
    return lambda c: c.api.group_message(c.user, chat_id, value, kind=kind)


async def channel_post(c: Ctx) -> None:
    """A post in a channel the bot was added to (the bot does not ask for channel posts)."""
    chat = {"id": CHANNEL, "type": "channel", "title": "News"}
    post = {"message_id": 1, "date": 1, "chat": chat, "sender_chat": chat, "text": "/start"}
    await c.api.push_update({"channel_post": post})


async def bot_message_in_group(c: Ctx) -> None:
    """Give the group a message of the bot's to press buttons on."""
    await c.api.group_message(c.user, GROUP, "/start")


async def press_on_group_message(c: Ctx) -> None:
    """A checklist button pressed on a message in a group (a forwarded checklist message)."""
    reply = next(m for m in reversed(c.api.world.chats[GROUP].messages.values()) if m.from_bot)
    await press_in_chat(c.api, c.user, reply, f"a:{c.aid}:{c.item}:0")


async def press_without_data(c: Ctx) -> None:
    """A callback query that carries no data at all."""
    world, message = c.api.world, c.user.last
    query = {
        "id": world.new_query(c.user.id, message),
        "from": c.user.info.to_json(),
        "message": world.message_json(message),
        "chat_instance": world.chat_instance(c.user.id),
    }
    await c.api.push_update({"callback_query": query})


async def start_twice(c: Ctx) -> None:
    await c.user.send("/start")
    await c.user.send("/start")


async def guess_codes(c: Ctx) -> None:
    for guess in range(5):
        await c.user.send(f"/join WRONG{guess}")
    await c.user.send(f"/join {c.code}")


async def answer_while_blocked(c: Ctx) -> None:
    c.user.block()
    try:
        await c.user.press("0 · Not in place")
    finally:
        c.user.unblock()


def poll() -> dict[str, Any]:
    """A Bot API Poll, as PTB 22.8 requires it."""
    options = [
        {"text": "yes", "voter_count": 0, "persistent_id": "o1"},
        {"text": "no", "voter_count": 0, "persistent_id": "o2"},
    ]
    return {
        "id": "p1",
        "question": "Ready?",
        "options": options,
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": True,
        "members_only": False,
    }


# --- what must be stored --------------------------------------------------------------------


def note_is(expected: str) -> Check:
    """The item's note is exactly this, its author's, logged once, and no note is awaited."""

    def check(c: Ctx) -> None:
        notes = c.rows("SELECT item_id, author_id, text FROM notes WHERE assessment_id = ?", c.aid)
        assert notes == [(c.item, c.user.id, expected)]
        assert c.rows("SELECT * FROM answers WHERE assessment_id = ?", c.aid) == []
        log = c.rows("SELECT field, new FROM answer_log WHERE assessment_id = ?", c.aid)
        assert log == [("note", expected)]
        assert c.rows("SELECT * FROM pending WHERE user_id = ?", c.user.id) == []

    return check


def score_is(expected: str) -> Check:
    """The item's score is exactly this, logged once."""

    def check(c: Ctx) -> None:
        answers = c.rows("SELECT item_id, score FROM answers WHERE assessment_id = ?", c.aid)
        assert answers == [(c.item, expected)]
        log = c.rows("SELECT field, new FROM answer_log WHERE assessment_id = ?", c.aid)
        assert log == [("score", expected)]

    return check


def org_named(expected: str) -> Check:
    """The newest organisation has exactly this name."""

    def check(c: Ctx) -> None:
        assert c.rows("SELECT name FROM organisations ORDER BY id DESC LIMIT 1") == [(expected,)]

    return check


def still_noting(c: Ctx) -> None:
    """Nothing was saved and the note is still awaited, to be sent again shorter."""
    assert c.rows("SELECT kind FROM pending WHERE user_id = ?", c.user.id) == [("note",)]


def not_a_member(c: Ctx) -> None:
    assert c.rows("SELECT org_id FROM members WHERE user_id = ?", c.user.id) == []


def still_a_member(c: Ctx) -> None:
    assert c.rows("SELECT user_id FROM members WHERE org_id = ?", c.org_id) == [(c.user.id,)]


def odd_name_kept(c: Ctx) -> None:
    assert c.rows("SELECT first_name FROM users WHERE id = ?", c.user.id) == [(ODD_NAME,)]


# --- the table --------------------------------------------------------------------------------

STALE = "This button no longer works"
ONLY_TEXT = "I can read text, photos and documents only"
UNKNOWN_CODE = "I do not know that invite code"
USE_BUTTONS = "Please answer with the buttons"
PRIVATE_ONLY = "I work in private chats only"
UNKNOWN_COMMAND = "I do not know that command"
NAME_FIRST = "Send the name after the command"
FIRST_PRESS_NOTE = "first press 📝 Note"
NOTE = frozenset({"notes", "answer_log", "pending"})
ORG = frozenset({"organisations"})


def note(value: str, says: str | None = None, html: str | None = None) -> Case:
    """A note sent while one is awaited: saved exactly and shown back as plain text."""
    return Case("noting", text(value), says or value, writes=NOTE, check=note_is(value), html=html)


def neworg(name: str, stored: str | None = None, html: str | None = None) -> Case:
    """An administrator creates an organisation with an odd name (shown isolated)."""
    stored = name if stored is None else stored
    return Case(
        "admin",
        text(f"/neworg {name}"),
        f"{FSI}{stored}{PDI} is created",
        writes=ORG,
        check=org_named(stored),
        html=html,
    )


CASES: dict[str, Any] = {
    # callback data nobody made
    "callback_of_random_bytes": Case("member", data(RANDOM_BYTES), STALE),
    "callback_of_100_bytes": Case("member", data("a:1:" + "x" * 96), STALE),
    "callback_with_empty_data": Case("member", data(""), STALE),
    "callback_without_data": Case("member", press_without_data, STALE),
    "callback_with_unknown_action": Case("member", data("zz:1:2"), STALE),
    "answer_forged_for_another_organisation": Case(
        "neighbour", data(lambda c: f"a:{c.other_aid}:{c.item}:0"), "This button is not for you"
    ),
    "answer_for_a_missing_assessment": Case("member", data(lambda c: f"a:99999:{c.item}:0"), STALE),
    "answer_for_a_huge_assessment_id": Case(
        "member", data(lambda c: f"a:{'9' * 24}:{c.item}:0"), STALE
    ),
    "answer_with_a_score_that_does_not_exist": Case(
        "member", data(lambda c: f"a:{c.aid}:{c.item}:7"), STALE
    ),
    "review_page_that_is_not_a_number": Case("member", data(lambda c: f"v:{c.aid}:abc"), STALE),
    "checklist_that_does_not_exist": Case("member", data("k:nope"), STALE),
    "language_the_bot_does_not_have": Case("stranger", data("l:xx"), STALE),
    "forget_with_an_unknown_answer": Case("member", data("f:maybe"), "Nothing was deleted"),
    "coordinator_button_from_a_responder": Case(
        "member",
        data(lambda c: f"mx:{c.org_id}:{c.user.id}"),
        "Only coordinators",
        check=still_a_member,
    ),
    "coordinator_button_with_a_huge_id": Case("member", data("iv:" + "9" * 24), STALE),
    "save_anyway_pressed_again_without_a_draft": Case("member", data("d:save"), STALE),
    "button_pressed_on_a_group_message": Case(
        "member", press_on_group_message, PRIVATE_ONLY, prepare=bot_message_in_group
    ),
    # commands
    "unknown_command": Case("member", text("/frobnicate"), UNKNOWN_COMMAND),
    "command_for_another_bot": Case("member", text("/start@other_bot"), UNKNOWN_COMMAND),
    "start_with_a_garbage_payload": Case("stranger", text("/start ../%00<b>&amp;"), UNKNOWN_CODE),
    "join_with_a_4096_character_code": Case("stranger", text("/join " + "X" * 4090), UNKNOWN_CODE),
    "join_without_a_code": Case("stranger", text("/join"), "Send the invite code after"),
    "start_twice": Case("stranger", start_twice, f"Hello, {FSI}Ana{PDI}"),
    "invite_code_guessed_six_times": Case(
        "stranger", guess_codes, "Too many wrong codes", check=not_a_member
    ),
    "cancel_with_nothing_to_cancel": Case("member", text("/cancel"), "There is nothing to cancel"),
    "neworg_by_a_non_admin": Case("member", text("/neworg Evil town"), "Only administrators"),
    "neworg_without_a_name": Case("admin", text("/neworg"), NAME_FIRST),
    "neworg_with_a_500_character_name": Case(
        "admin", text("/neworg " + "N" * 500), "That name has 500 characters; the limit is 100"
    ),
    "neworg_with_emoji": neworg("🏔️ Chamonix 🚒"),
    "neworg_in_arabic": neworg("بلدية عمّان"),
    "neworg_in_hebrew": neworg("עיריית חיפה"),
    "neworg_with_html": neworg(HTML, html=HTML_ESCAPED),
    "neworg_with_markdown": neworg(MARKDOWN),
    "neworg_with_a_bidi_override": neworg("\u202eBogota", stored="Bogota"),
    "neworg_twin_with_a_zero_width_space": Case(
        "admin",
        text(lambda c: f"/neworg {c.org_name[:2]}\u200b{c.org_name[2:]}"),
        "exists already",
    ),
    "neworg_of_invisible_characters_only": Case(
        "admin", text("/neworg \u200b\u200d\u2060"), NAME_FIRST
    ),
    "name_with_bidi_and_zero_width_characters": Case(
        "odd_name", text("/start"), "Hello, ", check=odd_name_kept
    ),
    # notes
    "note_of_4095_characters": Case(
        "noting",
        text(LONG_TEXT),
        f"Your note has 4,094 characters; the limit is {NOTE_MAX_LENGTH:,}",
        check=still_noting,
    ),
    "note_with_emoji": note("🚒🔥 shelters ok 👍🏽 👨‍👩‍👧"),
    "note_in_arabic": note("الملاجئ مفتوحة للجميع"),
    "note_in_hebrew": note("המקלטים פתוחים לכולם"),
    "note_with_html": note(HTML, html=HTML_ESCAPED),
    "note_with_markdown": note(MARKDOWN),
    "note_with_a_hyperlink_formula": note(HYPERLINK),
    "note_with_a_plus_formula": note("+1", says=f"{FSI}+1{PDI}"),
    "note_with_a_minus_formula": note("-1", says=f"{FSI}-1{PDI}"),
    "note_with_an_at_formula": note("@SUM(1)"),
    "text_while_no_note_is_awaited": Case("member", text("The shelter is open"), USE_BUTTONS),
    "photo_while_no_note_is_awaited": Case(
        "member", lambda c: c.user.send_photo(PNG, filename="shelter.png"), FIRST_PRESS_NOTE
    ),
    "document_while_no_note_is_awaited": Case(
        "member", lambda c: c.user.send_document(b"plan", filename="plan.pdf"), FIRST_PRESS_NOTE
    ),
    "photo_while_a_note_is_awaited": Case(
        "noting",
        lambda c: c.user.send_photo(PNG, filename="shelter.png"),
        "File kept as evidence",
        writes=frozenset({"evidence"}),
    ),
    # messages the bot does not read
    "edited_message": Case("member", edited("changed my mind"), "I do not read edited messages"),
    "edited_message_while_a_note_is_awaited": Case(
        "noting", edited("a note, edited"), "I do not read edited messages"
    ),
    "forwarded_message": Case(
        "member",
        raw({"forward_origin": {"type": "hidden_user", "sender_user_name": "Bo", "date": 1}}, "f"),
        USE_BUTTONS,
    ),
    "sticker": Case("member", lambda c: c.user.send_sticker(), ONLY_TEXT),
    "sticker_from_a_stranger": Case("stranger", lambda c: c.user.send_sticker(), ONLY_TEXT),
    "location": Case("member", lambda c: c.user.send_location(45.76, 4.83), ONLY_TEXT),
    "contact": Case(
        "member", raw({"contact": {"phone_number": "+33612345678", "first_name": "Bo"}}), ONLY_TEXT
    ),
    "voice": Case(
        "member",
        raw({"voice": {"file_id": "V1", "file_unique_id": "v1", "duration": 3}}),
        ONLY_TEXT,
    ),
    "poll": Case("member", raw({"poll": poll()}), ONLY_TEXT),
    "dice": Case("member", raw({"dice": {"emoji": "🎲", "value": 6}}), ONLY_TEXT),
    # other chats
    "command_in_a_group": Case("member", in_group("/start"), PRIVATE_ONLY, where="group"),
    "command_in_a_supergroup": Case(
        "member",
        in_group("/help@micic_test_bot", SUPERGROUP, "supergroup"),
        PRIVATE_ONLY,
        where="group",
        group=SUPERGROUP,
    ),
    "text_in_a_group": Case("member", in_group("hello bot"), None, where="nowhere"),
    "channel_post": Case("member", channel_post, None, where="nowhere", group=CHANNEL),
    # a user who blocked the bot
    "answer_from_a_user_who_blocked_the_bot": Case(
        "member",
        answer_while_blocked,
        None,
        writes=frozenset({"answers", "answer_log"}),
        check=score_is("0"),
        errors=("Forbidden",),
    ),
}


# --- how a case runs ---------------------------------------------------------------------------


async def given(state: str, shared: Shared, recovery: Checklist) -> Ctx:
    """Fresh users and a fresh organisation in a known state."""
    api, bot = shared.api, shared.bot
    service = bot.service
    assert service is not None
    uid = next(shared.ids)
    org = await service.create_organisation(None, f"Town {uid}")
    ctx = Ctx(
        api,
        bot,
        api.user(ADMIN_ID, "Admin", language_code="en"),
        org.id,
        org.name,
        org.responder_code,
        recovery.items[0].id,
    )
    if state == "admin":
        await service.see_user(ADMIN_ID, "Admin")
        return ctx
    ctx.user = api.user(uid, ODD_NAME if state == "odd_name" else "Ana", language_code="en")
    if state in ("stranger", "odd_name"):
        await says(ctx, ctx.user.send("/help"), "What I can do")
        return ctx
    await says(ctx, ctx.user.send(f"/join {org.responder_code}"), "Choose a checklist")
    await says(ctx, ctx.user.press(button(ctx.user, recovery.title)), "Item 1 of")
    user = await service.store.user(uid)
    assert user is not None and user.current_assessment_id is not None
    ctx.aid = user.current_assessment_id
    if state == "noting":
        await says(ctx, ctx.user.press("📝 Note"), "Send your note")
    if state == "neighbour":
        other = await service.create_organisation(None, f"Town {uid + 1}")
        await service.see_user(uid + 1, "Bo")
        await service.join(uid + 1, other.responder_code)
        ctx.other_aid = (await service.start(uid + 1, recovery.id)).assessment.id
    return ctx


async def says(ctx: Ctx, action: Awaitable[object], phrase: str) -> None:
    """Do a set-up step and wait for its answer (``settle`` may return a moment early)."""
    await action
    assert await eventually(ctx.api, lambda: phrase in ctx.user.last.plain), phrase


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_hostile_input(case: Case, shared: Shared, recovery: Checklist) -> None:
    api = shared.api
    ctx = await given(case.given, shared, recovery)
    if case.prepare is not None:
        await case.prepare(ctx)
        await api.settle()
    database, seen = ctx.bot.database, Seen.of(ctx.user)
    before, group_before = snapshot(database), ctx.group_replies(case.group)
    queries, sends = set(api.world.queries), api.stats.calls["sendMessage"]
    shared.errors.clear()

    await case.act(ctx)
    await api.settle()
    if case.where == "chat":
        await eventually(api, lambda: bool(seen.news(ctx.user)))
    elif case.where == "group":
        await eventually(api, lambda: ctx.group_replies(case.group) != group_before)

    news, group_news = seen.news(ctx.user), ctx.group_replies(case.group)[len(group_before) :]
    if case.where == "chat":
        assert news, "the user got no answer"
        assert case.says is None or any(case.says in t for t in news), news
        assert not group_news
    elif case.where == "group":
        assert case.says is not None and any(case.says in t for t in group_news), group_news
    else:
        assert not news and not group_news and api.stats.calls["sendMessage"] == sends
    if case.html is not None:
        assert any(case.html in (m.text or "") for m in ctx.user.messages)
    pressed = [q for q_id, q in api.world.queries.items() if q_id not in queries]
    assert all(q.answered for q in pressed), "a button press got no callback answer"
    assert changed_tables(before, snapshot(database)) == case.writes
    if case.check is not None:
        case.check(ctx)
    assert set(shared.errors) <= set(case.errors), shared.errors
