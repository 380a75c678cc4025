"""Reports as standalone HTML documents: printable, offline, right to left when the reader is.

The chart is embedded as a ``data:`` URI, the CSS is inline, and every value is autoescaped.
"""

from __future__ import annotations

from base64 import b64encode

from bot.i18n import Translator
from bot.reports.localised import ENOUGH_COVERAGE, LocalComparison, LocalReport
from bot.reports.templates import render


def _data(png: bytes | None) -> str:
    return b64encode(png).decode("ascii") if png else ""


def report_document(r: LocalReport, t: Translator, chart: bytes | None = None) -> str:
    """One organisation's full report, with its bar chart when given."""
    enough = t.percent(ENOUGH_COVERAGE)
    return render("report.html.j2", t, r=r, p=r.page, chart=_data(chart), enough=enough)


def comparison_document(c: LocalComparison, t: Translator, chart: bytes | None = None) -> str:
    """Several organisations side by side, with the heatmap when given."""
    return render("comparison.html.j2", t, c=c, p=c.page, chart=_data(chart))
