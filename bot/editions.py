"""Editions of the checklists: every edition ever published, and what a new one changes.

The newest edition of a checklist is its current one; earlier ones come from the archive and
stay readable, so that an assessment answered against them can still be shown and reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from bot.model import Checklist
from bot.scoring import Answers


class Library(Mapping[str, Checklist]):
    """The current edition of each checklist by id, and every earlier edition by version."""

    def __init__(
        self, editions: Iterable[Checklist], sources: Mapping[tuple[str, int], str] | None = None
    ) -> None:
        self._editions: dict[str, dict[int, Checklist]] = {}
        for checklist in editions:
            self._editions.setdefault(checklist.id, {})[checklist.version] = checklist
        self._current = {cid: found[max(found)] for cid, found in self._editions.items()}
        self._sources = dict(sources or {})

    def __getitem__(self, checklist_id: str) -> Checklist:
        return self._current[checklist_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current)

    def __len__(self) -> int:
        return len(self._current)

    def edition(self, checklist_id: str, version: int) -> Checklist | None:
        """One edition of a checklist, if it was ever published."""
        return self._editions.get(checklist_id, {}).get(version)

    def editions(self, checklist_id: str) -> list[Checklist]:
        """Every edition of a checklist, oldest first."""
        found = self._editions.get(checklist_id, {})
        return [found[version] for version in sorted(found)]

    def source(self, checklist: Checklist) -> str | None:
        """The file an edition was read from, if known."""
        return self._sources.get((checklist.id, checklist.version))

    def archived(self) -> list[Checklist]:
        """Every edition that is not current, by checklist and version."""
        return [
            edition
            for checklist_id in sorted(self._editions)
            for edition in self.editions(checklist_id)[:-1]
        ]


def library_of(checklists: Mapping[str, Checklist]) -> Library:
    """The checklists as a Library (a plain mapping holds current editions only)."""
    return checklists if isinstance(checklists, Library) else Library(checklists.values())


@dataclass(frozen=True)
class EditionChange:
    """What moving an assessment from one edition to another does to it."""

    new_items: int  # items the new edition asks that the old one did not
    kept_answers: int  # answers to items both editions ask: they still count
    retired_answers: int  # answers to items the new edition no longer asks: kept, not counted


def edition_change(
    old: Checklist, new: Checklist, shown: Checklist, answers: Answers
) -> EditionChange:
    """New items among those ``shown`` of the new edition, and the answers kept or retired.

    Answers carry over by item id; an answer to an item the new edition no longer has retires.
    """
    answered = {item_id for item_id, a in answers.items() if a.score is not None}
    asked = {item.id for item in shown}
    before = {item.id for item in old}
    return EditionChange(
        new_items=len(asked - before),
        kept_answers=len(answered & asked),
        retired_answers=len(answered - {item.id for item in new}),
    )
