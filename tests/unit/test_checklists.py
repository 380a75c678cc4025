"""The strict checklist loader: every problem named as ``file:line: path: message``, all at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.checklists import ChecklistError, load_checklists
from bot.model import Actor, Checklist, Context, Phase, Tier

# Line numbers in the expected messages below refer to this document.
VALID = """\
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
        actors: [local_authority, civil_society]
        tier: minimum
        action: "Draw a map."
        contexts: [destination, transit]
  - guideline: 2
    title: "Share information"
    items:
      - id: g2_profile
        question: "Is there a profile?"
        help: "Profiles help."
        actors: [local_authority]
        tier: advanced
        action: "Write a profile."
        contexts: [origin]
"""
ITEM = "sections[0].items[0]"
ACTORS = "local_authority, national_government, consulates, employers, civil_society"

Problems = Callable[..., list[str]]


def change(old: str, new: str, text: str = VALID) -> str:
    """The valid document with one exact piece replaced."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture
def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Problems:
    """Write files (name=text) into a fresh folder, load it and return every problem as text."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "checklists"
    folder.mkdir()

    def load(**files: str | bytes) -> list[str]:
        for name, content in files.items():
            path = folder / f"{name}.yaml"
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        with pytest.raises(ChecklistError) as raised:
            load_checklists(folder)
        return [str(problem) for problem in raised.value.problems]

    return load


def test_valid_document_loads_into_model_objects(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(VALID, encoding="utf-8")

    checklists = load_checklists(tmp_path)

    assert list(checklists) == ["demo"]
    demo = checklists["demo"]
    assert isinstance(demo, Checklist)
    assert (demo.id, demo.version, demo.title, demo.phase) == (
        "demo",
        1,
        "Demo",
        Phase.PREPAREDNESS,
    )
    assert demo.description == "A demo checklist."
    assert [(s.guideline, s.title) for s in demo.sections] == [
        (1, "Track crises"),
        (2, "Share information"),
    ]
    first, second = demo.items
    assert first.id == "g1_map"
    assert first.question == "Is there a map?"
    assert first.help == "A map helps."
    assert first.actors == (Actor.LOCAL_AUTHORITY, Actor.CIVIL_SOCIETY)
    assert first.tier is Tier.MINIMUM
    assert first.action == "Draw a map."
    assert first.contexts == (Context.DESTINATION, Context.TRANSIT)
    assert second.tier is Tier.ADVANCED
    assert second.contexts == (Context.ORIGIN,)


def test_item_guideline_is_taken_from_its_section(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(VALID, encoding="utf-8")

    demo = load_checklists(tmp_path)["demo"]

    assert [(item.id, item.guideline) for item in demo] == [("g1_map", 1), ("g2_profile", 2)]


def test_unknown_key_is_named_with_the_allowed_keys(problems: Problems) -> None:
    assert problems(demo=change("tier: minimum", "teir: minimum")) == [
        f"checklists/demo.yaml:14: {ITEM}.teir: unknown key "
        "(allowed: action, actors, contexts, help, id, question, tier)",
        f"checklists/demo.yaml:10: {ITEM}: missing field 'tier'",
    ]


def test_unknown_top_level_key(problems: Problems) -> None:
    assert problems(demo=change('title: "Demo"\n', 'title: "Demo"\nowner: "me"\n')) == [
        "checklists/demo.yaml:4: owner: unknown key "
        "(allowed: description, id, phase, sections, title, version)"
    ]


def test_missing_field_is_reported_at_its_mapping(problems: Problems) -> None:
    assert problems(demo=change('        help: "A map helps."\n', "")) == [
        f"checklists/demo.yaml:10: {ITEM}: missing field 'help'"
    ]


def test_duplicate_key(problems: Problems) -> None:
    doc = change("tier: minimum\n", "tier: minimum\n        tier: advanced\n")
    assert problems(demo=doc) == [f"checklists/demo.yaml:15: {ITEM}.tier: duplicate key"]


def test_duplicate_item_id_across_sections(problems: Problems) -> None:
    assert problems(demo=change("id: g2_profile", "id: g1_map")) == [
        "checklists/demo.yaml:20: sections[1].items[0].id: duplicate item id 'g1_map'"
    ]


def test_duplicate_item_id_within_a_section(problems: Problems) -> None:
    first_item = "".join(VALID.splitlines(keepends=True)[9:16])  # lines 10 to 16
    doc = change("  - guideline: 2", first_item + "  - guideline: 2")
    assert problems(demo=doc) == [
        "checklists/demo.yaml:17: sections[0].items[1].id: duplicate item id 'g1_map'"
    ]


def test_two_sections_for_one_guideline(problems: Problems) -> None:
    assert problems(demo=change("guideline: 2", "guideline: 1")) == [
        "checklists/demo.yaml:17: sections[1].guideline: Guideline 1 has two sections"
    ]


@pytest.mark.parametrize(
    ("old", "new", "where", "value"),
    [
        ('help: "A map helps."', "help: no", f"12: {ITEM}.help", "'no'"),
        ('title: "Track crises"', "title: 1.10", "8: sections[0].title", "'1.10'"),
        ('question: "Is there a map?"', "question: 42", f"11: {ITEM}.question", "'42'"),
        ("id: demo", "id: yes", "1: id", "'yes'"),
        ('action: "Draw a map."', "action: ~", f"15: {ITEM}.action", "'~'"),
    ],
    ids=["bool", "float", "int", "bool-id", "null"],
)
def test_text_that_yaml_reads_as_another_type_must_be_quoted(
    problems: Problems, old: str, new: str, where: str, value: str
) -> None:
    assert problems(demo=change(old, new)) == [
        f"checklists/demo.yaml:{where}: expected text (YAML reads {value} as not text: quote it)"
    ]


def test_a_list_where_text_is_expected(problems: Problems) -> None:
    assert problems(demo=change('action: "Draw a map."', 'action: ["Draw", "a map"]')) == [
        f"checklists/demo.yaml:15: {ITEM}.action: expected text"
    ]


@pytest.mark.parametrize("empty", ['""', '"   "'])
def test_empty_text(problems: Problems, empty: str) -> None:
    assert problems(demo=change('action: "Draw a map."', f"action: {empty}")) == [
        f"checklists/demo.yaml:15: {ITEM}.action: must not be empty"
    ]


def test_item_id_too_long(problems: Problems) -> None:
    long_id = "g" * 25
    assert problems(demo=change("id: g1_map", f"id: {long_id}")) == [
        f"checklists/demo.yaml:10: {ITEM}.id: id '{long_id}' must match ^[a-z][a-z0-9_]{{0,23}}$"
    ]


def test_item_id_of_the_longest_allowed_length_loads(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(change("id: g1_map", f"id: {'g' * 24}"), "utf-8")

    assert load_checklists(tmp_path)["demo"].items[0].id == "g" * 24


def test_checklist_id_too_long(problems: Problems) -> None:
    long_id = "d" * 17
    assert problems(demo=change("id: demo", f"id: {long_id}")) == [
        f"checklists/demo.yaml:1: id: id '{long_id}' must match ^[a-z][a-z0-9_]{{0,15}}$"
    ]


@pytest.mark.parametrize("bad", ["g1-map", "G1_map", "1_map", "g1.map", "g1_mäp"])
def test_item_id_with_bad_characters(problems: Problems, bad: str) -> None:
    assert problems(demo=change("id: g1_map", f'id: "{bad}"')) == [
        f"checklists/demo.yaml:10: {ITEM}.id: id '{bad}' must match ^[a-z][a-z0-9_]{{0,23}}$"
    ]


def test_bad_phase(problems: Problems) -> None:
    assert problems(demo=change("phase: preparedness", "phase: prevention")) == [
        "checklists/demo.yaml:4: phase: 'prevention' is not one of: "
        "preparedness, response, recovery"
    ]


def test_bad_tier(problems: Problems) -> None:
    assert problems(demo=change("tier: minimum", "tier: basic")) == [
        f"checklists/demo.yaml:14: {ITEM}.tier: 'basic' is not one of: minimum, advanced"
    ]


def test_bad_actor(problems: Problems) -> None:
    assert problems(
        demo=change("[local_authority, civil_society]", "[local_authority, mayor]")
    ) == [f"checklists/demo.yaml:13: {ITEM}.actors[1]: 'mayor' is not one of: {ACTORS}"]


def test_actor_listed_twice(problems: Problems) -> None:
    doc = change("[local_authority, civil_society]", "[civil_society, civil_society]")
    assert problems(demo=doc) == [
        f"checklists/demo.yaml:13: {ITEM}.actors: an actor is listed twice"
    ]


def test_two_unknown_actors_are_not_an_actor_listed_twice(problems: Problems) -> None:
    assert problems(demo=change("[local_authority, civil_society]", "[mayor, police]")) == [
        f"checklists/demo.yaml:13: {ITEM}.actors[0]: 'mayor' is not one of: {ACTORS}",
        f"checklists/demo.yaml:13: {ITEM}.actors[1]: 'police' is not one of: {ACTORS}",
    ]


def test_no_actors(problems: Problems) -> None:
    assert problems(demo=change("[local_authority, civil_society]", "[]")) == [
        f"checklists/demo.yaml:13: {ITEM}.actors: expected a non-empty list"
    ]


CONTEXTS = "destination, transit, origin"


def test_bad_context(problems: Problems) -> None:
    assert problems(demo=change("[destination, transit]", "[destination, host]")) == [
        f"checklists/demo.yaml:16: {ITEM}.contexts[1]: 'host' is not one of: {CONTEXTS}"
    ]


def test_context_listed_twice(problems: Problems) -> None:
    assert problems(demo=change("[destination, transit]", "[transit, transit]")) == [
        f"checklists/demo.yaml:16: {ITEM}.contexts: a context is listed twice"
    ]


def test_no_contexts(problems: Problems) -> None:
    assert problems(demo=change("[destination, transit]", "[]")) == [
        f"checklists/demo.yaml:16: {ITEM}.contexts: expected a non-empty list"
    ]


def test_context_that_is_not_a_list(problems: Problems) -> None:
    assert problems(demo=change("[destination, transit]", "destination")) == [
        f"checklists/demo.yaml:16: {ITEM}.contexts: expected a non-empty list"
    ]


def test_missing_contexts(problems: Problems) -> None:
    assert problems(demo=change("        contexts: [origin]\n", "")) == [
        "checklists/demo.yaml:20: sections[1].items[0]: missing field 'contexts'"
    ]


def test_all_three_contexts_load_in_the_order_written(tmp_path: Path) -> None:
    doc = change("[destination, transit]", "[origin, transit, destination]")
    (tmp_path / "demo.yaml").write_text(doc, encoding="utf-8")

    first = load_checklists(tmp_path)["demo"].items[0]

    assert first.contexts == (Context.ORIGIN, Context.TRANSIT, Context.DESTINATION)


@pytest.mark.parametrize("number", ["0", "16"])
def test_guideline_out_of_range(problems: Problems, number: str) -> None:
    assert problems(demo=change("guideline: 2", f"guideline: {number}")) == [
        "checklists/demo.yaml:17: sections[1].guideline: must be between 1 and 15"
    ]


def test_guideline_of_another_phase(problems: Problems) -> None:
    assert problems(demo=change("guideline: 2", "guideline: 9")) == [
        "checklists/demo.yaml:17: sections[1].guideline: "
        "Guideline 9 belongs to the response phase, not preparedness"
    ]


@pytest.mark.parametrize("version", ['"1"', "1.5", "one", "0x10", "1:20", "012"])
def test_version_must_be_a_plain_whole_number(problems: Problems, version: str) -> None:
    assert problems(demo=change("version: 1", f"version: {version}")) == [
        "checklists/demo.yaml:2: version: expected a whole number"
    ]


def test_version_must_be_positive(problems: Problems) -> None:
    assert problems(demo=change("version: 1", "version: 0")) == [
        "checklists/demo.yaml:2: version: must be between 1 and 1000000"
    ]


def test_no_sections(problems: Problems) -> None:
    head = VALID.split("sections:")[0]
    assert problems(demo=head + "sections: []\n") == [
        "checklists/demo.yaml:6: sections: expected a non-empty list"
    ]


def test_document_that_is_not_a_mapping(problems: Problems) -> None:
    assert problems(demo="- just\n- a list\n") == ["checklists/demo.yaml:1: expected a mapping"]


def test_yaml_syntax_error_names_the_line(problems: Problems) -> None:
    doc = change("[local_authority, civil_society]", "[local_authority, civil_society")
    assert problems(demo=doc) == [
        "checklists/demo.yaml:14: YAML syntax error: expected ',' or ']', but got ':'"
    ]


def test_control_character_is_a_syntax_error_not_a_crash(problems: Problems) -> None:
    assert problems(demo=change("A map helps.", "A map\x01 helps.")) == [
        "checklists/demo.yaml:12: YAML syntax error: "
        "unacceptable character #x0001: special characters are not allowed"
    ]


def test_file_not_in_utf8_is_a_problem_not_a_crash(problems: Problems) -> None:
    latin1 = change("A map helps.", "A map helps the café.").encode("latin-1")
    assert problems(demo=latin1) == [
        "checklists/demo.yaml:12: not UTF-8 text: save the file as UTF-8"
    ]


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_empty_file(problems: Problems, text: str) -> None:
    assert problems(demo=text) == ["checklists/demo.yaml:1: the file is empty"]


def test_two_files_with_the_same_checklist_id(problems: Problems) -> None:
    assert problems(a=VALID, b="# the same id again\n" + VALID) == [
        "checklists/b.yaml:2: id: checklist id 'demo' is used by another file"
    ]


def test_no_checklist_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a checklist", encoding="utf-8")

    with pytest.raises(ChecklistError) as raised:
        load_checklists(tmp_path / "empty")

    assert str(raised.value) == "empty:0: no checklist files (*.yaml) found"


def test_every_problem_in_every_file_is_reported_at_once(problems: Problems) -> None:
    first = change("tier: minimum", "tier: basic", change("version: 1", "version: one"))
    second = change('help: "Profiles help."', "help: no", change("phase: pre", "phase: pro"))

    found = problems(first=first, second=second)

    assert sorted(found) == [
        "checklists/first.yaml:14: sections[0].items[0].tier: "
        "'basic' is not one of: minimum, advanced",
        "checklists/first.yaml:2: version: expected a whole number",
        "checklists/second.yaml:22: sections[1].items[0].help: "
        "expected text (YAML reads 'no' as not text: quote it)",
        "checklists/second.yaml:4: phase: "
        "'proparedness' is not one of: preparedness, response, recovery",
    ]


def test_checklist_error_message_lists_every_problem_on_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "demo.yaml").write_text(
        change("tier: minimum", "tier: basic", change("version: 1", "version: one")), "utf-8"
    )

    with pytest.raises(ChecklistError) as raised:
        load_checklists(tmp_path)

    assert sorted(str(raised.value).splitlines()) == [
        f"demo.yaml:14: {ITEM}.tier: 'basic' is not one of: minimum, advanced",
        "demo.yaml:2: version: expected a whole number",
    ]
