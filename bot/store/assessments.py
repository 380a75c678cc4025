"""Assessments (an organisation's checklist in a cycle), what access rules and forms ask of
one, the answers of the cycle before, and evidence files; the answers themselves: ``answers``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import NamedTuple

import aiosqlite

from bot.model import (
    DEFAULT_KINDS,
    Answer,
    Assessment,
    Context,
    Cycle,
    Evidence,
    Note,
)
from bot.scope import parse_kinds
from bot.store.connection import Database
from bot.store.rows import (
    ASSESSMENT,
    ASSESSMENT_COLUMNS,
    EVIDENCE,
    NEWEST_CYCLE_FIRST,
    timestamp,
    to_answer,
    to_assessment,
    to_evidence,
)

NO_NOTES: Mapping[str, Sequence[Note]] = MappingProxyType({})


class Previous(NamedTuple):
    """The answers of the same checklist in the cycle before, that cycle's label, the
    assessment they belong to, and its notes once read (``store.notes`` of that assessment)."""

    cycle: str | None
    answers: dict[str, Answer]
    assessment_id: int | None = None
    notes: Mapping[str, Sequence[Note]] = NO_NOTES


class AssessmentFacts(NamedTuple):
    """An assessment with what is asked of it before it is read or answered: whether the user
    is a member of its organisation, whether it is of the organisation's open cycle, and the
    kinds of place the organisation is (which items its form asks)."""

    assessment: Assessment
    member: bool
    in_progress: bool
    kinds: frozenset[Context]


# The assessment of the same checklist in the latest earlier cycle that has answers, for the
# assessment given as its one parameter.
EARLIER_ASSESSMENT = (
    "(SELECT earlier.id FROM assessments this"
    " JOIN cycles tc ON tc.id = this.cycle_id"
    " JOIN assessments earlier ON earlier.org_id = this.org_id"
    " AND earlier.checklist_id = this.checklist_id"
    " JOIN cycles c ON c.id = earlier.cycle_id"
    " WHERE this.id = ? AND (c.opened_at, c.id) < (tc.opened_at, tc.id)"
    " AND EXISTS (SELECT 1 FROM answers x WHERE x.assessment_id = earlier.id)"
    f" ORDER BY {NEWEST_CYCLE_FIRST} LIMIT 1)"
)
PREVIOUS_ANSWERS = (
    "SELECT a.assessment_id, a.item_id, a.score, a.author_id,"
    " u.first_name AS author_name, a.answered_at, a.checklist_version, p.cycle"
    " FROM answers a LEFT JOIN users u ON u.id = a.author_id"
    " JOIN assessments p ON p.id = a.assessment_id"
    f" WHERE a.assessment_id = {EARLIER_ASSESSMENT}"
)


def to_previous(rows: list[aiosqlite.Row]) -> Previous:
    """The rows of ``PREVIOUS_ANSWERS`` as Previous (its notes not read)."""
    if not rows:
        return Previous(None, {})
    answers = {row["item_id"]: to_answer(row) for row in rows}
    return Previous(rows[0]["cycle"], answers, rows[0]["assessment_id"])


class Assessments(Database):
    """One organisation x one checklist x one cycle, and what its responders answered."""

    async def open_assessment(
        self,
        cycle: Cycle,
        checklist_id: str,
        now: datetime,
        version: int = 1,
        *,
        quick: bool = False,
    ) -> Assessment:
        """The organisation's assessment of a checklist in a cycle, created if new.

        A new one is answered against edition ``version``, as a quick check if ``quick``; an
        existing one is returned as it is.
        """
        await self._write(
            "INSERT OR IGNORE INTO assessments (org_id, checklist_id, cycle, cycle_id,"
            " created_at, checklist_version, quick) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                cycle.org_id,
                checklist_id,
                cycle.label,
                cycle.id,
                timestamp(now),
                version,
                int(quick),
            ),
        )
        row = await self._one(
            f"{ASSESSMENT} WHERE cycle_id = ? AND checklist_id = ?", (cycle.id, checklist_id)
        )
        assert row is not None
        return to_assessment(row)

    async def assessment_for(self, assessment_id: int, user_id: int) -> AssessmentFacts | None:
        """The assessment and what its access rules and form ask of it (one query)."""
        row = await self._one(
            f"SELECT {ASSESSMENT_COLUMNS}, m.user_id IS NOT NULL AS is_member,"
            " c.id IS NOT NULL AS in_progress, s.kinds FROM assessments a"
            " LEFT JOIN members m ON m.org_id = a.org_id AND m.user_id = ?"
            " LEFT JOIN cycles c ON c.id = a.cycle_id AND c.org_id = a.org_id"
            " AND c.closed_at IS NULL"
            " LEFT JOIN organisation_settings s ON s.org_id = a.org_id WHERE a.id = ?",
            (user_id, assessment_id),
        )
        if row is None:
            return None
        kinds = parse_kinds(row["kinds"]) if row["kinds"] is not None else DEFAULT_KINDS
        return AssessmentFacts(
            to_assessment(row), bool(row["is_member"]), bool(row["in_progress"]), kinds
        )

    async def previous_answers(self, assessment_id: int) -> Previous:
        """The answers of the same checklist in the latest earlier cycle that has any (one query).

        Earlier means opened before this assessment's cycle, whatever the labels say.
        """
        return to_previous(await self._all(PREVIOUS_ANSWERS, (assessment_id,)))

    async def assessment(self, assessment_id: int) -> Assessment | None:
        """The assessment with this id."""
        row = await self._one(f"{ASSESSMENT} WHERE id = ?", (assessment_id,))
        return to_assessment(row) if row else None

    async def assessments(self, org_id: int, checklist_id: str | None = None) -> list[Assessment]:
        """An organisation's assessments, newest cycle (by when it was opened) first."""
        rows = await self._all(
            f"{ASSESSMENT} JOIN cycles c ON c.id = a.cycle_id"
            " WHERE a.org_id = ? AND (? IS NULL OR a.checklist_id = ?)"
            f" ORDER BY {NEWEST_CYCLE_FIRST}, a.checklist_id",
            (org_id, checklist_id, checklist_id),
        )
        return [to_assessment(row) for row in rows]

    async def widen(self, assessment_id: int) -> None:
        """Turn a quick check into the full checklist; its answers stay as they are."""
        await self._write("UPDATE assessments SET quick = 0 WHERE id = ?", (assessment_id,))

    async def add_evidence(
        self,
        assessment_id: int,
        item_id: str,
        kind: str,
        file_id: str,
        file_unique_id: str,
        file_name: str | None,
        author_id: int,
        now: datetime,
    ) -> bool:
        """Keep a file as evidence for an item; False if that file was already kept."""
        async with self.transaction():
            cursor = await self._db.execute(
                "INSERT OR IGNORE INTO evidence (assessment_id, item_id, kind, file_id,"
                " file_unique_id, file_name, author_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    assessment_id,
                    item_id,
                    kind,
                    file_id,
                    file_unique_id,
                    file_name,
                    author_id,
                    timestamp(now),
                ),
            )
            return cursor.rowcount > 0

    async def evidence(self, assessment_id: int) -> list[Evidence]:
        """Files kept as evidence for an assessment's items."""
        rows = await self._all(f"{EVIDENCE} WHERE assessment_id = ? ORDER BY id", (assessment_id,))
        return [to_evidence(row) for row in rows]
