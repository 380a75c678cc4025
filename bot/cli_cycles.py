"""``micic-bot cycle new --org NAME [--label LABEL]`` and ``micic-bot cycle list --org NAME``:
assessment rounds from the command line, as a coordinator would start them in chat."""

from __future__ import annotations

import argparse
import sys

from bot.checklists import load_checklists
from bot.config import Settings
from bot.model import CycleLabelTaken, DomainError, Organisation
from bot.service import Service
from bot.store import Store


def add_cycle_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``cycle new`` and ``cycle list``."""
    cycle = sub.add_parser("cycle", help="assessment rounds of an organisation")
    cycle_sub = cycle.add_subparsers(dest="cycle_command", required=True)
    new = cycle_sub.add_parser(
        "new", help="close the current round and open the next (answers and reports are kept)"
    )
    new.add_argument("--org", required=True, metavar="NAME")
    new.add_argument("--label", metavar="LABEL", help="its name (default: the year)")
    listing = cycle_sub.add_parser("list", help="the rounds, newest first, with progress")
    listing.add_argument("--org", required=True, metavar="NAME")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


async def _organisation(service: Service, name: str) -> Organisation | None:
    return await service.coordination.organisation_named(None, name)


async def run_cycle(settings: Settings, args: argparse.Namespace) -> int:
    """Run ``cycle new`` or ``cycle list``; exit 1 with a clear message on a bad name."""
    checklists = load_checklists(settings.checklists_dir)
    async with Store.open(settings.database) as store:
        service = Service(store, checklists, settings.admins)
        org = await _organisation(service, args.org)
        if org is None:
            return _fail(f"unknown organisation {args.org!r}; see: micic-bot org list")
        if args.cycle_command == "new":
            return await _new(service, org, args.label)
        return await _list(service, org)


async def _new(service: Service, org: Organisation, label: str | None) -> int:
    current = await service.cycles.current(org.id)
    try:
        opened = await service.cycles.start_next(None, org.id, replacing=current.id, label=label)
    except CycleLabelTaken:
        return _fail(f"{org.name} has a cycle named {label!r} already")
    except DomainError as exc:
        return _fail(f"cannot open a cycle: {exc}")
    print(
        f"{org.name}: opened cycle {opened.label!r}; {current.label!r} is closed, its answers kept"
    )
    return 0


async def _list(service: Service, org: Organisation) -> int:
    """One line per cycle, tab-separated: name, opened, closed (or open), progress."""
    for entry in await service.cycles.overview(None, org.id):
        cycle = entry.cycle
        closed = cycle.closed_at.date().isoformat() if cycle.closed_at else "open"
        progress = ", ".join(f"{c} {p}%" for c, p in sorted(entry.percents.items()))
        print(f"{cycle.label}\t{cycle.opened_at.date().isoformat()}\t{closed}\t{progress}")
    return 0
