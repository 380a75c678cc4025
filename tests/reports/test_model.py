"""The report model against figures worked out by hand (see tests/support/report_world.py)."""

from __future__ import annotations

import pytest

from bot.model import NotFound
from bot.reporting import report_model
from bot.reports.localised import localise
from bot.reports.wording import format_date
from tests.support.report_world import ADMIN, CORA, NOW, World, translator


async def test_readiness_coverage_and_change_per_guideline(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    assert model.cycle == "2026" and model.previous_cycle == "2025"
    assert model.generated_at == NOW
    g1, g2 = model.guidelines
    # G1: a1 = 3 and a2 = 1 scored (4 of 6 points); a3 "don't know" is not a zero.
    assert (g1.readiness.scored, g1.readiness.points, g1.readiness.dont_know) == (2, 4, 1)
    assert g1.readiness.readiness == pytest.approx(4 / 6)
    assert g1.readiness.coverage == pytest.approx(2 / 3)
    # G2: b1 = 0 scored, b2 not applicable: known, but not scored.
    assert g2.readiness.readiness == 0.0
    assert g2.readiness.coverage == 1.0
    # 2025: G1 had 1 + 1 + 0 of 9, G2 0 + 2 of 6.
    assert g1.change == pytest.approx(4 / 6 - 2 / 9)
    assert g2.change == pytest.approx(0 - 2 / 6)
    assert model.overall.readiness == pytest.approx(4 / 9)
    assert model.overall.coverage == pytest.approx(4 / 5)
    assert model.overall_change == pytest.approx(4 / 9 - 4 / 15)


async def test_gaps_minimum_first_then_by_score_with_actions(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    assert [g.item.id for g in model.gaps] == ["b1", "a3", "a2"]
    assert [s.item.id for s in model.strengths] == ["a1"]
    assert [row.item.id for row in model.annex] == ["a1", "a2", "a3", "b1", "b2"]
    annex = model.annex[0].answer
    assert annex is not None and annex.author_name == "Rita <b>"


async def test_localised_lines_say_the_same_in_words(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    r = localise(model, translator("en"))
    g1, g2 = r.guidelines
    assert (g1.readiness, g1.coverage, g1.change, g1.status) == (
        "67%",
        "67%",
        "+44 points",
        "Well developed",
    )
    assert (g2.readiness, g2.change, g2.status) == (
        "0%",
        "−33 points",
        "Potential for further development",
    )
    assert (r.overall.readiness, r.overall.coverage, r.overall.change) == (
        "44%",
        "80%",
        "+18 points",
    )
    assert (r.known, r.total) == (4, 5)
    assert [(g.code, g.minimum, g.answer) for g in r.gaps] == [
        ("G2", True, "0 · Not in place"),
        ("G1", True, "Don't know"),
        ("G1", False, "1 · Started or ad hoc"),
    ]
    assert r.gaps[0].action == "Action for b1."
    assert r.annex[0].date == "Mar 7, 2026"
    assert r.page.generated == "Mar 8, 2026"


def test_dates_and_numbers_follow_the_reader_s_locale() -> None:
    assert format_date(translator("fr"), NOW) == "8 mars 2026"
    assert format_date(translator("de"), NOW) == "08.03.2026"
    assert translator("de").percent(0.444) == "44\xa0%"


async def test_a_cycle_can_be_chosen_and_an_unknown_one_is_refused(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini", "2025")
    assert model.cycle == "2025" and model.previous_cycle is None
    assert model.overall.readiness == pytest.approx(4 / 15)
    with pytest.raises(NotFound):
        await world.service.reporting.build_report(CORA, world.springfield.id, "mini", "1999")
    with pytest.raises(NotFound):
        await world.service.reporting.build_report(CORA, world.springfield.id, "nope")


async def test_an_organisation_without_answers_gets_an_empty_report(world: World) -> None:
    model = await world.service.reporting.build_report(ADMIN, world.shelbyville.id, "mini")
    assert not model.has_answers
    assert model.cycle == "2026"  # the current cycle, from the clock
    assert model.overall.readiness is None and model.overall.coverage == 0.0
    assert [g.item.id for g in model.gaps] == ["a1", "a3", "b1", "a2", "b2"]


async def test_comparison_matrix_pools_and_common_gaps(world: World) -> None:
    ids = [world.springfield.id, world.shelbyville.id]
    model = await world.service.reporting.build_comparison(ADMIN, ids, "mini")
    assert model.cycle == "2026"
    assert [r.organisation.name for r in model.reports] == ["Shelbyville", "Springfield <i>&</i>"]
    assert model.matrix() == [[None, None], [pytest.approx(4 / 6), 0.0]]
    assert model.answered == 1
    assert model.pooled()[1].readiness == pytest.approx(4 / 6)
    assert [(c.item.id, c.organisations) for c in model.common_gaps()] == [("b1", 1), ("a2", 1)]
    with pytest.raises(NotFound):
        await world.service.reporting.build_comparison(ADMIN, ids, "mini", "1999")


def test_report_model_is_pure_and_needs_no_database(world: World) -> None:
    model = report_model(world.springfield, world.service.checklist("mini"), "2026", NOW, {})
    assert not model.has_answers
    assert model.previous_cycle is None and model.overall_change is None


async def test_the_comparison_reads_the_same_answers_as_single_reports(world: World) -> None:
    ids = [world.springfield.id, world.shelbyville.id]
    comparison = await world.service.reporting.build_comparison(ADMIN, ids, "mini")
    for compared in comparison.reports:
        alone = await world.service.reporting.build_report(ADMIN, compared.organisation.id, "mini")
        assert compared.annex == alone.annex
        assert [g.readiness for g in compared.guidelines] == [g.readiness for g in alone.guidelines]


async def test_many_assessments_are_read_in_batches(world: World) -> None:
    store = world.service.store
    found = await store.answers_of(range(1, 1201))
    assert len(found) == 1200 and len(found[2]) == 5 and found[1000] == {}
    assessments = await store.checklist_assessments("mini", range(1, 1201))
    assert [a.cycle for a in assessments] == ["2026", "2025"]
