"""Sending a built report in chat: the summary with a button per Guideline, then the HTML
document, the spreadsheet and the chart, each rendered in a worker thread.

Each file goes on its own: one that cannot be sent does not hold back the others, and the user
is told which one is missing, with a button to send it again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot import reporting, reports
from bot.handlers.coordinator_views import guideline_buttons, summary_views, unsent_view
from bot.handlers.replies import Unsent, send, send_file
from bot.handlers.views import View
from bot.i18n import Translator

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class File:
    """One file of a report, ready to send."""

    kind: str  # html, xlsx or png: the ResendFile button's word for it
    data: bytes
    name: str
    caption: str


def _answered(model: reports.Model) -> bool:
    if isinstance(model, reporting.ReportModel):
        return model.has_answers
    return model.answered > 0


def _shares(model: reports.Model) -> list[tuple[int, float | None]]:
    if isinstance(model, reporting.ReportModel):
        return [(g.guideline, g.readiness.readiness) for g in model.guidelines]
    pooled = model.pooled()
    return [(g, pooled[g].readiness) for g in model.guidelines]


def _captions(t: Translator) -> dict[str, str]:
    return {
        "html": t._("📄 The full report."),
        "xlsx": t._("📊 The spreadsheet: one row per item."),
        "png": t._("📈 Readiness per Guideline."),
    }


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
    captions = _captions(t)
    files = [
        File(kind, data, f"{bundle.stem}.{kind}", captions[kind])
        for kind, data in (("html", bundle.html), ("xlsx", bundle.xlsx), ("png", bundle.png))
    ]
    await _send_files(bot, chat_id, t, files, org_key, model.checklist.id)


async def resend(
    bot: Bot, chat_id: int, t: Translator, model: reports.Model, org_key: int, kind: str
) -> None:
    """Send one file of a report again (rendered afresh from the answers as they are now)."""
    data = await asyncio.to_thread(reports.render, model, t, kind)  # type: ignore[arg-type]
    file = File(kind, data, f"{reports.file_stem(model)}.{kind}", _captions(t)[kind])
    await _send_files(bot, chat_id, t, [file], org_key, model.checklist.id)


async def _send_files(
    bot: Bot, chat_id: int, t: Translator, files: list[File], org_key: int, checklist_id: str
) -> None:
    """Send each file; then say which could not be sent, or may not have arrived."""
    failed: list[str] = []
    unsure: list[str] = []
    for file in files:
        try:
            await _file(bot, chat_id, file)
        except Unsent:
            log.warning("sending a report file timed out; not sending it twice")
            unsure.append(file.kind)
        except TelegramError as exc:
            log.warning("a report file could not be sent: %s", type(exc).__name__)
            failed.append(file.kind)
    if failed or unsure:
        names = {file.kind: file.name for file in files}
        view = unsent_view(t, org_key, checklist_id, names, failed=failed, unsure=unsure)
        await send(bot, chat_id, view)


async def _file(bot: Bot, chat_id: int, file: File) -> None:
    """A file as a document; the chart as a photo, or as a document if Telegram refuses it."""
    if file.kind != "png":
        await send_file(bot, chat_id, file.data, file.name, file.caption)
        return
    try:
        await send_file(bot, chat_id, file.data, file.name, file.caption, photo=True)
    except BadRequest as exc:  # a very tall heatmap
        log.info("chart refused as a photo (%s); sending it as a document", exc.message)
        await send_file(bot, chat_id, file.data, file.name, file.caption)
