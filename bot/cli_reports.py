"""The report commands of the command line: ``micic-bot report`` and ``micic-bot org list``.

They read the database directly, as an administrator would, and render the same reports the
chat sends, without Telegram.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot import reports
from bot.checklists import load_checklists
from bot.config import Settings
from bot.i18n import Catalogs
from bot.model import DomainError, Organisation
from bot.service import Service
from bot.store import Store


def add_report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``report --org NAME --checklist ID [--cycle C] --format F --output FILE [--lang L]``."""
    report = sub.add_parser(
        "report", help="render a report from the database (several --org: a comparison)"
    )
    report.add_argument("--org", action="append", required=True, metavar="NAME")
    report.add_argument("--checklist", required=True, metavar="ID")
    report.add_argument("--cycle", metavar="C", help="default: the newest cycle with answers")
    report.add_argument("--format", required=True, choices=reports.FORMATS)
    report.add_argument("--output", required=True, type=Path, metavar="FILE")
    report.add_argument("--lang", default="en", help="the reader's language (default: en)")


def add_org_list_parser(org_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``org list``."""
    org_sub.add_parser("list", help="list organisations with their invite codes")


@asynccontextmanager
async def _service(settings: Settings) -> AsyncIterator[Service]:
    """The service over the database, closed when the block ends."""
    checklists = load_checklists(settings.checklists_dir)
    async with Store.open(settings.database) as store:
        yield Service(store, checklists, settings.admins)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


async def _organisations(service: Service, names: list[str]) -> list[Organisation] | str:
    """The organisations named, or the first unknown name."""
    found = []
    for name in names:
        org = await service.coordination.organisation_named(None, name)
        if org is None:
            return name
        found.append(org)
    return found


async def run_report(settings: Settings, args: argparse.Namespace) -> int:
    """Render one report to a file; exit 1 with a clear message on any unknown name."""
    catalogs = Catalogs.load(settings.locales_dir)
    if args.lang not in catalogs.languages:
        return _fail(f"unknown language {args.lang!r}; have: {', '.join(catalogs.languages)}")
    async with _service(settings) as service:
        if args.checklist not in service.checklists:
            have = ", ".join(sorted(service.checklists))
            return _fail(f"unknown checklist {args.checklist!r}; have: {have}")
        orgs = await _organisations(service, args.org)
        if isinstance(orgs, str):
            return _fail(f"unknown organisation {orgs!r}; see: micic-bot org list")
        ids = [org.id for org in orgs]
        try:
            model: reports.Model = (
                await service.reporting.build_report(None, ids[0], args.checklist, args.cycle)
                if len(ids) == 1
                else await service.reporting.build_comparison(None, ids, args.checklist, args.cycle)
            )
        except DomainError as exc:
            return _fail(f"cannot make the report: {exc}")
    data = reports.render(model, catalogs.translator(args.lang), args.format)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


async def run_org_list(settings: Settings) -> int:
    """Print every organisation with its invite codes, one per line, tab-separated."""
    async with Store.open(settings.database) as store:
        orgs = await store.organisations()
    for org in orgs:
        print(f"{org.name}\t{org.responder_code}\t{org.coordinator_code}")
    return 0
