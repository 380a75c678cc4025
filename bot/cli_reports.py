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
    who = report.add_mutually_exclusive_group(required=True)
    who.add_argument("--org", action="append", metavar="NAME", help="repeat to compare")
    who.add_argument("--all-orgs", action="store_true", help="compare every organisation")
    report.add_argument("--checklist", required=True, metavar="ID")
    report.add_argument("--cycle", metavar="C", help="default: the newest cycle with answers")
    report.add_argument("--format", required=True, choices=reports.FORMATS)
    report.add_argument(
        "--chart",
        default="bars",
        choices=reports.CHARTS,
        help="the PNG of one organisation: bars (default) or radar",
    )
    report.add_argument(
        "--output",
        required=True,
        type=Path,
        metavar="FILE",
        help="a comparison's PNG of several pages is also written to FILE-2.png, FILE-3.png...",
    )
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
        if args.all_orgs:
            orgs: list[Organisation] | str = await service.coordination.coordinated(None)
            if not orgs:
                return _fail("no organisation yet; see: micic-bot org add")
        else:
            orgs = await _organisations(service, args.org)
        if isinstance(orgs, str):
            return _fail(f"unknown organisation {orgs!r}; see: micic-bot org list")
        ids = [org.id for org in orgs]
        try:
            model: reports.Model = (
                await service.reporting.build_report(None, ids[0], args.checklist, args.cycle)
                if len(ids) == 1 and not args.all_orgs
                else await service.reporting.build_comparison(None, ids, args.checklist, args.cycle)
            )
        except DomainError as exc:
            return _fail(f"cannot make the report: {exc}")
    files = reports.render(model, catalogs.translator(args.lang), args.format, args.chart)
    for n, data in enumerate(files, 1):
        path = args.output if n == 1 else _page_path(args.output, n)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} bytes)")
    return 0


def _page_path(output: Path, page: int) -> Path:
    """Where page ``page`` of a report of several pages goes: ``heatmap-2.png``."""
    return output.with_name(f"{output.stem}-{page}{output.suffix}")


async def run_org_list(settings: Settings) -> int:
    """Print every organisation with its invite codes, one per line, tab-separated."""
    async with Store.open(settings.database) as store:
        orgs = await store.organisations()
    for org in orgs:
        print(f"{org.name}\t{org.responder_code}\t{org.coordinator_code}")
    return 0
