"""The checklists' vocabulary: phases, tiers, who can act, kinds of place, the answer scale,
and a checklist's items in its sections.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field


class Phase(enum.StrEnum):
    """The three MICIC phases."""

    PREPAREDNESS = "preparedness"
    RESPONSE = "response"
    RECOVERY = "recovery"


class Tier(enum.StrEnum):
    """How essential an item is: ``minimum`` is what every municipality should have."""

    MINIMUM = "minimum"
    ADVANCED = "advanced"


class Actor(enum.StrEnum):
    """Who can act on an item."""

    LOCAL_AUTHORITY = "local_authority"
    NATIONAL_GOVERNMENT = "national_government"
    CONSULATES = "consulates"
    EMPLOYERS = "employers"
    CIVIL_SOCIETY = "civil_society"


class Context(enum.StrEnum):
    """What a municipality is in migrants' journeys; an item names the ones it applies to."""

    DESTINATION = "destination"
    TRANSIT = "transit"
    ORIGIN = "origin"


# Where an organisation says nothing, it is a place of destination and transit: every item of
# the first edition, written for a municipality that hosts migrants, keeps applying.
DEFAULT_KINDS = frozenset({Context.DESTINATION, Context.TRANSIT})


class Score(enum.StrEnum):
    """One answer scale for every item, after the UNDRR Disaster Resilience Scorecard."""

    NOT_IN_PLACE = "0"
    STARTED = "1"
    IN_PLACE = "2"
    TESTED = "3"
    DONT_KNOW = "dk"
    NOT_APPLICABLE = "na"

    @property
    def points(self) -> int | None:
        """Points on the 0-3 scale, or None for "don't know" and "not applicable"."""
        return int(self.value) if self.value.isdigit() else None


MAX_POINTS = 3


@dataclass(frozen=True)
class Item:
    """One question of a checklist."""

    id: str
    guideline: int
    question: str
    help: str
    actors: tuple[Actor, ...]
    tier: Tier
    action: str
    # An item that names no kind of place applies to every kind: no filter ever hides it.
    contexts: tuple[Context, ...] = tuple(Context)


@dataclass(frozen=True)
class Section:
    """The items a checklist asks under one MICIC Guideline."""

    guideline: int
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    """A versioned checklist for one MICIC phase."""

    id: str
    version: int
    title: str
    phase: Phase
    description: str
    sections: tuple[Section, ...]
    items: tuple[Item, ...] = field(init=False, repr=False, compare=False)
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Derived once: every answer asks for the items and positions, so they are not rebuilt.
        items = tuple(item for section in self.sections for item in section.items)
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "_index", {item.id: n for n, item in enumerate(items)})

    def item(self, item_id: str) -> Item | None:
        """The item with this id, if the checklist has it."""
        index = self._index.get(item_id)
        return None if index is None else self.items[index]

    def position(self, item_id: str) -> int:
        """The 1-based position of an item in the order of asking."""
        return self._index[item_id] + 1

    def section(self, guideline: int) -> Section | None:
        """The section for a Guideline, if the checklist has one."""
        return next((s for s in self.sections if s.guideline == guideline), None)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)
