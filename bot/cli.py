"""The command line: ``micic-bot run | check | health | doctor | backup | org | cycle | report |
i18n``."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot import __version__
from bot.checklists import ChecklistError, load_checklists
from bot.cli_check import add_check_parser, run_check
from bot.cli_cycles import add_cycle_parser, run_cycle
from bot.cli_reports import add_org_list_parser, add_report_parser, run_org_list, run_report
from bot.cli_settings import add_org_set_parser, run_org_set
from bot.config import ConfigError, Settings, load_settings
from bot.health import Health, check_health
from bot.i18n import Catalogs
from bot.i18n.cli import add_i18n_parser, run_i18n
from bot.logs import configure_logging
from bot.model import DomainError
from bot.privacy import Retention
from bot.service import Service
from bot.store import Store, StoreError

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="micic-bot", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (without a token: the offline playground)")
    add_check_parser(sub)
    sub.add_parser("health", help="check the database and the flow of updates; exit 1 if unwell")
    sub.add_parser("doctor", help="check the token, webhook, database, content, fonts, time zones")
    backup = sub.add_parser("backup", help="copy the database consistently, even while running")
    backup.add_argument("file", type=Path, help="where to write the copy")
    org = sub.add_parser("org", help="manage organisations")
    org_sub = org.add_subparsers(dest="org_command", required=True)
    add = org_sub.add_parser("add", help="create an organisation and print its invite codes")
    add.add_argument("name", nargs="+")
    add_org_list_parser(org_sub)
    add_org_set_parser(org_sub)
    add_cycle_parser(sub)
    add_report_parser(sub)
    add_i18n_parser(sub)
    return parser


async def _org_add(settings: Settings, name: str) -> int:
    checklists = load_checklists(settings.checklists_dir)
    async with Store.open(settings.database) as store:
        try:
            org = await Service(store, checklists, settings.admins).create_organisation(None, name)
        except DomainError as exc:
            print(f"cannot add the organisation: {exc}", file=sys.stderr)
            return 1
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


async def _health(settings: Settings) -> int:
    """What /healthz says, read from the database alone: for container health checks."""
    try:
        async with Store.peek(settings.database) as store:
            health = await check_health(store, datetime.now(UTC))
    except StoreError as exc:
        health = Health([f"the database does not answer: {exc}"], {"database": "unreachable"})
    print(json.dumps(health.as_json(), ensure_ascii=False))
    return 0 if health.ok else 1


async def _run(settings: Settings) -> int:
    from bot.app import Runtime, StartFailed, use_timedelta_durations
    from bot.transport.webhook import Webhook

    use_timedelta_durations()  # the bot's process starts here, the playground's too
    checklists = load_checklists(settings.checklists_dir)
    catalogs = Catalogs.load(settings.locales_dir)
    if not settings.token:
        from bot.playground.launch import run_playground

        await run_playground(settings, checklists, catalogs)
        return 0
    webhook = None
    if settings.webhook_url and settings.webhook_secret:
        webhook = Webhook(settings.webhook_url, settings.webhook_secret)
    async with Store.open(settings.database) as store:
        service = Service(store, checklists, settings.admins, timezone=settings.timezone)
        runtime = Runtime.build(
            settings.token,
            settings.api_url,
            service,
            catalogs,
            protect_reports=settings.protect_reports,
            reminders=settings.reminders,
            webhook=webhook,
            listen=settings.listen,
        )
        stopping = _stop_on_signals()  # before starting: a SIGTERM then must stop, not kill
        retention = asyncio.create_task(_forget_inactive_daily(service, settings.retention_days))
        try:
            await runtime.start()
            await stopping.wait()
        except StartFailed as exc:
            print(f"The bot cannot start: {exc}", file=sys.stderr)
            return 1
        finally:
            retention.cancel()
            log.info("stopping: finishing the updates being handled")
            await runtime.stop()
    return 0


async def _forget_inactive_daily(service: Service, days: int) -> None:
    """Apply the retention setting at start-up and once a day."""
    while True:
        forgotten = await service.forget_inactive(Retention(days))
        if forgotten:
            log.info("forgot %d users inactive for over %d days", forgotten, days)
        await asyncio.sleep(24 * 3600)


def _stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``micic-bot``: every command, its output piped into ``head`` or not."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at exit
    except BrokenPipeError:
        # The reader (``| head``) stopped reading: not an error of ours. Send what is left of
        # the output nowhere, so that Python's flush at exit does not fail again, and end as
        # a program killed by SIGPIPE would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    return code


def _main(argv: Sequence[str] | None) -> int:
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
        return run_check(settings, args)
    if args.command == "health":
        return asyncio.run(_health(settings))
    if args.command == "i18n":
        return run_i18n(settings.locales_dir, args)
    if playground:
        print("No TELEGRAM_BOT_TOKEN is set: starting the offline playground with a local Bot API.")
        print("Type a button's number to press it; other lines are sent as messages. /quit leaves.")
    try:
        if args.command == "doctor":
            from bot.doctor import run_doctor

            return asyncio.run(run_doctor(settings))
        if args.command == "backup":
            return asyncio.run(_backup(settings, args.file))
        if args.command == "report":
            return asyncio.run(run_report(settings, args))
        if args.command == "cycle":
            return asyncio.run(run_cycle(settings, args))
        if args.command == "org" and args.org_command == "list":
            return asyncio.run(run_org_list(settings))
        if args.command == "org" and args.org_command == "set":
            return asyncio.run(run_org_set(settings, args))
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
