"""Pure presentation of one action: its fields, the buttons its viewer may use, the choices
for a field, the questions for a typed answer, and the message its new owner gets.

Like every view (see ``layout``): Telegram HTML with every value escaped, every fixed text
translated, buttons encoded by the codec, each carrying the version of the action shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from bot import action_rules as rules
from bot.action_labels import PRIORITY_LABELS, STATUS_LABELS, owner_text
from bot.actions import Opened
from bot.display import isolate
from bot.handlers.codec import (
    ActionAsk,
    ActionDue,
    ActionFinishBare,
    ActionMenu,
    ActionOpen,
    ActionOwner,
    ActionPriority,
    ActionStatusTo,
    MyActions,
    OwnerPage,
    PlanPage,
    encode,
)
from bot.handlers.layout import Button, View, button_rows, join_lines, shown
from bot.i18n import Translator
from bot.model import Action, ActionStatus, Member, Owner, PendingKind, Priority

STATUS_ICONS = {
    ActionStatus.NOT_STARTED: "⚪",
    ActionStatus.ONGOING: "🔵",
    ActionStatus.DELAYED: "🟡",
    ActionStatus.STANDBY: "⏸",
    ActionStatus.FINISHED: "✅",
    ActionStatus.CANCELLED: "✖️",
}
PRIORITY_ICONS = {Priority.HIGH: "🔴", Priority.MEDIUM: "🟠", Priority.LOW: "🟢"}
OWNER_CHOICES = 30  # members offered as buttons on one page of the owner menu


def status_label(t: Translator, status: ActionStatus) -> str:
    """``🔵 Ongoing``."""
    return f"{STATUS_ICONS[status]} {t._(STATUS_LABELS[status])}"


def owner_label(t: Translator, owner: Owner | None) -> str:
    """Who owns an action, escaped: a member, a partner, someone who left, or nobody."""
    return escape(owner_text(t, owner))


def due_label(t: Translator, action: Action, today: date) -> str:
    """The due date in the reader's format, marked when overdue."""
    if action.due is None:
        return t._("no due date")
    day = t.ltr(t.date_text(action.due))
    return t._("%(date)s · ⏰ overdue", date=day) if action.overdue(today) else day


def heading(t: Translator, action: Action) -> str:
    """``🎯 Action 12 · 🔴 High priority``."""
    priority = f"{PRIORITY_ICONS[action.priority]} {t._(PRIORITY_LABELS[action.priority])}"
    return t._("🎯 <b>Action %(number)s</b> · %(priority)s", number=action.id, priority=priority)


def _evidence_line(t: Translator, action: Action) -> str:
    if action.evidence:
        return t.n_("📎 Evidence: %(n)s piece", "📎 Evidence: %(n)s pieces", action.evidence)
    if action.status is ActionStatus.FINISHED:
        return t._("📎 Finished without evidence")
    return t._("📎 No evidence yet")


def _fields(t: Translator, opened: Opened) -> list[str]:
    action = opened.action
    lines = [heading(t, action), f"<i>{shown(action.text)}</i>", ""]
    if opened.checklist is not None and opened.item is not None:
        question = escape(t.item(opened.checklist, opened.item, "question"))
        code = t._("G%(number)s", number=opened.item.guideline)
        lines.append(t._("📌 For: <b>%(code)s</b> · %(question)s", code=code, question=question))
    lines += [
        t._("👤 Owner: %(owner)s", owner=owner_label(t, action.owner)),
        t._("📅 Due: %(date)s", date=due_label(t, action, opened.today)),
        t._("🚦 Status: %(status)s", status=status_label(t, action.status)),
    ]
    if action.support:
        lines.append(t._("🆘 Support needed: %(support)s", support=shown(action.support)))
    lines.append(_evidence_line(t, action))
    changed = t.ltr(t.date_text(action.updated_at.date()))
    lines.append(t._("Last change: %(date)s", date=changed))
    return lines


def action_view(t: Translator, opened: Opened, notice: str = "") -> View:
    """One action with the buttons for what its viewer may change."""
    action = opened.action
    aid, v = action.id, action.version
    lines = _fields(t, opened) + (["", notice] if notice else [])
    rows: list[list[Button]] = []
    statuses = rules.statuses_for(action, coordinator=opened.may_edit)
    status = Button(t._("🚦 Status"), encode(ActionMenu(aid, v, "status")))
    support = Button(
        t._("🆘 Support needed"), encode(ActionAsk(aid, v, PendingKind.ACTION_SUPPORT))
    )
    evidence = Button(t._("📎 Evidence"), encode(ActionAsk(aid, v, PendingKind.ACTION_EVIDENCE)))
    if opened.may_edit:
        rows.append(
            [
                Button(t._("👤 Owner"), encode(ActionMenu(aid, v, "owner"))),
                Button(t._("📅 Due date"), encode(ActionMenu(aid, v, "due"))),
                Button(t._("⚡ Priority"), encode(ActionMenu(aid, v, "priority"))),
            ]
        )
        rows.append(
            [status, Button(t._("✏️ Text"), encode(ActionAsk(aid, v, PendingKind.ACTION_TEXT)))]
        )
        rows.append([support, evidence])
        rows.append([Button(t._("📋 The action plan"), encode(PlanPage(action.org_id, 0)))])
    elif opened.may_update:
        rows.append([status] if statuses else [])
        rows.append([support, evidence] if action.status.is_open else [evidence])
        rows.append([Button(t._("📋 My actions"), encode(MyActions()))])
    return View(join_lines(t, *lines), button_rows(t, rows))


def _back(t: Translator, action: Action) -> list[Button]:
    return [Button(t._("↩️ Back to the action"), encode(ActionOpen(action.id)))]


def owner_menu_view(
    t: Translator, opened: Opened, members: Sequence[Member], page: int = 0
) -> View:
    """Choose the owner: a member of the organisation (coordinators first, then by name, in
    pages of OWNER_CHOICES), or a partner named in free text."""
    action = opened.action
    pages = max(1, -(-len(members) // OWNER_CHOICES))
    page = min(max(page, 0), pages - 1)
    lines = [*_fields(t, opened)[:2], "", t._("Who owns this action?")]
    if pages > 1:
        lines.append(t._("Page %(page)s of %(pages)s", page=page + 1, pages=pages))
    choices = [
        Button(
            isolate(m.first_name) if m.first_name else t._("a former member"),
            encode(ActionOwner(action.id, action.version, m.user_id)),
        )
        for m in members[page * OWNER_CHOICES : (page + 1) * OWNER_CHOICES]
    ]
    rows = [choices[i : i + 2] for i in range(0, len(choices), 2)]
    rows.append(_owner_paging(t, action, page, pages))
    partner = encode(ActionAsk(action.id, action.version, PendingKind.ACTION_PARTNER))
    rows += [[Button(t._("🤝 A partner organisation"), partner)], _back(t, action)]
    return View(join_lines(t, *lines), button_rows(t, rows))


def _owner_paging(t: Translator, action: Action, page: int, pages: int) -> list[Button]:
    """The buttons to the previous and next pages of members, where there are any."""
    paging = []
    if page > 0:
        back = OwnerPage(action.id, action.version, page - 1)
        paging.append(Button(t._("◀ Page %(n)s", n=page), encode(back)))
    if page < pages - 1:
        forward = OwnerPage(action.id, action.version, page + 1)
        paging.append(Button(t._("Page %(n)s ▶", n=page + 2), encode(forward)))
    return paging


def due_menu_view(t: Translator, opened: Opened) -> View:
    """Choose the due date: in 1, 3, 6 or 12 months, or typed."""
    action = opened.action
    lines = [*_fields(t, opened)[:2], "", t._("When is it due?")]
    choices = [
        Button(
            t.n_(
                "In %(n)s month · %(date)s",
                "In %(n)s months · %(date)s",
                months,
                date=t.date_text(rules.in_months(opened.today, months)),
            ),
            encode(ActionDue(action.id, action.version, months)),
        )
        for months in rules.QUICK_MONTHS
    ]
    typed = encode(ActionAsk(action.id, action.version, PendingKind.ACTION_DUE))
    rows = [choices[:2], choices[2:], [Button(t._("⌨️ Type a date"), typed)], _back(t, action)]
    return View(join_lines(t, *lines), button_rows(t, rows))


def priority_menu_view(t: Translator, opened: Opened) -> View:
    """Choose the priority."""
    action = opened.action
    lines = [*_fields(t, opened)[:2], "", t._("How urgent is it?")]
    choices = [
        Button(
            f"{PRIORITY_ICONS[p]} {t._(label)}",
            encode(ActionPriority(action.id, action.version, p)),
        )
        for p, label in PRIORITY_LABELS.items()
    ]
    return View(join_lines(t, *lines), button_rows(t, [choices, _back(t, action)]))


def status_menu_view(t: Translator, opened: Opened) -> View:
    """Choose the status among those the viewer may move the action to."""
    action = opened.action
    lines = [*_fields(t, opened)[:2], "", t._("Where does it stand?")]
    statuses = rules.statuses_for(action, coordinator=opened.may_edit)
    choices = [
        Button(status_label(t, s), encode(ActionStatusTo(action.id, action.version, s)))
        for s in statuses
    ]
    rows = [choices[i : i + 2] for i in range(0, len(choices), 2)] + [_back(t, action)]
    return View(join_lines(t, *lines), button_rows(t, rows))


def prompt_view(t: Translator, action: Action, kind: PendingKind, today: date) -> View:
    """Asks for the text awaited for an action (and, when finishing, offers to skip evidence)."""
    number = action.id
    if kind is PendingKind.ACTION_TEXT:
        text = t._("✏️ Send the new text of action %(number)s. /cancel to stop.", number=number)
    elif kind is PendingKind.ACTION_DUE:
        example = rules.in_months(today, 3)
        text = t._(
            "📅 Send the due date of action %(number)s, as %(iso)s or %(local)s. /cancel to stop.",
            number=number,
            iso=t.ltr(example.isoformat()),
            local=t.ltr(t.date_text(example, "short")),
        )
    elif kind is PendingKind.ACTION_PARTNER:
        text = t._(
            "🤝 Send the name of the partner organisation that owns action %(number)s. "
            "/cancel to stop.",
            number=number,
        )
    elif kind is PendingKind.ACTION_SUPPORT:
        text = t._(
            "🆘 Send the support action %(number)s needs: people, money, equipment or "
            "decisions. /cancel to stop.",
            number=number,
        )
    elif kind is PendingKind.ACTION_EVIDENCE:
        text = t._(
            "📎 Send photos or documents showing the work on action %(number)s, or a note. "
            "/cancel when you are done.",
            number=number,
        )
    else:
        return finish_prompt_view(t, action)
    return View(join_lines(t, f"<i>{shown(action.text)}</i>", "", text))


def finish_prompt_view(t: Translator, action: Action) -> View:
    """Finishing asks for evidence; skipping it is one more tap."""
    text = join_lines(
        t,
        f"<i>{shown(action.text)}</i>",
        "",
        t._(
            "✅ To finish action %(number)s, send evidence: a photo, a document or a note. "
            "/cancel to stop.",
            number=action.id,
        ),
    )
    skip = encode(ActionFinishBare(action.id, action.version))
    return View(text, button_rows(t, [[Button(t._("Finish without evidence"), skip)]]))


def new_action_prompt_view(t: Translator, org_name: str) -> View:
    """Asks for the text of a new stand-alone action."""
    return View(
        join_lines(
            t,
            t._(
                "✏️ Send the text of the new action of <b>%(org)s</b>: what is to be done. "
                "/cancel to stop.",
                org=shown(org_name),
            ),
        )
    )


def assigned_view(t: Translator, action: Action, org_name: str, by: str, today: date) -> View:
    """What a member is told when an action is given to them, in their language."""
    text = join_lines(
        t,
        t._(
            "🎯 %(name)s gave you an action of <b>%(org)s</b>:",
            name=shown(by),
            org=shown(org_name),
        ),
        f"<i>{shown(action.text)}</i>",
        t._("📅 Due: %(date)s", date=due_label(t, action, today)),
    )
    return View(
        text, button_rows(t, [[Button(t._("Open the action"), encode(ActionOpen(action.id)))]])
    )
