"""``micic-bot org set NAME --kinds ...``: an organisation's settings from the command line.

Each setting is one option of ``org set``; an option left out leaves its setting as it is. The
chat's ``/settings`` changes the same settings.
"""

from __future__ import annotations

import argparse
import sys

from bot.checklists import load_checklists
from bot.config import Settings
from bot.model import Context, DomainError, OrganisationSettings
from bot.scope import kinds_text, parse_kinds
from bot.service import Service
from bot.store import Store


def _kinds(text: str) -> frozenset[Context]:
    try:
        return parse_kinds(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_org_set_parser(org_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``org set NAME [--kinds destination,transit,origin]``."""
    change = org_sub.add_parser("set", help="change an organisation's settings")
    change.add_argument("name", nargs="+")
    change.add_argument(
        "--kinds",
        type=_kinds,
        metavar="KINDS",
        help="the kinds of place it is, comma-separated: destination, transit, origin",
    )


def describe_settings(name: str, settings: OrganisationSettings) -> str:
    """The settings as ``org set`` prints them."""
    return f"{name}\nkinds: {kinds_text(settings.kinds)}"


async def run_org_set(settings: Settings, args: argparse.Namespace) -> int:
    """Change the settings given; print them all; exit 1 on an unknown organisation."""
    name = " ".join(args.name)
    async with Store.open(settings.database) as store:
        service = Service(store, load_checklists(settings.checklists_dir), settings.admins)
        org = await service.coordination.organisation_named(None, name)
        if org is None:
            print(f"unknown organisation {name!r}; see: micic-bot org list", file=sys.stderr)
            return 1
        try:
            if args.kinds is not None:
                await service.coordination.set_kinds(None, org.id, args.kinds)
            found = await service.coordination.settings(None, org.id)
        except DomainError as exc:
            print(f"cannot change the settings: {exc}", file=sys.stderr)
            return 1
    print(describe_settings(org.name, found))
    return 0
