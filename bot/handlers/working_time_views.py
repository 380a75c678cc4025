"""Pure presentation of an organisation's working time in ``/settings``: its block on the
settings screen, and the choices for the time zone, the working days, the hours and the days
before a stalled-checklist reminder.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from html import escape

from bot.handlers.codec import (
    OrgSettings,
    SetDay,
    SetHours,
    SetStallDays,
    SettingMenu,
    SetZone,
    TypeSetting,
    encode,
)
from bot.handlers.views import Button, View, _lines, _rows, shown
from bot.i18n import Translator
from bot.model import Organisation, OrganisationSettings, PendingKind
from bot.working_time import WorkingTime, clock_text, day_runs
from bot.zones import ZONE_CODES

Block = tuple[list[str], list[list[Button]]]
OFFERED = frozenset(ZONE_CODES.values())  # the zones a button can carry
HOURS = ("08:00-16:00", "08:00-17:00", "08:30-17:00", "09:00-17:00", "09:00-18:00", "10:00-18:00")
STALL_CHOICES = (3, 5, 7, 10, 14, 21, 30)


def days_label(t: Translator, days: frozenset[int]) -> str:
    """Working days in the reader's language: ``Mon–Fri``, ``Sun–Thu``, ``Mon, Wed, Fri``."""
    parts = []
    for start, end in day_runs(days):
        length = (end - start) % 7 + 1
        if length >= 3:
            parts.append(f"{t.weekday(start)}–{t.weekday(end)}")
        else:
            parts += [t.weekday((start + n) % 7) for n in range(length)]
    return t.format_list(parts)


def hours_label(t: Translator, opens: time, closes: time) -> str:
    """``09:00–18:00``, kept left to right."""
    return t.ltr(f"{clock_text(opens)}–{clock_text(closes)}")


def working_block(
    t: Translator,
    org: Organisation,
    settings: OrganisationSettings,
    working: WorkingTime,
    now: datetime,
) -> Block:
    """The time zone, working days and hours, and days before a stalled-checklist reminder,
    with a button for each."""
    zone = escape(working.zone.key)
    if settings.timezone is None:
        zone = t._("%(zone)s (the bot's default)", zone=zone)
    local = t.ltr(working.local(now).strftime("%H:%M"))
    lines = [
        t._("<b>Time zone:</b> %(zone)s, now %(time)s", zone=zone, time=local),
        t._(
            "<b>Working time:</b> %(days)s, %(hours)s",
            days=days_label(t, settings.work_days),
            hours=hours_label(t, settings.opens, settings.closes),
        ),
        t.n_(
            "<b>Stalled checklists:</b> a reminder after %(n)s day without an answer",
            "<b>Stalled checklists:</b> a reminder after %(n)s days without an answer",
            settings.stall_days,
        ),
        t._("Reminders arrive in working time only, on the clocks of the time zone."),
    ]
    rows = [
        [
            Button(t._("🕐 Time zone"), encode(SettingMenu(org.id, "zone"))),
            Button(t._("📅 Working days"), encode(SettingMenu(org.id, "days"))),
        ],
        [
            Button(t._("⏰ Working hours"), encode(SettingMenu(org.id, "hours"))),
            Button(t._("💤 Stalled checklists"), encode(SettingMenu(org.id, "stall"))),
        ],
    ]
    return lines, rows


def _back(t: Translator, org: Organisation) -> list[Button]:
    return [Button(t._("⬅️ Back to the settings"), encode(OrgSettings(org.id)))]


def _menu(t: Translator, org: Organisation, lines: Sequence[str], rows: list[list[Button]]) -> View:
    heading = t._("⚙️ Settings of <b>%(org)s</b>", org=shown(org.name))
    return View(_lines(t, heading, "", *lines), _rows(t, [*rows, _back(t, org)]))


def zone_menu_view(
    t: Translator, org: Organisation, current: str, likely: Sequence[str], notice: str = ""
) -> View:
    """The likely time zones as buttons, and one to type another."""
    lines = [
        t._("🕐 Time zone now: <b>%(zone)s</b>", zone=escape(current)),
        t._("Choose one, or type another: its name, such as Europe/Rome, or a big city in it."),
    ]
    buttons = [
        Button(("✅ " if name == current else "") + name, encode(SetZone(org.id, name)))
        for name in likely
        if name in OFFERED
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([Button(t._("⌨️ Type another"), encode(TypeSetting(org.id, PendingKind.TIMEZONE)))])
    return _menu(t, org, [*lines, *([notice] if notice else [])], rows)


def days_menu_view(
    t: Translator, org: Organisation, days: frozenset[int], notice: str = ""
) -> View:
    """A switch for each day of the week."""
    lines = [
        t._("📅 Working days now: <b>%(days)s</b>", days=days_label(t, days)),
        t._("Tap a day to make it a working day, or not."),
    ]
    buttons = [_day_button(t, org, day, day in days) for day in range(7)]
    return _menu(t, org, [*lines, *([notice] if notice else [])], [buttons[:4], buttons[4:]])


def _day_button(t: Translator, org: Organisation, day: int, on: bool) -> Button:
    label = ("✅ " if on else "⬜ ") + t.weekday(day)
    return Button(label, encode(SetDay(org.id, day, not on)))


def _hours_button(org: Organisation, hours: str, chosen: bool) -> Button:
    label = ("✅ " if chosen else "") + hours.replace("-", "–")
    return Button(label, encode(SetHours(org.id, hours.replace(":", ""))))


def hours_menu_view(t: Translator, org: Organisation, opens: time, closes: time) -> View:
    """Common working hours as buttons, and one to type others."""
    current = f"{clock_text(opens)}-{clock_text(closes)}"
    lines = [
        t._("⏰ Working hours now: <b>%(hours)s</b>", hours=hours_label(t, opens, closes)),
        t._("Choose, or type others as 08:30-17:00."),
    ]
    buttons = [_hours_button(org, hours, hours == current) for hours in HOURS]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    typed = TypeSetting(org.id, PendingKind.WORK_HOURS)
    rows.append([Button(t._("⌨️ Type other hours"), encode(typed))])
    return _menu(t, org, lines, rows)


def stall_menu_view(t: Translator, org: Organisation, days: int) -> View:
    """The choices of days without an answer before a stalled checklist is reminded of."""
    lines = [
        t.n_(
            "💤 A member who began a checklist is reminded of it after %(n)s day without an "
            "answer, and again after as many days, three times at most.",
            "💤 A member who began a checklist is reminded of it after %(n)s days without an "
            "answer, and again after as many days, three times at most.",
            days,
        ),
    ]
    buttons = [
        Button(("✅ " if n == days else "") + t.number(n), encode(SetStallDays(org.id, n)))
        for n in STALL_CHOICES
    ]
    return _menu(t, org, lines, [buttons[:4], buttons[4:]])


def typed_prompt_view(t: Translator, org: Organisation, kind: PendingKind) -> str:
    """Asks for the time zone or the working hours as text."""
    if kind is PendingKind.TIMEZONE:
        return t._(
            "⌨️ Send the time zone of <b>%(org)s</b>: its name, such as Europe/Rome or "
            "America/Bogota, or a big city in it. /cancel to stop.",
            org=shown(org.name),
        )
    return t._(
        "⌨️ Send the working hours of <b>%(org)s</b> as 08:30-17:00. /cancel to stop.",
        org=shown(org.name),
    )
