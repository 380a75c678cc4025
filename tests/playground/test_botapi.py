"""The local Bot API against a bare PTB 22 Application over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.error import BadRequest, EndPointNotFound, Forbidden, RetryAfter, TimedOut
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.playground import BotEvent, LocalBotApi

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Yes", callback_data="q:1:yes")],
        [InlineKeyboardButton("Don't know", callback_data="q:1:dk")],
        [InlineKeyboardButton("Guide", url="https://example.org/guide")],
    ]
)


@pytest.fixture
def timedelta_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22.2+ warns (an error here) when building RetryAfter unless PTB_TIMEDELTA is set."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


def retry_seconds(err: RetryAfter) -> float:
    """retry_after in seconds, whether PTB gives an int or a timedelta."""
    value = err.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    payload = " ".join(context.args or [])
    await update.effective_message.reply_html(f"<b>Question</b> {payload}", reply_markup=KEYBOARD)


async def choose(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer(f"Saved {query.data}", show_alert=query.data.endswith("dk"))
    await query.edit_message_text(f"You chose <i>{query.data}</i>", parse_mode="HTML")


async def test_echo_via_long_polling(
    api: LocalBotApi, start_bot: Any, handler_errors: list[Any]
) -> None:
    await start_bot(MessageHandler(filters.TEXT, echo))
    ana = api.user(1001, first_name="Ana", language_code="es")
    started = time.monotonic()
    await ana.send("hola")
    await ana.send("¿qué tal?")
    assert [m.plain for m in ana.messages] == ["hola", "¿qué tal?"]
    assert time.monotonic() - started < 1.0  # long polling returns as soon as an update arrives
    assert not handler_errors


async def test_command_entity_and_deep_link(api: LocalBotApi, start_bot: Any) -> None:
    await start_bot(CommandHandler("start", ask))
    ana = api.user(1001, first_name="Ana")
    sent = await ana.send("/start ABC123")
    assert sent.entities == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert ana.last.text == "<b>Question</b> ABC123"
    assert ana.last.plain == "Question ABC123"
    assert ana.last.entities == [{"type": "bold", "offset": 0, "length": 8}]
    assert ana.last.buttons == [
        [("Yes", "q:1:yes")],
        [("Don't know", "q:1:dk")],
        [("Guide", "https://example.org/guide")],
    ]


async def test_press_answers_and_edits_in_place(api: LocalBotApi, start_bot: Any) -> None:
    await start_bot(CommandHandler("start", ask), CallbackQueryHandler(choose))
    ana = api.user(1001, first_name="Ana")
    events: list[BotEvent] = []
    api.subscribe(events.append)
    await ana.send("/start")
    await ana.press("Don't know")
    assert len(ana.messages) == 1
    assert ana.last.plain == "You chose q:1:dk" and ana.last.buttons == []
    assert ana.last.edits == 1 and ana.last.edit_date is not None
    assert [(a.text, a.show_alert) for a in ana.alerts] == [("Saved q:1:dk", True)]
    assert [e.kind for e in events] == ["message", "answer", "edit"]


async def test_press_reports_missing_buttons(api: LocalBotApi, start_bot: Any) -> None:
    await start_bot(CommandHandler("start", ask))
    ana = api.user(1001)
    await ana.send("/start")
    with pytest.raises(AssertionError, match=r"available: \['Yes', \"Don't know\", 'Guide'\]"):
        await ana.press("Maybe")
    with pytest.raises(AssertionError, match="url button"):
        await ana.press("Guide")


async def test_forged_callback_reaches_the_bot(api: LocalBotApi, start_bot: Any) -> None:
    seen: list[str] = []

    async def record(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None and update.callback_query.data is not None
        seen.append(update.callback_query.data)
        await update.callback_query.answer()

    await start_bot(CommandHandler("start", ask), CallbackQueryHandler(record))
    ana = api.user(1001)
    await ana.send("/start")
    await ana.press_data(ana.last.message_id, "a:1:x:3")
    assert seen == ["a:1:x:3"]
    assert ana.alerts[-1].text == ""


async def test_not_modified_and_missing_message(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana = api.user(1001)
    msg = await app.bot.send_message(ana.id, "<b>Same</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await app.bot.edit_message_text(
            "<strong>Same</strong>", ana.id, msg.message_id, parse_mode="HTML"
        )
    edited = await app.bot.edit_message_text("Same", ana.id, msg.message_id)
    assert edited.text == "Same" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await app.bot.edit_message_text("x", ana.id, 999)
    assert await app.bot.delete_message(ana.id, msg.message_id)
    assert ana.messages[0].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await app.bot.delete_message(ana.id, msg.message_id)


async def test_reply_markup_edit_and_not_modified(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana = api.user(1001)
    msg = await app.bot.send_message(ana.id, "Pick", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await app.bot.edit_message_reply_markup(ana.id, msg.message_id, reply_markup=KEYBOARD)
    await app.bot.edit_message_reply_markup(ana.id, msg.message_id, reply_markup=None)
    assert ana.last.buttons == [] and ana.last.plain == "Pick"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("Tom & Jerry", "Character '&' must be escaped at byte offset 4"),
    ],
)
async def test_html_errors_are_bad_requests(
    api: LocalBotApi, start_bot: Any, text: str, message: str
) -> None:
    app = await start_bot()
    ana = api.user(1001)
    with pytest.raises(BadRequest) as caught:
        await app.bot.send_message(ana.id, text, parse_mode="HTML")
    assert caught.value.message.lower() == f"can't parse entities: {message}".lower()
    assert ana.messages == []


async def test_text_length_is_counted_after_parsing(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana = api.user(1001)
    await app.bot.send_message(ana.id, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await app.bot.send_message(ana.id, "&lt;" * 4096, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await app.bot.send_message(ana.id, "a" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):  # UTF-16: an emoji is two
        await app.bot.send_message(ana.id, "🚒" * 2049)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await app.bot.send_message(ana.id, "<b> </b>", parse_mode="HTML")
    assert len(ana.messages) == 2 and ana.last.plain == "<" * 4096
    await app.bot.send_message(ana.id, "🚒" * 2048)
    assert len(ana.messages) == 3


async def test_callback_data_is_limited_to_64_bytes(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana = api.user(1001)
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="é" * 32)]])
    await app.bot.send_message(ana.id, "fits", reply_markup=fits)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await app.bot.send_message(ana.id, "too long", reply_markup=too_long)
    assert [m.plain for m in ana.messages] == ["fits"]


async def test_other_reply_markups_are_accepted(api: LocalBotApi, start_bot: Any) -> None:
    from telegram import ForceReply, ReplyKeyboardMarkup, ReplyKeyboardRemove

    app = await start_bot()
    ana = api.user(1001)
    await app.bot.send_message(ana.id, "a", reply_markup=ReplyKeyboardMarkup([["Yes", "No"]]))
    await app.bot.send_message(ana.id, "b", reply_markup=ReplyKeyboardRemove())
    await app.bot.send_message(ana.id, "c", reply_markup=ForceReply())
    assert ana.messages[0].keyboard == [["Yes", "No"]]


@pytest.mark.usefixtures("timedelta_mode")
async def test_injected_429_is_retry_after_and_not_applied(
    api: LocalBotApi, start_bot: Any
) -> None:
    app = await start_bot()
    ana = api.user(1001)
    api.inject_error("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await app.bot.send_message(ana.id, "first")
    assert retry_seconds(caught.value) == 7
    await app.bot.send_message(ana.id, "second")
    assert [m.plain for m in ana.messages] == ["second"]
    assert api.stats.injected == 1


async def test_blocked_user_gives_forbidden(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana = api.user(1001)
    ana.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await app.bot.send_message(ana.id, "hi")
    ana.unblock()
    await app.bot.send_message(ana.id, "hi again")
    with pytest.raises(BadRequest, match="Chat not found"):
        await app.bot.send_message(424242, "nobody")
    assert [m.plain for m in ana.messages] == ["hi again"]


@pytest.mark.xdist_group("serial")  # measures how long the client waits
async def test_injected_timeout_applies_the_call(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana = api.user(1001)
    api.inject_timeout("sendMessage", delay=2.0)
    started = time.monotonic()
    with pytest.raises(TimedOut):
        await app.bot.send_message(ana.id, "sent once", read_timeout=0.2)
    await api.settle()
    assert time.monotonic() - started < 1.0  # the held answer ends when the client gives up
    assert [m.plain for m in ana.messages] == ["sent once"]


async def test_answer_callback_query_only_once(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana = api.user(1001)
    await app.bot.send_message(ana.id, "Pick", reply_markup=KEYBOARD)
    query_id = await ana.press("Yes")
    assert await app.bot.answer_callback_query(query_id, "Noted")
    with pytest.raises(BadRequest, match="Query is too old"):
        await app.bot.answer_callback_query(query_id, "Again")
    with pytest.raises(BadRequest, match="Query is too old"):
        await app.bot.answer_callback_query("nope")
    assert [a.text for a in ana.alerts] == ["Noted"]


async def test_documents_both_ways(api: LocalBotApi, start_bot: Any) -> None:
    received: list[bytes] = []

    async def keep_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.photo
        photo_file = await message.photo[-1].get_file()
        received.append(bytes(await photo_file.download_as_bytearray()))
        await message.reply_document(
            InputFile(b"%PDF-1.4 plan", filename="plan.pdf"),
            caption=f"<b>{message.caption}</b> saved",
            parse_mode="HTML",
            protect_content=True,
        )

    app = await start_bot(MessageHandler(filters.PHOTO, keep_photo))
    ana = api.user(1001)
    await ana.send_photo(PNG, filename="shelter.png", caption="Shelter")
    assert received == [PNG]
    doc = ana.last.document
    assert doc is not None and ana.last.protect_content
    assert (doc.filename, doc.data, doc.caption, doc.mime_type) == (
        "plan.pdf",
        b"%PDF-1.4 plan",
        "Shelter saved",
        "application/pdf",
    )
    again = await app.bot.send_document(ana.id, doc.file_id)
    assert again.document is not None and again.document.file_name == "plan.pdf"
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await app.bot.send_document(ana.id, "no-such-file")
    await ana.send_document(b"a,b\n1,2\n", filename="list.csv")
    assert ana.sent[-1].document is not None
    assert ana.sent[-1].document.mime_type == "text/csv"


async def test_photo_upload_by_the_bot(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana = api.user(1001)
    sent = await app.bot.send_photo(ana.id, PNG, caption="Map")
    assert ana.last.photo is not None and ana.last.photo.data == PNG
    assert (ana.last.photo.filename, ana.last.photo.mime_type) == ("photo.png", "image/png")
    assert sent.caption == "Map" and ana.last.plain == "Map"
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await app.bot.send_photo(ana.id, PNG, caption="x" * 1025)


async def test_commands_stored_per_scope_and_language(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    await app.bot.set_my_commands([BotCommand("start", "Start")])
    await app.bot.set_my_commands([BotCommand("start", "Empezar")], language_code="es")
    await app.bot.set_my_commands(
        [BotCommand("help", "Help")], scope=BotCommandScopeAllPrivateChats()
    )
    assert api.commands == {
        ("default", ""): [("start", "Start")],
        ("default", "es"): [("start", "Empezar")],
        ("all_private_chats", ""): [("help", "Help")],
    }
    spanish = await app.bot.get_my_commands(language_code="es")
    assert [(c.command, c.description) for c in spanish] == [("start", "Empezar")]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await app.bot.set_my_commands([BotCommand("Start!", "bad")])
    await app.bot.delete_my_commands(language_code="es")
    assert ("default", "es") not in api.commands


@pytest.mark.xdist_group("serial")  # counts requests per second
@pytest.mark.api(flood_limit=5, per_chat_limit=3)
@pytest.mark.usefixtures("timedelta_mode")
async def test_flood_limits_give_429s(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana, ben = api.user(1001), api.user(1002)
    for n in range(3):
        await app.bot.send_message(ana.id, f"a{n}")
    with pytest.raises(RetryAfter) as per_chat:
        await app.bot.send_message(ana.id, "a3")
    for n in range(2):
        await app.bot.send_message(ben.id, f"b{n}")
    with pytest.raises(RetryAfter) as overall:
        await app.bot.edit_message_text("edited", ben.id, ben.last.message_id)
    assert retry_seconds(per_chat.value) >= 1 and retry_seconds(overall.value) >= 1
    assert api.stats.flood_rejected == 2
    assert api.stats.flood_rejected_by_method == {"sendMessage": 1, "editMessageText": 1}
    assert len(ana.messages) == 3 and ben.last.plain == "b1"
    await app.bot.send_chat_action(ana.id, "typing")  # not a message: never limited


async def test_raw_http_shapes(api: LocalBotApi) -> None:
    api.inject_error("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{api.url}/botWRONG:token/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.post(f"{api.url}/bot{api.token}/noSuchMethod") as resp:
            assert resp.status == 404
            assert (await resp.json())["description"] == "Not Found"
        async with http.post(
            f"{api.url}/bot{api.token}/sendMessage", json={"chat_id": 1, "text": "x"}
        ) as resp:
            assert resp.status == 429
            assert (await resp.json())["parameters"] == {"retry_after": 3}
        async with http.get(f"{api.url}/bot{api.token}/getMe") as resp:
            me = (await resp.json())["result"]
            assert me["is_bot"] is True and me["username"] == "micic_test_bot"
        async with http.get(f"{api.url}/file/bot{api.token}/documents/nothing.pdf") as resp:
            assert resp.status == 404
        api.inject_error("getUpdates", 502, "Bad Gateway")
        async with http.get(f"{api.url}/bot{api.token}/getUpdates") as resp:
            assert resp.status == 502
            assert (await resp.json())["description"] == "Bad Gateway"


async def test_unknown_method_through_ptb(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    with pytest.raises(EndPointNotFound):
        await app.bot.do_api_request("noSuchMethod")


async def test_group_and_channel_updates(api: LocalBotApi, start_bot: Any) -> None:
    seen: list[str] = []

    async def channel(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.channel_post is not None
        seen.append(update.channel_post.text or "")

    await start_bot(
        CommandHandler("start", ask),
        MessageHandler(filters.UpdateType.CHANNEL_POST, channel),
    )
    ana = api.user(1001, first_name="Ana")
    await api.group_message(ana, -100200, "/start@micic_test_bot group")
    group = api.world.chats[-100200]
    replies = [m for m in group.messages.values() if m.from_bot]
    assert [m.plain for m in replies] == ["Question group"]
    post = {"message_id": 5, "date": 1, "chat": {"id": -100300, "type": "channel", "title": "News"}}
    await api.push_update({"channel_post": {**post, "text": "hello channel"}})
    assert seen == ["hello channel"]


async def test_allowed_updates_filter(api: LocalBotApi, start_bot: Any) -> None:
    await start_bot(
        MessageHandler(filters.TEXT, echo),
        CallbackQueryHandler(choose),
        allowed_updates=["message"],
    )
    ana = api.user(1001)
    await ana.send("Pick")
    api.world.chats[ana.id].messages[ana.last.message_id].reply_markup = KEYBOARD.to_dict()
    await ana.press("Yes")  # never delivered, so settle() does not wait for it
    assert ana.alerts == [] and ana.last.plain == "Pick"


async def test_other_user_actions_reach_the_bot(api: LocalBotApi, start_bot: Any) -> None:
    kinds: list[str] = []

    async def record(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        kinds.append("sticker" if message.sticker else "location" if message.location else "?")

    await start_bot(MessageHandler(filters.Sticker.ALL | filters.LOCATION, record))
    ana = api.user(1001)
    await ana.send_sticker()
    await ana.send_location(41.39, 2.17)
    assert kinds == ["sticker", "location"]


async def test_settle_explains_a_bot_that_is_not_polling(api: LocalBotApi) -> None:
    await api.user(1001).send("anyone?", wait=False)
    with pytest.raises(TimeoutError, match="is the bot polling"):
        await api.settle(timeout=0.1)


async def test_call_log(api: LocalBotApi, start_bot: Any) -> None:
    app = await start_bot()
    ana = api.user(1001)
    await app.bot.send_message(ana.id, "logged")
    await api.wait_for_polling()
    sends = [c for c in api.calls if c.method == "sendMessage"]
    assert [(c.chat_id, c.status) for c in sends] == [(ana.id, 200)]
    assert api.stats.calls["getMe"] >= 1 and api.stats.calls["getUpdates"] >= 1


async def test_settle_waits_for_a_slow_handler(api: LocalBotApi, start_bot: Any) -> None:
    async def slow(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await asyncio.sleep(0.1)  # longer than settle's quiet period, without any API call
        await update.effective_message.reply_text("done")

    await start_bot(MessageHandler(filters.TEXT, slow))  # start_bot calls watch_application
    ana = api.user(1001)
    await ana.send("work")
    assert ana.last.plain == "done"


async def test_settle_reports_busy_checks(api: LocalBotApi) -> None:
    api.add_busy_check(lambda: True)
    with pytest.raises(TimeoutError, match="busy check"):
        await api.settle(timeout=0.05)


@pytest.mark.xdist_group("serial")  # one poll must be waiting when the next comes
async def test_long_poll_conflict_and_dropped_updates(api: LocalBotApi) -> None:
    base = f"{api.url}/bot{api.token}"
    async with aiohttp.ClientSession() as http:

        async def poll(seconds: int) -> tuple[int, Any]:
            async with http.get(f"{base}/getUpdates", params={"timeout": seconds}) as resp:
                return resp.status, await resp.json()

        older = asyncio.create_task(poll(2))
        await asyncio.sleep(0.05)
        assert await poll(0) == (200, {"ok": True, "result": []})
        status, body = await older
        assert status == 409 and body["description"].startswith("Conflict: terminated by other")

        await api.push_update({"message": {"message_id": 1}}, wait=False)
        async with http.get(f"{base}/getWebhookInfo") as resp:
            assert (await resp.json())["result"]["pending_update_count"] == 1
        async with http.post(f"{base}/deleteWebhook", data={"drop_pending_updates": "true"}):
            pass
        await api.settle(timeout=0.5)  # dropped updates count as fetched
        status, body = await poll(0)
        assert body["result"] == []


async def test_a_webhook_gets_each_update_with_the_secret_until_it_answers_2xx(
    api: LocalBotApi,
) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    answers = [503, 200, 200]

    async def on_post(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(status=answers.pop(0))

    app = web.Application()
    app.router.add_post("/hook", on_post)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    base = f"{api.url}/bot{api.token}"
    try:
        async with aiohttp.ClientSession() as http:
            hook = {"url": f"http://127.0.0.1:{port}/hook", "secret_token": "s3cret"}
            async with http.post(f"{base}/setWebhook", json=hook) as resp:
                assert (await resp.json())["result"] is True
            first = await api.push_update({"message": {"message_id": 1}}, wait=False)
            second = await api.push_update({"message": {"message_id": 2}}, wait=False)
            await api.settle(timeout=2)
            async with http.get(f"{base}/getWebhookInfo") as resp:
                info = (await resp.json())["result"]
            async with http.get(f"{base}/getUpdates") as resp:
                refused = resp.status
            async with http.post(f"{base}/deleteWebhook") as resp:
                assert resp.status == 200
    finally:
        await runner.cleanup()

    assert [(secret, body["update_id"]) for secret, body in received] == [
        ("s3cret", first),  # answered 503: delivered again
        ("s3cret", first),
        ("s3cret", second),
    ]
    assert info["url"] == hook["url"] and info["pending_update_count"] == 0
    assert info["last_error_message"] == "Wrong response from the webhook: 503"
    assert refused == 409 and api.webhook is None
