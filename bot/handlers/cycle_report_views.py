"""Pure presentation of reports of a chosen cycle: the buttons to the checklist's other cycles
with answers, and a report's buttons made to name the cycle it shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.display import isolate, shorten
from bot.handlers.codec import (
    ReportCycle,
    ReportCycleDetail,
    ReportDetail,
    ResendCycleFile,
    ResendFile,
    decode,
    encode,
)
from bot.handlers.layout import Button, View, button_rows, join_lines
from bot.i18n import Translator
from bot.model import Cycle

CYCLES_SHOWN = 12  # other cycles offered as buttons, newest first; older ones by command line
LABEL_CHARS = 32
PER_ROW = 3


def other_cycles_view(
    t: Translator, view: View, org_id: int, checklist_id: str, cycles: Sequence[Cycle], shown: str
) -> View:
    """The message a report was sent under, with a button per other cycle in which the
    checklist has answers (``shown`` is the label of the cycle just reported)."""
    others = [c for c in cycles if c.label != shown]
    if not others:
        return view
    lines = ["", t._("🗂 Reports of other cycles of this checklist:")]
    if len(others) > CYCLES_SHOWN:
        more = len(others) - CYCLES_SHOWN
        lines.append(t.n_("… and %(n)s more.", "… and %(n)s more.", more))
    buttons = [
        Button(
            f"📅 {isolate(shorten(c.label, LABEL_CHARS)[0])}",
            encode(ReportCycle(org_id, checklist_id, c.id)),
        )
        for c in others[:CYCLES_SHOWN]
    ]
    rows = [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]
    text = f"{view.text}\n{join_lines(t, *lines)}"
    return View(text, (*view.buttons, *button_rows(t, rows)))


def in_cycle(rows: Sequence[Sequence[Button]], cycle_id: int) -> tuple[tuple[Button, ...], ...]:
    """A report's buttons (its Guidelines' details, a file to send again) made to name one
    cycle: the same labels and layout as the newest cycle's, so both read alike."""
    return tuple(tuple(_in_cycle(button, cycle_id) for button in row) for row in rows)


def _in_cycle(button: Button, cycle_id: int) -> Button:
    press = decode(button.data)
    if isinstance(press, ReportDetail):
        detail = ReportCycleDetail(press.org_id, press.checklist_id, cycle_id, press.guideline)
        return Button(button.label, encode(detail))
    if isinstance(press, ResendFile):
        again = ResendCycleFile(press.org_id, press.checklist_id, cycle_id, press.kind)
        return Button(button.label, encode(again))
    return button
