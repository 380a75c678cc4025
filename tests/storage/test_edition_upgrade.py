"""A database from before editions were recorded, upgraded: no answer is lost.

It is built with the first migrations only, as an older release left it, with edition-1 answers
of the recovery checklist in an earlier cycle (2025) and in the cycle in progress (2026). Opening
it applies the newer migrations; the assessment in progress moves to edition 2 with every answer
to an item edition 2 still asks, and the earlier cycle keeps edition 1 in its reports.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.model import Score
from bot.service import Service
from bot.store import Store, migrations
from bot.store.migrations import statements
from tests.support.project import CHECKLISTS

NOW = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
ANA, BEN, CORA = 201, 202, 203
KEPT = {"g14_recovery_plan": "3", "g14_legal_aid": "1"}  # items edition 2 still asks
RETIRED = {"g14_eligibility": "0", "g15_tensions": "2"}  # items edition 2 replaced
EARLIER = {"g14_eligibility": "1", "g14_health_pss": "3", "g14_recovery_plan": "0"}


def _old_database(path: Path) -> None:
    """The schema of migrations 1 and 2 with an organisation and edition-1 answers."""
    with sqlite3.connect(path) as db:
        for number, _, sql in migrations():
            if number <= 2:
                for statement in statements(sql):
                    db.execute(statement)
        db.execute("PRAGMA user_version = 2")
        at = "2026-03-01T09:00:00+00:00"
        db.execute(
            "INSERT INTO organisations VALUES (1, 'Lyon', 'RESP234567', 'COOR234567', ?)", (at,)
        )
        for user, name, role in (
            (ANA, "Ana", "responder"),
            (BEN, "Ben", "responder"),
            (CORA, "Cora", "coordinator"),
        ):
            db.execute(
                "INSERT INTO users (id, first_name, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                (user, name, at, at),
            )
            db.execute("INSERT INTO members VALUES (1, ?, ?, ?)", (user, role, at))
        for assessment, cycle, scores in ((1, "2025", EARLIER), (2, "2026", KEPT | RETIRED)):
            db.execute(
                "INSERT INTO assessments VALUES (?, 1, 'recovery', ?, ?)", (assessment, cycle, at)
            )
            for item, score in scores.items():
                db.execute(
                    "INSERT INTO answers VALUES (?, ?, ?, NULL, ?, ?, 1)",
                    (assessment, item, score, ANA, at),
                )
                db.execute(
                    "INSERT INTO answer_log (assessment_id, item_id, field, old, new, author_id,"
                    " at) VALUES (?, ?, 'score', NULL, ?, ?, ?)",
                    (assessment, item, score, ANA, at),
                )
        db.execute("UPDATE users SET current_assessment_id = 2 WHERE id = ?", (ANA,))


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[Service]:
    path = tmp_path / "old.sqlite3"
    _old_database(path)
    store = await Store.open(path)
    yield Service(store, CHECKLISTS, clock=lambda: NOW)
    await store.close()


async def test_the_upgrade_records_the_edition_each_assessment_was_answered_against(
    service: Service,
) -> None:
    found = await service.store.assessments(1)

    assert {(a.cycle, a.version, a.quick) for a in found} == {
        ("2025", 1, False),
        ("2026", 1, False),
    }
    assert await service.store.user_version() == migrations()[-1][0]


async def test_the_assessment_in_progress_moves_with_every_valid_answer_kept(
    service: Service,
) -> None:
    step = await service.resume(ANA)

    assert step is not None
    assert step.assessment.version == 2 and step.checklist.version == 2
    assert {a.version for a in await service.store.assessments(1) if a.cycle == "2026"} == {2}
    counted = {i.id for i in step.checklist if i.id in step.answers}
    assert counted == set(KEPT)
    assert step.progress.answered == len(KEPT)
    assert {item: step.answers[item].score for item in KEPT} == {
        item: Score(score) for item, score in KEPT.items()
    }
    # the retired answers stay in the database and in its history
    assert set(await service.store.answers(2)) == set(KEPT) | set(RETIRED)
    assert {e.item_id for e in await service.store.audit_log(2)} == set(KEPT) | set(RETIRED)


async def test_each_member_is_told_once_how_many_items_are_new(service: Service) -> None:
    first = await service.resume(ANA)
    again = await service.resume(ANA)
    waiting = (await service.personal_data(BEN))["edition_notices"]  # /mydata shows it
    ben = await service.start(BEN, "recovery")

    assert first is not None and again is not None
    notice = first.notice
    assert notice is not None
    assert notice.version == 2 and notice.kept_answers == 2 and notice.retired_answers == 2
    asked = {item.id for item in first.checklist}
    assert notice.new_items == len(asked - {"g14_recovery_plan", "g14_legal_aid"})
    assert again.notice is None
    assert ben.notice == notice
    assert [row["version"] for row in waiting] == [2]
    assert (await service.personal_data(BEN))["edition_notices"] == []
    assert (await service.start(BEN, "recovery")).notice is None


async def test_reports_of_both_cycles_work_each_on_its_own_edition(service: Service) -> None:
    now = await service.reporting.build_report(CORA, 1, "recovery")
    earlier = await service.reporting.build_report(CORA, 1, "recovery", "2025")

    assert (now.cycle, now.checklist.version) == ("2026", 2)
    assert now.overall.scored == len(KEPT)
    assert now.previous_cycle == "2025"
    assert (earlier.checklist.version, earlier.overall.scored) == (1, len(EARLIER))
    annex = {row.item.id: row.answer for row in earlier.annex}
    assert "g14_eligibility" in annex and "g14_eligibility" not in {r.item.id for r in now.annex}
    assert all(annex[item] is not None for item in EARLIER)
    assert {a.version for a in await service.store.assessments(1) if a.cycle == "2025"} == {1}


async def test_an_answer_given_after_the_move_is_recorded_against_edition_two(
    service: Service,
) -> None:
    step = await service.resume(ANA)
    assert step is not None and step.item is not None

    await service.answer(ANA, 2, step.item.id, Score.IN_PLACE)

    answers = await service.store.answers(2)
    assert answers[step.item.id].checklist_version == 2
    assert answers["g14_eligibility"].checklist_version == 1
