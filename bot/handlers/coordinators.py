"""Coordinators in chat: /report, /invite and /members, and the buttons under them.

Thin: access rules live in ``bot.access``, asked by the use cases; each button has its own small
handler in ``ROUTES``; a built report is sent by ``report_delivery``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import reports
from bot.handlers.codec import (
    BadCallback,
    Invite,
    Members,
    Payload,
    Promote,
    Remove,
    RemoveConfirmed,
    Renew,
    Report,
    ReportDetail,
    ReportOrg,
    ResendFile,
    SettingMenu,
    TypeSetting,
    decode,
)
from bot.handlers.coordinator_views import (
    ALL,
    all_label,
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
)
from bot.handlers.cycle_report_views import other_cycles_view
from bot.handlers.layout import Button, View
from bot.handlers.plan_views import detail_plan_buttons
from bot.handlers.replies import answer_press, edit, send
from bot.handlers.report_delivery import deliver, resend
from bot.handlers.routing import Context, Router
from bot.handlers.turn import Turn, begin
from bot.model import AccessDenied, DomainError, NotFound, Organisation, name_key

log = logging.getLogger(__name__)


async def pick_organisation(
    turn: Turn,
    context: ContextTypes.DEFAULT_TYPE,
    command: str,
    choose: Callable[[int], Payload],
    prompt: str,
    *,
    offer_all: bool = False,
) -> Organisation | None:
    """The one organisation meant, or None after asking which one (or refusing).

    ``choose`` makes the button of an organisation; ``offer_all`` adds one for all of them.
    """
    orgs = await turn.service.coordination.coordinated(turn.user.id)
    query = " ".join(context.args or []).strip()
    matching = [o for o in orgs if name_key(query) in name_key(o.name)]
    if len(matching) == 1:
        return matching[0]
    if not orgs:
        view = refusal_view(turn.t)
    elif not matching:
        view = no_match_view(turn.t, query)
    else:
        everyone = offer_all and not query
        view = org_picker_view(turn.t, matching, choose, prompt, command, everyone=everyone)
    await send(context.bot, turn.chat_id, view)
    return None


async def on_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report [NAME]: choose an organisation (or all), then a checklist; get the report."""
    turn = await begin(update, context)
    prompt = turn.t._("📊 Which organisation should the report cover?")
    org = await pick_organisation(turn, context, "/report", ReportOrg, prompt, offer_all=True)
    if org is not None:
        checklists = turn.service.sorted_checklists()
        view = report_checklists_view(turn.t, org.id, org.name, checklists)
        await send(context.bot, turn.chat_id, view)


async def on_invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invite [NAME]: an organisation's invite codes and links, with buttons to renew them."""
    turn = await begin(update, context)
    prompt = turn.t._("🔑 Which organisation's invite codes?")
    org = await pick_organisation(turn, context, "/invite", Invite, prompt)
    if org is not None:
        view = invite_view(turn.t, org, context.bot.username, renewed=False)
        await send(context.bot, turn.chat_id, view)


async def on_members(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/members [NAME]: an organisation's members, with buttons to remove them."""
    turn = await begin(update, context)
    prompt = turn.t._("👥 Which organisation's members?")
    org = await pick_organisation(turn, context, "/members", Members, prompt)
    if org is not None:
        await send(context.bot, turn.chat_id, await _members(turn, org.id))


@dataclass(frozen=True)
class Outcome:
    """What a button press leads to: a new text for its message, new messages, a report."""

    edit: View | None = None
    messages: list[str] = field(default_factory=list)
    buttons: tuple[tuple[Button, ...], ...] = ()  # under the last of the messages
    report: reports.Model | None = None
    org_key: int = ALL
    cycle_id: int | None = None  # the report's cycle, when one was chosen
    after: View | None = None  # the pressed message once the report is sent


ROUTES: Router[Outcome] = Router()


def _awaits_typing(payload: Payload) -> bool:
    """Whether the press asks for a time zone or hours to be typed; any other ends that wait."""
    if isinstance(payload, SettingMenu):
        return payload.setting in ("zone", "hours")
    return isinstance(payload, TypeSetting)


async def on_coordinator_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every coordinator button; ``query.answer()`` is called exactly once."""
    query = update.callback_query
    assert query is not None
    turn = await begin(update, context)
    t = turn.t
    try:
        payload = decode(query.data)
        outcome = await ROUTES.handle(turn, payload, context)
        if not _awaits_typing(payload):  # after the press's own write, which marks it handled
            await turn.service.coordination.stop_typing(turn.user.id)
    except AccessDenied:
        alert = t._("Only coordinators of that organisation can do this.")
        await answer_press(query, alert)
        return
    except (BadCallback, DomainError):
        log.info("stale or unknown coordinator button from user %s", turn.user.id)
        alert = t._("This button no longer works. Please send the command again.")
        await answer_press(query, alert)
        return
    message = query.message if isinstance(query.message, Message) else None
    # The press is answered while the message changes: a courtesy, whose failure stops nothing.
    first: list[Awaitable[None]] = [answer_press(query)]
    if outcome.edit is not None:
        shown = edit(context.bot, message, turn.chat_id, outcome.edit)
        # For a report, "Preparing…" is a courtesy too: the report goes out regardless.
        first.append(_courtesy(shown) if outcome.report is not None else shown)
    await asyncio.gather(*first)
    for n, text in enumerate(outcome.messages, 1):
        last = n == len(outcome.messages)
        await send(context.bot, turn.chat_id, View(text, outcome.buttons if last else ()))
    if outcome.report is None:
        return
    protect = turn.deps.protect_reports
    key, cycle = outcome.org_key, outcome.cycle_id
    await deliver(
        context.bot, turn.chat_id, t, outcome.report, key, protect=protect, cycle_id=cycle
    )
    if outcome.after is not None and message is not None:
        await _courtesy(edit(context.bot, message, turn.chat_id, outcome.after))


async def _courtesy(shown: Awaitable[None]) -> None:
    """A message change the report does not depend on: its failure is logged, not raised."""
    try:
        await shown
    except TelegramError as exc:
        log.warning("could not update the report's message: %s", type(exc).__name__)


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


@ROUTES.on(ReportOrg)
async def _report_org(turn: Turn, press: ReportOrg, context: Context) -> Outcome:
    """The organisation (or all) is chosen: next, choose the checklist."""
    _, name = await _scope(turn, press.org_id)
    checklists = turn.service.sorted_checklists()
    return Outcome(report_checklists_view(turn.t, press.org_id, name, checklists))


@ROUTES.on(Report)
async def _report(turn: Turn, press: Report, context: Context) -> Outcome:
    """Build the report; it is sent below the pressed message, which says so."""
    t = turn.t
    _, name = await _scope(turn, press.org_id)
    model = await _model(turn, press.org_id, press.checklist_id)
    after = report_sent_view(t, name, model.checklist)
    if press.org_id != ALL:  # an organisation's report: its other cycles can be chosen
        after = await with_other_cycles(turn, after, press.org_id, model)
    return Outcome(
        preparing_view(t, name, model.checklist), report=model, org_key=press.org_id, after=after
    )


async def with_other_cycles(turn: Turn, view: View, org_id: int, model: reports.Model) -> View:
    """The message a report was sent under, with buttons to the reports of the checklist's
    other cycles with answers, if it has any."""
    reporting, checklist_id = turn.service.reporting, model.checklist.id
    cycles = await reporting.answered_cycles(turn.user.id, org_id, checklist_id)
    return other_cycles_view(turn.t, view, org_id, checklist_id, cycles, model.cycle)


@ROUTES.on(ResendFile)
async def _resend_file(turn: Turn, press: ResendFile, context: Context) -> Outcome:
    """One file of a report again, after it could not be sent (or may not have arrived)."""
    model = await _model(turn, press.org_id, press.checklist_id)
    protect = turn.deps.protect_reports
    await resend(
        context.bot, turn.chat_id, turn.t, model, press.org_id, press.kind, protect=protect
    )
    return Outcome()


@ROUTES.on(ReportDetail)
async def _report_detail(turn: Turn, press: ReportDetail, context: Context) -> Outcome:
    """One Guideline of the report in detail, as new messages; under them, for an
    organisation's report, a button per gap to plan an action (or open the one it has)."""
    model = await _model(turn, press.org_id, press.checklist_id)
    if model.checklist.section(press.guideline) is None:
        raise NotFound(f"no Guideline {press.guideline} in {model.checklist.id}")
    texts = await asyncio.to_thread(reports.guideline_detail, model, press.guideline, turn.t)
    if press.org_id == ALL:
        return Outcome(messages=texts)
    gaps = await turn.service.actions.gaps(turn.user.id, press.org_id, press.checklist_id)
    buttons = detail_plan_buttons(turn.t, gaps, press.guideline)
    return Outcome(messages=texts, buttons=buttons)


@ROUTES.on(Invite)
async def _invite(turn: Turn, press: Invite, context: Context) -> Outcome:
    """The organisation's invite codes."""
    org = await turn.service.coordination.coordinated_organisation(turn.user.id, press.org_id)
    return Outcome(invite_view(turn.t, org, context.bot.username, renewed=False))


@ROUTES.on(Renew)
async def _renew(turn: Turn, press: Renew, context: Context) -> Outcome:
    """A new invite code for responders or coordinators; the old one stops working."""
    org = await turn.service.coordination.renew_invite(turn.user.id, press.org_id, press.role)
    return Outcome(invite_view(turn.t, org, context.bot.username, renewed=True))


@ROUTES.on(Members)
async def _members_list(turn: Turn, press: Members, context: Context) -> Outcome:
    """The organisation's members."""
    return Outcome(await _members(turn, press.org_id))


@ROUTES.on(Remove)
async def _remove(turn: Turn, press: Remove, context: Context) -> Outcome:
    """Ask before removing a member."""
    service, uid = turn.service, turn.user.id
    member = await service.coordination.member(uid, press.org_id, press.user_id)
    org = await service.coordination.coordinated_organisation(uid, press.org_id)
    return Outcome(remove_confirm_view(turn.t, org, member))


@ROUTES.on(RemoveConfirmed)
async def _remove_confirmed(turn: Turn, press: RemoveConfirmed, context: Context) -> Outcome:
    """Remove the member and show the list without them."""
    service, uid = turn.service, turn.user.id
    member = await service.coordination.member(uid, press.org_id, press.user_id)
    await service.coordination.remove_member(uid, press.org_id, press.user_id)
    return Outcome(await _members(turn, press.org_id, removed_notice(turn.t, member)))


@ROUTES.on(Promote)
async def _promote(turn: Turn, press: Promote, context: Context) -> Outcome:
    """Make the member a coordinator (administrators) and show the list again."""
    service, uid = turn.service, turn.user.id
    member = await service.coordination.member(uid, press.org_id, press.user_id)
    await service.coordination.appoint_coordinator(uid, press.org_id, press.user_id)
    return Outcome(await _members(turn, press.org_id, promoted_notice(turn.t, member)))
