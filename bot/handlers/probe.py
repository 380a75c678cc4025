"""Asking the Bot API who the bot is and where its updates go, for ``micic-bot doctor``."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot
from telegram.error import InvalidToken, TelegramError


@dataclass(frozen=True)
class Identity:
    """What getMe and getWebhookInfo said; ``problem`` says what failed instead."""

    username: str = ""
    bot_id: int = 0
    webhook_url: str = ""
    pending_updates: int = 0
    webhook_error: str = ""
    problem: str = ""
    token_refused: bool = False


async def probe(token: str, api_url: str, timeout: float = 10.0) -> Identity:  # noqa: ASYNC109
    """Call getMe and getWebhookInfo with the token; never raises for an API or network error."""
    bot = Bot(token, base_url=f"{api_url}/bot", base_file_url=f"{api_url}/file/bot")
    try:
        async with bot:  # initialize() calls getMe
            info = await bot.get_webhook_info(read_timeout=timeout, connect_timeout=timeout)
            me = bot.bot
    except InvalidToken:
        return Identity(problem="the Bot API refused the token", token_refused=True)
    except TelegramError as exc:  # the message never holds the token, but make sure
        return Identity(problem=f"{type(exc).__name__}: {exc.message}".replace(token, "…"))
    return Identity(
        username=me.username or "",
        bot_id=me.id,
        webhook_url=info.url,
        pending_updates=info.pending_update_count,
        webhook_error=info.last_error_message or "",
    )
