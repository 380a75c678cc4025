"""A bug behind a button is an error, not a stale button: it is logged with its traceback, and
the user is told something went wrong on the bot's side, not that the button no longer works."""

from __future__ import annotations

import logging

import pytest

from bot.handlers import buttons, coordinators
from bot.handlers.codec import Renew, Skip
from bot.handlers.routing import Context
from bot.handlers.turn import Turn
from bot.model import Checklist
from bot.playground import LocalBotApi
from tests.support.onboarding import answering, joined, new_organisation
from tests.support.running import RunningBot

SORRY = "Something went wrong on my side"


async def skip_with_a_typo(turn: Turn, press: Skip, context: Context) -> None:
    """A handler with a bug: a lookup that cannot succeed."""
    raise KeyError(press.item_id)


async def renew_with_a_typo(turn: Turn, press: Renew, context: Context) -> None:
    """A handler with a bug: a conversion that cannot succeed."""
    raise ValueError(f"invalid literal for int(): {press.role}")


def logged_error(caplog: pytest.LogCaptureFixture) -> logging.LogRecord:
    """The one ERROR record, which must carry a traceback."""
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.name == "bot.handlers.errors"
    assert record.exc_info is not None
    return record


async def test_a_bug_in_a_responder_button_is_logged_and_the_user_told(
    api: LocalBotApi,
    bot: RunningBot,
    recovery: Checklist,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ana = await answering(api, recovery)
    monkeypatch.setitem(buttons.ROUTES.handlers, Skip, skip_with_a_typo)
    await ana.press("⏭ Skip")
    alert = ana.alerts[-1]
    assert alert.show_alert and SORRY in alert.text
    assert not any("no longer works" in a.text for a in ana.alerts)
    record = logged_error(caplog)
    assert record.exc_info is not None and record.exc_info[0] is KeyError
    traceback = logging.Formatter().formatException(record.exc_info)
    assert "skip_with_a_typo" in traceback and recovery.items[0].id in traceback
    assert "Item 1 of" in ana.last.plain  # the question stays where it was


async def test_a_bug_in_a_coordinator_button_is_logged_and_the_user_told(
    api: LocalBotApi,
    bot: RunningBot,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    responders, coordinators_code = await new_organisation(api, "Lyon")
    cora = await joined(api, coordinators_code, "Cora")
    await cora.send("/invite")
    monkeypatch.setitem(coordinators.ROUTES.handlers, Renew, renew_with_a_typo)
    await cora.press("🔄 New responder code")
    alert = cora.alerts[-1]
    assert alert.show_alert and SORRY in alert.text
    assert not any("no longer works" in a.text for a in cora.alerts)
    record = logged_error(caplog)
    assert record.exc_info is not None and record.exc_info[0] is ValueError
    assert "renew_with_a_typo" in logging.Formatter().formatException(record.exc_info)
    assert responders in cora.last.plain  # nothing was renewed
