"""Organisation names: invisible characters cleaned, look-alikes found by their UTS #39 skeleton."""

from __future__ import annotations

import pytest

from bot.names import clean_name, confusable_with, skeleton

LOOK_ALIKES = [
    ("Ly\u043en", "Lyon"),  # a Cyrillic о
    ("L\u0443on", "Lyon"),  # a Cyrillic у
    ("Ly\u200don", "Lyon"),  # a zero-width joiner
    ("LY\u041eN", "Lyon"),  # capitals, with a Cyrillic О
    ("rnarseille", "Marseille"),  # r and n side by side read as m
    ("0slo", "Oslo"),
    ("Town l", "Town 1"),
]
DIFFERENT = [
    ("Lyon", "Lyons"),
    ("Genève", "Geneve"),  # an accent is visible
    ("Town 1", "Town 11"),
    ("بلدية عمان", "بلدية عمّان"),
    ("Springfield", "Shelbyville"),
]


@pytest.mark.parametrize(("name", "existing"), LOOK_ALIKES)
def test_a_look_alike_name_is_found(name: str, existing: str) -> None:
    assert confusable_with(name, ["Paris", existing]) == existing


@pytest.mark.parametrize(("name", "existing"), DIFFERENT)
def test_a_different_name_is_not_a_look_alike(name: str, existing: str) -> None:
    assert confusable_with(name, [existing]) is None


def test_the_skeleton_maps_look_alike_letters_to_one_prototype() -> None:
    assert skeleton("p\u0430yp\u0430l") == skeleton("paypal")  # Cyrillic а


def test_invisible_and_direction_characters_are_cleaned_but_nothing_is_cut() -> None:
    assert clean_name("  \u202eBogota\u200b  city ") == "Bogota city"
    assert clean_name("\u200b\u2060") == ""
    assert len(clean_name("N" * 300)) == 300
