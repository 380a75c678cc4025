"""Notes: what each person wrote on an item, one note per author per item, with its history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot import metrics
from bot.model import Note
from bot.store.connection import Database
from bot.store.rows import NOTE, timestamp, to_note

_IDS_PER_QUERY = 500  # well under SQLite's limit on parameters


class Notes(Database):
    """Each author's note on an item; a colleague's note is never touched."""

    async def write_note(
        self, assessment_id: int, item_id: str, author_id: int, text: str, now: datetime
    ) -> bool:
        """Save the author's note on the item (replacing only their own); False if unchanged.

        The history keeps the text the author wrote, under the author's name, in the same
        transaction.
        """
        async with self.transaction():
            row = await self._one(
                "SELECT text FROM notes WHERE assessment_id = ? AND item_id = ? AND author_id = ?",
                (assessment_id, item_id, author_id),
            )
            if row is not None and row["text"] == text:
                return False
            await self._db.execute(
                "INSERT INTO notes (assessment_id, item_id, author_id, text, written_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id, item_id, author_id)"
                " DO UPDATE SET text = excluded.text, written_at = excluded.written_at",
                (assessment_id, item_id, author_id, text, timestamp(now)),
            )
            await self._db.execute(
                "INSERT INTO answer_log (assessment_id, item_id, field, old, new, author_id, at)"
                " VALUES (?, ?, 'note', NULL, ?, ?, ?)",
                (assessment_id, item_id, text, author_id, timestamp(now)),
            )
        metrics.ANSWERS.labels("note").inc()  # once committed
        return True

    async def notes(self, assessment_id: int) -> dict[str, list[Note]]:
        """Every note of an assessment: ``{item id: [notes, oldest first]}``."""
        return (await self.notes_of([assessment_id]))[assessment_id]

    async def notes_of(self, assessment_ids: Iterable[int]) -> dict[int, dict[str, list[Note]]]:
        """The notes of several assessments: ``{assessment id: {item id: [notes]}}``."""
        ids = list(assessment_ids)
        found: dict[int, dict[str, list[Note]]] = {i: {} for i in ids}
        for start in range(0, len(ids), _IDS_PER_QUERY):
            part = ids[start : start + _IDS_PER_QUERY]
            marks = ", ".join("?" * len(part))
            rows = await self._all(
                f"{NOTE} WHERE n.assessment_id IN ({marks}) ORDER BY n.written_at, n.id", part
            )
            for row in rows:
                found[row["assessment_id"]].setdefault(row["item_id"], []).append(to_note(row))
        return found


def notes_by_item(rows: Iterable[aiosqlite.Row]) -> dict[str, list[Note]]:
    """Rows of ``NOTE`` (of one assessment, oldest first) as ``{item id: [notes]}``."""
    found: dict[str, list[Note]] = {}
    for row in rows:
        found.setdefault(row["item_id"], []).append(to_note(row))
    return found
