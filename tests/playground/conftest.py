"""Fixtures: a started LocalBotApi and a bare PTB 22 Application polling it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
from telegram.ext import Application, ApplicationBuilder, BaseHandler, ContextTypes

from bot.playground import LocalBotApi

StartBot = Callable[..., Awaitable[Application[Any, Any, Any, Any, Any, Any]]]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "api(**options): LocalBotApi options for the api fixture")


@pytest.fixture
async def api(request: pytest.FixtureRequest) -> AsyncIterator[LocalBotApi]:
    """A started local Bot API (options from @pytest.mark.api), always stopped afterwards."""
    marker = request.node.get_closest_marker("api")
    server = LocalBotApi(**(marker.kwargs if marker else {}))
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def build_app(api: LocalBotApi) -> Application[Any, Any, Any, Any, Any, Any]:
    """A bare PTB Application pointed at the local Bot API."""
    return (
        ApplicationBuilder()
        .token(api.token)
        .base_url(f"{api.url}/bot")
        .base_file_url(f"{api.url}/file/bot")
        .build()
    )


@asynccontextmanager
async def polling(
    app: Application[Any, Any, Any, Any, Any, Any], **options: Any
) -> AsyncIterator[None]:
    """Run `app` with long polling, the way the integration suite will."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=1, poll_interval=0, **options)
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.fixture
def errors() -> list[BaseException]:
    """Exceptions raised by handlers of the bot started with `start_bot`."""
    return []


@pytest.fixture
async def start_bot(api: LocalBotApi, errors: list[BaseException]) -> AsyncIterator[StartBot]:
    """start_bot(*handlers, **polling_options) -> a polling Application; stopped at teardown."""
    async with AsyncExitStack() as stack:

        async def start(*handlers: BaseHandler[Any, Any, Any], **options: Any) -> Any:
            app = build_app(api)
            app.add_handlers(list(handlers))

            async def collect(_: object, context: ContextTypes.DEFAULT_TYPE) -> None:
                errors.append(context.error or RuntimeError("unknown handler error"))

            app.add_error_handler(collect)
            api.watch_application(app)
            await stack.enter_async_context(polling(app, **options))
            return app

        yield start
