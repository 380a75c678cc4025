"""Editions of assessments: moving one to a new edition, and the notices that tell its members."""

from __future__ import annotations

import aiosqlite

from bot.editions import EditionChange
from bot.model import EditionNotice
from bot.store.connection import Database

NOTICE = (
    "SELECT assessment_id, version, new_items, kept_answers, retired_answers FROM edition_notices"
)


DROP_NOTICE = "DELETE FROM edition_notices WHERE user_id = ? AND assessment_id = ?"


class Editions(Database):
    """Which edition each assessment is answered against, and who still has to be told."""

    async def move_to_edition(
        self, assessment_id: int, old: int, new: int, change: EditionChange
    ) -> bool:
        """Move an assessment from edition ``old`` to ``new`` and leave a notice for each member.

        Answers stay where they are (an answer to a retired item keeps its row and its history).
        False if the assessment was not at ``old`` any more: someone else moved it first.
        """
        async with self.transaction():
            cursor = await self._db.execute(
                "UPDATE assessments SET checklist_version = ?"
                " WHERE id = ? AND checklist_version = ?",
                (new, assessment_id, old),
            )
            if cursor.rowcount == 0:
                return False
            await self._db.execute(
                "INSERT OR REPLACE INTO edition_notices (user_id, assessment_id, version,"
                " new_items, kept_answers, retired_answers)"
                " SELECT m.user_id, a.id, ?, ?, ?, ? FROM assessments a"
                " JOIN members m ON m.org_id = a.org_id WHERE a.id = ?",
                (new, change.new_items, change.kept_answers, change.retired_answers, assessment_id),
            )
            return True


def to_notice(row: aiosqlite.Row) -> EditionNotice:
    """A row of ``NOTICE`` as an EditionNotice."""
    return EditionNotice(
        row["assessment_id"],
        row["version"],
        row["new_items"],
        row["kept_answers"],
        row["retired_answers"],
    )
