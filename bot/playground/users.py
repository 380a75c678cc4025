"""The user side of the local Bot API: a scripted (or human) user in a private chat.

Every action builds the update a real Telegram client would cause and, by default, returns
once the bot has settled.
"""

from __future__ import annotations

import mimetypes
import re
from typing import TYPE_CHECKING, Any

from bot.playground.chats import (
    Attachment,
    CallbackAnswer,
    Chat,
    ChatMessage,
    UserInfo,
    now,
)
from bot.playground.telegram_html import Entity, utf16_len

if TYPE_CHECKING:
    from bot.playground.botapi import LocalBotApi

# Clients mark /commands (optionally /command@botname) at word starts as bot_command entities
_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?!\S)")


def command_entities(text: str) -> list[Entity]:
    """bot_command entities for `text`, offsets in UTF-16 units like Telegram's."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in _COMMAND.finditer(text)
    ]


def text_message(chat: Chat, sender: UserInfo, text: str) -> ChatMessage:
    """A new text message from `sender` in `chat`, stored in the chat."""
    msg = ChatMessage(chat.take_message_id(), chat.id, sender.id, from_bot=False, date=now())
    msg.text, msg.plain, msg.entities = text, text, command_entities(text)
    chat.messages[msg.message_id] = msg
    return msg


class ChatUser:
    """A user chatting with the bot in a private chat (chat id == user id)."""

    def __init__(self, api: LocalBotApi, info: UserInfo) -> None:
        self._api = api
        self.info = info
        self.chat: Chat = api.world.private_chat(info)

    @property
    def id(self) -> int:
        """The user id, which is also the private chat id."""
        return self.info.id

    @property
    def messages(self) -> list[ChatMessage]:
        """The bot's messages in this chat, in order, each in its current state."""
        return [m for m in self.chat.messages.values() if m.from_bot]

    @property
    def last(self) -> ChatMessage:
        """The newest bot message that is not deleted."""
        live = [m for m in self.messages if not m.deleted]
        if not live:
            raise AssertionError(f"{self.info.first_name} has no message from the bot")
        return live[-1]

    @property
    def alerts(self) -> list[CallbackAnswer]:
        """Every callback answer this user received (toasts with empty text included)."""
        return list(self._api.world.answers.get(self.id, []))

    @property
    def sent(self) -> list[ChatMessage]:
        """What this user sent in the chat."""
        return [m for m in self.chat.messages.values() if m.sender_id == self.id]

    def block(self) -> None:
        """Block the bot: sends into this chat now fail with 403."""
        self.chat.blocked = True

    def unblock(self) -> None:
        """Unblock the bot."""
        self.chat.blocked = False

    async def send(self, text: str, *, wait: bool = True) -> ChatMessage:
        """Send a text message (commands get bot_command entities)."""
        msg = text_message(self.chat, self.info, text)
        await self._deliver(msg, wait)
        return msg

    async def send_photo(
        self,
        data: bytes,
        filename: str = "photo.jpg",
        caption: str | None = None,
        *,
        wait: bool = True,
    ) -> ChatMessage:
        """Send a photo."""
        mime = mimetypes.guess_type(filename)[0] or "image/jpeg"
        return await self._send_file("photo", data, filename, mime, caption, wait)

    async def send_document(
        self,
        data: bytes,
        filename: str = "document.bin",
        mime_type: str | None = None,
        caption: str | None = None,
        *,
        wait: bool = True,
    ) -> ChatMessage:
        """Send a file as a document."""
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return await self._send_file("document", data, filename, mime, caption, wait)

    async def send_sticker(self, emoji: str = "👍", *, wait: bool = True) -> ChatMessage:
        """Send a sticker (a content the bot probably does not handle)."""
        sticker = {
            "file_id": f"STICKER-{self.id}",
            "file_unique_id": f"S{self.id}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._send_extra({"sticker": sticker}, wait)

    async def send_location(
        self, latitude: float, longitude: float, *, wait: bool = True
    ) -> ChatMessage:
        """Share a location."""
        return await self._send_extra(
            {"location": {"latitude": latitude, "longitude": longitude}}, wait
        )

    async def press(
        self, text: str, *, message: ChatMessage | None = None, wait: bool = True
    ) -> str:
        """Press the button labelled `text` on `message` or on the newest message with buttons.

        Returns the callback query id.
        """
        target = message or self._newest_with_buttons()
        if target.deleted:
            raise AssertionError(f"message {target.message_id} was deleted")
        for row in (target.reply_markup or {}).get("inline_keyboard", []):
            for button in row:
                if button.get("text") == text:
                    return await self._press_button(target, button, wait)
        labels = [label for row in target.buttons for label, _ in row]
        raise AssertionError(
            f"no button {text!r} on message {target.message_id}; available: {labels}"
        )

    async def press_data(self, message_id: int, data: str, *, wait: bool = True) -> str:
        """Send a raw callback query with any data on any message (a modified client)."""
        target = self.chat.messages.get(message_id)
        if target is None or target.deleted:
            raise AssertionError(f"no message {message_id} in the chat with {self.id}")
        return await self._callback(target, data, wait)

    def _newest_with_buttons(self) -> ChatMessage:
        for msg in reversed(self.messages):
            if not msg.deleted and msg.buttons:
                return msg
        raise AssertionError(f"no bot message with inline buttons in the chat with {self.id}")

    async def _press_button(self, target: ChatMessage, button: dict[str, Any], wait: bool) -> str:
        data = button.get("callback_data")
        if not isinstance(data, str):
            kind = next((k for k in button if k != "text"), "unknown")
            raise AssertionError(
                f"button {button.get('text')!r} is a {kind} button, not a callback"
            )
        return await self._callback(target, data, wait)

    async def _callback(self, target: ChatMessage, data: str, wait: bool) -> str:
        world = self._api.world
        query_id = world.new_query(self.id, target)
        query = {
            "id": query_id,
            "from": self.info.to_json(),
            "message": world.message_json(target),
            "chat_instance": world.chat_instance(target.chat_id),
            "data": data,
        }
        await self._api.push_update({"callback_query": query}, wait=wait)
        return query_id

    async def _send_file(
        self, kind: str, data: bytes, filename: str, mime: str, caption: str | None, wait: bool
    ) -> ChatMessage:
        stored = self._api.world.store_file(kind, filename, data, mime)
        msg = ChatMessage(self.chat.take_message_id(), self.id, self.id, False, now())
        attachment = Attachment(stored.file_id, filename, data, mime, caption)
        setattr(msg, kind, attachment)
        msg.text, msg.plain = caption, caption or ""
        self.chat.messages[msg.message_id] = msg
        await self._deliver(msg, wait)
        return msg

    async def _send_extra(self, extra: dict[str, Any], wait: bool) -> ChatMessage:
        msg = ChatMessage(self.chat.take_message_id(), self.id, self.id, False, now(), extra=extra)
        self.chat.messages[msg.message_id] = msg
        await self._deliver(msg, wait)
        return msg

    async def _deliver(self, msg: ChatMessage, wait: bool) -> None:
        await self._api.push_update({"message": self._api.world.message_json(msg)}, wait=wait)
