"""TerminalChat driven by a scripted input stream against a bare PTB bot."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.playground import LocalBotApi
from bot.playground.terminal import TerminalChat


async def menu(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="yes"),
                InlineKeyboardButton("No", callback_data="no"),
            ],
            [InlineKeyboardButton("Report", callback_data="report")],
        ]
    )
    await update.effective_message.reply_html("Ready &amp; <b>willing</b>?", reply_markup=keyboard)


async def pressed(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer("Report coming", show_alert=True)
    await query.edit_message_text("Report requested")
    await query.message.chat.send_document(
        InputFile(b"name,status\nAna,ok\n", filename="report.csv"), caption="Your report"
    )


async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def test_scripted_terminal_session(api: LocalBotApi, start_bot: Any, tmp_path: Path) -> None:
    await start_bot(
        CommandHandler("start", menu),
        CallbackQueryHandler(pressed),
        MessageHandler(filters.TEXT & ~filters.COMMAND, echo),
    )
    script = io.StringIO("/start\n7\n3\nhello\n/quit\nnever sent\n")
    out = io.StringIO()
    ana = api.user(1001, first_name="Ana")
    chat = TerminalChat(api, ana, downloads=tmp_path / "files", input_stream=script, output=out)
    await chat.run()
    saved = tmp_path / "files" / "report.csv"
    assert saved.read_bytes() == b"name,status\nAna,ok\n"
    assert out.getvalue().splitlines() == [
        "bot: Ready & willing?",
        "  [1] Yes  [2] No",
        "  [3] Report",
        "[no button 7]",
        "[alert] Report coming",
        "bot (updated): Report requested",
        f"[saved] {saved}",
        "bot: Your report",
        "bot: echo: hello",
    ]
    assert [m.plain for m in ana.sent] == ["/start", "hello"]


async def test_terminal_ends_at_end_of_input(api: LocalBotApi, tmp_path: Path) -> None:
    out = io.StringIO()
    chat = TerminalChat(
        api, api.user(1002), downloads=tmp_path, input_stream=io.StringIO(""), output=out
    )
    await chat.run()
    assert out.getvalue() == ""


async def test_direction_marks_are_left_out_of_the_terminal(
    api: LocalBotApi, start_bot: Any, tmp_path: Path
) -> None:
    async def greet(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            "\u200fWelcome back, \u2068Ana\u2069! \u2066+7\u2069"
        )

    await start_bot(CommandHandler("start", greet))
    out = io.StringIO()
    script = io.StringIO("/start\n/quit\n")
    chat = TerminalChat(api, api.user(1003), downloads=tmp_path, input_stream=script, output=out)
    await chat.run()
    assert out.getvalue().splitlines() == ["bot: Welcome back, Ana! +7"]
