"""Pure presentation of reminders: the message of each kind, in its recipient's language, with
a button to open what it is about; and ``/reminders``, where each kind is switched off and on.

Like ``views``: Telegram HTML with every value escaped, every fixed text translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.display import units
from bot.handlers.action_views import owner_label
from bot.handlers.codec import ActionOpen, PlanPage, ReportOrg, Resume, SwitchReminder, encode
from bot.handlers.plan_views import _short
from bot.handlers.views import ROOM, Button, View, _lines, _rows, shown
from bot.i18n import N_, Translator
from bot.model import SWITCHABLE, Action, Organisation, ReminderKind
from bot.notices import ActionNotice, DigestNotice, DigestSection, Notice, StalledNotice

LISTED = 5  # actions listed per group of a digest; the rest are counted
SWITCH_LABELS = {
    ReminderKind.STALLED: N_("Stalled checklists"),
    ReminderKind.DUE_SOON: N_("Actions due soon"),
    ReminderKind.OVERDUE: N_("Overdue actions"),
    ReminderKind.DIGEST: N_("Weekly digest"),
}
SWITCH_HELP = {
    ReminderKind.STALLED: N_("when a checklist you began has waited some days for an answer"),
    ReminderKind.DUE_SOON: N_("three days before an action of yours is due"),
    ReminderKind.OVERDUE: N_(
        "the working day after an action of yours was due; coordinators a week later"
    ),
    ReminderKind.DIGEST: N_("coordinators, at the start of each working week"),
}


def reminder_view(t: Translator, notice: Notice) -> View:
    """The message of a reminder."""
    if isinstance(notice, StalledNotice):
        return stalled_view(t, notice)
    if isinstance(notice, ActionNotice):
        return action_reminder_view(t, notice)
    return digest_view(t, notice)


def _footer(t: Translator) -> str:
    return t._("<i>Reminders come in working hours; /reminders switches them off.</i>")


def stalled_view(t: Translator, notice: StalledNotice) -> View:
    """A checklist left for days: how far it has got, and a button to go on."""
    progress = notice.progress
    title = f"<b>{shown(t.title(notice.checklist))}</b>"
    text = _lines(
        t,
        t._("⏳ <b>%(org)s</b> is waiting for your answers.", org=shown(notice.organisation.name)),
        t.n_(
            "%(answered)s of %(n)s item of %(checklist)s answered.",
            "%(answered)s of %(n)s items of %(checklist)s answered.",
            progress.total,
            answered=t.number(progress.answered),
            checklist=title,
        ),
        t.n_(
            "%(n)s item is left: carry on where the checklist stands.",
            "%(n)s items are left: carry on where the checklist stands.",
            progress.total - progress.answered,
        ),
        "",
        _footer(t),
    )
    go_on = Button(t._("▶️ Continue"), encode(Resume(notice.assessment.id)))
    return View(text, _rows(t, [[go_on]]))


def action_reminder_view(t: Translator, notice: ActionNotice) -> View:
    """An action due soon, overdue, or still open a week after it was (for coordinators)."""
    action, today = notice.action, notice.today
    assert action.due is not None
    day = t.ltr(t.date_text(action.due))
    if notice.kind is ReminderKind.DUE_SOON:
        days = (action.due - today).days
        first = t.n_(
            "📅 Action %(number)s is due on %(date)s, in %(n)s day:",
            "📅 Action %(number)s is due on %(date)s, in %(n)s days:",
            days,
            number=action.id,
            date=day,
        )
    elif notice.kind is ReminderKind.OVERDUE:
        first = t._(
            "⏰ Action %(number)s was due on %(date)s and is still open:",
            number=action.id,
            date=day,
        )
    else:
        first = t._(
            "🔔 Action %(number)s of <b>%(org)s</b> was due on %(date)s and is still open a week"
            " later:",
            number=action.id,
            org=shown(notice.organisation.name),
            date=day,
        )
    lines = [first, f"<i>{shown(_short(action.text, 600))}</i>"]
    if notice.kind is ReminderKind.ESCALATED:
        lines.append(t._("👤 Owner: %(owner)s", owner=owner_label(t, action.owner)))
    lines += ["", _footer(t)]
    button = Button(t._("Open the action"), encode(ActionOpen(action.id)))
    return View(_lines(t, *lines), _rows(t, [[button]]))


def _listed(t: Translator, actions: Sequence[Action]) -> list[str]:
    lines = [f"• {shown(_short(a.text, 60))} · {_due(t, a)}" for a in actions[:LISTED]]
    if len(actions) > LISTED:
        more = len(actions) - LISTED
        lines.append(t.n_("• and %(n)s more", "• and %(n)s more", more))
    return lines


def _due(t: Translator, action: Action) -> str:
    return t.ltr(t.date_text(action.due)) if action.due else t._("no due date")


def _section(t: Translator, section: DigestSection) -> list[str]:
    lines = [f"<b>{shown(section.organisation.name)}</b>"]
    if section.progress:
        parts = [
            t._("%(checklist)s %(percent)s", checklist=shown(t.title(c)), percent=t.ltr(f"{p}%"))
            for c, p in section.progress
        ]
        lines.append(t._("📋 This cycle: %(list)s", list=t.format_list(parts)))
    if section.overdue:
        lines.append(
            t.n_("⏰ Overdue: %(n)s action", "⏰ Overdue: %(n)s actions", len(section.overdue))
        )
        lines += _listed(t, section.overdue)
    if section.due_soon:
        lines.append(
            t.n_(
                "📅 Due within two weeks: %(n)s action",
                "📅 Due within two weeks: %(n)s actions",
                len(section.due_soon),
            )
        )
        lines += _listed(t, section.due_soon)
    if section.finished:
        lines.append(
            t.n_(
                "✅ Finished last week: %(n)s action",
                "✅ Finished last week: %(n)s actions",
                len(section.finished),
            )
        )
        lines += _listed(t, section.finished)
    return lines


def _org_buttons(t: Translator, org: Organisation) -> list[Button]:
    name = _short(org.name, 30)
    return [
        Button(t._("📊 Report: %(org)s", org=name), encode(ReportOrg(org.id))),
        Button(t._("🎯 Actions: %(org)s", org=name), encode(PlanPage(org.id, 0))),
    ]


def digest_view(t: Translator, notice: DigestNotice) -> View:
    """A coordinator's week: each organisation's progress and actions, with buttons to its
    report and its action plan; organisations that do not fit are named at the end."""
    lines = [t._("🗓 <b>Your week</b>"), ""]
    rows: list[list[Button]] = []
    left: list[str] = []
    for section in notice.sections:
        block = [*_section(t, section), ""]
        if left or units("\n".join(lines + block)) > ROOM - 400:
            left.append(shown(section.organisation.name))
            continue
        lines += block
        rows.append(_org_buttons(t, section.organisation))
    if left:
        lines.append(t._("Also: %(orgs)s. See /report and /actions.", orgs=t.format_list(left)))
    lines.append(_footer(t))
    return View(_lines(t, *lines), _rows(t, rows[:20]))


def reminders_view(
    t: Translator, switches: Mapping[ReminderKind, bool], *, enabled: bool, notice: str = ""
) -> View:
    """``/reminders``: each kind with what it is, and a button to switch it off or on."""
    lines = [t._("🔔 <b>Reminders</b>"), ""]
    if not enabled:
        off = t._("⚠️ This bot sends no reminders at the moment: its operator switched them off.")
        lines += [off, ""]
    for kind in SWITCHABLE:
        mark = "✅" if switches[kind] else "⬜"
        lines.append(f"{mark} <b>{t._(SWITCH_LABELS[kind])}</b>: {t._(SWITCH_HELP[kind])}")
    lines += ["", t._("They come in your organisation's working hours. Tap one to switch it.")]
    if notice:
        lines += ["", notice]
    rows = [
        [
            Button(
                ("✅ " if switches[kind] else "⬜ ") + t._(SWITCH_LABELS[kind]),
                encode(SwitchReminder(kind, on=not switches[kind])),
            )
        ]
        for kind in SWITCHABLE
    ]
    return View(_lines(t, *lines), _rows(t, rows))
