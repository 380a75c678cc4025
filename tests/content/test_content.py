"""The shipped checklists load and keep the promises made about them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.checklists import load_checklists
from bot.model import Checklist, Phase, Tier

CHECKLISTS_DIR = Path(__file__).resolve().parents[2] / "checklists"
CHECKLISTS = load_checklists(CHECKLISTS_DIR)
ITEMS = [(checklist, item) for checklist in CHECKLISTS.values() for item in checklist]


def texts(checklist: Checklist) -> Iterator[tuple[str, str]]:
    """Every piece of text a user may see, with where it comes from."""
    yield f"{checklist.id}:title", checklist.title
    yield f"{checklist.id}:description", checklist.description
    for section in checklist.sections:
        yield f"{checklist.id}:guideline-{section.guideline}:title", section.title
    for item in checklist:
        for field in ("question", "help", "action"):
            yield f"{checklist.id}:{item.id}:{field}", getattr(item, field)


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


@pytest.mark.parametrize("guideline", range(1, 16))
def test_every_guideline_has_at_least_four_items(guideline: int) -> None:
    count = sum(1 for _, item in ITEMS if item.guideline == guideline)

    assert count >= 4, f"Guideline {guideline} has {count} items"


def test_at_least_75_items_in_all() -> None:
    assert len(ITEMS) >= 75


def test_minimum_tier_is_between_a_quarter_and_45_percent_of_items() -> None:
    minimum = sum(1 for _, item in ITEMS if item.tier is Tier.MINIMUM)

    assert 0.25 <= minimum / len(ITEMS) <= 0.45, f"{minimum} of {len(ITEMS)} are minimum"


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
def test_questions_end_with_a_question_mark(checklist_id: str) -> None:
    bad = [item.id for item in CHECKLISTS[checklist_id] if not item.question.endswith("?")]

    assert bad == []
