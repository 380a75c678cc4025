"""Pure presentation of an organisation's settings (``/settings``): one block per setting.

Each setting adds its lines and its rows of buttons to the one screen; the kinds of place come
first, then the working time (``working_time_views``).
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from bot.handlers.codec import SetKind, encode
from bot.handlers.views import Button, View, _lines, _rows
from bot.handlers.working_time_views import working_block
from bot.i18n import N_, Translator
from bot.model import Context, Organisation, OrganisationSettings
from bot.working_time import WorkingTime

KIND_NAMES = {
    Context.DESTINATION: N_("place of destination"),
    Context.TRANSIT: N_("place of transit"),
    Context.ORIGIN: N_("place of origin"),
}
Block = tuple[list[str], list[list[Button]]]


def kinds_block(t: Translator, org: Organisation, settings: OrganisationSettings) -> Block:
    """Which kinds of place the organisation is, with a switch for each."""
    names = [t._(KIND_NAMES[kind]) for kind in Context if kind in settings.kinds]
    lines = [
        t._("<b>Kinds of place:</b> %(kinds)s", kinds=escape(t.format_list(names))),
        t._(
            "Responders see the items for these kinds of place only, and reports count only those."
        ),
    ]
    rows = []
    for kind in Context:
        on = kind in settings.kinds
        label = ("✅ " if on else "⬜ ") + t._(KIND_NAMES[kind])
        rows.append([Button(label, encode(SetKind(org.id, kind, on=not on)))])
    return lines, rows


def settings_view(
    t: Translator,
    org: Organisation,
    settings: OrganisationSettings,
    working: WorkingTime,
    now: datetime,
    notice: str = "",
) -> View:
    """The settings of an organisation, each with its buttons, and a notice under them."""
    lines = [t._("⚙️ Settings of <b>%(org)s</b>", org=escape(org.name)), ""]
    rows: list[list[Button]] = []
    blocks = (kinds_block(t, org, settings), working_block(t, org, settings, working, now))
    for block_lines, block_rows in blocks:
        lines += [*block_lines, ""]
        rows += block_rows
    if notice:
        lines.append(notice)
    return View(_lines(t, *lines).rstrip(), _rows(t, rows))
