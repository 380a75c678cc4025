"""How far a checklist has got: the next step, the completion message with readiness per
Guideline, and the review of the answers, one Guideline a page.
"""

from __future__ import annotations

from html import escape

from bot.handlers import codec
from bot.handlers.codec import encode
from bot.handlers.item_views import item_view, notice_lines
from bot.handlers.layout import RLM, Button, View, button_rows, join_lines, score_label
from bot.i18n import Translator
from bot.model import Checklist
from bot.reports.wording import text_bar
from bot.scoring import Readiness, summarise
from bot.service import Step


def step_view(t: Translator, step: Step) -> View:
    """The next item of a step, or the completion message."""
    if step.item is None:
        return complete_view(t, step)
    return item_view(t, step, step.item, show_help=False, change=False)


def readiness_line(t: Translator, checklist: Checklist, guideline: int, r: Readiness) -> str:
    """``G6 ▓▓▓▓░░░░░░ 40%`` with the Guideline's title."""
    title = escape(t.guideline(checklist, guideline))
    return t._(
        "%(bar)s G%(number)s %(title)s", bar=bar(t, r.readiness), number=guideline, title=title
    )


def complete_view(t: Translator, step: Step) -> View:
    """Shown when every item has an answer: readiness per Guideline."""
    summary = summarise(step.checklist, step.answers)
    total, title = len(step.checklist.items), escape(t.title(step.checklist))
    lines = [
        *notice_lines(t, step.notice),
        t._(
            "✅ All %(total)s items of the quick check of <b>%(title)s</b> are answered. "
            "Thank you!",
            total=total,
            title=title,
        )
        if step.assessment.quick
        else t._(
            "✅ All %(total)s items of <b>%(title)s</b> are answered. Thank you!",
            total=total,
            title=title,
        ),
        "",
        t._("Readiness per Guideline:"),
    ]
    lines += [
        readiness_line(t, step.checklist, g, r) for g, r in summary.by_guideline.items() if r.total
    ]
    overall = t.ltr(t.percent(summary.overall.readiness))
    lines += ["", t._("Overall: %(percent)s", percent=overall)]
    rows = [
        _full_checklist_row(t, step),
        [Button(t._("🔎 Review answers"), encode(codec.Review(step.assessment.id, 0)))],
        [Button(t._("📋 Other checklists"), encode(codec.Menu()))],
    ]
    return View(join_lines(t, *lines), button_rows(t, rows))


def _full_checklist_row(t: Translator, step: Step) -> list[Button]:
    """For a quick check: a button that continues it into the full checklist."""
    if not step.assessment.quick or not step.more:
        return []
    label = t.n_(
        "📋 Continue with the full checklist (%(n)s more item)",
        "📋 Continue with the full checklist (%(n)s more items)",
        step.more,
    )
    return [Button(label, encode(codec.ChooseDepth(step.checklist.id, quick=False)))]


def review_view(t: Translator, step: Step, guideline: int) -> View:
    """One Guideline's answers, with a button per item to change it, and paging."""
    checklist, aid = step.checklist, step.assessment.id
    guidelines = [s.guideline for s in checklist.sections if s.items]
    if guideline not in guidelines:
        guideline = guidelines[0]
    section = checklist.section(guideline)
    assert section is not None
    lines = [
        t._(
            "🔎 <b>Review · Guideline %(number)s · %(title)s</b>",
            number=guideline,
            title=escape(t.guideline(checklist, guideline)),
        ),
        "",
    ]
    buttons = []
    for n, item in enumerate(section.items, 1):
        answer = step.answers.get(item.id)
        label = score_label(t, answer.score) if answer and answer.score else t._("not answered")
        question = escape(t.item(checklist, item, "question"))
        lines.append(f"{n}. {question}\n   {'←' if t.rtl else '→'} <b>{escape(label)}</b>")
        buttons.append(Button(f"✏️ {n}", encode(codec.Edit(aid, item.id))))
    paging = _paging_row(t, aid, guidelines, guideline)
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)] + [paging]
    rows.append(
        [Button(t._("▶️ Continue the checklist"), encode(codec.StartChecklist(checklist.id)))]
    )
    rows.append(_full_checklist_row(t, step))
    return View(join_lines(t, *lines), button_rows(t, rows))


def _paging_row(t: Translator, aid: int, guidelines: list[int], guideline: int) -> list[Button]:
    """The buttons to the review's previous and next Guidelines, where there are any."""
    index = guidelines.index(guideline)
    paging = []
    if index > 0:
        paging.append(_page_button(t, aid, guidelines[index - 1], forward=False))
    if index < len(guidelines) - 1:
        paging.append(_page_button(t, aid, guidelines[index + 1], forward=True))
    return paging


def _page_button(t: Translator, aid: int, guideline: int, *, forward: bool) -> Button:
    """``◀ G13`` or ``G15 ▶``; in RTL the arrows point the other way, as the row is mirrored."""
    code = t._("G%(number)s", number=guideline)
    if t.rtl:
        label = f"{RLM}{code} ◀" if forward else f"{RLM}▶ {code}"
    else:
        label = f"{code} ▶" if forward else f"◀ {code}"
    return Button(label, encode(codec.Review(aid, guideline)))


def bar(t: Translator, share: float | None) -> str:
    """A ten-block text bar with the percentage."""
    if share is None:
        return text_bar(None) + " " + t.percent(None)
    return text_bar(share) + " " + t.ltr(t.percent(share))
