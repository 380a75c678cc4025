"""Telegram's checks on message text, captions, keyboards and bot commands.

Limits come from PTB 22.8's `telegram.constants`; error wording follows the Bot API's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.playground.errors import bad_request
from bot.playground.params import Params
from bot.playground.telegram_html import HtmlParseError, ParsedText, parse_html, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes
MAX_ANSWER_TEXT = 200
MAX_BUTTONS = 100
MAX_COMMANDS = 100
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_OTHER_BUTTON_KINDS = (
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_BAD_MARKUP = "can't parse reply keyboard markup JSON object"


@dataclass(frozen=True)
class Markup:
    """A validated reply_markup: an inline keyboard and/or reply keyboard rows."""

    inline: dict[str, Any] | None = None
    keyboard: list[list[str]] | None = None


def message_text(params: Params) -> tuple[str, ParsedText]:
    """The `text` parameter, parsed per parse_mode and checked like Telegram (1-4096 chars)."""
    raw = params.text("text")
    parsed = _formatted(params, raw or "", "entities")
    if not parsed.text.strip():
        raise bad_request("message text is empty")
    # Counted in UTF-16 units, as Telegram's clients and entity offsets count (an emoji outside
    # the BMP is two): the stricter of the counts in use, so what fits here fits on Telegram.
    if utf16_len(parsed.text) > MAX_TEXT:
        raise bad_request("message is too long")
    return raw or "", parsed


def caption(params: Params) -> tuple[str | None, ParsedText]:
    """The optional `caption` parameter, parsed and checked (0-1024 chars)."""
    raw = params.text("caption")
    parsed = _formatted(params, raw or "", "caption_entities")
    if utf16_len(parsed.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return (raw if parsed.text.strip() else None), parsed


def _formatted(params: Params, raw: str, entities_field: str) -> ParsedText:
    mode = (params.text("parse_mode") or "").lower()
    if mode == "html":
        try:
            return parse_html(raw)
        except HtmlParseError as err:
            raise bad_request(f"can't parse entities: {err}") from None
    if mode in ("", "markdown", "markdownv2"):
        # Markdown is passed through unparsed: the project formats with HTML only
        entities = params.obj(entities_field, "message entities") if not mode else None
        return ParsedText(raw, list(entities) if isinstance(entities, list) else [])
    raise bad_request(f"unsupported parse_mode {params.text('parse_mode')!r}")


def markup(params: Params) -> Markup:
    """reply_markup: inline keyboards are validated, reply keyboards/remove/force_reply kept."""
    raw = params.obj("reply_markup", "reply keyboard markup JSON object")
    if raw is None:
        return Markup()
    if not isinstance(raw, dict):
        raise bad_request(_BAD_MARKUP)
    if "inline_keyboard" in raw:
        return Markup(inline={"inline_keyboard": _inline_rows(raw["inline_keyboard"])})
    if "keyboard" in raw:
        return Markup(keyboard=_reply_rows(raw["keyboard"]))
    if raw.get("remove_keyboard") or raw.get("force_reply"):
        return Markup()
    raise bad_request(_BAD_MARKUP)


def _inline_rows(rows: object) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("BUTTONS_TOO_MUCH")
    for row in rows:
        for button in row:
            _check_inline_button(button)
    return rows


def _check_inline_button(button: object) -> None:
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: Object expected")
    if not isinstance(button.get("text"), str) or not button["text"]:
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(data.encode("utf-8")) if isinstance(data, str) else 0
        if not 1 <= size <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    elif "url" in button:
        if not str(button["url"]).startswith(("http://", "https://", "tg://")):
            raise bad_request("BUTTON_URL_INVALID")
    elif not any(kind in button for kind in _OTHER_BUTTON_KINDS):
        raise bad_request("text buttons are unallowed in the inline keyboard")


def _reply_rows(rows: object) -> list[list[str]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(_BAD_MARKUP)
    return [[_reply_label(button) for button in row] for row in rows]


def _reply_label(button: object) -> str:
    label = button.get("text") if isinstance(button, dict) else button
    if not isinstance(label, str) or not label:
        raise bad_request("keyboard button text must be non-empty")
    return label


def commands(params: Params) -> list[tuple[str, str]]:
    """setMyCommands' `commands` as (command, description) pairs, checked like Telegram."""
    raw = params.obj("commands", "commands JSON object")
    if not isinstance(raw, list):
        raise bad_request("can't parse commands JSON object")
    if len(raw) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    pairs = []
    for item in raw:
        command = item.get("command") if isinstance(item, dict) else None
        description = item.get("description") if isinstance(item, dict) else None
        if not isinstance(command, str) or not _COMMAND.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        pairs.append((command, description))
    return pairs


def answer_text(params: Params) -> str:
    """answerCallbackQuery's `text` (0-200 UTF-16 units)."""
    text = params.text("text") or ""
    if utf16_len(text) > MAX_ANSWER_TEXT:
        raise bad_request("MESSAGE_TOO_LONG")
    return text
