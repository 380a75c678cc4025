"""Buttons of reminders (``reminders.py``) and of the working time they keep to
(``working_settings.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.handlers.codec.fields import DAY, HOURS, NUMBER, ON, REMINDER, SETTING, TYPED, ZONE
from bot.handlers.codec.wire import Payload, button
from bot.model import PendingKind, ReminderKind

# --- working time (coordinators; handled in working_settings.py) ---------------------------


@button("sm", NUMBER, SETTING)
@dataclass(frozen=True)
class SettingMenu(Payload):
    """The choices of one working-time setting: time zone, days, hours, stall days."""

    org_id: int
    setting: str


@button("sz", NUMBER, ZONE)
@dataclass(frozen=True)
class SetZone(Payload):
    """Set the organisation's time zone to a likely one."""

    org_id: int
    zone: str


@button("sy", NUMBER, TYPED)
@dataclass(frozen=True)
class TypeSetting(Payload):
    """Ask for the time zone or the working hours to be typed."""

    org_id: int
    kind: PendingKind


@button("sd", NUMBER, DAY, ON)
@dataclass(frozen=True)
class SetDay(Payload):
    """Make a day of the week a working day, or not."""

    org_id: int
    day: int
    on: bool


@button("sh", NUMBER, HOURS)
@dataclass(frozen=True)
class SetHours(Payload):
    """Set the working hours to a common choice (``0830-1700``)."""

    org_id: int
    hours: str


@button("ss", NUMBER, NUMBER)
@dataclass(frozen=True)
class SetStallDays(Payload):
    """Set the days without an answer before a stalled checklist is reminded of."""

    org_id: int
    days: int


# --- reminders (handled in reminders.py) -----------------------------------------------------


@button("rm", REMINDER, ON)
@dataclass(frozen=True)
class SwitchReminder(Payload):
    """Switch a kind of reminder on or off for oneself."""

    kind: ReminderKind
    on: bool


@button("rs", NUMBER)
@dataclass(frozen=True)
class Resume(Payload):
    """Continue the checklist a stalled-checklist reminder is about, at its first open item."""

    assessment_id: int
