"""Pure presentation of the action plan: an organisation's plan (overdue first, grouped by
status, with counts), a member's own actions, and the gaps of a checklist to plan for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from bot import action_rules as rules
from bot.action_labels import STATUS_LABELS
from bot.actions import GapPlan, Plan
from bot.display import shorten
from bot.handlers.action_views import (
    PRIORITY_ICONS,
    due_label,
    owner_label,
    status_label,
)
from bot.handlers.codec import (
    ActionOpen,
    GapChecklists,
    GapList,
    GapPage,
    PlanGap,
    PlanMinimum,
    PlanNew,
    PlanPage,
    encode,
)
from bot.handlers.layout import Button, View, button_rows, join_lines, shown
from bot.i18n import Translator
from bot.model import Action, Checklist
from bot.reports.wording import answer_label
from bot.scoring import Gap

PAGE = 10  # actions per message
GAPS_PAGE = 20  # gaps per message: 20 lines of at most ~150 units, 20 buttons
TEXT_CHARS = 70
PER_ROW = 5


def _short(text: str, units: int = TEXT_CHARS) -> str:
    """A text shortened for a line or a button (counted as Telegram counts, UTF-16 units)."""
    return shorten(text, units)[0]


def _line(t: Translator, n: int, action: Action, today: date) -> str:
    """``3. 🔴 Print the evacuation map · Ana · Mar 31, 2027``."""
    return (
        f"{n}. {PRIORITY_ICONS[action.priority]} {shown(_short(action.text))}"
        f" · {owner_label(t, action.owner)} · {due_label(t, action, today)}"
    )


def _group(t: Translator, action: Action, today: date) -> str:
    if action.overdue(today):
        return t._("⏰ <b>Overdue</b>")
    return f"<b>{status_label(t, action.status)}</b>"


def _listing(t: Translator, actions: Sequence[Action], today: date, start: int) -> list[str]:
    """Numbered lines under a heading per group (overdue, then each status)."""
    lines: list[str] = []
    group = None
    for n, action in enumerate(actions, start + 1):
        if _group(t, action, today) != group:
            group = _group(t, action, today)
            lines += ["", group]
        lines.append(_line(t, n, action, today))
    return lines


def _counts(t: Translator, actions: Sequence[Action], today: date) -> str:
    """``12 actions · 2 overdue · 4 ongoing · 1 finished``."""
    counted = rules.counts(actions, today)
    parts = [t.n_("%(n)s action", "%(n)s actions", len(actions))]
    if counted["overdue"]:
        parts.append(t.n_("%(n)s overdue", "%(n)s overdue", counted["overdue"]))
    for status in rules.STATUS_ORDER:
        if counted[status.value]:
            label = t._(STATUS_LABELS[status])
            parts.append(t._("%(status)s: %(n)s", status=label, n=counted[status.value]))
    return " · ".join(parts)


def _open_buttons(actions: Sequence[Action], start: int) -> list[list[Button]]:
    buttons = [Button(str(n), encode(ActionOpen(a.id))) for n, a in enumerate(actions, start + 1)]
    return [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]


def plan_view(t: Translator, plan: Plan, page: int = 0, notice: str = "") -> View:
    """One page of an organisation's plan, with a button per action and to plan more."""
    org, actions = plan.organisation, plan.actions
    pages = max(1, -(-len(actions) // PAGE))
    page = min(max(page, 0), pages - 1)
    on_page = actions[page * PAGE : (page + 1) * PAGE]
    lines = [t._("📋 Action plan of <b>%(org)s</b>", org=shown(org.name))]
    if actions:
        lines.append(_counts(t, actions, plan.today))
        lines += _listing(t, on_page, plan.today, page * PAGE)
    else:
        lines += ["", t._("No actions yet. Plan them from the gaps of a checklist, or add one.")]
    if notice:
        lines += ["", notice]
    rows = _open_buttons(on_page, page * PAGE)
    paging = []
    if page > 0:
        paging.append(Button(t._("◀ Page %(n)s", n=page), encode(PlanPage(org.id, page - 1))))
    if page < pages - 1:
        paging.append(Button(t._("Page %(n)s ▶", n=page + 2), encode(PlanPage(org.id, page + 1))))
    rows += [
        paging,
        [
            Button(t._("🎯 Plan from gaps"), encode(GapChecklists(org.id))),
            Button(t._("➕ New action"), encode(PlanNew(org.id))),
        ],
    ]
    return View(join_lines(t, *lines), button_rows(t, rows))


def my_actions_view(t: Translator, actions: Sequence[Action], today: date) -> View:
    """The actions a member owns, with a button to open each."""
    lines = [t._("📋 <b>Your actions</b>")]
    if not actions:
        lines.append(t._("You own no action yet. Coordinators give them out from the action plan."))
    else:
        lines.append(_counts(t, actions, today))
        lines += _listing(t, actions[: PAGE * 3], today, 0)
    return View(join_lines(t, *lines), button_rows(t, _open_buttons(actions[: PAGE * 3], 0)))


def gap_checklists_view(t: Translator, org_id: int, checklists: Sequence[Checklist]) -> View:
    """Choose the checklist whose gaps to plan for."""
    rows = [[Button(t.title(c), encode(GapList(org_id, c.id)))] for c in checklists]
    rows.append([Button(t._("📋 The action plan"), encode(PlanPage(org_id, 0)))])
    return View(
        join_lines(t, t._("🎯 Plan for the gaps of which checklist?")), button_rows(t, rows)
    )


def _gap_entry(
    t: Translator, n: int, gaps: GapPlan, gap: Gap, action: Action | None
) -> tuple[str, Button]:
    """A gap's line, with its action if it has one, and its button: plan one, or open it."""
    icon = "🔴" if rules.is_minimum(gap.item) else "🟠"
    question = escape(_short(t.item(gaps.checklist, gap.item, "question"), 90))
    code = t._("G%(number)s", number=gap.item.guideline)
    line = f"{n}. {icon} <b>{code}</b> · {question} ({escape(answer_label(t, gap.score))})"
    if action is None:
        data = encode(PlanGap(gaps.organisation.id, gaps.checklist.id, gap.item.id))
        return line, Button(t._("🎯 %(n)s", n=n), data)
    planned = t._("📌 action %(number)s", number=action.id)
    return f"{line} → {planned}", Button(t._("📌 %(n)s", n=n), encode(ActionOpen(action.id)))


def gaps_view(t: Translator, gaps: GapPlan, page: int = 0, notice: str = "") -> View:
    """One page of a checklist's gaps, minimum tier first: each with its action, or a button
    to plan one; pages of GAPS_PAGE keep a message within Telegram's limits."""
    org, checklist = gaps.organisation, gaps.checklist
    unplanned = [g for g, action in gaps.gaps if action is None]
    pages = max(1, -(-len(gaps.gaps) // GAPS_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * GAPS_PAGE
    lines = [
        t._(
            "🎯 Gaps of <b>%(checklist)s</b> · %(org)s · cycle %(cycle)s",
            checklist=escape(t.title(checklist)),
            org=shown(org.name),
            cycle=shown(gaps.cycle),
        ),
        t.n_("%(n)s gap has no action yet.", "%(n)s gaps have no action yet.", len(unplanned)),
        "",
    ]
    on_page = gaps.gaps[first : first + GAPS_PAGE]
    entries = [_gap_entry(t, n, gaps, *pair) for n, pair in enumerate(on_page, first + 1)]
    lines += [line for line, _ in entries]
    if pages > 1:
        lines += ["", t._("Page %(page)s of %(pages)s", page=page + 1, pages=pages)]
    lines += ["", notice] if notice else []
    buttons = [button for _, button in entries]
    rows = [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]
    rows.append(_gap_paging(t, gaps, page, pages))
    if minimum := gaps.unplanned_minimum():
        label = t.n_(
            "🎯 Plan the %(n)s minimum-tier gap",
            "🎯 Plan all %(n)s minimum-tier gaps",
            len(minimum),
        )
        rows.append([Button(label, encode(PlanMinimum(org.id, checklist.id)))])
    rows.append([Button(t._("📋 The action plan"), encode(PlanPage(org.id, 0)))])
    return View(join_lines(t, *lines), button_rows(t, rows))


def _gap_paging(t: Translator, gaps: GapPlan, page: int, pages: int) -> list[Button]:
    """The buttons to the previous and next pages of gaps, where there are any."""
    org_id, checklist_id = gaps.organisation.id, gaps.checklist.id
    paging = []
    if page > 0:
        back = GapPage(org_id, checklist_id, page - 1)
        paging.append(Button(t._("◀ Page %(n)s", n=page), encode(back)))
    if page < pages - 1:
        forward = GapPage(org_id, checklist_id, page + 1)
        paging.append(Button(t._("Page %(n)s ▶", n=page + 2), encode(forward)))
    return paging


def detail_plan_buttons(
    t: Translator, gaps: GapPlan, guideline: int
) -> tuple[tuple[Button, ...], ...]:
    """Under a Guideline's detail in a report: for each of its gaps, "Plan an action" (or its
    action, when it has one)."""
    rows = []
    for gap, action in gaps.gaps:
        if gap.item.guideline != guideline:
            continue
        question = _short(t.item(gaps.checklist, gap.item, "question"), 40)
        if action is None:
            label = t._("🎯 Plan an action: %(question)s", question=question)
            data = encode(PlanGap(gaps.organisation.id, gaps.checklist.id, gap.item.id))
        else:
            label = t._("📌 Action %(number)s: %(question)s", number=action.id, question=question)
            data = encode(ActionOpen(action.id))
        rows.append([Button(label, data)])
    return button_rows(t, rows)
