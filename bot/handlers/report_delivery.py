"""Sending a built report in chat: the summary with a button per Guideline, then the HTML
document, the spreadsheet and the chart, each rendered in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot
from telegram.error import BadRequest

from bot import reporting, reports
from bot.handlers.coordinator_views import guideline_buttons, summary_views
from bot.handlers.replies import send, with_retries
from bot.handlers.views import View
from bot.i18n import Translator
from bot.reports.localised import ENOUGH_COVERAGE
from bot.reports.palette import LOW_MARK

log = logging.getLogger(__name__)


def _answered(model: reports.Model) -> bool:
    if isinstance(model, reporting.ReportModel):
        return model.has_answers
    return model.answered > 0


def _shares(model: reports.Model) -> list[tuple[int, float | None]]:
    if isinstance(model, reporting.ReportModel):
        return [(g.guideline, g.readiness.readiness) for g in model.guidelines]
    pooled = model.pooled()
    return [(g, pooled[g].readiness) for g in model.guidelines]


async def deliver(
    bot: Bot,
    chat_id: int,
    t: Translator,
    model: reports.Model,
    org_key: int,
    *,
    protect: bool = False,
) -> None:
    """Send a report: the summary messages, then the document, the spreadsheet and the charts.

    ``org_key`` is what the Guideline buttons under the summary name: an organisation, or all.
    Files go unprotected unless ``protect`` (MICIC_PROTECT_REPORTS), so they can be forwarded
    to a mayor and printed.
    """
    if not _answered(model):
        for text in await asyncio.to_thread(reports.summary, model, t):
            await send(bot, chat_id, View(text))
        return
    bundle = await asyncio.to_thread(reports.bundle, model, t)
    buttons = guideline_buttons(t, org_key, model.checklist, _shares(model))
    for view in summary_views(bundle.messages, buttons):
        await send(bot, chat_id, view)
    files = Files(bot, chat_id, protect)
    stem = bundle.stem
    await files.document(bundle.html, f"{stem}.html", t._("📄 The full report."))
    caption = t._("📊 The spreadsheet: one row per item.")
    await files.document(bundle.xlsx, f"{stem}.xlsx", caption)
    for n, chart in enumerate(bundle.charts, 1):
        name = f"{stem}.png" if len(bundle.charts) == 1 else f"{stem}-{n}.png"
        await files.photo(chart, name, chart_caption(t, bundle, n))


def chart_caption(t: Translator, bundle: reports.Bundle, page: int) -> str:
    """The caption of a chart: what it shows, its page, and the low-coverage caveat."""
    lines = [
        t._("📈 Readiness per organisation and Guideline.")
        if bundle.comparison
        else t._("📈 Readiness per Guideline.")
    ]
    if len(bundle.charts) > 1:
        lines.append(t._("Page %(page)s of %(pages)s", page=page, pages=len(bundle.charts)))
    if bundle.low_coverage:
        lines.append(
            t._(
                "%(mark)s Hatched figures rest on under %(threshold)s of the items known: "
                "insufficient data.",
                mark=LOW_MARK,
                threshold=t.percent(ENOUGH_COVERAGE),
            )
        )
    return "\n".join(lines)


class Files:
    """Sends a report's files to a chat, protected or not."""

    def __init__(self, bot: Bot, chat_id: int, protect: bool) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.protect = protect

    async def document(self, data: bytes, filename: str, caption: str) -> None:
        """A file as a document."""
        await with_retries(
            lambda: self.bot.send_document(
                self.chat_id, data, filename=filename, caption=caption, protect_content=self.protect
            )
        )

    async def photo(self, data: bytes, filename: str, caption: str) -> None:
        """A chart as a photo; as a document if Telegram refuses it."""
        try:
            await with_retries(
                lambda: self.bot.send_photo(
                    self.chat_id,
                    data,
                    filename=filename,
                    caption=caption,
                    protect_content=self.protect,
                )
            )
        except BadRequest as exc:
            log.info("chart refused as a photo (%s); sending it as a document", exc.message)
            await self.document(data, filename, caption)
