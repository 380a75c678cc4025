"""Pure presentation of assessment cycles: the list with progress, and starting the next one.

Like every view (see ``layout``): Telegram HTML with every value escaped, every fixed text
translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from bot.cycles import CycleProgress
from bot.handlers.codec import CycleAsk, CycleList, CycleNamed, CycleStart, encode
from bot.handlers.layout import Button, View, button_rows, join_lines, shown
from bot.i18n import Translator
from bot.model import Checklist, Cycle, Organisation

EARLIER_SHOWN = 8  # earlier cycles listed; reports reach every one of them


def _when(t: Translator, cycle: Cycle) -> str:
    """When a cycle was opened, and by whom if a person opened it."""
    opened = t.ltr(t.date_text(cycle.opened_at.date()))
    if cycle.opened_by_name:
        return t._("opened %(date)s by %(name)s", date=opened, name=shown(cycle.opened_by_name))
    return t._("opened %(date)s", date=opened)


def _progress(t: Translator, checklists: Sequence[Checklist], percents: Mapping[str, int]) -> str:
    """``Preparedness 40% · Recovery 100%``, checklists begun only."""
    parts = [
        t._(
            "%(title)s %(percent)s",
            title=escape(t.title(c)),
            percent=t.ltr(t.percent(percents[c.id] / 100)),
        )
        for c in checklists
        if c.id in percents
    ]
    return " · ".join(parts) if parts else t._("No checklist begun yet.")


def cycles_view(
    t: Translator,
    org: Organisation,
    overview: Sequence[CycleProgress],
    checklists: Sequence[Checklist],
    notice: str = "",
) -> View:
    """An organisation's cycles, the current first, with progress per checklist."""
    current, *earlier = overview
    lines = [
        t._("🔄 Assessment cycles of <b>%(org)s</b>", org=shown(org.name)),
        "",
        t._(
            "Current cycle: <b>%(cycle)s</b>, %(when)s",
            cycle=shown(current.cycle.label),
            when=_when(t, current.cycle),
        ),
        "   " + _progress(t, checklists, current.percents),
    ]
    if earlier:
        lines += ["", t._("Earlier cycles:")]
    for past in earlier[:EARLIER_SHOWN]:
        lines += [
            f"<b>{shown(past.cycle.label)}</b> · {_when(t, past.cycle)}",
            "   " + _progress(t, checklists, past.percents),
        ]
    if len(earlier) > EARLIER_SHOWN:
        more = len(earlier) - EARLIER_SHOWN
        lines.append(t.n_("… and %(n)s more.", "… and %(n)s more.", more))
    if notice:
        lines += ["", notice]
    ask = encode(CycleAsk(org.id, current.cycle.id))
    return View(join_lines(t, *lines), button_rows(t, [[Button(t._("🆕 Start a new cycle"), ask)]]))


def cycle_confirm_view(t: Translator, org: Organisation, current: Cycle, label: str) -> View:
    """What starting a new cycle does, and the buttons to do it (or not)."""
    text = join_lines(
        t,
        t._("Start a new assessment cycle for <b>%(org)s</b>?", org=shown(org.name)),
        "",
        t._(
            "• The answers of <b>%(cycle)s</b> are kept as they are, and its reports stay "
            "available.",
            cycle=shown(current.label),
        ),
        t._(
            "• The new cycle, <b>%(cycle)s</b>, starts empty: each question shows the answer "
            "of the cycle before, with an “Unchanged” button, and every item is confirmed "
            "again.",
            cycle=shown(label),
        ),
        t._("• Actions stay open until they are finished."),
    )
    rows = [
        [Button(t._("✅ Start “%(cycle)s”", cycle=label), encode(CycleStart(org.id, current.id)))],
        [Button(t._("✏️ Give it another name"), encode(CycleNamed(org.id, current.id)))],
        [Button(t._("No, keep the current cycle"), encode(CycleList(org.id)))],
    ]
    return View(text, button_rows(t, rows))


def cycle_started_notice(t: Translator, cycle: Cycle) -> str:
    """Said once a new cycle is open."""
    return t._(
        "✅ The cycle <b>%(cycle)s</b> is open. Responders find its checklists with /start.",
        cycle=shown(cycle.label),
    )


def cycle_stale_notice(t: Translator, current: Cycle) -> str:
    """Said when another cycle was opened since the coordinator looked."""
    return t._(
        "Another cycle was opened meanwhile: <b>%(cycle)s</b>. Nothing else was changed.",
        cycle=shown(current.label),
    )


def cycle_name_prompt_view(t: Translator, org: Organisation) -> View:
    """Asks for the name of the new cycle."""
    text = t._(
        "✏️ Send the name of the new cycle of <b>%(org)s</b>, for example “2027 after the "
        "flood review”. /cancel to stop.",
        org=shown(org.name),
    )
    return View(join_lines(t, text))
