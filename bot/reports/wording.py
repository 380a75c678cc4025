"""How a report says things in the reader's language: the labels of answers, tiers and actors,
and dates, percentages, changes, bands and bars as text. Every format uses these words.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from bot.i18n import N_, Translator
from bot.model import MAX_POINTS, Actor, Score, Tier
from bot.scoring import Readiness

BAR_WIDTH = 10
ENOUGH_COVERAGE = 0.6
WELL_DEVELOPED = 2 / 3
PARTLY_DEVELOPED = 1 / 3
_BIDI_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")

SCORE_LABELS = {
    Score.NOT_IN_PLACE: N_("Not in place"),
    Score.STARTED: N_("Started or ad hoc"),
    Score.IN_PLACE: N_("In place, not tested"),
    Score.TESTED: N_("In place and tested"),
    Score.DONT_KNOW: N_("Don't know"),
    Score.NOT_APPLICABLE: N_("Not applicable"),
}
STRONG = (Score.IN_PLACE, Score.TESTED)
TIER_LABELS = {Tier.MINIMUM: N_("Minimum"), Tier.ADVANCED: N_("Advanced")}
ACTOR_LABELS = {
    Actor.LOCAL_AUTHORITY: N_("Local authority"),
    Actor.NATIONAL_GOVERNMENT: N_("National government"),
    Actor.CONSULATES: N_("Consulates"),
    Actor.EMPLOYERS: N_("Employers"),
    Actor.CIVIL_SOCIETY: N_("Civil society"),
}
EVIDENCE_KINDS = {"photo": N_("Photo"), "document": N_("Document")}


def format_date(t: Translator, moment: datetime | None) -> str:
    """A date in the reader's locale (medium length), or an empty string.

    Without the direction marks some locales put in (Arabic: ``07\u200f/05\u200f/2026``): a
    date is shown left to right, isolated, and a mark inside it would scramble it
    (``072026/05/``).
    """
    if moment is None:
        return ""
    return _date(t.locale, moment.date())


@lru_cache(maxsize=4096)
def _date(locale: Any, day: date) -> str:  # a babel Locale, from the Translator
    """Formatting a date is slow and a report has many answers from a few days: cache it."""
    return str(locale.date_formats["medium"].apply(day, locale)).translate(_BIDI_MARKS)


def guideline_code(t: Translator, number: int) -> str:
    """The short name of a Guideline: ``G6``."""
    return t._("G%(number)s", number=number)


def text_bar(share: float | None) -> str:
    """A ten-block bar: ``▓▓▓▓░░░░░░``."""
    filled = 0 if share is None else round(share * BAR_WIDTH)
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def change_text(t: Translator, change: float | None) -> str:
    """A change of readiness in percentage points: ``+12 points``, or empty when unknown."""
    if change is None:
        return ""
    points = round(change * 100)
    sign = "+" if points > 0 else "−" if points < 0 else "±"
    return t.n_("%(sign)s%(n)s point", "%(sign)s%(n)s points", abs(points), sign=sign)


def level(share: float | None) -> str:
    """The band of a readiness share, the one meaning of colour in every format: ``high``
    (well developed), ``mid`` (partly), ``low`` (potential for further development), ``none``.
    """
    if share is None:
        return "none"
    return "high" if share >= WELL_DEVELOPED else "mid" if share >= PARTLY_DEVELOPED else "low"


def status(t: Translator, r: Readiness) -> str:
    """A word for a readiness, MGI-style: never a rank, and "insufficient data" when unsure."""
    share = r.readiness
    if share is None or r.coverage < ENOUGH_COVERAGE:
        return t._("Insufficient data")
    if share >= WELL_DEVELOPED:
        return t._("Well developed")
    if share >= PARTLY_DEVELOPED:
        return t._("Partly developed")
    return t._("Potential for further development")


def answer_label(t: Translator, score: Score | None) -> str:
    """The translated label of an answer, ``2 · In place, not tested``, or "Not answered"."""
    if score is None:
        return t._("Not answered")
    label = t._(SCORE_LABELS[score])
    return f"{score.value} · {label}" if score.points is not None else label


def short_change(t: Translator, change: float | None) -> str:
    """A change in whole points with its sign, for narrow columns: ``+12``, ``−5``, ``±0``."""
    if change is None:
        return "–"
    points = round(change * 100)
    sign = "+" if points > 0 else "−" if points < 0 else "±"
    return f"{sign}{t.number(abs(points))}"


def points_text(r: Readiness) -> str:
    """Points out of the maximum over the items scored: ``4/6``, or empty when none is."""
    return f"{r.points}/{r.scored * MAX_POINTS}" if r.scored else ""
