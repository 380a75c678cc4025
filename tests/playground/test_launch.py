"""The terminal playground run again on its own database, as a newcomer does the next day."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.config import Settings
from bot.playground.launch import run_playground
from tests.support.project import CATALOGS, CHECKLISTS, ROOT

pytestmark = pytest.mark.xdist_group("serial")


async def session(settings: Settings, script: str) -> str:
    """One run of the playground fed `script`; what the terminal showed."""
    out = io.StringIO()
    await run_playground(
        settings, CHECKLISTS, CATALOGS, input_stream=io.StringIO(script), output=out
    )
    return out.getvalue()


async def test_a_second_run_on_the_same_database_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    settings = Settings(
        database=tmp_path / "micic.sqlite3",
        checklists_dir=ROOT / "checklists",
        locales_dir=ROOT / "locales",
    )
    first = await session(settings, "/help\n/quit\n")
    again = await session(settings, "/help\n/quit\n")
    assert "Choose a checklist" in first and "/mydata" in first
    # The bot once dropped every update of a second run: their ids, counted from 1 again by a
    # fresh local server, were those of the first run's, which it had recorded as handled.
    assert "Choose a checklist" in again and "/mydata" in again
