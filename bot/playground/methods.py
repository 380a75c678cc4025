"""The Bot API methods the project uses, applied to a World (everything except getUpdates)."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from bot.playground import validation
from bot.playground.chats import (
    Attachment,
    BotEvent,
    CallbackAnswer,
    Chat,
    ChatMessage,
    StoredFile,
    now,
)
from bot.playground.errors import bad_request, forbidden
from bot.playground.params import Params, Upload
from bot.playground.telegram_html import ParsedText
from bot.playground.world import World

Handler = Callable[[Params], Any]

MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files on the cloud Bot API
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


class BotMethods:
    """Bot API method handlers: each takes Params and returns the `result` value."""

    def __init__(self, world: World) -> None:
        self.world = world

    def table(self) -> dict[str, Handler]:
        """Handlers by lower-cased method name (Telegram matches names case-insensitively)."""
        handlers: dict[str, Handler] = {
            "getMe": lambda _: self.world.bot.to_json() | _BOT_CAPABILITIES,
            "logOut": _true,
            "close": _true,
            "sendMessage": self.send_message,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "sendDocument": lambda p: self.send_file(p, "document"),
            "sendPhoto": lambda p: self.send_file(p, "photo"),
            "getFile": self.get_file,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "sendChatAction": self.send_chat_action,
            "getChat": self.get_chat,
            "setMyDescription": _true,
            "setMyShortDescription": _true,
            "setMyName": _true,
            "setChatMenuButton": _true,
        }
        return {name.lower(): handler for name, handler in handlers.items()}

    def _target(self, params: Params) -> Chat:
        chat = self.world.chat(params.chat_ref())
        if chat.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def _new_message(self, chat: Chat, params: Params) -> ChatMessage:
        bot_id = self.world.bot.id
        msg = ChatMessage(chat.take_message_id(), chat.id, bot_id, from_bot=True, date=now())
        msg.protect_content = params.flag("protect_content")
        return msg

    def _post(self, chat: Chat, msg: ChatMessage, kind: str) -> dict[str, Any]:
        chat.messages[msg.message_id] = msg
        self.world.emit(BotEvent(kind, chat.id, msg))
        return self.world.message_json(msg)

    def send_message(self, params: Params) -> dict[str, Any]:
        """sendMessage."""
        chat = self._target(params)
        raw, parsed = validation.message_text(params)
        markup = validation.markup(params)
        msg = self._new_message(chat, params)
        _set_text(msg, raw, parsed)
        msg.reply_markup, msg.keyboard = markup.inline, markup.keyboard
        return self._post(chat, msg, "message")

    def send_file(self, params: Params, kind: str) -> dict[str, Any]:
        """sendDocument / sendPhoto: a multipart upload or an existing file_id."""
        chat = self._target(params)
        stored = self._file_param(params, kind)
        raw_caption, parsed = validation.caption(params)
        markup = validation.markup(params)
        msg = self._new_message(chat, params)
        attachment = Attachment(stored.file_id, stored.filename, stored.data, stored.mime_type)
        attachment.caption = parsed.text if raw_caption is not None else None
        setattr(msg, kind, attachment)
        _set_text(msg, raw_caption, parsed)
        msg.reply_markup, msg.keyboard = markup.inline, markup.keyboard
        return self._post(chat, msg, kind)

    def _file_param(self, params: Params, kind: str) -> StoredFile:
        value = params.upload(kind)
        if value is None:
            raise bad_request(f"there is no {kind} in the request")
        if isinstance(value, str):
            stored = self.world.files.get(value)
            if stored is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            if stored.kind != kind:
                raise bad_request("type of file mismatch")
            return stored
        return self._store_upload(value, kind)

    def _store_upload(self, upload: Upload, kind: str) -> StoredFile:
        if not upload.data:
            raise bad_request("file must be non-empty")
        filename = upload.filename or "document"
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        if kind == "photo" and not mime.startswith("image/"):
            # PTB names raw bytes "application.octet-stream"; Telegram stores photos as images
            extension, mime = _sniff_image(upload.data)
            filename = f"photo.{extension}"
        return self.world.store_file(kind, filename, upload.data, mime)

    def _editable(self, params: Params) -> ChatMessage:
        if params.text("inline_message_id"):
            raise bad_request("message to edit not found")  # inline mode is not emulated
        chat = self.world.chat(params.chat_ref())
        msg = self.world.message(chat, params.integer("message_id"), "message to edit not found")
        if not msg.from_bot:
            raise bad_request("message can't be edited")
        return msg

    def _apply_edit(
        self, msg: ChatMessage, raw: str | None, parsed: ParsedText, params: Params
    ) -> Any:
        inline = validation.markup(params).inline
        if (parsed.text, parsed.entities, inline) == (msg.plain, msg.entities, msg.reply_markup):
            raise bad_request(_NOT_MODIFIED)
        _set_text(msg, raw, parsed)
        attachment = msg.document or msg.photo
        if attachment is not None:
            attachment.caption = parsed.text if raw else None
        msg.reply_markup = inline
        msg.edit_date, msg.edits = now(), msg.edits + 1
        self.world.emit(BotEvent("edit", msg.chat_id, msg))
        return self.world.message_json(msg)

    def edit_message_text(self, params: Params) -> Any:
        """editMessageText; without reply_markup the inline keyboard is removed, as in Telegram."""
        msg = self._editable(params)
        if msg.document or msg.photo:
            raise bad_request("there is no text in the message to edit")
        raw, parsed = validation.message_text(params)
        return self._apply_edit(msg, raw, parsed, params)

    def edit_message_caption(self, params: Params) -> Any:
        """editMessageCaption."""
        msg = self._editable(params)
        if not (msg.document or msg.photo):
            raise bad_request("there is no caption in the message to edit")
        raw, parsed = validation.caption(params)
        return self._apply_edit(msg, raw, parsed, params)

    def edit_message_reply_markup(self, params: Params) -> Any:
        """editMessageReplyMarkup."""
        msg = self._editable(params)
        return self._apply_edit(msg, msg.text, ParsedText(msg.plain, msg.entities), params)

    def delete_message(self, params: Params) -> bool:
        """deleteMessage."""
        chat = self.world.chat(params.chat_ref())
        msg = self.world.message(chat, params.integer("message_id"), "message to delete not found")
        msg.deleted = True
        self.world.emit(BotEvent("delete", chat.id, msg))
        return True

    def answer_callback_query(self, params: Params) -> bool:
        """answerCallbackQuery: each query can be answered once."""
        query = self.world.queries.get(params.text("callback_query_id") or "")
        if query is None or query.answered:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = validation.answer_text(params)
        query.answered = True
        answer = CallbackAnswer(
            query.query_id,
            query.user_id,
            query.message_id,
            text,
            params.flag("show_alert"),
            params.text("url"),
        )
        self.world.record_answer(answer, query.chat_id)
        return True

    def get_file(self, params: Params) -> dict[str, Any]:
        """getFile: file_path is then served under /file/bot<token>/."""
        stored = self.world.files.get(params.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def set_my_commands(self, params: Params) -> bool:
        """setMyCommands, stored per (scope type, language_code)."""
        self.world.commands[_commands_key(params)] = validation.commands(params)
        return True

    def get_my_commands(self, params: Params) -> list[dict[str, str]]:
        """getMyCommands."""
        pairs = self.world.commands.get(_commands_key(params), [])
        return [{"command": command, "description": text} for command, text in pairs]

    def delete_my_commands(self, params: Params) -> bool:
        """deleteMyCommands."""
        self.world.commands.pop(_commands_key(params), None)
        return True

    def send_chat_action(self, params: Params) -> bool:
        """sendChatAction."""
        self._target(params)
        if params.text("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def get_chat(self, params: Params) -> dict[str, Any]:
        """getChat: a ChatFullInfo with the fields PTB 22.8 requires."""
        chat = self.world.chat(params.chat_ref())
        return chat.to_json() | _CHAT_FULL_INFO


def _sniff_image(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\x89PNG"):
        return "png", "image/png"
    if data.startswith(b"GIF8"):
        return "gif", "image/gif"
    return "jpg", "image/jpeg"


def _set_text(msg: ChatMessage, raw: str | None, parsed: ParsedText) -> None:
    msg.text, msg.plain, msg.entities = raw, parsed.text, list(parsed.entities)


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.obj("scope", "BotCommandScope")
    scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
    return str(scope_type), params.text("language_code") or ""


def _true(_: Params) -> bool:
    return True


_BOT_CAPABILITIES: dict[str, Any] = {
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
    "can_connect_to_business": False,
    "has_main_web_app": False,
}
_CHAT_FULL_INFO: dict[str, Any] = {
    "accent_color_id": 0,
    "max_reaction_count": 11,
    "accepted_gift_types": {
        "unlimited_gifts": False,
        "limited_gifts": False,
        "unique_gifts": False,
        "premium_subscription": False,
        "gifts_from_channels": False,
    },
}
