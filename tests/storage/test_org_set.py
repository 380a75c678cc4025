"""``micic-bot org set NAME --kinds ... --timezone ... --days ... --hours ... --stall-days ...``:
the kinds of place and the working time from the command line."""

from __future__ import annotations

import asyncio
from datetime import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.model import Context, OrganisationSettings
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
    assert capsys.readouterr().out == (
        "Lyon Nord\nkinds: destination,origin\n"
        "timezone: UTC (the default, MICIC_TIMEZONE)\ndays: mon-fri\nhours: 09:00-18:00\n"
        "stall days: 7\n"
    )
    assert asyncio.run(_kinds(database)) == {Context.ORIGIN, Context.DESTINATION}


def test_without_options_the_settings_are_shown_unchanged(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    assert main(["org", "set", "Lyon Nord"]) == 0

    assert "kinds: destination,transit\n" in capsys.readouterr().out


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


async def _settings(path: Path) -> OrganisationSettings:
    async with Store.open(path) as store:
        org = await store.organisation_by_name("Lyon Nord")
        assert org is not None
        return await store.organisation_settings(org.id)


def test_the_working_time_is_set_and_printed(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    working = ["--timezone", "Europe/Paris", "--hours", "08:30-17:00", "--days", "mon-thu"]
    code = main(["org", "set", "Lyon Nord", *working, "--stall-days", "5"])

    assert code == 0
    assert capsys.readouterr().out.splitlines()[2:] == [
        "timezone: Europe/Paris",
        "days: mon-thu",
        "hours: 08:30-17:00",
        "stall days: 5",
    ]
    settings = asyncio.run(_settings(database))
    assert (settings.timezone, settings.work_days) == ("Europe/Paris", frozenset({0, 1, 2, 3}))
    assert (settings.opens, settings.closes, settings.stall_days) == (time(8, 30), time(17), 5)


def test_the_deployments_time_zone_is_the_default(
    database: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICIC_TIMEZONE", "Africa/Khartoum")
    capsys.readouterr()

    assert main(["org", "set", "Lyon Nord"]) == 0

    assert "timezone: Africa/Khartoum (the default, MICIC_TIMEZONE)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--timezone", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("--hours", "17:00-08:00", "the day must close after it opens"),
        ("--days", "weekdays", "'weekdays' is not a day"),
        ("--stall-days", "45", "45 days: choose 1 to 30"),
    ],
)
def test_a_working_time_that_cannot_be_is_refused_clearly(
    database: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, said: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["org", "set", "Lyon Nord", option, value])

    assert exited.value.code == 2
    assert said in capsys.readouterr().err
    assert asyncio.run(_settings(database)) == OrganisationSettings()
