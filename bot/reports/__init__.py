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
from bot.reports.localised import LocalComparison, LocalReport, localise, localise_comparison

Format = Literal["html", "xlsx", "png", "txt"]
FORMATS: tuple[Format, ...] = ("html", "xlsx", "png", "txt")
Model = ReportModel | ComparisonModel


@dataclass(frozen=True)
class Bundle:
    """A report as the chat delivers it: summary messages, document, spreadsheet and chart."""

    messages: list[str]
    html: bytes
    xlsx: bytes
    png: bytes
    stem: str


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


def _render(local: LocalReport | LocalComparison, t: Translator, fmt: Format) -> bytes:
    if isinstance(local, LocalReport):
        if fmt == "png":
            return charts.bar_chart(local, t)
        if fmt == "xlsx":
            return xlsx.report_workbook(local, t)
        if fmt == "txt":
            return text.report_text(local, t).encode("utf-8")
        return html.report_document(local, t, charts.bar_chart(local, t)).encode("utf-8")
    if fmt == "png":
        return charts.heatmap(local, t)
    if fmt == "xlsx":
        return xlsx.comparison_workbook(local, t)
    if fmt == "txt":
        return text.comparison_text(local, t).encode("utf-8")
    return html.comparison_document(local, t, charts.heatmap(local, t)).encode("utf-8")


def localised(model: Model, t: Translator) -> LocalReport | LocalComparison:
    """The model in the reader's language."""
    if isinstance(model, ReportModel):
        return localise(model, t)
    return localise_comparison(model, t)


def render(model: Model, t: Translator, fmt: Format) -> bytes:
    """One file of a report: ``html``, ``xlsx``, ``png`` or ``txt``."""
    return _render(localised(model, t), t, fmt)


def summary(model: Model, t: Translator) -> list[str]:
    """The chat summary as Telegram HTML messages, each under the length limit."""
    local = localised(model, t)
    if isinstance(local, LocalReport):
        return telegram.report_messages(local, t)
    return telegram.comparison_messages(local, t)


def bundle(model: Model, t: Translator) -> Bundle:
    """Everything the chat sends for a report; the chart is drawn once and reused."""
    local = localised(model, t)
    if isinstance(local, LocalReport):
        png = charts.bar_chart(local, t)
        messages = telegram.report_messages(local, t)
        document = html.report_document(local, t, png)
        workbook = xlsx.report_workbook(local, t)
    else:
        png = charts.heatmap(local, t)
        messages = telegram.comparison_messages(local, t)
        document = html.comparison_document(local, t, png)
        workbook = xlsx.comparison_workbook(local, t)
    return Bundle(messages, document.encode("utf-8"), workbook, png, file_stem(model))


def guideline_detail(model: Model, guideline: int, t: Translator) -> list[str]:
    """One Guideline in detail as Telegram HTML messages (KeyError if the checklist lacks it)."""
    if guideline not in {s.guideline for s in model.checklist.sections}:
        raise KeyError(guideline)
    local = localised(model, t)
    if isinstance(local, LocalReport):
        return telegram.guideline_messages(local, guideline, t)
    return telegram.comparison_guideline_messages(local, guideline, t)
