"""``micic-bot org set NAME [--kinds ...] [--timezone ...] [--days ...] [--hours ...]
[--stall-days N]``: an organisation's settings from the command line.

Each setting is one option of ``org set``; an option left out leaves its setting as it is. The
chat's ``/settings`` changes the same settings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import time
from typing import TypeVar

from bot.checklists import load_checklists
from bot.config import Settings
from bot.model import Context, DomainError, OrganisationSettings
from bot.scope import kinds_text, parse_kinds
from bot.service import Service
from bot.store import Store
from bot.working_time import (
    check_stall_days,
    days_text,
    hours_text,
    parse_days,
    parse_hours,
    zone_name,
)

T = TypeVar("T")


def _checked(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse type from a parser whose refusals (ValueError, DomainError) explain."""

    def convert(text: str) -> T:
        try:
            return parse(text)
        except (ValueError, DomainError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def _zone(text: str) -> str:
    try:
        return zone_name(text)
    except DomainError:
        raise argparse.ArgumentTypeError(
            f"unknown time zone {text!r}: use a name of the IANA database, such as Europe/Rome"
            " or America/Bogota"
        ) from None


def add_org_set_parser(org_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``org set NAME [--kinds ...] [--timezone ZONE] [--days DAYS] [--hours HOURS]
    [--stall-days N]``."""
    change = org_sub.add_parser("set", help="change an organisation's settings")
    change.add_argument("name", nargs="+")
    change.add_argument(
        "--kinds",
        type=_checked(parse_kinds),
        metavar="KINDS",
        help="the kinds of place it is, comma-separated: destination, transit, origin",
    )
    change.add_argument(
        "--timezone", type=_zone, metavar="ZONE", help="its time zone, such as Europe/Rome"
    )
    change.add_argument(
        "--days", type=_checked(parse_days), metavar="DAYS", help="working days: mon-fri, sun-thu"
    )
    change.add_argument(
        "--hours", type=_checked(parse_hours), metavar="HOURS", help="working hours: 08:30-17:00"
    )
    change.add_argument(
        "--stall-days",
        type=_checked(lambda text: check_stall_days(int(text))),
        metavar="N",
        help="days without an answer before a stalled checklist is reminded of (1-30)",
    )


def describe_settings(name: str, settings: OrganisationSettings, default_zone: str) -> str:
    """The settings as ``org set`` prints them."""
    zone = settings.timezone or f"{default_zone} (the default, MICIC_TIMEZONE)"
    return "\n".join(
        [
            name,
            f"kinds: {kinds_text(settings.kinds)}",
            f"timezone: {zone}",
            f"days: {days_text(settings.work_days)}",
            f"hours: {hours_text(settings.opens, settings.closes)}",
            f"stall days: {settings.stall_days}",
        ]
    )


async def _apply(service: Service, org_id: int, args: argparse.Namespace) -> None:
    coordination = service.coordination
    kinds: frozenset[Context] | None = args.kinds
    hours: tuple[time, time] | None = args.hours
    if kinds is not None:
        await coordination.set_kinds(None, org_id, kinds)
    if args.timezone is not None:
        await coordination.set_timezone(None, org_id, args.timezone)
    if args.days is not None:
        await coordination.set_work_days(None, org_id, args.days)
    if hours is not None:
        await coordination.set_hours(None, org_id, *hours)
    if args.stall_days is not None:
        await coordination.set_stall_days(None, org_id, args.stall_days)


async def run_org_set(settings: Settings, args: argparse.Namespace) -> int:
    """Change the settings given; print them all; exit 1 on an unknown organisation."""
    name = " ".join(args.name)
    async with Store.open(settings.database) as store:
        checklists = load_checklists(settings.checklists_dir)
        service = Service(store, checklists, settings.admins, timezone=settings.timezone)
        org = await service.coordination.organisation_named(None, name)
        if org is None:
            print(f"unknown organisation {name!r}; see: micic-bot org list", file=sys.stderr)
            return 1
        try:
            await _apply(service, org.id, args)
            found = await service.coordination.settings(None, org.id)
        except DomainError as exc:
            print(f"cannot change the settings: {exc}", file=sys.stderr)
            return 1
    print(describe_settings(org.name, found, settings.timezone))
    return 0
