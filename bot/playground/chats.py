"""The records of the local Bot API's chats: users, chats, messages, files, button answers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from bot.playground.telegram_html import Entity

Button = tuple[str, str | None]
"""An inline button as (label, callback_data or url; None for other button kinds)."""


def now() -> int:
    """Unix time in seconds, the unit of every Bot API date."""
    return int(time.time())


@dataclass
class UserInfo:
    """A Telegram account (a person or the bot itself)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_json(self) -> dict[str, Any]:
        """The Bot API User object."""
        out: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass
class StoredFile:
    """A file the server holds, addressable by file_id and downloadable by file_path."""

    file_id: str
    file_unique_id: str
    file_path: str
    kind: str  # "document" | "photo"
    filename: str
    mime_type: str
    data: bytes


@dataclass
class Attachment:
    """The document or photo carried by a message, as the user sees it."""

    file_id: str
    filename: str
    data: bytes
    mime_type: str
    caption: str | None = None


@dataclass(eq=False)
class ChatMessage:
    """A message in a chat, kept in its current state (edits update it in place)."""

    message_id: int
    chat_id: int
    sender_id: int
    from_bot: bool
    date: int
    text: str | None = None  # as sent (HTML when parse_mode=HTML); the caption for media
    plain: str = ""  # what a reader sees: tags stripped, references unescaped
    entities: list[Entity] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None  # inline keyboard only
    keyboard: list[list[str]] | None = None  # reply keyboard sent along with this message
    document: Attachment | None = None
    photo: Attachment | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # raw fields such as sticker, location
    deleted: bool = False
    protect_content: bool = False
    edit_date: int | None = None
    edits: int = 0

    @property
    def buttons(self) -> list[list[Button]]:
        """Inline keyboard rows as (label, callback_data or url)."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[_button(raw) for raw in row] for row in rows]

    @property
    def caption(self) -> str | None:
        """Plain caption of a media message."""
        attachment = self.document or self.photo
        return attachment.caption if attachment else None


def _button(raw: dict[str, Any]) -> Button:
    value = raw.get("callback_data", raw.get("url"))
    return (str(raw.get("text", "")), value if isinstance(value, str) else None)


@dataclass
class Chat:
    """A private chat, group or channel and the messages in it."""

    id: int
    type: str  # "private" | "group" | "supergroup" | "channel"
    title: str | None = None
    user: UserInfo | None = None
    username: str | None = None
    blocked: bool = False
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    next_message_id: int = 1

    def to_json(self) -> dict[str, Any]:
        """The Bot API Chat object."""
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.user is not None:
            user = self.user.to_json()
            out.update({k: user[k] for k in ("first_name", "last_name", "username") if k in user})
        if self.title is not None:
            out["title"] = self.title
        if self.username is not None:
            out["username"] = self.username
        return out

    def take_message_id(self, wanted: int | None = None) -> int:
        """Allocate the next message id, or honour `wanted` and move the counter past it."""
        message_id = self.next_message_id if wanted is None else wanted
        self.next_message_id = max(self.next_message_id, message_id + 1)
        return message_id


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a button press (toast text or alert)."""

    query_id: str
    user_id: int
    message_id: int | None
    text: str
    show_alert: bool
    url: str | None = None


@dataclass
class PendingQuery:
    """A callback query handed to the bot, waiting for answerCallbackQuery."""

    query_id: str
    user_id: int
    chat_id: int
    message_id: int
    answered: bool = False


@dataclass(frozen=True)
class BotEvent:
    """A bot-side change: kind is message, document, photo, edit, delete or answer."""

    kind: str
    chat_id: int
    message: ChatMessage | None = None
    answer: CallbackAnswer | None = None
