"""``micic-bot report`` and ``micic-bot org list``: the reports from the database, no Telegram."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import Store
from tests.support.project import ROOT
from tests.support.rounds import rounds


async def _answer(path: Path) -> None:
    store = await Store.open(path)
    now = datetime(2026, 3, 7, tzinfo=UTC)
    await store.touch_user(5, "Ana", now)
    org = await store.organisation_by_name("Lyon")
    assert org is not None
    [cycle] = await rounds(store, org.id, now, "2026")
    assessment = await store.open_assessment(cycle, "recovery", now, 2)
    await store.record(assessment.id, "g14_recovery_plan", "score", "3", 5, now, 1)
    await store.record(assessment.id, "g14_grant_eligibility", "score", "0", 5, now, 1)
    await store.write_note(assessment.id, "g14_grant_eligibility", 5, "=1+1", now)
    await store.close()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings pointing at a fresh database (Lyon has answers, Oran none) and real checklists."""
    path = tmp_path / "cli.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MICIC_DATABASE", str(path))
    monkeypatch.setenv("MICIC_CHECKLISTS", str(ROOT / "checklists"))
    monkeypatch.setenv("MICIC_LOCALES", str(ROOT / "locales"))
    monkeypatch.setenv("MICIC_LOG_LEVEL", "WARNING")
    assert main(["org", "add", "Lyon"]) == 0
    assert main(["org", "add", "Oran"]) == 0
    asyncio.run(_answer(path))
    return path


def report(tmp_path: Path, *extra: str, fmt: str = "txt") -> list[str]:
    output = tmp_path / f"report.{fmt}"
    return ["report", "--checklist", "recovery", "--format", fmt, "--output", str(output), *extra]


def test_org_list_prints_names_and_codes(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["org", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["Lyon", "Oran"]
    assert all(len(line.split("\t")) == 3 for line in lines)


@pytest.mark.parametrize("fmt", ["html", "xlsx", "png", "txt"])
def test_every_format_is_written(database: Path, tmp_path: Path, fmt: str) -> None:
    assert main(report(tmp_path, "--org", "Lyon", fmt=fmt)) == 0
    data = (tmp_path / f"report.{fmt}").read_bytes()
    magic = {"html": b"<!DOCTYPE html>", "xlsx": b"PK", "png": b"\x89PNG", "txt": b"Readiness"}
    assert data.startswith(magic[fmt])


def test_text_report_in_french(database: Path, tmp_path: Path) -> None:
    assert main(report(tmp_path, "--org", "lyon", "--lang", "fr")) == 0
    text = (tmp_path / "report.txt").read_text("utf-8")
    assert ("Lyon" in text and "Relèvement" in text) or "relèvement" in text.lower()


def test_several_organisations_make_a_comparison(database: Path, tmp_path: Path) -> None:
    assert main(report(tmp_path, "--org", "Lyon", "--org", "Oran")) == 0
    text = (tmp_path / "report.txt").read_text("utf-8")
    assert "Readiness of 2 organisations" in text and "1 of 2 have answers" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--org", "Paris"], "unknown organisation 'Paris'"),
        (["--org", "Lyon", "--cycle", "1999"], "no 'recovery' assessment in cycle '1999'"),
        (["--org", "Lyon", "--lang", "xx"], "unknown language 'xx'"),
    ],
)
def test_unknown_names_are_clear_errors(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    capsys.readouterr()
    assert main(report(tmp_path, *extra)) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "report.txt").exists()


def test_an_unknown_checklist_is_a_clear_error(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = report(tmp_path, "--org", "Lyon")
    args[args.index("recovery")] = "nope"
    assert main(args) == 1
    assert "unknown checklist 'nope'; have: preparedness, recovery, response" in (
        capsys.readouterr().err
    )


def test_names_are_matched_by_unicode_case_folding(database: Path, tmp_path: Path) -> None:
    assert main(["org", "add", "Kraków"]) == 0
    assert main(report(tmp_path, "--org", "KRAKÓW")) == 0
    assert main(["org", "add", "kraków"]) == 1, "the same name in other letters is taken"


def test_all_organisations_are_compared(database: Path, tmp_path: Path) -> None:
    assert main(report(tmp_path, "--all-orgs")) == 0
    text = (tmp_path / "report.txt").read_text("utf-8")
    assert "Readiness of 2 organisations" in text


def test_a_radar_chart_can_be_asked_for(database: Path, tmp_path: Path) -> None:
    args = report(tmp_path, "--org", "Lyon", "--chart", "radar", fmt="png")
    args[args.index("recovery")] = "preparedness"
    assert main(args) == 0
    assert (tmp_path / "report.png").read_bytes().startswith(b"\x89PNG")


def test_output_piped_into_head_ends_quietly(database: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # like `| head` that has already stopped reading
    done = subprocess.run(
        [sys.executable, "-m", "bot", "org", "list"],
        stdout=writer,
        stderr=subprocess.PIPE,
        env={**os.environ},
        timeout=60,
        check=False,
    )
    os.close(writer)
    assert b"Traceback" not in done.stderr and b"BrokenPipeError" not in done.stderr
    assert done.returncode == 141, "as a program stopped by SIGPIPE"
