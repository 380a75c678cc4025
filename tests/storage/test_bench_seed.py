"""The reports benchmark's database is answered against the editions whose items it holds, so
its figure measures reading and rendering only: building a report moves nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.bench_reports import CHECKLISTS, seed, service_over
from bot.store import Store


def _editions(path: Path) -> list[tuple[int, str, int]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT id, checklist_id, checklist_version FROM assessments ORDER BY id"
        ).fetchall()


async def test_the_seeded_assessments_are_at_the_current_edition_and_stay_there(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bench.sqlite3"
    await seed(path, 1, seed=1)
    before = _editions(path)
    assert before and all(v == CHECKLISTS[c].version for _, c, v in before)
    with sqlite3.connect(path) as db:
        stale = db.execute(
            "SELECT count(*) FROM answers JOIN assessments a ON a.id = answers.assessment_id"
            " WHERE answers.checklist_version != a.checklist_version"
        ).fetchone()[0]
    assert stale == 0, "every answer is of its assessment's edition"
    async with Store.open(path) as store:
        service = service_over(store)
        (org,) = await store.organisations()
        for checklist_id in CHECKLISTS:
            await service.reporting.build_report(None, org.id, checklist_id)
    assert _editions(path) == before, "a report moved an assessment to another edition"
