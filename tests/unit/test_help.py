"""/help names every command the bot answers, to those who may use it."""

from __future__ import annotations

import re

from bot.handlers import COMMANDS
from bot.handlers.menu_views import help_view
from tests.support.project import CATALOGS

ENGLISH = CATALOGS.translator("en")


def named(text: str) -> set[str]:
    """The commands a help text names at the start of its lines."""
    return set(re.findall(r"^/(\w+)", text, flags=re.MULTILINE))


def test_an_administrator_is_told_of_every_command() -> None:
    assert named(help_view(ENGLISH, is_admin=True, is_coordinator=True).text) == set(COMMANDS)


def test_a_responder_is_told_only_of_what_a_responder_may_do() -> None:
    shown = named(help_view(ENGLISH, is_admin=False, is_coordinator=False).text)
    assert "reminders" in shown and "actions" in shown
    assert not shown & {"report", "cycle", "invite", "members", "settings", "neworg"}
