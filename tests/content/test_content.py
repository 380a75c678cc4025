"""The shipped checklists load and keep the promises made about them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import fingerprints
from bot.checklists import load_checklists
from bot.model import Checklist, Context, Item, Phase, Tier
from bot.scope import Scope, narrow

CHECKLISTS_DIR = Path(__file__).resolve().parents[2] / "checklists"
ARCHIVE = CHECKLISTS_DIR / "archive"
CHECKLISTS = load_checklists(CHECKLISTS_DIR)
ITEMS = [(checklist, item) for checklist in CHECKLISTS.values() for item in checklist]
BY_ID = {item.id: item for _, item in ITEMS}

GUIDELINES = "Guidelines to Protect Migrants in Countries Experiencing Conflict or Natural Disaster"
INITIATIVE = "Migrants in Countries in Crisis (MICIC) Initiative"
OFFICIAL_TITLES = {
    1: "Track information on conflicts and natural disasters, and the potential impact on migrants",
    2: "Collect and share information on migrants, subject to privacy, confidentiality, and the "
    "security and safety of migrants",
    3: "Empower migrants to help themselves, their families, and communities during and in the "
    "aftermath of crises",
    4: "Incorporate migrants in prevention, preparedness, and emergency response systems",
    5: "Involve migrants in contingency planning and integrate their needs and capacities",
    6: "Communicate effectively with migrants",
    7: "Establish coordination agreements in advance to leverage strengths and foster trust",
    8: "Build capacity and learn lessons for emergency response and post-crisis action",
    9: "Communicate widely, effectively, and often with migrants on evolving crises and how to "
    "access help",
    10: "Facilitate migrants' ability to move to safety",
    11: "Provide humanitarian assistance to migrants without discrimination",
    12: "Establish clear referral procedures among stakeholders",
    13: "Relocate and evacuate migrants when needed",
    14: "Address migrants' immediate needs and support migrants to rebuild lives",
    15: "Support migrants' host communities",
}

# Every topic the second edition promised to cover: (its Guideline, or None when it runs across
# Guidelines; the items that cover it).
TOPICS: dict[str, tuple[int | None, tuple[str, ...]]] = {
    "migrants in transit, informal settlements or homeless in risk mapping": (
        1,
        ("g1_no_fixed_address",),
    ),
    "crises elsewhere that could send arrivals or returns": (1, ("g1_crises_abroad",)),
    "retention and deletion of emergency data": (2, ("g2_data_retention",)),
    "data security": (2, ("g2_data_security",)),
    "data breach handling": (2, ("g2_breach_plan",)),
    "sex, age and disability breakdown": (2, ("g2_sex_age_disability",)),
    "registering with one's consulate": (2, ("g2_consular_register",)),
    "copies of documents before a crisis": (3, ("g3_doc_copies",)),
    "savings and access to cash": (3, ("g3_money_access",)),
    "insurance": (3, ("g3_insurance",)),
    "household emergency plans": (3, ("g3_household_plan",)),
    "nationality or residence conditions in local relief rules": (4, ("g4_relief_rules",)),
    "migrants' skills, not only needs": (4, ("g4_skills_map",)),
    "gender-based violence in shelters": (5, ("g5_shelter_gbv",)),
    "religious and dietary needs in shelters": (5, ("g5_shelter_food",)),
    "privacy in shelters": (5, ("g5_shelter_privacy",)),
    "tourists and short-stay visitors": (5, ("g5_visitors",)),
    "migrants who will not evacuate for fear of checks": (5, ("g5_fear_evacuate",)),
    "alerts that reach foreign and roaming phones": (6, ("g6_cell_broadcast",)),
    "local siren signals explained": (6, ("g6_siren_meaning",)),
    "sign language": (6, ("g6_sign_language",)),
    "accessible formats": (6, ("g6_accessible",)),
    "nationalities with no local consulate": (7, ("g7_no_consulate",)),
    "consular access to shelters": (7, ("g7_consul_shelters",)),
    "humanitarian agencies (IOM, UNHCR, Red Cross / Red Crescent)": (7, ("g7_humanitarian",)),
    "neighbouring municipalities": (7, ("g7_neighbours",)),
    "employers releasing workers before evacuation": (10, ("g10_worker_release",)),
    "wages owed paid before evacuation": (10, ("g10_wages_owed",)),
    "transport costs": (10, ("g10_free_transport",)),
    "identifying deceased foreigners": (11, ("g11_dead_identify",)),
    "notifying consulates of a death": (11, ("g11_death_consulate",)),
    "notifying families of a death": (11, ("g11_death_family",)),
    "repatriation of remains": (11, ("g11_remains_transfer", "g11_remains_home")),
    "tracing the missing": (11, ("g11_missing_persons",)),
    "referral to consular protection": (12, ("g12_consular_referral",)),
    "referral to labour and wage remedies": (12, ("g12_labour_referral",)),
    "tourists and hotels in evacuation plans": (13, ("g13_hotels",)),
    "return from relocation sites": (13, ("g13_return_home",)),
    "birth and death certificates": (14, ("g14_civil_certificates",)),
    "police certificates of loss": (14, ("g14_loss_certificate",)),
    "tenant protection and evictions": (14, ("g14_tenant_protection",)),
    "remittances and banking": (14, ("g14_remittances",)),
    "gender, age and disability where they change what is needed": (
        None,
        (
            "g2_sex_age_disability",
            "g3_inclusive_sessions",
            "g5_older_disabled",
            "g5_shelter_gbv",
            "g6_accessible",
            "g6_sign_language",
            "g11_children",
        ),
    ),
}

# What a municipality that migrants come from should have in place, by Guideline.
ORIGIN_ITEMS = {
    1: {"g1_crises_abroad"},
    2: {"g2_residents_abroad"},
    3: {"g3_predeparture", "g3_recruiter_check"},
    5: {"g5_return_plan"},
    7: {"g7_focal_point", "g7_foreign_ministry"},
    8: {"g8_returnee_training"},
    9: {"g9_family_contact"},
    11: {"g11_returnee_relief", "g11_remains_home"},
    12: {"g12_missing_abroad", "g12_returnee_needs"},
    13: {"g13_arrival_reception"},
    14: {
        "g14_returnee_desk",
        "g14_returnee_school",
        "g14_returnee_jobs",
        "g14_skills_recognition",
        "g14_family_income",
        "g14_family_support",
    },
    15: {"g15_return_areas", "g15_returnee_welcome"},
}

QUICK_CHECK_MAX = 25


def texts(checklist: Checklist) -> Iterator[tuple[str, str]]:
    """Every piece of text a user may see, with where it comes from."""
    yield f"{checklist.id}:title", checklist.title
    yield f"{checklist.id}:description", checklist.description
    for section in checklist.sections:
        yield f"{checklist.id}:guideline-{section.guideline}:title", section.title
    for item in checklist:
        for field in ("question", "help", "action"):
            yield f"{checklist.id}:{item.id}:{field}", getattr(item, field)


def quick_check(checklist: Checklist, context: Context | None = None) -> list[Item]:
    """The minimum-tier items, for one kind of place or for all."""
    return [
        item
        for item in checklist
        if item.tier is Tier.MINIMUM and (context is None or context in item.contexts)
    ]


def test_three_checklists_one_per_phase_cover_guidelines_1_to_15() -> None:
    found = {
        checklist.id: (checklist.phase, [s.guideline for s in checklist.sections])
        for checklist in CHECKLISTS.values()
    }

    assert found == {
        "preparedness": (Phase.PREPAREDNESS, list(range(1, 9))),
        "response": (Phase.RESPONSE, list(range(9, 14))),
        "recovery": (Phase.RECOVERY, [14, 15]),
    }


def test_sections_carry_the_official_titles_of_the_guidelines() -> None:
    titles = {s.guideline: s.title for checklist in CHECKLISTS.values() for s in checklist.sections}

    assert titles == OFFICIAL_TITLES


@pytest.mark.parametrize("checklist_id", sorted(CHECKLISTS))
def test_descriptions_name_the_guidelines_officially(checklist_id: str) -> None:
    description = CHECKLISTS[checklist_id].description

    assert f'"{GUIDELINES}", by the {INITIATIVE}' in description


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_promised_topic_is_covered_in_its_guideline(topic: str) -> None:
    guideline, ids = TOPICS[topic]

    missing = [item_id for item_id in ids if item_id not in BY_ID]
    assert missing == []
    if guideline is not None:
        assert {BY_ID[item_id].guideline for item_id in ids} == {guideline}


@pytest.mark.parametrize("guideline", sorted(ORIGIN_ITEMS))
def test_a_municipality_of_origin_has_its_items_in_the_guideline(guideline: int) -> None:
    found = {
        item.id
        for _, item in ITEMS
        if item.guideline == guideline and Context.ORIGIN in item.contexts
    }

    assert ORIGIN_ITEMS[guideline] <= found


@pytest.mark.parametrize("context", list(Context))
@pytest.mark.parametrize("checklist_id", sorted(CHECKLISTS))
def test_every_kind_of_place_has_a_quick_check_in_every_checklist(
    checklist_id: str, context: Context
) -> None:
    assert quick_check(CHECKLISTS[checklist_id], context) != []


@pytest.mark.parametrize("checklist_id", sorted(CHECKLISTS))
def test_the_quick_check_fits_in_one_sitting(checklist_id: str) -> None:
    count = len(quick_check(CHECKLISTS[checklist_id]))

    assert count <= QUICK_CHECK_MAX, f"{checklist_id} quick check has {count} items"


@pytest.mark.parametrize("guideline", range(1, 16))
def test_every_guideline_has_at_least_eight_items_and_a_minimum_one(guideline: int) -> None:
    items = [item for _, item in ITEMS if item.guideline == guideline]

    assert len(items) >= 8, f"Guideline {guideline} has {len(items)} items"
    assert any(item.tier is Tier.MINIMUM for item in items)


def test_at_least_150_items_in_all() -> None:
    assert len(ITEMS) >= 150


def test_minimum_tier_is_between_a_quarter_and_35_percent_of_items() -> None:
    minimum = sum(1 for _, item in ITEMS if item.tier is Tier.MINIMUM)

    assert 0.25 <= minimum / len(ITEMS) <= 0.35, f"{minimum} of {len(ITEMS)} are minimum"


def test_every_item_asks_one_question() -> None:
    bad = [
        f"{item.id}: {item.question}"
        for _, item in ITEMS
        if not item.question.endswith("?")
        or item.question.count("?") != 1
        or " and/or " in item.question
        or ";" in item.question
    ]

    assert bad == []


def test_every_help_text_says_what_counts_as_evidence() -> None:
    assert [item.id for _, item in ITEMS if "Evidence: " not in item.help] == []


def test_item_ids_start_with_their_guideline() -> None:
    assert [item.id for _, item in ITEMS if not item.id.startswith(f"g{item.guideline}_")] == []


def test_every_item_id_fits_in_telegram_callback_data() -> None:
    too_long = [
        f"{checklist.id}:{item.id}"
        for checklist, item in ITEMS
        if len(f"a:{'9' * 10}:{item.id}:dk".encode()) >= 64
    ]

    assert too_long == []


@pytest.mark.parametrize("checklist_id", sorted(CHECKLISTS))
def test_texts_have_no_html_special_characters_or_percent(checklist_id: str) -> None:
    bad = [
        f"{where}: {text!r}"
        for where, text in texts(CHECKLISTS[checklist_id])
        if set(text) & set("<>&%")
    ]

    assert bad == []


@pytest.mark.parametrize("checklist_id", sorted(CHECKLISTS))
def test_every_earlier_edition_is_kept_in_the_archive(checklist_id: str) -> None:
    version = CHECKLISTS[checklist_id].version
    missing = [
        f"{checklist_id}-v{n}.yaml"
        for n in range(1, version)
        if not (ARCHIVE / f"{checklist_id}-v{n}.yaml").is_file()
    ]

    assert missing == []


def edition_one_ids() -> set[str]:
    """The item ids of edition 1, read from the archived files."""
    return {
        match
        for path in ARCHIVE.glob("*-v1.yaml")
        for match in re.findall(r"^ +- id: (\w+)$", path.read_text("utf-8"), re.M)
    }


def change_table() -> dict[str, tuple[str, list[str]]]:
    """The rows of CHANGES-v2.md: edition-1 id -> (what happened, edition-2 ids)."""
    rows: dict[str, tuple[str, list[str]]] = {}
    for line in (ARCHIVE / "CHANGES-v2.md").read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 4 and cells[1] in ("kept", "kept, reworded", "replaced", "removed"):
            rows[cells[0].strip("`")] = (cells[1], re.findall(r"`(\w+)`", cells[2]))
    return rows


def test_the_change_table_accounts_for_every_edition_one_item() -> None:
    old, table = edition_one_ids(), change_table()

    assert len(old) == 90
    assert set(table) == old
    kept = {item_id for item_id, (fate, _) in table.items() if fate.startswith("kept")}
    assert {item_id for item_id in old if item_id in BY_ID} == kept
    assert all(table[item_id][1] == [item_id] for item_id in kept)
    named = {new for _, news in table.values() for new in news}
    assert named <= set(BY_ID)
    assert named & (old - kept) == set()  # a retired id never comes back with a new meaning


@pytest.mark.parametrize("context", list(Context))
@pytest.mark.parametrize("checklist_id", sorted(CHECKLISTS))
def test_the_quick_check_the_bot_asks_is_the_minimum_tier_of_the_place(
    checklist_id: str, context: Context
) -> None:
    checklist = CHECKLISTS[checklist_id]
    asked = narrow(checklist, Scope(quick=True, kinds=frozenset({context})))

    assert list(asked) == quick_check(checklist, context)
    assert len(asked.sections) == len(checklist.sections)  # one column per Guideline in reports


def test_every_question_of_every_edition_has_its_fingerprint_recorded() -> None:
    recorded, malformed = fingerprints.read_recorded(CHECKLISTS_DIR / fingerprints.FILE_NAME)

    assert malformed == []
    assert [str(problem) for problem in fingerprints.check(CHECKLISTS, recorded)] == []
