"""Which button a simulated responder presses, for the real bot and for the bare baseline."""

from __future__ import annotations

from bench.seed import expected_score
from bot.playground import ChatMessage


def _data(message: ChatMessage) -> list[str]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def answer(message: ChatMessage) -> str | None:
    """The answer button for the item shown (``a:<assessment>:<item>:<score>``); None when done."""
    for data in _data(message):
        if data.startswith("a:"):
            _, assessment, item, _ = data.split(":")
            return f"a:{assessment}:{item}:{expected_score(item).value}"
    return None


def bare(message: ChatMessage) -> str | None:
    """The bare bot's first answer button."""
    found = _data(message)
    return found[0] if found else None
