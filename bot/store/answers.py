"""Answers to an assessment's items: each recorded with its check against the answer saved
now and its row in the history of changes, in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from bot import metrics
from bot.model import Answer, AuditEvent, StaleAnswer
from bot.store.connection import Database
from bot.store.rows import ANSWER, AUDIT_EVENT, timestamp, to_answer, to_audit_event

# assessment, item, score, author, time and edition, as the answers table holds them
ScoreRow = tuple[int, str, str | None, int, str, int]
SCORES_RECORDED = metrics.ANSWERS.labels("score")


class Answers(Database):
    """What responders answered, and every change to it."""

    async def answers(self, assessment_id: int) -> dict[str, Answer]:
        """Every answer of an assessment, by item id."""
        rows = await self._all(f"{ANSWER} WHERE a.assessment_id = ?", (assessment_id,))
        return {row["item_id"]: to_answer(row) for row in rows}

    async def record(
        self,
        assessment_id: int,
        item_id: str,
        field: str,
        value: str | None,
        author_id: int,
        now: datetime,
        checklist_version: int,
        *,
        keep_other: bool = False,
        accept: Callable[[Answer], bool] | None = None,
    ) -> bool:
        """Upsert an answer's 'score', its author and time, and log the change; False if unchanged.

        With ``keep_other``, a different score already saved is kept and StaleAnswer raised; with
        ``accept``, the answer saved now is kept unless ``accept(current)`` holds. The check and
        the write are one transaction, so no other answer can come in between. Notes are not
        answers: see ``write_note``.
        """
        if field != "score":
            raise ValueError(field)
        row = (assessment_id, item_id, value, author_id, timestamp(now), checklist_version)
        # the check and the write: one transaction, in one trip to the database's thread
        if not await self._atomically(lambda db: write_score(db, row, keep_other, accept)):
            return False
        SCORES_RECORDED.inc()  # once committed
        return True

    async def audit_log(self, assessment_id: int) -> list[AuditEvent]:
        """Every change to the assessment's answers, oldest first."""
        rows = await self._all(
            f"{AUDIT_EVENT} WHERE assessment_id = ? ORDER BY id", (assessment_id,)
        )
        return [to_audit_event(row) for row in rows]


def write_score(
    db: sqlite3.Connection,
    row: ScoreRow,
    keep_other: bool,
    accept: Callable[[Answer], bool] | None,
) -> bool:
    """``record``'s transaction, in aiosqlite's thread: check the answer saved now, upsert
    ``row`` (assessment, item, score, author, time, edition) and log the change."""
    assessment_id, item_id, value, author_id, at, _ = row
    found = db.execute(
        f"{ANSWER} WHERE a.assessment_id = ? AND a.item_id = ?", (assessment_id, item_id)
    ).fetchone()
    current = to_answer(found) if found else None
    old = found["score"] if found else None
    if found is not None and old == value:
        return False
    refused = keep_other and old is not None
    if current is not None and (refused or (accept is not None and not accept(current))):
        raise StaleAnswer(item_id, current)
    db.execute(
        "INSERT INTO answers (assessment_id, item_id, score, author_id, answered_at,"
        " checklist_version) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (assessment_id, item_id) DO UPDATE SET score = excluded.score,"
        " author_id = excluded.author_id, answered_at = excluded.answered_at,"
        " checklist_version = excluded.checklist_version",
        row,
    )
    db.execute(
        "INSERT INTO answer_log (assessment_id, item_id, field, old, new, author_id, at)"
        " VALUES (?, ?, 'score', ?, ?, ?, ?)",
        (assessment_id, item_id, old, value, author_id, at),
    )
    return True
