"""After a run: was every answer that was pressed stored, exactly once, with its score?"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.responders import PressRecord

Key = tuple[int, str]


@dataclass(frozen=True)
class AnswerCheck:
    """Pressed answers against the database's answers and audit log."""

    pressed: int  # distinct (assessment, item) answered by a press
    stored: int
    missing: int  # pressed but not stored with the pressed score
    duplicated: int  # logged more than once (a double tap or a redelivery written twice)
    unexpected: int  # stored without a press

    @property
    def exact(self) -> bool:
        """Every pressed answer stored exactly once, and nothing else."""
        return not (self.missing or self.duplicated or self.unexpected)

    def describe(self) -> str:
        """One line for the notes."""
        return (
            f"{self.pressed} answers pressed, {self.stored} stored, {self.missing} missing, "
            f"{self.duplicated} logged twice, {self.unexpected} unexpected"
        )


def wanted(presses: list[PressRecord]) -> dict[Key, str]:
    """(assessment, item) -> score of every answer press."""
    found: dict[Key, str] = {}
    for press in presses:
        action, assessment, item, score = [*press.data.split(":"), "", "", "", ""][:4]
        if action == "a":
            found[int(assessment), item] = score
    return found


def check(database: Path, presses: list[PressRecord]) -> AnswerCheck:
    """Compare the presses with what the database holds (the bot must be stopped)."""
    want = wanted(presses)
    with sqlite3.connect(database) as db:
        stored = {
            (a, i): s for a, i, s in db.execute("SELECT assessment_id, item_id, score FROM answers")
        }
        logged = Counter(
            (a, i)
            for a, i in db.execute(
                "SELECT assessment_id, item_id FROM answer_log WHERE field = 'score'"
            )
        )
    return AnswerCheck(
        pressed=len(want),
        stored=len(stored),
        missing=sum(1 for key, score in want.items() if stored.get(key) != score),
        duplicated=sum(1 for n in logged.values() if n > 1),
        unexpected=sum(1 for key in stored if key not in want),
    )
