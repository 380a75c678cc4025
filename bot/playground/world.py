"""Chat state behind the local Bot API: every chat, user, file and callback query.

Also renders that state as Bot API JSON (Message, Chat, User) the way PTB 22 expects it.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from bot.playground.chats import (
    BotEvent,
    CallbackAnswer,
    Chat,
    ChatMessage,
    PendingQuery,
    StoredFile,
    UserInfo,
)
from bot.playground.errors import bad_request
from bot.playground.telegram_html import Entity

logger = logging.getLogger(__name__)

Listener = Callable[[BotEvent], None]


class World:
    """All chats, users, files and callback queries of one local Bot API instance."""

    def __init__(self, bot: UserInfo) -> None:
        self.bot = bot
        self.users: dict[int, UserInfo] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self.queries: dict[str, PendingQuery] = {}
        self.answers: dict[int, list[CallbackAnswer]] = {}
        self.commands: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._listeners: list[Listener] = []
        self._ids = itertools.count(1)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call listener(event) for every bot-side change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def emit(self, event: BotEvent) -> None:
        """Tell every listener; a failing listener must not turn the API call into a 500."""
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                logger.exception("playground listener failed on %s", event.kind)

    def private_chat(self, user: UserInfo) -> Chat:
        """The private chat with `user` (chat id == user id), created on first use."""
        self.users[user.id] = user
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = Chat(user.id, "private", user=user)
        chat.user = user
        return chat

    def group(self, chat_id: int, title: str, kind: str = "group") -> Chat:
        """A group, supergroup or channel, created on first use."""
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = self.chats[chat_id] = Chat(chat_id, kind, title=title)
        return chat

    def chat(self, chat_ref: int | str | None) -> Chat:
        """Resolve a chat_id parameter (id or @username) or fail like Telegram."""
        if chat_ref is None or chat_ref == "":
            raise bad_request("chat_id is empty")
        if isinstance(chat_ref, str) and chat_ref.startswith("@"):
            for chat in self.chats.values():
                if chat_ref[1:].lower() in ((chat.username or "").lower(), _username(chat)):
                    return chat
            raise bad_request("chat not found")
        try:
            chat_id = int(chat_ref)
        except ValueError:
            raise bad_request("chat not found") from None
        found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        return found

    def message(self, chat: Chat, message_id: int | None, missing: str) -> ChatMessage:
        """A live message of `chat` or a 400 with the `missing` reason."""
        msg = chat.messages.get(message_id) if message_id is not None else None
        if msg is None or msg.deleted:
            raise bad_request(missing)
        return msg

    def register_chat(self, raw: dict[str, Any]) -> None:
        """Learn a chat seen in a pushed update so that the bot can answer into it."""
        chat_id = raw.get("id")
        if not isinstance(chat_id, int) or chat_id in self.chats:
            return
        kind = str(raw.get("type", "private"))
        if kind == "private":
            self.private_chat(self.users.get(chat_id) or _user_from_json(raw))
        else:
            self.group(chat_id, str(raw.get("title", "Chat")), kind).username = raw.get("username")

    def learn_update(self, update: dict[str, Any]) -> None:
        """Register chats and senders of a pushed raw update so that the bot can answer."""
        for key in _MESSAGE_KEYS:
            if isinstance(update.get(key), dict):
                self._learn_message(update[key])
        query = update.get("callback_query")
        if isinstance(query, dict) and isinstance(query.get("message"), dict):
            self._learn_message(query["message"])

    def _learn_message(self, raw: dict[str, Any]) -> None:
        sender = raw.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            self.users.setdefault(sender["id"], _user_from_json(sender))
        chat_raw = raw.get("chat")
        if not isinstance(chat_raw, dict):
            return
        self.register_chat(chat_raw)
        chat = self.chats.get(chat_raw.get("id", 0))
        if chat is not None and isinstance(raw.get("message_id"), int):
            chat.take_message_id(raw["message_id"])  # later bot messages get higher ids

    def store_file(self, kind: str, filename: str, data: bytes, mime_type: str) -> StoredFile:
        """Keep an uploaded file and give it ids and a download path."""
        number = next(self._ids)
        suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        folder = "photos" if kind == "photo" else "documents"
        stored = StoredFile(
            file_id=f"{kind.upper()}-{number:06d}-playground",
            file_unique_id=f"U{number:06d}",
            file_path=f"{folder}/file_{number}.{suffix}",
            kind=kind,
            filename=filename,
            mime_type=mime_type,
            data=data,
        )
        self.files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def file_by_path(self, file_path: str) -> StoredFile | None:
        """The file served at /file/bot<token>/<file_path>."""
        return self._files_by_path.get(file_path)

    def new_query(self, user_id: int, msg: ChatMessage) -> str:
        """Open a callback query on `msg` pressed by `user_id`; returns its id."""
        query_id = str(4_000_000_000_000_000 + next(self._ids))
        self.queries[query_id] = PendingQuery(query_id, user_id, msg.chat_id, msg.message_id)
        return query_id

    def record_answer(self, answer: CallbackAnswer, chat_id: int) -> None:
        """Keep the answer for its user and announce it."""
        self.answers.setdefault(answer.user_id, []).append(answer)
        self.emit(BotEvent("answer", chat_id, answer=answer))

    def chat_instance(self, chat_id: int) -> str:
        """Stable per-chat identifier Telegram puts into every callback query."""
        return str((chat_id * 2654435761) % (1 << 62))

    def message_json(self, msg: ChatMessage) -> dict[str, Any]:
        """The Bot API Message object for `msg` in its current state."""
        chat = self.chats[msg.chat_id]
        out: dict[str, Any] = {"message_id": msg.message_id, "date": msg.date}
        out["chat"] = chat.to_json()
        if chat.type == "channel":
            out["sender_chat"] = chat.to_json()
        else:
            sender = self.users.get(msg.sender_id) or UserInfo(msg.sender_id, "User")
            out["from"] = sender.to_json()
        out.update(self._content_json(msg))
        out.update(msg.extra)
        if msg.reply_markup is not None:
            out["reply_markup"] = msg.reply_markup
        if msg.edit_date is not None:
            out["edit_date"] = msg.edit_date
        if msg.protect_content:
            out["has_protected_content"] = True
        return out

    def _content_json(self, msg: ChatMessage) -> dict[str, Any]:
        attachment = msg.document or msg.photo
        if attachment is None:
            if msg.text is None:
                return {}
            return _with_entities({"text": msg.plain}, "entities", msg.entities)
        stored = self.files[attachment.file_id]
        content: dict[str, Any] = {}
        if msg.document is not None:
            content["document"] = document_json(stored)
        else:
            content["photo"] = photo_json(stored)
        if attachment.caption:
            content["caption"] = msg.plain
            _with_entities(content, "caption_entities", msg.entities)
        return content


_MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


def _user_from_json(raw: dict[str, Any]) -> UserInfo:
    return UserInfo(
        id=raw["id"],
        first_name=str(raw.get("first_name", "User")),
        last_name=raw.get("last_name"),
        username=raw.get("username"),
        language_code=raw.get("language_code"),
        is_bot=bool(raw.get("is_bot", False)),
    )


def _with_entities(out: dict[str, Any], key: str, entities: list[Entity]) -> dict[str, Any]:
    if entities:
        out[key] = entities
    return out


def _username(chat: Chat) -> str:
    return (chat.user.username or "").lower() if chat.user else ""


def document_json(stored: StoredFile) -> dict[str, Any]:
    """The Bot API Document object."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.filename,
        "mime_type": stored.mime_type,
        "file_size": len(stored.data),
    }


def photo_json(stored: StoredFile) -> list[dict[str, Any]]:
    """The Bot API photo field: one PhotoSize (the emulator does not resize)."""
    size = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    return [{**size, "width": 640, "height": 480, "file_size": len(stored.data)}]
