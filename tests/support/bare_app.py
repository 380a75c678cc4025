"""A bare PTB Application (handlers of the test's own) polling the local Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application, ApplicationBuilder

from bot.playground import LocalBotApi

BareApp = Application[Any, Any, Any, Any, Any, Any]
StartBot = Callable[..., Awaitable[BareApp]]


def build_app(api: LocalBotApi) -> BareApp:
    """A bare PTB Application pointed at the local Bot API."""
    return (
        ApplicationBuilder()
        .token(api.token)
        .base_url(f"{api.url}/bot")
        .base_file_url(f"{api.url}/file/bot")
        .build()
    )


@asynccontextmanager
async def polling(app: BareApp, **options: Any) -> AsyncIterator[None]:
    """Run `app` with long polling, the way the integration suite does."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=1, poll_interval=0, **options)
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()
