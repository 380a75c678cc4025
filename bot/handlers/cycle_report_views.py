"""Pure presentation of reports of a chosen cycle: the buttons to the checklist's other cycles
with answers (a chosen cycle's report buttons are built by ``coordinator_views``).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.display import isolate, shorten
from bot.handlers.codec import ReportCycle, encode
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
