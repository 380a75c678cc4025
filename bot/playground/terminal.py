"""Chat with the bot in a terminal through the local Bot API (`make run` without a token).

Prints what the bot does as it happens; a typed number presses a button, other lines are sent.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path
from typing import TextIO

from bot.playground.botapi import LocalBotApi
from bot.playground.chats import Attachment, BotEvent, ChatMessage
from bot.playground.users import ChatUser

# The client's own few words, kept together (everything else on screen comes from the bot)
PROMPT = "> "
BOT = "bot: "
UPDATED = "bot (updated): "
DELETED = "bot (deleted): "
ALERT = "[alert] "
NOTICE = "[notice] "
SAVED = "[saved] "
OPEN_URL = "[open] "
KEYBOARD = "[keyboard] "
NO_BUTTON = "[no button {number}]"
QUIT = "/quit"
# Direction marks and isolates keep names and numbers in place in a Telegram client, which
# draws them as nothing; most terminals draw them as boxes or bars, so they are left out here.
INVISIBLE_IN_TELEGRAM = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


class TerminalChat:
    """A line-based chat between one user and the bot."""

    def __init__(
        self,
        api: LocalBotApi,
        user: ChatUser,
        *,
        downloads: Path,
        input_stream: TextIO | None = None,
        output: TextIO | None = None,
    ) -> None:
        self._api = api
        self._user = user
        self._downloads = downloads
        self._input = input_stream or sys.stdin
        self._out = output or sys.stdout
        self._prompt = PROMPT if self._input.isatty() else ""

    async def run(self, opening: str | None = None) -> None:
        """Chat until /quit or end of input, first sending ``opening`` (e.g. /start) if given."""
        unsubscribe = self._api.subscribe(self._on_event)
        lines = self._start_reader()
        try:
            if opening:
                await self._handle(opening)
            while True:
                self._write(self._prompt, end="")
                line = await lines.get()
                if line is None or line.strip() == QUIT:
                    return
                await self._handle(line.strip())
        finally:
            unsubscribe()

    def _start_reader(self) -> asyncio.Queue[str | None]:
        """Read lines in a daemon thread so a blocking stdin never stalls the event loop."""
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def read() -> None:
            while True:
                line = self._input.readline()
                try:
                    loop.call_soon_threadsafe(queue.put_nowait, line or None)
                except RuntimeError:  # the loop is gone: nobody is listening any more
                    return
                if not line or line.strip() == QUIT:
                    return

        threading.Thread(target=read, name="terminal-input", daemon=True).start()
        return queue

    async def _handle(self, line: str) -> None:
        if not line:
            return
        try:
            if line.isdigit():
                await self._press(int(line))
            else:
                await self._user.send(line)
        except TimeoutError:
            pass  # the bot is slow; its answer is printed whenever it comes

    async def _press(self, number: int) -> None:
        message = next(
            (m for m in reversed(self._user.messages) if m.buttons and not m.deleted), None
        )
        buttons = [button for row in message.buttons for button in row] if message else []
        if message is None or not 1 <= number <= len(buttons):
            self._write(NO_BUTTON.format(number=number))
            return
        label, value = buttons[number - 1]
        raw = _raw_button(message, number)
        if "callback_data" in raw and value is not None:
            await self._user.press_data(message.message_id, value)
        else:
            self._write(f"{OPEN_URL}{label} {value or ''}".rstrip())

    def _on_event(self, event: BotEvent) -> None:
        if event.answer is not None:
            if event.answer.user_id == self._user.id:
                self._show_answer(event)
            return
        msg = event.message
        if msg is None or event.chat_id != self._user.id:
            return
        if event.kind == "delete":
            self._write(DELETED + _first_line(msg.plain))
            return
        if event.kind in ("document", "photo"):
            attachment = msg.document or msg.photo
            if attachment is not None:
                self._write(SAVED + str(self._save(attachment)))
        self._show(msg, UPDATED if event.kind == "edit" else BOT)

    def _show_answer(self, event: BotEvent) -> None:
        answer = event.answer
        if answer is not None and answer.text:
            self._write((ALERT if answer.show_alert else NOTICE) + answer.text)
        if answer is not None and answer.url:
            self._write(OPEN_URL + answer.url)

    def _show(self, msg: ChatMessage, prefix: str) -> None:
        if msg.plain or not (msg.document or msg.photo):
            self._write(prefix + msg.plain)
        number = 0
        for row in msg.buttons:
            labels = []
            for label, _ in row:
                number += 1
                labels.append(f"[{number}] {label}")
            self._write("  " + "  ".join(labels))
        for keys in msg.keyboard or []:
            self._write(KEYBOARD + " | ".join(keys))

    def _save(self, attachment: Attachment) -> Path:
        self._downloads.mkdir(parents=True, exist_ok=True)
        name = Path(attachment.filename).name or "file"
        target = self._downloads / name
        stem, suffix = target.stem, target.suffix
        counter = 1
        while target.exists():  # never overwrite an earlier download
            target = self._downloads / f"{stem}-{counter}{suffix}"
            counter += 1
        target.write_bytes(attachment.data)
        return target

    def _write(self, text: str, end: str = "\n") -> None:
        self._out.write(text.translate(INVISIBLE_IN_TELEGRAM) + end)
        self._out.flush()


def _raw_button(message: ChatMessage, number: int) -> dict[str, object]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    flat: list[dict[str, object]] = [button for row in rows for button in row]
    return flat[number - 1]


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""
