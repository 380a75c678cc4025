"""Reports as plain text, for ``micic-bot report --format txt`` and for reading in a terminal."""

from __future__ import annotations

from bot.i18n import Translator
from bot.reports.localised import LocalComparison, LocalReport
from bot.reports.templates import render


def report_text(r: LocalReport, t: Translator) -> str:
    """One organisation's report as text."""
    return render("report.txt.j2", t, r=r, p=r.page).strip() + "\n"


def comparison_text(c: LocalComparison, t: Translator) -> str:
    """Several organisations side by side as text."""
    return render("comparison.txt.j2", t, c=c, p=c.page).strip() + "\n"
