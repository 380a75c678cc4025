"""A user's own data: /mydata sends all of it as a file, /forget deletes it after confirming."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.codec import Forget, encode
from bot.handlers.layout import Button, View, button_rows, join_lines, text_view
from bot.handlers.replies import Unsent, send, send_file
from bot.handlers.turn import Turn, begin


async def on_mydata(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mydata: everything the bot holds about the user, as a JSON file."""
    turn = await begin(update, context)
    data = await turn.service.personal_data(turn.user.id)
    exported = {"exported_at": datetime.now(UTC).isoformat(timespec="seconds"), **data}
    payload = json.dumps(exported, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    caption = turn.t._("Everything I hold about you. /forget deletes it.")
    try:
        await send_file(context.bot, turn.chat_id, payload, "my-data.json", caption)
    except Unsent:  # it may have arrived: asking costs less than a second copy of the file
        text = turn.t._("If my-data.json did not arrive, send /mydata again.")
        await send(context.bot, turn.chat_id, text_view(turn.t, text))


def forget_view(turn: Turn) -> View:
    """Ask before deleting anything."""
    t = turn.t
    text = join_lines(
        t,
        t._("Delete your personal data?"),
        t._(
            "I will delete your name, language and memberships, and the earlier versions of "
            "your notes. Your answers and your notes as they are now stay with your "
            "municipality's assessment, without your name."
        ),
    )
    buttons = button_rows(
        t,
        [
            [
                Button(t._("Yes, delete"), encode(Forget(confirmed=True))),
                Button(t._("No, keep"), encode(Forget(confirmed=False))),
            ]
        ],
    )
    return View(text, buttons)


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: confirm, then delete the user's personal data."""
    turn = await begin(update, context)
    await send(context.bot, turn.chat_id, forget_view(turn))


async def forget_confirmed(turn: Turn, *, confirmed: bool) -> View:
    """The user's answer to the /forget question."""
    if not confirmed:
        return text_view(turn.t, turn.t._("Nothing was deleted."))
    await turn.service.forget(turn.user.id)
    text = turn.t._("Done: your personal data is deleted. Send /start to begin again.")
    return text_view(turn.t, text)
