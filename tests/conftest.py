"""Registers the shared fixtures (tests/support/fixtures.py), orders the run, and starts the test
process the way ``micic-bot run`` starts: opted in to python-telegram-bot's durations.

Tests host the bot in this process; without that opt-in, a 429 from the local Bot API would raise
PTB 22's deprecation warning, an error here.
"""

from __future__ import annotations

import pytest

from bot.app import use_timedelta_durations

pytest.register_assert_rewrite("tests.support")

pytest_plugins = ["tests.support.fixtures"]

# Folders whose tests take longest, slowest first (see pytest_collection_modifyitems).
SLOW_FIRST = ("reliability", "integration", "i18n", "playground")


def pytest_configure(config: pytest.Config) -> None:
    """Before any test runs."""
    use_timedelta_durations()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow folders first, so the quick tests fill the gaps at the end of a parallel run.

    xdist hands tests out in this order; a slow test handed out last would keep one worker
    busy after the others have finished. Modules stay whole, so module fixtures are made once.
    """

    def rank(item: pytest.Item) -> int:
        folder = item.path.parent.name
        return SLOW_FIRST.index(folder) if folder in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)
