"""Rendering reports: one report model, in the reader's language, to every format.

``render`` makes one file (for the command line); ``bundle`` makes everything the chat sends.
Rendering is CPU work: from the bot, run these in a worker thread (``asyncio.to_thread``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from bot.i18n import Translator
from bot.reporting import ComparisonModel, ReportModel
from bot.reports import charts, html, telegram, text, xlsx
from bot.reports.lines import Line
from bot.reports.localised import LocalComparison, LocalReport, localise, localise_comparison
from bot.reports.palette import LOW_MARK

Format = Literal["html", "xlsx", "png", "txt"]
FORMATS: tuple[Format, ...] = ("html", "xlsx", "png", "txt")
Chart = Literal["bars", "radar"]
CHARTS: tuple[Chart, ...] = ("bars", "radar")
Model = ReportModel | ComparisonModel


@dataclass(frozen=True)
class Bundle:
    """A report as the chat delivers it: summary messages, document, spreadsheet and charts.

    ``charts`` holds the bar chart of one organisation, or the heatmap's pages for several
    (``comparison``); ``low_coverage`` says whether a figure in them rests on too few known
    items. ``figures`` holds each Guideline's number and readiness as the summary shows it
    (``100%*`` when it rests on low coverage), for the buttons under the summary;
    ``checklist`` names the checklist and its edition, for the captions.
    """

    messages: list[str]
    html: bytes
    xlsx: bytes
    charts: list[bytes]
    stem: str
    low_coverage: bool
    comparison: bool = False
    figures: tuple[tuple[int, str], ...] = ()
    checklist: str = ""


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:40]


def file_stem(model: Model) -> str:
    """A safe file name without extension: ``micic-preparedness-2026-springfield``."""
    if isinstance(model, ReportModel):
        who = _slug(model.organisation.name) or f"org{model.organisation.id}"
    else:
        who = f"{len(model.reports)}-organisations"
    return f"micic-{model.checklist.id}-{_slug(model.cycle) or 'cycle'}-{who}"


def _report_charts(r: LocalReport, t: Translator) -> tuple[bytes, bytes | None]:
    """The bar chart, and the radar chart when the checklist has enough Guidelines."""
    return charts.bar_chart(r, t), charts.radar_chart(r, t) if charts.radar_possible(r) else None


def _render(
    local: LocalReport | LocalComparison, t: Translator, fmt: Format, chart: Chart
) -> list[bytes]:
    if isinstance(local, LocalReport):
        if fmt == "png":
            wants_radar = chart == "radar" and charts.radar_possible(local)
            return [charts.radar_chart(local, t) if wants_radar else charts.bar_chart(local, t)]
        if fmt == "xlsx":
            return [xlsx.report_workbook(local, t)]
        if fmt == "txt":
            return [text.report_text(local, t).encode("utf-8")]
        return [html.report_document(local, t, *_report_charts(local, t)).encode("utf-8")]
    if fmt == "png":
        return charts.heatmap(local, t)
    if fmt == "xlsx":
        return [xlsx.comparison_workbook(local, t)]
    if fmt == "txt":
        return [text.comparison_text(local, t).encode("utf-8")]
    return [html.comparison_document(local, t, charts.heatmap(local, t)).encode("utf-8")]


def localised(model: Model, t: Translator) -> LocalReport | LocalComparison:
    """The model in the reader's language."""
    if isinstance(model, ReportModel):
        return localise(model, t)
    return localise_comparison(model, t)


def render(model: Model, t: Translator, fmt: Format, chart: Chart = "bars") -> list[bytes]:
    """A report in one format, as files: one file, except a PNG comparison of many
    organisations, which is the heatmap's pages. ``chart`` chooses one organisation's PNG:
    ``bars``, or ``radar`` (the bar chart stands in when there are too few Guidelines)."""
    return _render(localised(model, t), t, fmt, chart)


def summary(model: Model, t: Translator) -> list[str]:
    """The chat summary as Telegram HTML messages, each under the length limit."""
    local = localised(model, t)
    if isinstance(local, LocalReport):
        return telegram.report_messages(local, t)
    return telegram.comparison_messages(local, t)


def _figures(lines: list[Line]) -> tuple[tuple[int, str], ...]:
    return tuple((g.number, g.readiness + (LOW_MARK if g.low else "")) for g in lines)


def bundle(model: Model, t: Translator) -> Bundle:
    """Everything the chat sends for a report; each chart is drawn once and reused."""
    local = localised(model, t)
    if isinstance(local, LocalReport):
        bars, radar_png = _report_charts(local, t)
        pngs = [bars]
        messages = telegram.report_messages(local, t)
        document = html.report_document(local, t, bars, radar_png)
        workbook = xlsx.report_workbook(local, t)
    else:
        pngs = charts.heatmap(local, t)
        messages = telegram.comparison_messages(local, t)
        document = html.comparison_document(local, t, pngs)
        workbook = xlsx.comparison_workbook(local, t)
    stem = file_stem(model)
    comparison = isinstance(local, LocalComparison)
    data = document.encode("utf-8")
    figures = _figures(local.guidelines)
    return Bundle(messages, data, workbook, pngs, stem, local.low_coverage, comparison, figures,
                  local.page.checklist)  # fmt: skip


def guideline_detail(model: Model, guideline: int, t: Translator) -> list[str]:
    """One Guideline in detail as Telegram HTML messages (KeyError if the checklist lacks it)."""
    if guideline not in {s.guideline for s in model.checklist.sections}:
        raise KeyError(guideline)
    local = localised(model, t)
    if isinstance(local, LocalReport):
        return telegram.guideline_messages(local, guideline, t)
    return telegram.comparison_guideline_messages(local, guideline, t)
