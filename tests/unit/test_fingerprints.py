"""``micic-bot check`` and question fingerprints: an id that changes meaning fails the check.

Each test works on a copy of the shipped checklists, changes what an author would, and runs the
command as an author would, following what its messages say.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from tests.support.project import ROOT

KEPT = "Does the municipality's hazard and risk map show where migrants live and work?"
REWORDED = "Does the municipality's hazard and risk map show where migrants live and work now?"
REPLACED = "Does the municipality's risk map show where migrants live?"


@pytest.fixture
def checklists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped checklists, which the check reads."""
    folder = tmp_path / "checklists"
    shutil.copytree(ROOT / "checklists", folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MICIC_CHECKLISTS", str(folder))
    monkeypatch.setenv("MICIC_LOG_LEVEL", "WARNING")
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def check(capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["check", *options])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_shipped_checklists_pass_and_the_check_says_which_edition_is_current(
    checklists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = check(capsys)

    assert code == 0
    assert "preparedness v1: 48 items (archived edition)" in out
    assert "recovery v2: 31 items (8 minimum), Guidelines 14, 15 (current edition)" in out
    assert "  Guideline 14: 4 minimum, 14 advanced" in out


def test_a_question_that_changes_without_a_new_id_fails_with_both_ways_out(
    checklists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(checklists / "preparedness.yaml", KEPT, REPLACED)

    code, _, err = check(capsys)

    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith("checklists/preparedness.yaml:13: sections[0].items[0].question: ")
    assert "the question of 'g1_hazard_map' is not a wording recorded for this id" in first
    assert "micic-bot check --same-meaning preparedness:g1_hazard_map" in first
    assert "give the item a new id" in first
    assert err.splitlines()[-1] == "1 problem(s) found"


def test_recording_new_items_never_accepts_a_changed_question(
    checklists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(checklists / "preparedness.yaml", KEPT, REPLACED)

    code, _, err = check(capsys, "--record-new")

    assert code == 1 and "g1_hazard_map" in err


def test_a_rewording_accepted_on_purpose_passes_and_is_recorded(
    checklists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(checklists / "preparedness.yaml", KEPT, REWORDED)
    assert check(capsys)[0] == 1

    code, out, _ = check(capsys, "--same-meaning", "preparedness:g1_hazard_map")

    assert code == 0 and "recorded 1 fingerprint(s)" in out
    last = (checklists / "fingerprints.txt").read_text("utf-8").splitlines()[-1]
    assert last.startswith("preparedness g1_hazard_map ") and "# v2: Does the" in last
    assert check(capsys)[0] == 0  # and it stays accepted


def test_a_new_id_for_a_new_question_passes_once_recorded(
    checklists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(checklists / "preparedness.yaml", "- id: g1_hazard_map\n", "- id: g1_risk_map_homes\n")
    edit(checklists / "preparedness.yaml", KEPT, REPLACED)

    code, _, err = check(capsys)
    assert code == 1 and "new item 'g1_risk_map_homes' has no recorded fingerprint" in err

    assert check(capsys, "--record-new")[0] == 0
    assert check(capsys)[0] == 0


def test_a_retired_id_reused_for_another_question_fails(
    checklists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(checklists / "preparedness.yaml", "- id: g1_hazard_map\n", "- id: g1_warning_reach\n")

    code, _, err = check(capsys, "--record-new")

    assert code == 1 and "the question of 'g1_warning_reach' is not a wording recorded" in err


def test_an_archived_edition_that_changes_fails(
    checklists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archived = checklists / "archive" / "recovery-v1.yaml"
    text = archived.read_text("utf-8")
    question = text.split('question: "', 1)[1].split('"', 1)[0]
    edit(archived, question, question.replace("?", " today?"))

    code, _, err = check(capsys)

    assert code == 1
    assert err.startswith("checklists/archive/recovery-v1.yaml:")
    assert "restore the file as it was published" in err


def test_an_unknown_item_to_accept_is_named(
    checklists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = check(capsys, "--same-meaning", "preparedness:g1_nothing")

    assert code == 1 and "--same-meaning preparedness:g1_nothing: no such current item" in err
