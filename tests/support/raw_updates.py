"""Updates the playground's scripted users cannot send, built from raw Bot API JSON."""

from __future__ import annotations

from typing import Any

from bot.playground import ChatMessage, ChatUser, LocalBotApi
from bot.playground.chats import now
from bot.playground.users import text_message


async def send_raw(
    server: LocalBotApi, user: ChatUser, extra: dict[str, Any], text: str | None = None
) -> ChatMessage:
    """A private message with raw Bot API fields (contact, voice, poll, forward_origin ...)."""
    if text is not None:
        message = text_message(user.chat, user.info, text)
    else:
        message = ChatMessage(user.chat.take_message_id(), user.id, user.id, False, now())
        user.chat.messages[message.message_id] = message
    message.extra.update(extra)
    await server.push_update({"message": server.world.message_json(message)})
    return message


async def send_edited(server: LocalBotApi, user: ChatUser, text: str) -> ChatMessage:
    """The user sends a text, then edits it: only the edit reaches the bot here."""
    message = text_message(user.chat, user.info, text)
    message.edit_date = now()
    await server.push_update({"edited_message": server.world.message_json(message)})
    return message


async def press_in_chat(
    server: LocalBotApi, user: ChatUser, message: ChatMessage, data: str
) -> str:
    """A callback query from `user` on a message of any chat (a group, say)."""
    world = server.world
    query_id = world.new_query(user.id, message)
    query = {
        "id": query_id,
        "from": user.info.to_json(),
        "message": world.message_json(message),
        "chat_instance": world.chat_instance(message.chat_id),
        "data": data,
    }
    await server.push_update({"callback_query": query})
    return query_id
