"""``micic-bot org set NAME --kinds ...``: the kinds of place from the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.model import Context
from bot.store import Store
from tests.support.project import ROOT


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings pointing at a fresh database with one organisation, Lyon Nord."""
    path = tmp_path / "cli.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MICIC_DATABASE", str(path))
    monkeypatch.setenv("MICIC_CHECKLISTS", str(ROOT / "checklists"))
    monkeypatch.setenv("MICIC_LOG_LEVEL", "WARNING")
    assert main(["org", "add", "Lyon", "Nord"]) == 0
    return path


async def _kinds(path: Path) -> frozenset[Context]:
    async with Store.open(path) as store:
        org = await store.organisation_by_name("Lyon Nord")
        assert org is not None
        return (await store.organisation_settings(org.id)).kinds


def test_kinds_are_set_and_printed(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()

    code = main(["org", "set", "lyon", "nord", "--kinds", "origin,destination"])

    assert code == 0
    assert capsys.readouterr().out == "Lyon Nord\nkinds: destination,origin\n"
    assert asyncio.run(_kinds(database)) == {Context.ORIGIN, Context.DESTINATION}


def test_without_options_the_settings_are_shown_unchanged(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    assert main(["org", "set", "Lyon Nord"]) == 0

    assert capsys.readouterr().out.endswith("kinds: destination,transit\n")


def test_an_unknown_kind_is_refused_by_name(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["org", "set", "Lyon Nord", "--kinds", "origin,harbour"])

    assert exited.value.code == 2
    assert "'harbour' is not a kind of place" in capsys.readouterr().err
    assert asyncio.run(_kinds(database)) == {Context.DESTINATION, Context.TRANSIT}


def test_an_unknown_organisation_is_named(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["org", "set", "Oran", "--kinds", "origin"]) == 1

    assert "unknown organisation 'Oran'" in capsys.readouterr().err
