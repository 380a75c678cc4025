"""The command line: ``micic-bot run | check | doctor | backup | org | report | i18n``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.checklists import ChecklistError, describe, load_checklists
from bot.cli_reports import add_org_list_parser, add_report_parser, run_org_list, run_report
from bot.config import ConfigError, Settings, load_settings
from bot.i18n import Catalogs
from bot.i18n.cli import add_i18n_parser, run_i18n
from bot.logs import configure_logging
from bot.privacy import Retention
from bot.service import Service
from bot.store import Store, StoreError

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="micic-bot", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (without a token: the offline playground)")
    sub.add_parser("check", help="validate every checklist; exit 1 on any problem")
    sub.add_parser("doctor", help="check the token, webhook, database, content, fonts, time zones")
    backup = sub.add_parser("backup", help="copy the database consistently, even while running")
    backup.add_argument("file", type=Path, help="where to write the copy")
    org = sub.add_parser("org", help="manage organisations")
    org_sub = org.add_subparsers(dest="org_command", required=True)
    add = org_sub.add_parser("add", help="create an organisation and print its invite codes")
    add.add_argument("name", nargs="+")
    add_org_list_parser(org_sub)
    add_report_parser(sub)
    add_i18n_parser(sub)
    return parser


def cmd_check(settings: Settings) -> int:
    """Validate the checklists; print each problem as file:line: path: message."""
    try:
        checklists = load_checklists(settings.checklists_dir)
    except ChecklistError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    describe(checklists.values())
    return 0


async def _org_add(settings: Settings, name: str) -> int:
    checklists = load_checklists(settings.checklists_dir)
    async with Store.open(settings.database) as store:
        org = await Service(store, checklists, settings.admins).create_organisation(None, name)
    print(f"{org.name}\nresponder code: {org.responder_code}")
    print(f"coordinator code: {org.coordinator_code}")
    return 0


async def _backup(settings: Settings, target: Path) -> int:
    if not settings.database.is_file():
        print(f"no database at {settings.database}", file=sys.stderr)
        return 1
    async with Store.open(settings.database) as store:
        try:
            pages = await store.backup(target)
        except StoreError as exc:
            print(f"backup failed: {exc}", file=sys.stderr)
            return 1
    print(f"backed up {settings.database} to {target} ({pages} pages, integrity ok)")
    return 0


async def _run(settings: Settings) -> int:
    from bot.app import build_application, start, stop, use_timedelta_durations

    use_timedelta_durations()  # the bot's process starts here, the playground's too
    checklists = load_checklists(settings.checklists_dir)
    catalogs = Catalogs.load(settings.locales_dir)
    if not settings.token:
        from bot.playground.launch import run_playground

        await run_playground(settings, checklists, catalogs)
        return 0
    async with Store.open(settings.database) as store:
        service = Service(store, checklists, settings.admins)
        app = build_application(settings.token, settings.api_url, service, catalogs)
        log.info("starting the bot (long polling)")
        await start(app)
        retention = asyncio.create_task(_forget_inactive_daily(service, settings.retention_days))
        try:
            await _wait_for_stop()
        finally:
            retention.cancel()
            await stop(app)
    return 0


async def _forget_inactive_daily(service: Service, days: int) -> None:
    """Apply the retention setting at start-up and once a day."""
    while True:
        forgotten = await service.forget_inactive(Retention(days))
        if forgotten:
            log.info("forgot %d users inactive for over %d days", forgotten, days)
        await asyncio.sleep(24 * 3600)


async def _wait_for_stop() -> None:
    """Wait until SIGINT or SIGTERM."""
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``micic-bot``."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    playground = args.command == "run" and not settings.token
    # Under the terminal chat, routine INFO lines would interleave with the conversation.
    configure_logging(
        settings.log_level or ("WARNING" if playground else "INFO"), settings.log_format
    )
    if args.command == "check":
        return cmd_check(settings)
    if args.command == "i18n":
        return run_i18n(settings.locales_dir, args)
    if playground:
        print("No TELEGRAM_BOT_TOKEN is set: starting the offline playground with a local Bot API.")
    try:
        if args.command == "doctor":
            from bot.doctor import run_doctor

            return asyncio.run(run_doctor(settings))
        if args.command == "backup":
            return asyncio.run(_backup(settings, args.file))
        if args.command == "report":
            return asyncio.run(run_report(settings, args))
        if args.command == "org" and args.org_command == "list":
            return asyncio.run(run_org_list(settings))
        if args.command == "org":
            return asyncio.run(_org_add(settings, " ".join(args.name)))
        return asyncio.run(_run(settings))
    except ChecklistError as exc:
        print("The bot cannot start: a checklist is broken.", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
