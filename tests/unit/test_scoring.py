"""Scoring on a small hand-built checklist, against figures worked out by hand."""

from __future__ import annotations

from bot.model import Actor, Answer, Checklist, Item, Phase, Score, Section, Tier
from bot.scoring import gaps, next_item, progress, readiness, strengths, summarise

MIN, ADV = Tier.MINIMUM, Tier.ADVANCED


def _item(item_id: str, guideline: int, tier: Tier) -> Item:
    return Item(item_id, guideline, f"{item_id}?", "help", (Actor.LOCAL_AUTHORITY,), tier, "act")


# Guideline 1: a (minimum), b (advanced), c (minimum); Guideline 2: d (advanced), e (minimum).
CHECKLIST = Checklist(
    id="demo",
    version=1,
    title="Demo",
    phase=Phase.PREPAREDNESS,
    description="Demo",
    sections=(
        Section(1, "One", (_item("a", 1, MIN), _item("b", 1, ADV), _item("c", 1, MIN))),
        Section(2, "Two", (_item("d", 2, ADV), _item("e", 2, MIN))),
    ),
)
G1, G2 = CHECKLIST.sections


def answers(**scores: str | None) -> dict[str, Answer]:
    """Answers by item id from score values ("0".."3", "dk", "na"; None for no score)."""
    return {
        item_id: Answer(item_id, Score(value) if value else None)
        for item_id, value in scores.items()
    }


def next_id(given: dict[str, Answer], after: str | None = None) -> str | None:
    """The id of the item next_item picks, or None."""
    item = next_item(CHECKLIST, given, after)
    return item.id if item else None


# next_item


def test_next_item_is_the_first_unanswered() -> None:
    assert next_id({}) == "a"
    assert next_id(answers(a="3", b="dk")) == "c"


def test_next_item_skips_over_answered_items_in_later_sections() -> None:
    assert next_id(answers(a="0", b="1", c="2", d="na")) == "e"


def test_a_note_without_a_score_leaves_the_item_unanswered() -> None:
    assert next_id(answers(a=None)) == "a"


def test_next_item_after_an_item_is_the_following_unanswered_one() -> None:
    assert next_id(answers(a="3"), after="b") == "c"


def test_next_item_after_wraps_round_to_the_start() -> None:
    assert next_id(answers(c="1", e="2"), after="e") == "a"


def test_skipping_passes_over_the_skipped_item_while_others_remain() -> None:
    assert next_id(answers(a="3", c="3", d="3"), after="b") == "e"


def test_skipping_the_only_unanswered_item_asks_it_again() -> None:
    assert next_id(answers(a="3", b="3", c="3", e="3"), after="d") == "d"


def test_next_item_after_an_unknown_id_starts_from_the_top() -> None:
    assert next_id(answers(a="3"), after="retired_item") == "b"


def test_next_item_is_none_when_every_item_is_answered() -> None:
    complete = answers(a="3", b="dk", c="na", d="0", e="1")
    assert next_id(complete) is None
    assert next_id(complete, after="c") is None


# progress


def test_progress_counts_dont_know_and_not_applicable_as_answered() -> None:
    found = progress(CHECKLIST, answers(a="dk", b="na", c="0", d=None))
    assert (found.answered, found.total) == (3, 5)
    assert found.percent == 60
    assert not found.complete


def test_progress_percent_rounds_down_so_100_means_complete() -> None:
    four_of_five = answers(a="3", b="3", c="3", d="3")
    assert progress(CHECKLIST, four_of_five).percent == 80
    complete = {**four_of_five, **answers(e="dk")}
    assert progress(CHECKLIST, complete).percent == 100
    assert progress(CHECKLIST, complete).complete


# readiness and coverage

MIXED = answers(a="3", b="1", c="dk", d="na", e="0")


def test_readiness_per_guideline() -> None:
    g1 = readiness(G1.items, MIXED)
    g2 = readiness(G2.items, MIXED)

    # Guideline 1: a=3 and b=1 are scored (4 of 6 points); c is "don't know".
    assert (g1.total, g1.scored, g1.points, g1.dont_know, g1.not_applicable) == (3, 2, 4, 1, 0)
    assert g1.readiness == 4 / 6
    assert g1.coverage == 2 / 3
    # Guideline 2: e=0 is scored (0 of 3 points); d is not applicable.
    assert g2.readiness == 0.0
    assert g2.coverage == 1.0


def test_readiness_overall_is_points_over_three_per_scored_item() -> None:
    summary = summarise(CHECKLIST, MIXED)

    assert summary.overall.readiness == 4 / 9
    assert summary.overall.coverage == 4 / 5
    assert summary.overall.unanswered == 0
    assert summary.by_guideline == {1: readiness(G1.items, MIXED), 2: readiness(G2.items, MIXED)}
    assert summary.by_phase == {Phase.PREPAREDNESS: summary.overall}


def test_dont_know_never_counts_as_zero() -> None:
    known = readiness(CHECKLIST.items, answers(a="3"))
    with_dont_know = readiness(CHECKLIST.items, answers(a="3", b="dk"))
    with_zero = readiness(CHECKLIST.items, answers(a="3", b="0"))

    assert known.readiness == with_dont_know.readiness == 1.0
    assert with_zero.readiness == 0.5
    assert with_dont_know.coverage == known.coverage == 1 / 5
    assert with_zero.coverage == 2 / 5


def test_not_applicable_raises_coverage_but_not_readiness() -> None:
    found = readiness(CHECKLIST.items, answers(a="2", b="na"))

    assert found.readiness == 2 / 3
    assert found.coverage == 2 / 5


def test_readiness_is_none_when_nothing_is_scored() -> None:
    found = readiness(CHECKLIST.items, answers(a="dk", b="na"))

    assert found.readiness is None
    assert found.coverage == 1 / 5
    assert found.unanswered == 3


def test_nothing_answered_has_no_readiness_and_no_coverage() -> None:
    found = summarise(CHECKLIST, {}).overall

    assert found.readiness is None
    assert found.coverage == 0.0
    assert found.unanswered == 5


# gaps and strengths


def test_gaps_put_minimum_tier_first_then_zero_one_dont_know_unanswered() -> None:
    found = gaps(CHECKLIST, answers(a="dk", b="1", d="0", e="1"))

    # minimum: e=1, a=dk, c unanswered; advanced: d=0, b=1.
    assert [(g.item.id, g.score) for g in found] == [
        ("e", Score.STARTED),
        ("a", Score.DONT_KNOW),
        ("c", None),
        ("d", Score.NOT_IN_PLACE),
        ("b", Score.STARTED),
    ]


def test_gaps_keep_checklist_order_within_tier_and_score() -> None:
    found = gaps(CHECKLIST, answers(a="0", b="dk", d="1", e="0"))

    # minimum: a=0 and e=0 in checklist order, then c unanswered; advanced: d=1, b=dk.
    assert [g.item.id for g in found] == ["a", "e", "c", "d", "b"]


def test_gaps_leave_out_items_in_place_tested_or_not_applicable() -> None:
    found = gaps(CHECKLIST, answers(a="2", b="3", c="na", d="0"))

    assert [g.item.id for g in found] == ["e", "d"]
    assert found[0].answer is None
    assert found[1].answer == Answer("d", Score.NOT_IN_PLACE)


def test_strengths_are_items_in_place_or_tested_in_checklist_order() -> None:
    found = strengths(CHECKLIST, answers(a="1", b="3", c="na", d="dk", e="2"))

    assert [item.id for item in found] == ["b", "e"]
