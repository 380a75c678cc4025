"""What one step of an assessment shows, read in one trip to the database's thread."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from bot.model import Answer, EditionNotice, Note
from bot.store.assessments import EARLIER_ASSESSMENT, PREVIOUS_ANSWERS, Previous, to_previous
from bot.store.connection import Database
from bot.store.editions import DROP_NOTICE, NOTICE, to_notice
from bot.store.notes import notes_by_item
from bot.store.rows import ANSWER, NOTE, to_answer

OLDEST_FIRST = "ORDER BY n.written_at, n.id"


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
        answers, notes, notices, before, notes_before = await self._read_together(
            (f"{ANSWER} WHERE a.assessment_id = ?", (assessment_id,)),
            (f"{NOTE} WHERE n.assessment_id = ? {OLDEST_FIRST}", (assessment_id,)),
            (f"{NOTICE} WHERE user_id = ? AND assessment_id = ?", (user_id, assessment_id)),
            (PREVIOUS_ANSWERS, (assessment_id,)),
            (
                f"{NOTE} WHERE n.assessment_id = {EARLIER_ASSESSMENT} {OLDEST_FIRST}",
                (assessment_id,),
            ),
        )
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
