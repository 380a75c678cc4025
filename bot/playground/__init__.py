"""A local Telegram Bot API for tests, benchmarks and terminal chats with the bot."""

from bot.playground.botapi import LocalBotApi
from bot.playground.chats import Attachment, BotEvent, CallbackAnswer, ChatMessage
from bot.playground.errors import ApiError
from bot.playground.users import ChatUser

__all__ = [
    "ApiError",
    "Attachment",
    "BotEvent",
    "CallbackAnswer",
    "ChatMessage",
    "ChatUser",
    "LocalBotApi",
]
