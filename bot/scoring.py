"""Pure scoring: what to ask next, progress, readiness and coverage, and prioritised gaps.

Readiness is the share of the maximum points over items answered on the 0-3 scale; coverage is
the share of items whose state is known (scored or not applicable). They are kept apart so that
"don't know" never counts as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.model import MAX_POINTS, Answer, Checklist, Item, Phase, Score, Tier

Answers = Mapping[str, Answer]


def _score(answers: Answers, item_id: str) -> Score | None:
    answer = answers.get(item_id)
    return answer.score if answer else None


def next_item(checklist: Checklist, answers: Answers, after: str | None = None) -> Item | None:
    """The first unanswered item; with ``after``, the first one after it (wrapping round)."""
    items = checklist.items
    start = checklist.position(after) if after and checklist.item(after) else 0
    # ``after`` comes last: a skipped item is asked again when it is the only one left.
    for item in items[start:] + items[:start]:
        if _score(answers, item.id) is None:
            return item
    return None


@dataclass(frozen=True)
class Progress:
    """How far the responders have got: answered items of the total."""

    answered: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent answered, rounded down so 100 means truly complete."""
        return self.answered * 100 // self.total if self.total else 100

    @property
    def complete(self) -> bool:
        """Whether every item has an answer."""
        return self.answered >= self.total


def progress(checklist: Checklist, answers: Answers) -> Progress:
    """Answered items (any answer, "don't know" included) out of all items."""
    answered = 0
    for item in checklist.items:  # every press counts them: no call per item
        answer = answers.get(item.id)
        if answer is not None and answer.score is not None:
            answered += 1
    return Progress(answered, len(checklist.items))


@dataclass(frozen=True)
class Readiness:
    """Readiness and coverage of a group of items (a Guideline, a phase, a checklist)."""

    total: int
    scored: int
    points: int
    not_applicable: int
    dont_know: int

    @property
    def readiness(self) -> float | None:
        """Points as a share of the maximum over scored items; None when nothing is scored."""
        return self.points / (self.scored * MAX_POINTS) if self.scored else None

    @property
    def coverage(self) -> float:
        """Share of items whose state is known: scored or not applicable."""
        return (self.scored + self.not_applicable) / self.total if self.total else 0.0

    @property
    def unanswered(self) -> int:
        """Items with no answer at all."""
        return self.total - self.scored - self.not_applicable - self.dont_know

    def __add__(self, other: Readiness) -> Readiness:
        return Readiness(
            self.total + other.total,
            self.scored + other.scored,
            self.points + other.points,
            self.not_applicable + other.not_applicable,
            self.dont_know + other.dont_know,
        )


EMPTY = Readiness(0, 0, 0, 0, 0)


def readiness(items: Iterable[Item], answers: Answers) -> Readiness:
    """Readiness and coverage over some items."""
    total = scored = points = not_applicable = dont_know = 0
    for item in items:
        total += 1
        score = _score(answers, item.id)
        if score is None:
            continue
        if score is Score.NOT_APPLICABLE:
            not_applicable += 1
        elif score is Score.DONT_KNOW:
            dont_know += 1
        else:
            scored += 1
            points += score.points or 0
    return Readiness(total, scored, points, not_applicable, dont_know)


@dataclass(frozen=True)
class Summary:
    """Readiness of one assessment per Guideline, per phase and overall."""

    by_guideline: dict[int, Readiness]
    by_phase: dict[Phase, Readiness]
    overall: Readiness


def summarise(checklist: Checklist, answers: Answers) -> Summary:
    """Readiness per Guideline, per phase and overall."""
    by_guideline = {s.guideline: readiness(s.items, answers) for s in checklist.sections}
    overall = sum(by_guideline.values(), EMPTY)
    return Summary(by_guideline, {checklist.phase: overall}, overall)


@dataclass(frozen=True)
class Gap:
    """An item that is missing, weak or unknown, with what is known of it."""

    item: Item
    answer: Answer | None

    @property
    def score(self) -> Score | None:
        """The recorded score, or None when unanswered."""
        return self.answer.score if self.answer else None


GAP_SCORES = (Score.NOT_IN_PLACE, Score.STARTED, Score.DONT_KNOW, None)


def gaps(checklist: Checklist, answers: Answers) -> list[Gap]:
    """Items at 0 or 1, "don't know" and unanswered: minimum tier first, then by score."""
    found = [
        Gap(item, answers.get(item.id))
        for item in checklist.items
        if _score(answers, item.id) in GAP_SCORES
    ]
    return sorted(found, key=lambda g: (g.item.tier is not Tier.MINIMUM, GAP_SCORES.index(g.score)))


def strengths(checklist: Checklist, answers: Answers) -> list[Item]:
    """Items in place (2) or documented and tested (3): the well-developed areas."""
    good = (Score.IN_PLACE, Score.TESTED)
    return [item for item in checklist.items if _score(answers, item.id) in good]
