"""Reports of a chosen cycle in chat: an earlier cycle's summary and files, its Guidelines in
detail and its files sent again. The buttons are routed with the other coordinator buttons
(``coordinators.ROUTES``); a cycle the organisation has no answers in is refused as stale.
"""

from __future__ import annotations

import asyncio

from bot import reports
from bot.handlers.codec import ReportCycle, ReportCycleDetail, ResendCycleFile
from bot.handlers.coordinator_views import preparing_view, report_sent_view
from bot.handlers.coordinators import ROUTES, Outcome, with_other_cycles
from bot.handlers.plan_views import detail_plan_buttons
from bot.handlers.report_delivery import resend
from bot.handlers.routing import Context
from bot.handlers.turn import Turn
from bot.model import NotFound
from bot.reporting import ReportModel


async def _model(turn: Turn, org_id: int, checklist_id: str, cycle_id: int) -> ReportModel:
    reporting = turn.service.reporting
    return await reporting.build_cycle_report(turn.user.id, org_id, checklist_id, cycle_id)


@ROUTES.on(ReportCycle)
async def _report_cycle(turn: Turn, press: ReportCycle, context: Context) -> Outcome:
    """Build the cycle's report; it is sent below the pressed message, which then offers the
    checklist's other cycles."""
    t = turn.t
    model = await _model(turn, press.org_id, press.checklist_id, press.cycle_id)
    name = model.organisation.name
    after = report_sent_view(t, name, model.checklist)
    return Outcome(
        preparing_view(t, name, model.checklist),
        report=model,
        org_key=press.org_id,
        cycle_id=press.cycle_id,
        after=await with_other_cycles(turn, after, press.org_id, model),
    )


@ROUTES.on(ReportCycleDetail)
async def _detail(turn: Turn, press: ReportCycleDetail, context: Context) -> Outcome:
    """One Guideline of the cycle's report in detail; when that cycle's gaps are the ones to
    plan for (it is the newest answered), a button per gap to plan an action."""
    model = await _model(turn, press.org_id, press.checklist_id, press.cycle_id)
    if model.checklist.section(press.guideline) is None:
        raise NotFound(f"no Guideline {press.guideline} in {model.checklist.id}")
    texts = await asyncio.to_thread(reports.guideline_detail, model, press.guideline, turn.t)
    gaps = await turn.service.actions.gaps(turn.user.id, press.org_id, press.checklist_id)
    if gaps.cycle != model.cycle:
        return Outcome(messages=texts)
    return Outcome(messages=texts, buttons=detail_plan_buttons(turn.t, gaps, press.guideline))


@ROUTES.on(ResendCycleFile)
async def _resend_file(turn: Turn, press: ResendCycleFile, context: Context) -> Outcome:
    """One file of the cycle's report again, after it could not be sent."""
    model = await _model(turn, press.org_id, press.checklist_id, press.cycle_id)
    protect = turn.deps.protect_reports
    await resend(
        context.bot,
        turn.chat_id,
        turn.t,
        model,
        press.org_id,
        press.kind,
        protect=protect,
        cycle_id=press.cycle_id,
    )
    return Outcome()
