"""Coordinators in chat: /report, /invite and /members, and the buttons under them.

Thin: access rules live in ``bot.access``, asked by the use cases; reports are rendered by
``bot.reports`` in a worker thread, then sent as messages, a document, a spreadsheet and a chart.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from telegram import Bot, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import reporting, reports
from bot.handlers.codec import Action, BadCallback, Press, decode
from bot.handlers.coordinator_views import (
    ALL,
    all_label,
    guideline_buttons,
    invite_view,
    members_view,
    no_match_view,
    org_picker_view,
    preparing_view,
    promoted_notice,
    refusal_view,
    remove_confirm_view,
    removed_notice,
    report_checklists_view,
    report_sent_view,
    summary_views,
)
from bot.handlers.replies import answer_press, edit, send, with_retries
from bot.handlers.turn import Turn, begin
from bot.handlers.views import View
from bot.model import AccessDenied, DomainError, Organisation, Role

log = logging.getLogger(__name__)

ACTIONS = (
    Action.REPORT_ORG,
    Action.REPORT,
    Action.REPORT_DETAIL,
    Action.INVITE,
    Action.RENEW,
    Action.MEMBERS,
    Action.REMOVE,
    Action.REMOVE_CONFIRM,
    Action.PROMOTE,
)
CALLBACK_PATTERN = "^(?:" + "|".join(a.value for a in ACTIONS) + "):"
RENEW_ROLES = {"r": Role.RESPONDER, "c": Role.COORDINATOR}
MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id in a button is forged


def _id(field: str) -> int:
    """An organisation or user id from a button; ValueError if it cannot be one."""
    value = int(field)
    if value > MAX_ID:
        raise ValueError(field)
    return value


async def _pick(
    turn: Turn, context: ContextTypes.DEFAULT_TYPE, command: str, action: Action, prompt: str
) -> Organisation | None:
    """The one organisation meant, or None after asking which one (or refusing)."""
    orgs = await turn.service.coordination.coordinated(turn.user.id)
    query = " ".join(context.args or []).strip()
    matching = [o for o in orgs if query.casefold() in o.name.casefold()]
    if len(matching) == 1:
        return matching[0]
    if not orgs:
        view = refusal_view(turn.t)
    elif not matching:
        view = no_match_view(turn.t, query)
    else:
        everyone = action is Action.REPORT_ORG and not query
        view = org_picker_view(turn.t, matching, action, prompt, command, everyone=everyone)
    await send(context.bot, turn.chat_id, view)
    return None


async def on_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report [NAME]: choose an organisation (or all), then a checklist; get the report."""
    turn = await begin(update, context)
    prompt = turn.t._("📊 Which organisation should the report cover?")
    org = await _pick(turn, context, "/report", Action.REPORT_ORG, prompt)
    if org is not None:
        checklists = turn.service.sorted_checklists()
        view = report_checklists_view(turn.t, org.id, org.name, checklists)
        await send(context.bot, turn.chat_id, view)


async def on_invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invite [NAME]: an organisation's invite codes and links, with buttons to renew them."""
    turn = await begin(update, context)
    prompt = turn.t._("🔑 Which organisation's invite codes?")
    org = await _pick(turn, context, "/invite", Action.INVITE, prompt)
    if org is not None:
        view = invite_view(turn.t, org, context.bot.username, renewed=False)
        await send(context.bot, turn.chat_id, view)


async def on_members(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/members [NAME]: an organisation's members, with buttons to remove them."""
    turn = await begin(update, context)
    prompt = turn.t._("👥 Which organisation's members?")
    org = await _pick(turn, context, "/members", Action.MEMBERS, prompt)
    if org is not None:
        await send(context.bot, turn.chat_id, await _members(turn, org.id))


@dataclass(frozen=True)
class Outcome:
    """What a button press leads to: a new text for its message, new messages, a report."""

    edit: View | None = None
    messages: list[str] = field(default_factory=list)
    report: reports.Model | None = None
    org_key: int = ALL
    after: View | None = None  # the pressed message once the report is sent


async def on_coordinator_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every coordinator button; ``query.answer()`` is called exactly once."""
    query = update.callback_query
    assert query is not None
    turn = await begin(update, context)
    t = turn.t
    try:
        outcome = await _handle(turn, decode(query.data), context)
    except AccessDenied:
        alert = t._("Only coordinators of that organisation can do this.")
        await answer_press(query, alert)
        return
    except (BadCallback, DomainError, KeyError, ValueError):
        log.info("stale or unknown coordinator button from user %s", turn.user.id)
        alert = t._("This button no longer works. Please send the command again.")
        await answer_press(query, alert)
        return
    await answer_press(query)
    message = query.message if isinstance(query.message, Message) else None
    if outcome.edit is not None:
        await edit(context.bot, message, turn.chat_id, outcome.edit)
    for text in outcome.messages:
        await send(context.bot, turn.chat_id, View(text))
    if outcome.report is not None:
        await deliver(turn, context.bot, outcome.report, outcome.org_key)
    if outcome.after is not None and message is not None:
        await edit(context.bot, message, turn.chat_id, outcome.after)


async def _scope(turn: Turn, org_id: int) -> tuple[list[int], str]:
    """The organisations a button means (0: all the user coordinates) and how to name them."""
    if org_id != ALL:
        org = await turn.service.coordination.coordinated_organisation(turn.user.id, org_id)
        return [org.id], org.name
    orgs = await turn.service.coordination.coordinated(turn.user.id)
    if not orgs:
        raise AccessDenied("the user coordinates no organisation")
    name = orgs[0].name if len(orgs) == 1 else all_label(turn.t, len(orgs))
    return [o.id for o in orgs], name


async def _model(turn: Turn, org_id: int, checklist_id: str) -> reports.Model:
    ids, _ = await _scope(turn, org_id)
    if len(ids) == 1:
        return await turn.service.reporting.build_report(turn.user.id, ids[0], checklist_id)
    return await turn.service.reporting.build_comparison(turn.user.id, ids, checklist_id)


async def _members(turn: Turn, org_id: int, notice: str = "") -> View:
    service, uid = turn.service, turn.user.id
    org = await service.coordination.coordinated_organisation(uid, org_id)
    members = await service.coordination.members(uid, org_id)
    admin = service.is_admin(uid)
    return members_view(turn.t, org, members, uid, is_admin=admin, notice=notice)


async def _handle(turn: Turn, press: Press, context: ContextTypes.DEFAULT_TYPE) -> Outcome:
    """Do what the button says."""
    service, t, uid = turn.service, turn.t, turn.user.id
    action, fields = press.action, press.fields
    org_id = _id(fields[0])
    if action is Action.REPORT_ORG:
        _, name = await _scope(turn, org_id)
        return Outcome(report_checklists_view(t, org_id, name, service.sorted_checklists()))
    if action is Action.REPORT:
        _, name = await _scope(turn, org_id)
        model = await _model(turn, org_id, fields[1])
        return Outcome(
            preparing_view(t, name, model.checklist),
            report=model,
            org_key=org_id,
            after=report_sent_view(t, name, model.checklist),
        )
    if action is Action.REPORT_DETAIL:
        model = await _model(turn, org_id, fields[1])
        texts = await asyncio.to_thread(reports.guideline_detail, model, int(fields[2]), t)
        return Outcome(messages=texts)
    if action in (Action.INVITE, Action.RENEW):
        if action is Action.RENEW:
            org = await service.coordination.renew_invite(uid, org_id, RENEW_ROLES[fields[1]])
        else:
            org = await service.coordination.coordinated_organisation(uid, org_id)
        renewed = action is Action.RENEW
        return Outcome(invite_view(t, org, context.bot.username, renewed=renewed))
    if action is Action.MEMBERS:
        return Outcome(await _members(turn, org_id))
    return await _member_action(turn, action, org_id, _id(fields[1]))


async def _member_action(turn: Turn, action: Action, org_id: int, member_id: int) -> Outcome:
    """Ask to remove, remove, or promote a member."""
    service, t, uid = turn.service, turn.t, turn.user.id
    member = await service.coordination.member(uid, org_id, member_id)
    if action is Action.REMOVE:
        org = await service.coordination.coordinated_organisation(uid, org_id)
        return Outcome(remove_confirm_view(t, org, member))
    if action is Action.REMOVE_CONFIRM:
        await service.coordination.remove_member(uid, org_id, member_id)
        return Outcome(await _members(turn, org_id, removed_notice(t, member)))
    await service.coordination.appoint_coordinator(uid, org_id, member_id)
    return Outcome(await _members(turn, org_id, promoted_notice(t, member)))


def _answered(model: reports.Model) -> bool:
    if isinstance(model, reporting.ReportModel):
        return model.has_answers
    return model.answered > 0


def _shares(model: reports.Model) -> list[tuple[int, float | None]]:
    if isinstance(model, reporting.ReportModel):
        return [(g.guideline, g.readiness.readiness) for g in model.guidelines]
    pooled = model.pooled()
    return [(g, pooled[g].readiness) for g in model.guidelines]


async def deliver(turn: Turn, bot: Bot, model: reports.Model, org_key: int) -> None:
    """Send a report: the summary messages, then the document, the spreadsheet and the chart."""
    t, chat_id = turn.t, turn.chat_id
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
