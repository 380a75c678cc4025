"""Use cases of assessment cycles (rounds): the current one, the list with progress, the next.

A coordinator (or the command line) opens the next cycle on purpose; the calendar closes nothing.
An organisation's first cycle is opened, named after the year, the first time it needs one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot import scoring
from bot.access import Access, ActorId
from bot.forms import Forms
from bot.model import Cycle, DomainError, NotFound, Pending, PendingKind, StaleCycle
from bot.store import Store

LABEL_MAX_LENGTH = 60


def default_label(year: int, taken: Iterable[str]) -> str:
    """The year (``2027``), or ``2027-2``, ``2027-3``... when a cycle has that name already."""
    used = {label.casefold() for label in taken}
    label, n = str(year), 1
    while label.casefold() in used:
        n += 1
        label = f"{year}-{n}"
    return label


@dataclass(frozen=True)
class CycleProgress:
    """A cycle and how far each checklist got in it, in whole percent (checklists begun only)."""

    cycle: Cycle
    percents: Mapping[str, int]


class Cycles:
    """The cycle use cases, each behind its access rule (the current cycle needs none)."""

    def __init__(
        self,
        store: Store,
        access: Access,
        forms: Forms,
        clock: Callable[[], datetime],
        clean: Callable[[str], str],
    ) -> None:
        self.store = store
        self.access = access
        self.forms = forms
        self.clock = clock
        self.clean = clean  # the one rule for names people type (invisible characters out)

    async def current(self, org_id: int) -> Cycle:
        """The cycle the organisation's answers go to now; its first is opened if need be."""
        return await self.access.current_cycle(org_id)

    async def progress(self, cycle: Cycle) -> dict[str, int]:
        """How far each checklist begun in a cycle has got, in whole percent of what it asks."""
        found: dict[str, int] = {}
        for assessment in await self.store.assessments(cycle.org_id):
            if assessment.cycle_id == cycle.id and assessment.checklist_id in self.forms.library:
                form = await self.forms.form(assessment)
                answers = await self.store.answers(assessment.id)
                found[assessment.checklist_id] = scoring.progress(form.checklist, answers).percent
        return found

    async def overview(self, actor: ActorId, org_id: int) -> list[CycleProgress]:
        """The organisation's cycles, newest first, each with its progress per checklist."""
        await self.access.may_manage_cycles(actor, org_id)
        await self.current(org_id)
        return [CycleProgress(c, await self.progress(c)) for c in await self.store.cycles(org_id)]

    async def suggested_label(self, org_id: int) -> str:
        """The name a new cycle gets unless given one: the year, made unique."""
        taken = [c.label for c in await self.store.cycles(org_id)]
        return default_label(self.clock().year, taken)

    async def start_next(
        self,
        actor: ActorId,
        org_id: int,
        *,
        replacing: int,
        label: str | None = None,
        typed: bool = False,
    ) -> Cycle:
        """Close the current cycle (``replacing``, as the coordinator saw it) and open the next.

        Answers of the closed cycle stay as they are and its reports stay available; actions
        are the organisation's and stay open. StaleCycle if another cycle was opened meanwhile,
        CycleLabelTaken if the name is used already. ``typed``: the name was awaited from the
        actor, whose wait ends with the cycle opened.
        """
        await self.access.may_manage_cycles(actor, org_id)
        if label is None:
            label = await self.suggested_label(org_id)
        label = self.clean(label)[:LABEL_MAX_LENGTH].strip()
        if not label:
            raise DomainError("a cycle needs a name")
        await self.current(org_id)  # an organisation that never had one gets its first
        return await self.store.start_cycle(
            org_id,
            label,
            actor,
            self.clock(),
            replacing=replacing,
            done_waiting=actor if typed else None,
        )

    async def begin_naming(self, user_id: int, org_id: int, replacing: int) -> Cycle:
        """Wait for the name of the next cycle, typed by a coordinator who saw ``replacing``."""
        await self.access.may_manage_cycles(user_id, org_id)
        current = await self.current(org_id)
        if current.id != replacing:
            raise StaleCycle(current)
        pending = Pending(PendingKind.CYCLE_LABEL, org_id=org_id, version=replacing)
        await self.store.set_pending(user_id, pending, self.clock())
        return current

    async def start_named(self, user_id: int, text: str) -> Cycle:
        """Open the next cycle with the name awaited from the user.

        CycleLabelTaken keeps waiting (another name may follow); StaleCycle ends the wait.
        """
        pending = await self.store.pending(user_id)
        if pending is None or pending.kind is not PendingKind.CYCLE_LABEL:
            raise NotFound("no cycle name is awaited")
        assert pending.org_id is not None and pending.version is not None
        try:
            return await self.start_next(
                user_id, pending.org_id, replacing=pending.version, label=text, typed=True
            )
        except StaleCycle:
            await self.store.clear_pending(user_id)
            raise
