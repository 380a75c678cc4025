"""The checklist glossary holds in every edition, the archived ones included (their texts are
still shown in the reports of cycles answered before an upgrade)."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tests.support.project import LOCALES

# the UI's word for the bot's coordinator role, which "focal point" must not be confused with
COORDINATOR = {"ar": r"منس[ّ]?ق", "ru": r"координатор", "zh_Hans": r"协调[员人]"}
FOCAL_POINT = {"ar": r"(نقطة|نقاط) (ال)?اتصال", "ru": r"ответственн|контактн", "zh_Hans": "联络人"}


def entries(lang: str) -> list[tuple[str, str, str]]:
    """Every translated checklist text of every edition: context, English and translation."""
    with (LOCALES / lang / "LC_MESSAGES" / "checklist.po").open("rb") as po:
        catalog = read_po(po)
    return [(m.context or "", str(m.id), str(m.string)) for m in catalog if m.id and m.string]


@pytest.mark.parametrize("lang", sorted(COORDINATOR))
def test_a_focal_point_is_never_called_a_coordinator(lang: str) -> None:
    wrong = [
        context
        for context, english, text in entries(lang)
        if "focal point" in english
        and (re.search(COORDINATOR[lang], text) or not re.search(FOCAL_POINT[lang], text))
    ]
    assert not wrong, f"{lang}: 'focal point' not translated as in the glossary in {wrong}"


def test_host_community_is_never_the_custody_word_in_chinese() -> None:
    wrong = [context for context, _, text in entries("zh_Hans") if "收容" in text]
    assert not wrong, f"收容 (custody) for host community in {wrong}"


def test_migrant_residents_and_workers_are_not_people_who_live_and_work_in_russian() -> None:
    wrong = [
        context
        for context, english, text in entries("ru")
        if "residents and workers" in english and re.search(r"живут\W+и\W+работают", text)
    ]
    assert not wrong, f"'residents and workers' read as 'who live and work' in {wrong}"
