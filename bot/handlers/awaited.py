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


async def on_awaited_text(
    turn: Turn, context: ContextTypes.DEFAULT_TYPE, pending: Pending, text: str
) -> None:
    """The text the bot waits for: an action's text, due date, partner, support, evidence note,
    or a new cycle's name."""
    if pending.kind is PendingKind.CYCLE_LABEL:
        await on_cycle_name(turn, context, text)
        return
    plan, uid, t = turn.service.actions, turn.user.id, turn.t
    try:
        if pending.kind is PendingKind.ACTION_DUE:
            day = t.parse_date(text)
            if day is None:
                example = t.date_text(plan.today().replace(day=28), "short")
                reply = t._(
                    "I could not read that date. Please send it as 2027-03-31 or as "
                    "%(example)s, or /cancel.",
                    example=t.ltr(example),
                )
                await say(turn, context, reply)
                return
            action, notice = await plan.save_due(uid, day), t._("✅ Due date saved.")
        elif pending.kind in EVIDENCE:
            action, notice = await _evidence(turn, note=text)
        else:
            action, notice = await _text(turn, pending.kind, text)
    except PastDueDate:
        await say(turn, context, t._("That date has passed. Please send a later one, or /cancel."))
        return
    except TextTooLong as exc:
        reply = t._(
            "Your text has %(length)s characters; the limit is %(limit)s. Please shorten it.",
            length=t.number(exc.length),
            limit=t.number(exc.limit),
        )
        await say(turn, context, reply)
        return
    except (StaleAction, AccessDenied, NotFound) as exc:
        await _refused(turn, context, exc)
        return
    except DomainError:
        await say(turn, context, t._("Please send some text, or /cancel."))
        return
    await send(context.bot, turn.chat_id, await opened_view(turn, action.id, notice))


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
