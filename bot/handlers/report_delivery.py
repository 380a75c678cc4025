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
    bot: Bot, chat_id: int, t: Translator, model: reports.Model, org_key: int
) -> None:
    """Send a report: the summary messages, then the document, the spreadsheet and the chart.

    ``org_key`` is what the Guideline buttons under the summary name: an organisation, or all.
    """
    if not _answered(model):
        for text in await asyncio.to_thread(reports.summary, model, t):
            await send(bot, chat_id, View(text))
        return
    bundle = await asyncio.to_thread(reports.bundle, model, t)
    buttons = guideline_buttons(t, org_key, model.checklist, _shares(model))
    for view in summary_views(bundle.messages, buttons):
        await send(bot, chat_id, view)
    stem = bundle.stem
    await _document(bot, chat_id, bundle.html, f"{stem}.html", t._("📄 The full report."))
    caption = t._("📊 The spreadsheet: one row per item.")
    await _document(bot, chat_id, bundle.xlsx, f"{stem}.xlsx", caption)
    await _photo(bot, chat_id, bundle.png, f"{stem}.png", t._("📈 Readiness per Guideline."))


async def _document(bot: Bot, chat_id: int, data: bytes, filename: str, caption: str) -> None:
    await with_retries(
        lambda: bot.send_document(
            chat_id, data, filename=filename, caption=caption, protect_content=True
        )
    )


async def _photo(bot: Bot, chat_id: int, data: bytes, filename: str, caption: str) -> None:
    """The chart as a photo; as a document if Telegram refuses it (a very tall heatmap)."""
    try:
        await with_retries(
            lambda: bot.send_photo(
                chat_id, data, filename=filename, caption=caption, protect_content=True
            )
        )
    except BadRequest as exc:
        log.info("chart refused as a photo (%s); sending it as a document", exc.message)
        await _document(bot, chat_id, data, filename, caption)
