"""Coordinators in chat: the working time in ``/settings`` (time zone, days, hours, days before
a stalled-checklist reminder), by buttons or typed, and the refusal of a time zone that does
not exist. Routed with the other coordinators' buttons.
"""

from __future__ import annotations

from telegram.ext import ContextTypes

from bot.handlers.codec import (
    SetDay,
    SetHours,
    SetStallDays,
    SettingMenu,
    SetZone,
    TypeSetting,
)
from bot.handlers.commands import say
from bot.handlers.coordinators import ROUTES, Outcome
from bot.handlers.replies import send
from bot.handlers.routing import Context
from bot.handlers.settings import settings_screen
from bot.handlers.turn import Turn
from bot.handlers.views import shown
from bot.handlers.working_time_views import (
    days_menu_view,
    hours_menu_view,
    stall_menu_view,
    typed_prompt_view,
    zone_menu_view,
)
from bot.model import AccessDenied, BadWorkingTime, NotFound, UnknownTimeZone
from bot.working_time import parse_hours
from bot.zones import likely_zones


@ROUTES.on(SettingMenu)
async def _menu(turn: Turn, press: SettingMenu, context: Context) -> Outcome:
    """The choices of one setting of the working time."""
    coordination, uid, t = turn.service.coordination, turn.user.id, turn.t
    org = await coordination.coordinated_organisation(uid, press.org_id)
    settings = await coordination.settings(uid, org.id)
    if press.setting == "zone":
        current = (await coordination.working_time(uid, org.id)).zone.key
        likely = likely_zones(t.lang, current, coordination.default_zone)
        return Outcome(zone_menu_view(t, org, current, likely))
    if press.setting == "days":
        return Outcome(days_menu_view(t, org, settings.work_days))
    if press.setting == "hours":
        return Outcome(hours_menu_view(t, org, settings.opens, settings.closes))
    return Outcome(stall_menu_view(t, org, settings.stall_days))


@ROUTES.on(SetZone)
async def _set_zone(turn: Turn, press: SetZone, context: Context) -> Outcome:
    """Set a likely time zone; back to the settings."""
    await turn.service.coordination.set_timezone(turn.user.id, press.org_id, press.zone)
    return Outcome(await settings_screen(turn, press.org_id, turn.t._("✅ Saved.")))


@ROUTES.on(SetDay)
async def _set_day(turn: Turn, press: SetDay, context: Context) -> Outcome:
    """Make a day a working day, or not; the last one stays, with a word why."""
    coordination, uid, t = turn.service.coordination, turn.user.id, turn.t
    org = await coordination.coordinated_organisation(uid, press.org_id)
    try:
        settings = await coordination.set_work_day(uid, org.id, press.day, press.on)
    except BadWorkingTime:
        days = (await coordination.settings(uid, org.id)).work_days
        notice = t._("⚠️ An organisation works at least one day a week: add another first.")
        return Outcome(days_menu_view(t, org, days, notice))
    return Outcome(days_menu_view(t, org, settings.work_days, t._("✅ Saved.")))


@ROUTES.on(SetHours)
async def _set_hours(turn: Turn, press: SetHours, context: Context) -> Outcome:
    """Set common working hours; back to the settings."""
    start, end = press.hours.split("-")  # 0830-1700
    opens, closes = parse_hours(f"{start[:2]}:{start[2:]}-{end[:2]}:{end[2:]}")
    await turn.service.coordination.set_hours(turn.user.id, press.org_id, opens, closes)
    return Outcome(await settings_screen(turn, press.org_id, turn.t._("✅ Saved.")))


@ROUTES.on(SetStallDays)
async def _set_stall_days(turn: Turn, press: SetStallDays, context: Context) -> Outcome:
    """Set the days before a stalled-checklist reminder; back to the settings."""
    await turn.service.coordination.set_stall_days(turn.user.id, press.org_id, press.days)
    return Outcome(await settings_screen(turn, press.org_id, turn.t._("✅ Saved.")))


@ROUTES.on(TypeSetting)
async def _type(turn: Turn, press: TypeSetting, context: Context) -> Outcome:
    """Wait for the time zone or the hours, typed."""
    org = await turn.service.coordination.begin_typing(turn.user.id, press.org_id, press.kind)
    return Outcome(messages=[typed_prompt_view(turn.t, org, press.kind)])


async def on_typed_setting(turn: Turn, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """The time zone or hours typed: saved, or refused with how to send them (still awaited)."""
    t = turn.t
    try:
        org, _ = await turn.service.coordination.save_typed(turn.user.id, text)
    except UnknownTimeZone as exc:
        await say(turn, context, t._(
            "“%(zone)s” is not a time zone I know. Send a name such as Europe/Rome or "
            "America/Bogota, or a big city in it, or /cancel.",
            zone=shown(exc.name[:64]),
        ))  # fmt: skip
        return
    except BadWorkingTime:
        await say(turn, context, t._(
            "I could not read those hours. Send them as 08:30-17:00 (the day closing after it "
            "opens), or /cancel."
        ))  # fmt: skip
        return
    except (AccessDenied, NotFound):
        await turn.service.cancel(turn.user.id)
        await say(turn, context, t._("Only coordinators of that organisation can do this."))
        return
    view = await settings_screen(turn, org.id, t._("✅ Saved."))
    await send(context.bot, turn.chat_id, view)
