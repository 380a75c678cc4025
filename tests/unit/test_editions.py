"""Editions and scope: the archive loads, the quick check and the kinds of place narrow a checklist.

The narrowed checklist is what scoring and the reports count, so a skipped advanced item is
never a gap of a quick check, and an item of another kind of place never a gap at all.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.checklists import ChecklistError, load_checklists
from bot.editions import Library, edition_change
from bot.model import (
    Actor,
    Answer,
    Checklist,
    Context,
    Item,
    Organisation,
    Phase,
    Score,
    Section,
    Tier,
)
from bot.reporting import report_model
from bot.scope import Scope, narrow, parse_kinds
from bot.scoring import gaps

DESTINATION, TRANSIT, ORIGIN = Context.DESTINATION, Context.TRANSIT, Context.ORIGIN
ARCHIVED = """\
id: demo
version: 1
title: "Demo"
phase: preparedness
description: "A demo checklist."
sections:
  - guideline: 1
    title: "Track crises"
    items:
      - id: g1_map
        question: "Is there a map?"
        help: "A map helps."
        actors: [local_authority]
        tier: minimum
        action: "Draw a map."
  - guideline: 2
    title: "Share information"
    items:
      - id: g2_profile
        question: "Is there a profile?"
        help: "Profiles help."
        actors: [local_authority]
        tier: advanced
        action: "Write a profile."
"""
CURRENT = (
    ARCHIVED.replace("version: 1", "version: 2")
    .replace('"Draw a map."\n', '"Draw a map."\n        contexts: [destination, transit]\n')
    .replace('"Write a profile."\n', '"Write a profile."\n        contexts: [origin]\n')
)


def _item(item_id: str, tier: Tier, *contexts: Context) -> Item:
    return Item(
        item_id, 1, f"{item_id}?", "Help.", (Actor.LOCAL_AUTHORITY,), tier, "Act.", contexts
    )


DEMO = Checklist(
    "demo",
    2,
    "Demo",
    Phase.PREPAREDNESS,
    "A demo.",
    (
        Section(
            1,
            "Track crises",
            (
                _item("g1_map", Tier.MINIMUM, DESTINATION, TRANSIT),
                _item("g1_extra", Tier.ADVANCED, DESTINATION, TRANSIT),
                _item("g1_home", Tier.MINIMUM, ORIGIN),
            ),
        ),
        Section(2, "Share", (_item("g2_abroad", Tier.ADVANCED, ORIGIN),)),
    ),
)


def ids(checklist: Checklist) -> list[str]:
    return [item.id for item in checklist]


def answered(**scores: str) -> dict[str, Answer]:
    return {item_id: Answer(item_id, Score(score)) for item_id, score in scores.items()}


# the archive


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_the_archive_loads_and_its_items_apply_to_every_kind_of_place(tmp_path: Path) -> None:
    write(tmp_path, "demo.yaml", CURRENT)
    write(tmp_path / "archive", "demo-v1.yaml", ARCHIVED)

    library = load_checklists(tmp_path)

    assert library["demo"].version == 2
    old = library.edition("demo", 1)
    assert old is not None and ids(old) == ["g1_map", "g2_profile"]
    assert all(item.contexts == (DESTINATION, TRANSIT, ORIGIN) for item in old)
    assert [c.version for c in library.editions("demo")] == [1, 2]
    assert list(library) == ["demo"] and library.archived() == [old]


def test_a_current_checklist_must_name_its_kinds_of_place(tmp_path: Path) -> None:
    write(tmp_path, "demo.yaml", ARCHIVED)

    with pytest.raises(ChecklistError) as raised:
        load_checklists(tmp_path)

    assert "missing field 'contexts'" in str(raised.value)


@pytest.mark.parametrize(
    ("name", "version", "message"),
    [
        ("demo-v3.yaml", "1", "an archived edition is named demo-v1.yaml"),
        ("demo-v2.yaml", "2", "archived edition 2 is not older than the current one (2)"),
        ("other-v1.yaml", "1", "an archived edition is named demo-v1.yaml"),
    ],
)
def test_a_misplaced_archived_edition_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, version: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "checklists", "demo.yaml", CURRENT)
    write(
        tmp_path / "checklists" / "archive",
        name,
        ARCHIVED.replace("version: 1", f"version: {version}"),
    )

    with pytest.raises(ChecklistError) as raised:
        load_checklists(tmp_path / "checklists")

    assert [p.message for p in raised.value.problems] == [message]
    assert raised.value.problems[0].file == f"checklists/archive/{name}"


def test_the_shipped_archive_holds_edition_one_of_each_checklist() -> None:
    library = load_checklists(Path(__file__).resolve().parents[2] / "checklists")

    assert {(c.id, c.version, len(c.items)) for c in library.archived()} == {
        ("preparedness", 1, 48),
        ("recovery", 1, 12),
        ("response", 1, 30),
    }


# narrowing


def test_by_default_a_place_of_destination_and_transit_sees_no_origin_item() -> None:
    assert ids(narrow(DEMO, Scope())) == ["g1_map", "g1_extra"]


def test_a_place_of_origin_sees_the_origin_items_only() -> None:
    assert ids(narrow(DEMO, Scope(kinds=frozenset({ORIGIN})))) == ["g1_home", "g2_abroad"]


def test_the_quick_check_asks_the_minimum_tier_of_every_kind_that_applies() -> None:
    every = frozenset(Context)

    assert ids(narrow(DEMO, Scope(quick=True, kinds=every))) == ["g1_map", "g1_home"]


def test_narrowing_keeps_every_section_and_the_edition() -> None:
    quick = narrow(DEMO, Scope(quick=True))

    assert [s.guideline for s in quick.sections] == [1, 2]
    assert quick.sections[1].items == ()
    assert (quick.id, quick.version) == ("demo", 2)
    assert quick.position("g1_map") == 1


def test_a_skipped_advanced_item_is_never_a_gap_of_the_quick_check() -> None:
    quick = narrow(DEMO, Scope(quick=True))
    org = Organisation(1, "Lyon", "R", "C")
    when = datetime(2026, 3, 8, tzinfo=UTC)

    model = report_model(org, quick, "2026", when, answered(g1_map="3"), quick=True)

    assert gaps(quick, answered(g1_map="3")) == []
    assert model.gaps == () and model.overall.total == 1 and model.quick
    assert [row.item.id for row in model.annex] == ["g1_map"]


def test_kinds_of_place_read_and_refuse_what_they_should() -> None:
    assert parse_kinds(" Origin, transit ") == frozenset({ORIGIN, TRANSIT})
    with pytest.raises(ValueError, match="'harbour' is not a kind of place"):
        parse_kinds("origin,harbour")
    with pytest.raises(ValueError, match="at least one"):
        parse_kinds(" , ")


# what a new edition changes


def test_an_edition_change_counts_new_items_and_kept_and_retired_answers() -> None:
    old = narrow(DEMO, Scope(kinds=frozenset({ORIGIN})))  # edition 1 had the origin items
    given = answered(g1_home="2", g2_abroad="dk", g1_gone="1")
    given["g1_noted"] = Answer("g1_noted", None)  # no score: nothing to keep

    change_ = edition_change(old, DEMO, narrow(DEMO, Scope()), given)

    assert (change_.new_items, change_.kept_answers, change_.retired_answers) == (2, 0, 1)


def test_a_library_of_plain_checklists_has_them_as_current_editions() -> None:
    library = Library([DEMO])

    assert library["demo"] is DEMO and library.edition("demo", 1) is None
