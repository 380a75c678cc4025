"""Texts and files awaited for the action plan and for cycles (a note has its own way, in
``messages``): each goes to its use case, and bad input is answered without losing the wait.
"""

from __future__ import annotations

from telegram.ext import ContextTypes

from bot.handlers.actions import opened_view
from bot.handlers.commands import say
from bot.handlers.cycles import on_cycle_name
from bot.handlers.replies import send
from bot.handlers.turn import Turn
from bot.handlers.working_settings import on_typed_setting
from bot.model import (
    AccessDenied,
    Action,
    DomainError,
    EvidenceFile,
    NotFound,
    PastDueDate,
    Pending,
    PendingKind,
    StaleAction,
    TextTooLong,
)

EVIDENCE = (PendingKind.ACTION_EVIDENCE, PendingKind.ACTION_FINISH)


class UnreadableDate(DomainError):
    """A typed due date that reads as no date in the user's language."""


async def on_awaited_text(
    turn: Turn, context: ContextTypes.DEFAULT_TYPE, pending: Pending, text: str
) -> None:
    """The text the bot waits for: an action's text, due date, partner, support, evidence note,
    a new cycle's name, or an organisation's time zone or working hours. Input that can be
    sent again is answered, and the wait goes on."""
    if pending.kind is PendingKind.CYCLE_LABEL:
        await on_cycle_name(turn, context, text)
        return
    if pending.kind in (PendingKind.TIMEZONE, PendingKind.WORK_HOURS):
        await on_typed_setting(turn, context, text)
        return
    try:
        action, notice = await _save(turn, pending.kind, text)
    except (StaleAction, AccessDenied, NotFound) as exc:
        await _refused(turn, context, exc)
        return
    except DomainError as exc:
        await say(turn, context, _again(turn, exc))
        return
    await send(context.bot, turn.chat_id, await opened_view(turn, action.id, notice))


async def _save(turn: Turn, kind: PendingKind, text: str) -> tuple[Action, str]:
    """Save the text as its kind says; the action and what to say about it."""
    plan, t = turn.service.actions, turn.t
    if kind is PendingKind.ACTION_DUE:
        day = t.parse_date(text)
        if day is None:
            raise UnreadableDate(text)
        return await plan.save_due(turn.user.id, day), t._("✅ Due date saved.")
    if kind in EVIDENCE:
        return await _evidence(turn, note=text)
    return await _text(turn, kind, text)


def _again(turn: Turn, error: DomainError) -> str:
    """Why a text was not taken, and how to send it again."""
    t = turn.t
    if isinstance(error, UnreadableDate):
        example = t.date_text(turn.service.actions.today().replace(day=28), "short")
        return t._(
            "I could not read that date. Please send it as 2027-03-31 or as %(example)s, or "
            "/cancel.",
            example=t.ltr(example),
        )
    if isinstance(error, PastDueDate):
        return t._("That date has passed. Please send a later one, or /cancel.")
    if isinstance(error, TextTooLong):
        return t._(
            "Your text has %(length)s characters; the limit is %(limit)s. Please shorten it.",
            length=t.number(error.length),
            limit=t.number(error.limit),
        )
    return t._("Please send some text, or /cancel.")


async def _text(turn: Turn, kind: PendingKind, text: str) -> tuple[Action, str]:
    plan, uid, t = turn.service.actions, turn.user.id, turn.t
    if kind is PendingKind.ACTION_TEXT:
        pending = await turn.service.pending(uid)
        action = await plan.save_text(uid, text)
        if pending is not None and pending.action_id is None:
            return action, t._("✅ Action %(number)s is planned.", number=action.id)
        return action, t._("✅ Text saved.")
    if kind is PendingKind.ACTION_PARTNER:
        return await plan.save_partner(uid, text), t._("✅ Owner saved.")
    return await plan.save_support(uid, text), t._("✅ Support needed saved.")


async def _evidence(
    turn: Turn, *, note: str | None = None, file: EvidenceFile | None = None
) -> tuple[Action, str]:
    """Keep the evidence; the notice says whether it finished the action."""
    action, finished = await turn.service.actions.add_evidence(turn.user.id, note=note, file=file)
    if finished:
        return action, turn.t._("✅ Finished, with evidence.")
    return action, turn.t._("📎 Kept as evidence.")


async def _refused(turn: Turn, context: ContextTypes.DEFAULT_TYPE, error: DomainError) -> None:
    """A text that can no longer be saved: the action changed, or is no longer the user's."""
    t = turn.t
    await turn.service.cancel(turn.user.id)
    if isinstance(error, StaleAction):
        notice = t._("Someone else changed this action meanwhile, so your text was not saved.")
        view = await opened_view(turn, error.current.id, notice)
        await send(context.bot, turn.chat_id, view)
        return
    await say(turn, context, t._("That can no longer be saved: the action is not yours to change."))


async def on_action_file(
    turn: Turn, context: ContextTypes.DEFAULT_TYPE, file: EvidenceFile
) -> None:
    """A photo or document sent as evidence for an action: more may follow, unless it
    finished the action."""
    t = turn.t
    waiting = await turn.service.pending(turn.user.id)
    try:
        action, notice = await _evidence(turn, file=file)
    except (StaleAction, AccessDenied, NotFound) as exc:
        await _refused(turn, context, exc)
        return
    if waiting is not None and waiting.kind is PendingKind.ACTION_EVIDENCE:
        reply = t._(
            "📎 Kept as evidence for action %(number)s. Send more, a note, or /cancel when "
            "you are done.",
            number=action.id,
        )
        await say(turn, context, reply)
        return
    await send(context.bot, turn.chat_id, await opened_view(turn, action.id, notice))
