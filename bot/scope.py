"""Which items of a checklist apply: the quick check's minimum tier and the kinds of place.

A pure narrowing: the result is a Checklist again, with the same id, version and sections (a
section left without items stays, so reports keep one column per Guideline), so scoring, the
views and the reports work on it unchanged and count only what applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from bot.model import DEFAULT_KINDS, Checklist, Context, Item, Tier


@dataclass(frozen=True)
class Scope:
    """What an assessment covers: the quick check or everything, for some kinds of place."""

    quick: bool = False
    kinds: frozenset[Context] = DEFAULT_KINDS


def applies(item: Item, scope: Scope) -> bool:
    """Whether the item is asked within the scope."""
    if scope.quick and item.tier is not Tier.MINIMUM:
        return False
    return any(kind in scope.kinds for kind in item.contexts)


def narrow(checklist: Checklist, scope: Scope) -> Checklist:
    """The checklist with only the items that apply within the scope."""
    if all(applies(item, scope) for item in checklist):
        return checklist
    sections = tuple(
        replace(section, items=tuple(i for i in section.items if applies(i, scope)))
        for section in checklist.sections
    )
    return replace(checklist, sections=sections)


def kinds_text(kinds: Iterable[Context]) -> str:
    """Kinds of place as written in settings and on the command line: ``destination,transit``."""
    return ",".join(kind.value for kind in Context if kind in set(kinds))


def parse_kinds(text: str) -> frozenset[Context]:
    """Kinds of place from ``destination,transit``; ValueError naming an unknown or no kind."""
    words = [word.strip().lower() for word in text.split(",") if word.strip()]
    if not words:
        raise ValueError("name at least one kind of place: destination, transit or origin")
    try:
        return frozenset(Context(word) for word in words)
    except ValueError:
        unknown = next(word for word in words if word not in set(Context))
        allowed = ", ".join(kind.value for kind in Context)
        raise ValueError(f"{unknown!r} is not a kind of place ({allowed})") from None
