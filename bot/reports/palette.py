"""The colours of the reports: one scale, one meaning (the band of readiness), in every format.

Three bands with the status words of the reports, light to dark (ColorBrewer YlGnBu): safe
for every kind of colour vision and in grey print. Colour never stands alone: every cell and
bar also carries its number, and low coverage is hatched and starred as well. Each band's ink
reads on its fill at WCAG AA (4.5:1 or more): the dark band is YlGnBu's #225EA8, on which
white is 6.5:1 (on the lighter #2C7FB8 it was 4.3:1).
"""

from __future__ import annotations

from bot.i18n import N_, Translator
from bot.reports.wording import PARTLY_DEVELOPED, WELL_DEVELOPED

BANDS = ("low", "mid", "high")
FILL = {"low": "#EDF8B1", "mid": "#7FCDBB", "high": "#225EA8", "none": "#EEEEEE"}
INK = {"low": "#1D2733", "mid": "#1D2733", "high": "#FFFFFF", "none": "#555555"}
BAND_LABELS = {  # filled in with the thresholds as percentages in the reader's locale
    "high": N_("Well developed: %(from)s or more"),
    "mid": N_("Partly developed: %(from)s to under %(to)s"),
    "low": N_("Potential for further development: under %(to)s"),
}
OUTLINE = "#333333"  # bars and cells: a dark edge, so the lightest band shows on white
HATCH_INK = "#333333"
PREVIOUS = "#333333"  # the previous cycle: dark, dashed, never a light tint (contrast > 10:1)
LOW_MARK = "*"  # after a figure that rests on low coverage, in every format


def band_labels(t: Translator) -> list[tuple[str, str]]:
    """Each band, darkest first, with its words and thresholds in the reader's language."""
    well, partly = t.percent(WELL_DEVELOPED), t.percent(PARTLY_DEVELOPED)
    values = {"high": {"from": well}, "mid": {"from": partly, "to": well}, "low": {"to": partly}}
    return [(band, t._(BAND_LABELS[band], **values[band])) for band in reversed(BANDS)]
