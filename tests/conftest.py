"""The test process starts like ``micic-bot run``: opted in to python-telegram-bot's durations.

Tests host the bot in this process, so they run it in the mode the command line sets; without it,
a 429 from the local Bot API would raise PTB 22's deprecation warning, an error here.
"""

from __future__ import annotations

import pytest

from bot.app import use_timedelta_durations


def pytest_configure(config: pytest.Config) -> None:
    """Before any test runs."""
    use_timedelta_durations()
