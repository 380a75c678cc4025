"""The queries of reports over many organisations: their assessments and answers in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from bot.model import Answer, Assessment, Evidence
from bot.store.connection import Database
from bot.store.rows import (
    ANSWER,
    ASSESSMENT_COLUMNS,
    EVIDENCE_WITH_AUTHOR,
    to_answer,
    to_assessment,
    to_evidence,
)

_IDS_PER_QUERY = 500  # well under SQLite's limit on parameters


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    """The ids in slices short enough for one query."""
    for start in range(0, len(ids), _IDS_PER_QUERY):
        yield ids[start : start + _IDS_PER_QUERY]


def _marks(part: list[int]) -> str:
    """One placeholder per id."""
    return ", ".join("?" * len(part))


class ReportQueries(Database):
    """A few queries per report however many organisations it compares."""

    async def checklist_assessments(
        self, checklist_id: str, org_ids: Iterable[int]
    ) -> list[Assessment]:
        """The assessments of a checklist by some organisations, newest cycle (by when it was
        opened) first."""
        found: list[tuple[str, int, Assessment]] = []
        for part in _chunks(list(org_ids)):
            rows = await self._all(
                f"SELECT {ASSESSMENT_COLUMNS}, c.opened_at AS cycle_opened_at"
                " FROM assessments a JOIN cycles c ON c.id = a.cycle_id"
                f" WHERE a.checklist_id = ? AND a.org_id IN ({_marks(part)})",
                (checklist_id, *part),
            )
            found += [(row["cycle_opened_at"], row["cycle_id"], to_assessment(row)) for row in rows]
        found.sort(key=lambda entry: entry[:2], reverse=True)
        return [assessment for *_, assessment in found]

    async def answers_of(self, assessment_ids: Iterable[int]) -> dict[int, dict[str, Answer]]:
        """Every answer of several assessments: ``{assessment id: {item id: answer}}``."""
        ids = list(assessment_ids)
        found: dict[int, dict[str, Answer]] = {i: {} for i in ids}
        for part in _chunks(ids):
            rows = await self._all(f"{ANSWER} WHERE a.assessment_id IN ({_marks(part)})", part)
            for row in rows:
                found[row["assessment_id"]][row["item_id"]] = to_answer(row)
        return found

    async def evidence_of(
        self, assessment_ids: Iterable[int]
    ) -> dict[int, dict[str, list[Evidence]]]:
        """The evidence files of several assessments with their authors' names, oldest first:
        ``{assessment id: {item id: [evidence]}}``."""
        ids = list(assessment_ids)
        found: dict[int, dict[str, list[Evidence]]] = {i: {} for i in ids}
        for part in _chunks(ids):
            rows = await self._all(
                f"{EVIDENCE_WITH_AUTHOR} WHERE e.assessment_id IN ({_marks(part)}) ORDER BY e.id",
                part,
            )
            for row in rows:
                items = found[row["assessment_id"]]
                items.setdefault(row["item_id"], []).append(to_evidence(row))
        return found
