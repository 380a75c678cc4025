"""Sending a built report in chat: the summary with a button per Guideline, then the HTML
document, the spreadsheet and the chart, each rendered in a worker thread.

Each file goes on its own: one that cannot be sent does not hold back the others, and the user
is told which one is missing, with a button to send it again.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot import reporting, reports
from bot.handlers.coordinator_views import guideline_buttons, summary_views, unsent_view
from bot.handlers.layout import View
from bot.handlers.replies import Unsent, send, send_file
from bot.i18n import Translator
from bot.reports.palette import LOW_MARK
from bot.reports.wording import ENOUGH_COVERAGE

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


async def deliver(
    bot: Bot,
    chat_id: int,
    t: Translator,
    model: reports.Model,
    org_key: int,
    *,
    protect: bool = False,
    cycle_id: int | None = None,
) -> None:
    """Send a report: the summary messages, then the document, the spreadsheet and the charts.

    ``org_key`` is what the Guideline buttons under the summary name: an organisation, or all;
    ``cycle_id`` the cycle they name, for a report of a chosen cycle (None: the newest).
    Files go unprotected unless ``protect`` (MICIC_PROTECT_REPORTS), so they can be forwarded
    to a mayor and printed.
    """
    if not _answered(model):
        for text in await asyncio.to_thread(reports.summary, model, t):
            await send(bot, chat_id, View(text))
        return
    bundle = await asyncio.to_thread(reports.bundle, model, t)
    buttons = guideline_buttons(t, org_key, model.checklist, bundle.figures, cycle_id)
    for view in summary_views(bundle.messages, buttons):
        await send(bot, chat_id, view)
    files = _files(t, bundle)
    await _send_files(bot, chat_id, t, files, (org_key, model.checklist.id, cycle_id), protect)


async def resend(
    bot: Bot,
    chat_id: int,
    t: Translator,
    model: reports.Model,
    org_key: int,
    kind: str,
    *,
    protect: bool = False,
    cycle_id: int | None = None,
) -> None:
    """Send one kind of file of a report again (rendered afresh from the answers as they are)."""
    bundle = await asyncio.to_thread(reports.bundle, model, t)
    files = [file for file in _files(t, bundle) if file.kind == kind]
    await _send_files(bot, chat_id, t, files, (org_key, model.checklist.id, cycle_id), protect)


def _files(t: Translator, bundle: reports.Bundle) -> list[File]:
    """The document, the spreadsheet and each page of the chart, with their captions."""
    stem = bundle.stem
    files = [
        File("html", bundle.html, f"{stem}.html", t._("📄 The full report.")),
        File("xlsx", bundle.xlsx, f"{stem}.xlsx", t._("📊 The spreadsheet: one row per item.")),
    ]
    for n, chart in enumerate(bundle.charts, 1):
        name = f"{stem}.png" if len(bundle.charts) == 1 else f"{stem}-{n}.png"
        files.append(File("png", chart, name, chart_caption(t, bundle, n)))
    return files


def chart_caption(t: Translator, bundle: reports.Bundle, page: int) -> str:
    """The caption of a chart: what it shows and of which checklist, its page, and the
    low-coverage caveat."""
    lines = [
        t._("📈 Readiness per organisation and Guideline.")
        if bundle.comparison
        else t._("📈 Readiness per Guideline."),
        bundle.checklist,
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
    return "\n".join(line for line in lines if line)


async def _send_files(
    bot: Bot,
    chat_id: int,
    t: Translator,
    files: list[File],
    report: tuple[int, str, int | None],
    protect: bool,
) -> None:
    """Send each file; then say which could not be sent, or may not have arrived.

    ``report`` is what a button to send one again names: organisation, checklist and cycle.
    """
    failed: list[str] = []
    unsure: list[str] = []
    for file in files:
        try:
            await _file(bot, chat_id, file, protect)
        except Unsent:
            log.warning("sending a report file timed out; not sending it twice")
            unsure.append(file.kind)
        except TelegramError as exc:
            log.warning("a report file could not be sent: %s", type(exc).__name__)
            failed.append(file.kind)
    if failed or unsure:
        names = {file.kind: file.name for file in files}
        org_key, checklist_id, cycle_id = report
        view = unsent_view(
            t, org_key, checklist_id, names, failed=failed, unsure=unsure, cycle_id=cycle_id
        )
        await send(bot, chat_id, view)


async def _file(bot: Bot, chat_id: int, file: File, protect: bool) -> None:
    """A file as a document; a chart as a photo, or as a document if Telegram refuses it."""
    send = functools.partial(send_file, bot, chat_id, file.data, file.name, file.caption)
    if file.kind != "png":
        await send(protect=protect)
        return
    try:
        await send(photo=True, protect=protect)
    except BadRequest as exc:  # a very tall heatmap
        log.info("chart refused as a photo (%s); sending it as a document", exc.message)
        await send(protect=protect)
