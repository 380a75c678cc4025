"""``micic-bot cycle new`` and ``micic-bot cycle list``: rounds from the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from tests.support.project import ROOT


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings pointing at a fresh database with Lyon, and the real checklists."""
    path = tmp_path / "cli.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MICIC_DATABASE", str(path))
    monkeypatch.setenv("MICIC_CHECKLISTS", str(ROOT / "checklists"))
    monkeypatch.setenv("MICIC_LOCALES", str(ROOT / "locales"))
    monkeypatch.setenv("MICIC_LOG_LEVEL", "WARNING")
    assert main(["org", "add", "Lyon"]) == 0
    return path


def test_a_new_cycle_is_opened_and_listed_newest_first(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["cycle", "new", "--org", "lyon", "--label", "2027 after the flood"]) == 0
    said = capsys.readouterr().out
    assert "opened cycle '2027 after the flood'" in said
    assert main(["cycle", "new", "--org", "Lyon"]) == 0
    capsys.readouterr()
    assert main(["cycle", "list", "--org", "Lyon"]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    year = datetime.now(UTC).year  # the command line's clock: the first round is this year's
    assert [(line[0], line[2] == "open") for line in lines] == [
        (f"{year}-2", True),
        ("2027 after the flood", False),
        (str(year), False),
    ]


def test_a_taken_name_and_an_unknown_organisation_are_refused(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cycle", "new", "--org", "Lyon", "--label", "Spring"]) == 0
    capsys.readouterr()
    assert main(["cycle", "new", "--org", "Lyon", "--label", "spring"]) == 1
    assert "has a cycle named 'spring' already" in capsys.readouterr().err
    assert main(["cycle", "list", "--org", "Nowhere"]) == 1
    assert "unknown organisation 'Nowhere'" in capsys.readouterr().err
