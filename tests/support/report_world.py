"""A small checklist with answers worked out by hand, in a real database, for the report tests.

Guideline 1: a1 (minimum) 3, a2 (advanced) 1, a3 (minimum) "don't know".
Guideline 2: b1 (minimum) 0, b2 (advanced) "not applicable".
The 2025 cycle before it: a1 1, a2 1, a3 0, b1 0, b2 2.
Evidence for a1: a photo by Rita and plan.pdf by Olga.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.support import NullTranslations

from bot.i18n import Translator
from bot.model import Actor, Checklist, Item, Organisation, Phase, Role, Score, Section, Tier
from bot.service import Service
from bot.store import Store
from tests.support.rounds import rounds

ADMIN, CORA, RITA, OLGA, STRANGER = 1, 10, 20, 30, 99
NOW = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
ANSWERED = datetime(2026, 3, 7, 9, 30, tzinfo=UTC)
HOSTILE = "<script>alert(1)</script> & <b>bold</b>"
FORMULAS = {
    "a1": '=HYPERLINK("http://evil.example","click")',
    "a2": HOSTILE,
    "a3": "+1+2",
    "b1": "-2-3\nsecond line *markdown* _x_",
    "b2": "@SUM(A1:A2)",
}


def _item(item_id: str, guideline: int, tier: Tier) -> Item:
    return Item(
        item_id,
        guideline,
        f"Question {item_id}?",
        f"Help {item_id}",
        (Actor.LOCAL_AUTHORITY,),
        tier,
        f"Action for {item_id}.",
    )


MINI = Checklist(
    id="mini",
    version=1,
    title="Mini checklist",
    phase=Phase.PREPAREDNESS,
    description="For tests",
    sections=(
        Section(
            1,
            "Track crises",
            (
                _item("a1", 1, Tier.MINIMUM),
                _item("a2", 1, Tier.ADVANCED),
                _item("a3", 1, Tier.MINIMUM),
            ),
        ),
        Section(
            2, "Share information", (_item("b1", 2, Tier.MINIMUM), _item("b2", 2, Tier.ADVANCED))
        ),
    ),
)
CURRENT = {
    "a1": Score.TESTED,
    "a2": Score.STARTED,
    "a3": Score.DONT_KNOW,
    "b1": Score.NOT_IN_PLACE,
    "b2": Score.NOT_APPLICABLE,
}
PREVIOUS = {
    "a1": Score.STARTED,
    "a2": Score.STARTED,
    "a3": Score.NOT_IN_PLACE,
    "b1": Score.NOT_IN_PLACE,
    "b2": Score.IN_PLACE,
}


def translator(lang: str = "en") -> Translator:
    """A Translator with no catalogs: English texts, the language's formats and direction."""
    return Translator(lang, NullTranslations(), NullTranslations())


@dataclass
class World:
    """The service with two organisations: Springfield (answered) and Shelbyville (empty)."""

    service: Service
    springfield: Organisation
    shelbyville: Organisation


async def _answer(store: Store, assessment_id: int, scores: dict[str, Score], notes: bool) -> None:
    for item_id, score in scores.items():
        await store.record(assessment_id, item_id, "score", score.value, RITA, ANSWERED, 1)
        if notes:
            await store.write_note(assessment_id, item_id, RITA, FORMULAS[item_id], ANSWERED)


async def build_world(database: Path) -> World:
    """Cora coordinates Springfield, Rita answers for it, Olga coordinates Shelbyville."""
    store = await Store.open(database)
    service = Service(store, {"mini": MINI}, frozenset({ADMIN}), clock=lambda: NOW)
    springfield = await service.create_organisation(None, "Springfield <i>&</i>")
    shelbyville = await service.create_organisation(None, "Shelbyville")
    for user_id, name in ((CORA, "Cora"), (RITA, "Rita <b>"), (OLGA, "Olga"), (STRANGER, "X")):
        await store.touch_user(user_id, name, NOW)
    await store.add_member(springfield.id, CORA, Role.COORDINATOR, NOW)
    await store.add_member(springfield.id, RITA, Role.RESPONDER, NOW)
    await store.add_member(shelbyville.id, OLGA, Role.COORDINATOR, NOW)
    last, this = await rounds(store, springfield.id, NOW, "2025", "2026")
    before = await store.open_assessment(last, "mini", NOW)
    await _answer(store, before.id, PREVIOUS, notes=False)
    current = await store.open_assessment(this, "mini", NOW)
    await _answer(store, current.id, CURRENT, notes=True)
    await store.add_evidence(current.id, "a1", "photo", "P1", "UP1", None, RITA, ANSWERED)
    await store.add_evidence(current.id, "a1", "document", "D1", "UD1", "plan.pdf", OLGA, NOW)
    return World(service, springfield, shelbyville)
