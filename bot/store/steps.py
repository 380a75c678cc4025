"""What one step of an assessment shows, read in one trip to the database's thread: on its
own, or with the answer that leads to it, in that answer's transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

import aiosqlite

from bot.model import Answer, EditionNotice, Note
from bot.store.answers import SCORES_RECORDED, write_score
from bot.store.assessments import EARLIER_ASSESSMENT, PREVIOUS_ANSWERS, Previous, to_previous
from bot.store.connection import Database
from bot.store.editions import DROP_NOTICE, NOTICE, to_notice
from bot.store.notes import notes_by_item
from bot.store.rows import ANSWER, NOTE, timestamp, to_answer

OLDEST_FIRST = "ORDER BY n.written_at, n.id"
ANSWERS_OF = f"{ANSWER} WHERE a.assessment_id = ?"
NOTES_OF = f"{NOTE} WHERE n.assessment_id = ? {OLDEST_FIRST}"
NOTICE_FOR = f"{NOTICE} WHERE user_id = ? AND assessment_id = ?"
NOTES_BEFORE = f"{NOTE} WHERE n.assessment_id = {EARLIER_ASSESSMENT} {OLDEST_FIRST}"
StepRows = list[list[aiosqlite.Row]]  # the rows of each query of _read_step


class StepState(NamedTuple):
    """An assessment's answers and notes, the notice of a new edition waiting for the user,
    and what the cycle before answered, with its notes."""

    answers: dict[str, Answer]
    notes: Mapping[str, Sequence[Note]]
    notice: EditionNotice | None
    previous: Previous


class Steps(Database):
    """The reads of a step, together: a button press makes one trip for them, not five."""

    async def step_state(self, user_id: int, assessment_id: int) -> StepState:
        """Everything a step of the assessment shows; the user's notice is taken (removed)."""
        rows = await self._in_thread(lambda db: _read_step(db, user_id, assessment_id))
        return await self._step_state(user_id, assessment_id, rows)

    async def record_and_step(
        self,
        user_id: int,
        assessment_id: int,
        item_id: str,
        score: str | None,
        now: datetime,
        checklist_version: int,
        *,
        keep_other: bool = False,
        accept: Callable[[Answer], bool] | None = None,
    ) -> StepState:
        """``record`` the user's score (with the same checks: StaleAnswer), then read the step
        after it (``step_state``) in the same transaction: one trip for the whole press."""
        row = (assessment_id, item_id, score, user_id, timestamp(now), checklist_version)

        def work(db: sqlite3.Connection) -> tuple[bool, StepRows]:
            changed = write_score(db, row, keep_other, accept)
            return changed, _read_step(db, user_id, assessment_id)

        changed, rows = await self._atomically(work)
        if changed:
            SCORES_RECORDED.inc()  # once committed
        return await self._step_state(user_id, assessment_id, rows)

    async def _step_state(self, user_id: int, assessment_id: int, rows: StepRows) -> StepState:
        answers, notes, notices, before, notes_before = rows
        notice = to_notice(notices[0]) if notices else None
        if notice is not None:
            await self._write(DROP_NOTICE, (user_id, assessment_id))
        previous = to_previous(before)
        if previous.assessment_id is not None:
            previous = previous._replace(notes=notes_by_item(notes_before))
        return StepState(
            {row["item_id"]: to_answer(row) for row in answers},
            notes_by_item(notes),
            notice,
            previous,
        )


def _read_step(db: sqlite3.Connection, user_id: int, assessment_id: int) -> StepRows:
    """A step's answers, notes, notice, and the cycle before's answers and notes (in
    aiosqlite's thread)."""
    one = (assessment_id,)
    queries = (
        (ANSWERS_OF, one),
        (NOTES_OF, one),
        (NOTICE_FOR, (user_id, assessment_id)),
        (PREVIOUS_ANSWERS, one),
        (NOTES_BEFORE, one),
    )
    return [db.execute(sql, params).fetchall() for sql, params in queries]
