"""The form of an assessment: the edition it is answered against, narrowed to what applies.

An assessment in progress is brought to the current edition of its checklist before anything
reads it: answers carry over by item id, answers to retired items stay stored but no longer
count, and every member of the organisation is left a notice to be told once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from bot.access import Access
from bot.editions import Library, edition_change
from bot.model import Assessment, Checklist, Context
from bot.scope import Scope, narrow
from bot.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Form:
    """An assessment with the items it asks (``checklist``) and would ask in full (``whole``)."""

    assessment: Assessment
    checklist: Checklist
    whole: Checklist

    @property
    def more(self) -> int:
        """How many more items the full checklist asks than this quick check."""
        return len(self.whole.items) - len(self.checklist.items)


class Forms:
    """Builds each assessment's form from the library of editions and the organisation's kinds."""

    def __init__(self, store: Store, access: Access, library: Library) -> None:
        self.store = store
        self.access = access
        self.library = library
        self._narrowed: dict[tuple[str, int, Scope], Checklist] = {}

    def edition(self, assessment: Assessment) -> Checklist:
        """The edition the assessment is answered against (the current one if it is unknown)."""
        found = self.library.edition(assessment.checklist_id, assessment.version)
        if found is None:
            log.warning("no edition %s of %s", assessment.version, assessment.checklist_id)
            return self.library[assessment.checklist_id]
        return found

    def narrowed(self, edition: Checklist, scope: Scope) -> Checklist:
        """The edition narrowed to a scope, made once per edition and scope."""
        key = (edition.id, edition.version, scope)
        if key not in self._narrowed:
            self._narrowed[key] = narrow(edition, scope)
        return self._narrowed[key]

    async def kinds(self, org_id: int) -> frozenset[Context]:
        """The kinds of place the organisation is."""
        return (await self.store.organisation_settings(org_id)).kinds

    async def form(self, assessment: Assessment, kinds: frozenset[Context] | None = None) -> Form:
        """The assessment (moved to the current edition if in progress) and its items, for
        the organisation's kinds of place (read here unless given)."""
        if kinds is None:
            kinds = await self.kinds(assessment.org_id)
        assessment = await self._to_current_edition(assessment, kinds)
        edition = self.edition(assessment)
        return Form(
            assessment,
            self.narrowed(edition, Scope(assessment.quick, kinds)),
            self.narrowed(edition, Scope(False, kinds)),
        )

    async def _to_current_edition(
        self, assessment: Assessment, kinds: frozenset[Context]
    ) -> Assessment:
        current = self.library.get(assessment.checklist_id)
        if current is None or assessment.version >= current.version:
            return assessment
        if not await self.access.in_progress(assessment):
            return assessment  # an earlier cycle keeps the edition it was answered against
        answers = await self.store.answers(assessment.id)
        shown = self.narrowed(current, Scope(assessment.quick, kinds))
        change = edition_change(self.edition(assessment), current, shown, answers)
        await self.store.move_to_edition(assessment.id, assessment.version, current.version, change)
        log.info("assessment %s moved to edition %s", assessment.id, current.version)
        return replace(assessment, version=current.version)
