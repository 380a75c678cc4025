"""Report models made without a database, for charts and layouts: real checklists, many
organisations with names in every script, two cycles, seeded random answers."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from bot.model import Answer, Checklist, Evidence, Note, Organisation, Score
from bot.reporting import ComparisonModel, ReportModel, report_model
from tests.support.project import CHECKLISTS

NOW = datetime(2026, 5, 7, 10, 0, tzinfo=UTC)
NAMES = [
    "Kraków",
    "Municipalité de Saint-Étienne-du-Rouvray et communes associées du bassin",
    "北京市朝阳区",
    "臺北市政府",
    "بلدية الدار البيضاء",
    "Нижний Новгород",
    "Ciudad Autónoma de Buenos Aires",
    "Αθήνα",
    "Łódź",
    "Đà Nẵng",
]


def names(count: int) -> list[str]:
    """``count`` organisation names: the ones above, then numbered municipalities."""
    return [NAMES[n] if n < len(NAMES) else f"Municipality {n:03d}" for n in range(count)]


def answers(checklist: Checklist, rng: random.Random, known: float) -> dict[str, Answer]:
    """Answers to about ``known`` of the items, scored at random."""
    scores = [Score.NOT_IN_PLACE, Score.STARTED, Score.IN_PLACE, Score.TESTED, Score.DONT_KNOW]
    found = {}
    for item in checklist.items:
        if rng.random() < known:
            found[item.id] = Answer(item.id, rng.choice(scores), 1, "Rita", NOW)
    return found


def notes(answered: dict[str, Answer], rng: random.Random) -> dict[str, list[Note]]:
    """A note on about one answered item in five."""
    text = "Plan adopted; copy at the town hall."
    return {i: [Note(i, text, 1, "Rita", NOW)] for i in answered if rng.random() < 0.2}


def one(
    checklist_id: str = "preparedness", known: float = 0.9, name: str = NAMES[0]
) -> ReportModel:
    """One organisation with two cycles; an item with a photo and a document."""
    checklist = CHECKLISTS[checklist_id]
    rng = random.Random(7)
    first = checklist.items[0].id
    files = {
        first: [
            Evidence(1, 1, first, "photo", "F1", None, 1, NOW, "Rita"),
            Evidence(2, 1, first, "document", "F2", "plan.pdf", 1, NOW, "Omar"),
        ]
    }
    answered = answers(checklist, rng, known)
    return report_model(
        Organisation(1, name, "R", "C"),
        checklist,
        "2026",
        NOW,
        answered,
        "2025",
        answers(checklist, rng, 0.8),
        notes=notes(answered, rng),
        evidence=files,
    )


def many(count: int, checklist_id: str = "preparedness") -> ComparisonModel:
    """``count`` organisations, some with little known, most with a previous cycle."""
    checklist = CHECKLISTS[checklist_id]
    rng = random.Random(11)
    reports = []
    for n, name in enumerate(names(count)):
        known = 0.3 if n % 7 == 3 else 0.0 if n % 13 == 5 else 0.9
        previous = answers(checklist, rng, 0.8) if n % 4 else None
        reports.append(
            report_model(
                Organisation(n + 1, name, f"R{n}", f"C{n}"),
                checklist,
                "2026",
                NOW,
                answers(checklist, rng, known),
                "2025" if previous else None,
                previous,
            )
        )
    return ComparisonModel(checklist, "2026", NOW, tuple(reports))
