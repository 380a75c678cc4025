"""The lines every format shows, in the reader's language: a Guideline's readiness (or the
overall one), and an item with its answer, notes and evidence. User text is kept raw here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import Translator
from bot.model import Answer, Checklist, Evidence, Item, Note, Tier
from bot.reporting import AnnexRow
from bot.reports.wording import (
    ACTOR_LABELS,
    ENOUGH_COVERAGE,
    EVIDENCE_KINDS,
    STRONG,
    TIER_LABELS,
    answer_label,
    change_text,
    format_date,
    guideline_code,
    level,
    points_text,
    status,
    text_bar,
)
from bot.scoring import GAP_SCORES, Readiness


def _change(now: Readiness, before: Readiness | None) -> float | None:
    if before is None or now.readiness is None or before.readiness is None:
        return None
    return now.readiness - before.readiness


@dataclass(frozen=True)
class Line:
    """Readiness of a Guideline (or overall) as numbers and as text.

    ``low`` says the readiness rests on too few known items (coverage under the threshold):
    every format marks such a figure where it shows it.
    """

    number: int
    code: str
    title: str
    share: float | None
    readiness: str
    coverage_share: float
    coverage: str
    change_share: float | None
    change: str
    status: str
    bar: str
    points: str
    low: bool
    previous_share: float | None
    level: str


def line(
    t: Translator, number: int, title: str, r: Readiness, before: Readiness | None = None
) -> Line:
    """One readiness line, with the change since ``before`` (the previous cycle) if given."""
    change = _change(r, before)
    return Line(
        number=number,
        code=guideline_code(t, number),
        title=title,
        share=r.readiness,
        readiness=t.percent(r.readiness),
        coverage_share=r.coverage,
        coverage=t.percent(r.coverage),
        change_share=change,
        change=change_text(t, change),
        status=status(t, r),
        bar=text_bar(r.readiness),
        points=points_text(r),
        low=r.readiness is not None and r.coverage < ENOUGH_COVERAGE,
        previous_share=before.readiness if before else None,
        level=level(r.readiness),
    )


@dataclass(frozen=True)
class NoteLine:
    """One person's note on an item: the text as written, its author and date."""

    text: str
    author: str
    date: str


def note_lines(t: Translator, notes: Sequence[Note]) -> list[NoteLine]:
    """The notes of an item in the reader's language, oldest first."""
    return [
        NoteLine(n.text, n.author_name or t._("a former member"), format_date(t, n.written_at))
        for n in notes
    ]


@dataclass(frozen=True)
class EvidenceLine:
    """A file kept as evidence for an item: its kind, name, who added it and when."""

    kind: str
    name: str
    author: str
    date: str
    added_at: datetime


@dataclass(frozen=True)
class ItemLine:
    """One item with its answer (and who gave it), every note, the evidence, for the gaps, the
    strengths and the annex.

    ``previous`` is the answer of the previous cycle (empty without one) and ``trend`` says
    whether the score went ``up``, ``down`` or stayed the ``same`` (empty when unknown).
    """

    guideline: int
    code: str
    item_id: str
    question: str
    minimum: bool
    tier: str
    points: int | None
    answer: str
    author: str  # who gave the answer; each note names its own author
    date: str
    answered_at: datetime | None
    action: str
    strong: bool
    gap: bool
    actors: list[str]
    notes: list[NoteLine]
    evidence: list[EvidenceLine]
    evidence_count: str
    previous: str
    trend: str


def _author(t: Translator, name: str | None) -> str:
    return name or t._("a former member")


def _evidence(t: Translator, files: tuple[Evidence, ...]) -> list[EvidenceLine]:
    return [
        EvidenceLine(
            kind=t._(EVIDENCE_KINDS.get(f.kind, EVIDENCE_KINDS["document"])),
            name=f.file_name or "",
            author=_author(t, f.author_name),
            date=format_date(t, f.created_at),
            added_at=f.created_at,
        )
        for f in files
    ]


def evidence_count(t: Translator, files: tuple[Evidence, ...]) -> str:
    """``2 photos, 1 document``, or empty without evidence."""
    photos = sum(1 for f in files if f.kind == "photo")
    documents = len(files) - photos
    parts = [t.n_("%(n)s photo", "%(n)s photos", photos)] if photos else []
    parts += [t.n_("%(n)s document", "%(n)s documents", documents)] if documents else []
    return t.format_list(parts) if parts else ""


def _trend(now: Answer | None, before: Answer | None) -> str:
    new = now.score.points if now and now.score else None
    old = before.score.points if before and before.score else None
    if new is None or old is None:
        return ""
    return "up" if new > old else "down" if new < old else "same"


def item_line(
    t: Translator, checklist: Checklist, row: AnnexRow, has_previous: bool = False
) -> ItemLine:
    """An item in the reader's language, with the answer and notes as the responders gave them."""
    item: Item = row.item
    answer = row.answer
    score = answer.score if answer else None
    author = ""
    if answer is not None and score is not None:
        author = _author(t, answer.author_name)
    return ItemLine(
        guideline=item.guideline,
        code=guideline_code(t, item.guideline),
        item_id=item.id,
        question=t.item(checklist, item, "question"),
        minimum=item.tier is Tier.MINIMUM,
        tier=t._(TIER_LABELS[item.tier]),
        points=score.points if score else None,
        answer=answer_label(t, score),
        author=author,
        date=format_date(t, answer.answered_at if answer else None),
        answered_at=answer.answered_at if answer else None,
        action=t.item(checklist, item, "action"),
        strong=score in STRONG,
        gap=score in GAP_SCORES,
        actors=[t._(ACTOR_LABELS[actor]) for actor in item.actors],
        notes=note_lines(t, row.notes),
        evidence=_evidence(t, row.evidence),
        evidence_count=evidence_count(t, row.evidence),
        previous=answer_label(t, row.previous.score if row.previous else None)
        if has_previous
        else "",
        trend=_trend(answer, row.previous),
    )
