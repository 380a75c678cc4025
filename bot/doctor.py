"""``micic-bot doctor``: every check an operator needs before (re)starting the bot, in one run.

Each check prints ``ok`` with what it found, or ``FAIL`` with what is wrong and what to do;
the exit status is 1 if any failed. Nothing is changed: no migration, no message sent.
"""

from __future__ import annotations

import sys
import zoneinfo
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TextIO

from bot.checklists import ChecklistError, load_checklists
from bot.config import Settings
from bot.handlers.probe import Identity, probe
from bot.i18n import DOMAINS, Catalogs, po_files
from bot.i18n.cli import po_problems
from bot.store.checkup import check_database

# A municipality's name may be in any of the six languages; the charts must draw them all.
SCRIPTS_SAMPLE = "Ville · Ciudad · Город · مدينة · 城市"
TIME_ZONES = ("UTC", "Africa/Khartoum", "Asia/Beirut", "America/Bogota", "Asia/Shanghai")


@dataclass(frozen=True)
class Result:
    """One check: passed or not, and what was found or what to do."""

    name: str
    ok: bool
    detail: str


Check = Callable[[Settings], Awaitable[list[Result]]]


async def telegram(settings: Settings) -> list[Result]:
    """The token (getMe) and where updates go (getWebhookInfo)."""
    if not settings.token:
        todo = "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in the environment"
        return [Result("token", False, todo), Result("webhook", False, "not checked: no token")]
    found = await probe(settings.token, settings.api_url)
    if found.problem:
        skipped = Result("webhook", False, "not checked: the token check failed")
        return [token_result(found, settings.api_url), skipped]
    return [token_result(found, settings.api_url), webhook_result(found)]


def token_result(found: Identity, api_url: str) -> Result:
    """What getMe said about the token."""
    if found.token_refused:
        todo = "check TELEGRAM_BOT_TOKEN (@BotFather shows it again with /token)"
        return Result("token", False, f"the Bot API at {api_url} refused the token: {todo}")
    if found.problem:
        todo = "check the network, any proxy, and TELEGRAM_API_URL"
        return Result("token", False, f"cannot reach {api_url} ({found.problem}): {todo}")
    return Result("token", True, f"accepted: @{found.username} (id {found.bot_id})")


def webhook_result(found: Identity) -> Result:
    """Where Telegram sends the updates, and whether it manages to."""
    waiting = f"{found.pending_updates} update(s) waiting"
    if not found.webhook_url:
        return Result("webhook", True, f"none: updates are fetched by long polling; {waiting}")
    if found.webhook_error:
        todo = "check that the URL is public HTTPS and reaches the bot (MICIC_LISTEN)"
        problem = f"Telegram cannot deliver to {found.webhook_url}: {found.webhook_error}"
        return Result("webhook", False, f"{problem}; {waiting}: {todo}")
    return Result("webhook", True, f"{found.webhook_url}; {waiting}")


async def database(settings: Settings) -> list[Result]:
    """Writable, whole, and how far migrated."""
    path = settings.database
    found = await check_database(path)
    if found.problem:
        todo = "stop the bot and restore the last backup (deploy/README.md, Backup and restore)"
        return [Result("database", False, f"{path}: {found.problem}: {todo}")]
    if not found.exists:
        return [Result("database", True, f"{path} does not exist yet: it is created at start")]
    schema = f"schema {found.schema} of {found.latest}"
    if found.schema < found.latest:
        schema += " (the rest is applied at start)"
    size = f"{found.size_bytes / 1e6:.1f} MB"
    detail = f"{path}: integrity ok, writable, {schema}, journal {found.journal_mode}, {size}"
    return [Result("database", True, detail)]


async def content(settings: Settings) -> list[Result]:
    """The checklists and the translation catalogs load."""
    try:
        checklists = load_checklists(settings.checklists_dir)
    except ChecklistError as exc:
        todo = f"run `micic-bot check` for each problem in {settings.checklists_dir}"
        found = Result("checklists", False, f"{len(exc.problems)} problem(s): {todo}")
    else:
        items = sum(len(c.items) for c in checklists.values())
        found = Result("checklists", True, f"{len(checklists)} checklists, {items} items")
    return [found, catalogs(settings)]


def catalogs(settings: Settings) -> Result:
    """Every catalog compiles and is usable."""
    problems = [
        problem
        for domain in DOMAINS
        for lang, path in po_files(settings.locales_dir, domain).items()
        for problem in po_problems(path, lang, domain)
    ]
    if problems:
        todo = f"run `micic-bot i18n check` for each problem in {settings.locales_dir}"
        return Result("catalogs", False, f"{len(problems)} problem(s): {todo}")
    languages = Catalogs.load(settings.locales_dir).languages
    return Result("catalogs", True, f"{len(languages)} languages: {', '.join(languages)}")


async def fonts(settings: Settings) -> list[Result]:
    """Charts draw every script a name may be written in."""
    from bot.reports.charts import missing_glyphs

    missing = missing_glyphs(SCRIPTS_SAMPLE)
    if missing:
        todo = "install fonts that cover them (for example Noto Sans, Noto Sans CJK)"
        return [Result("fonts", False, f"charts would draw boxes for {missing}: {todo}")]
    return [Result("fonts", True, "charts draw Latin, Cyrillic, Arabic and Chinese")]


async def time_zones(settings: Settings) -> list[Result]:
    """The time zone database is there (the system's, or the tzdata package)."""
    try:
        for name in TIME_ZONES:
            zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:
        todo = "install the tzdata package (pip install tzdata, or the system's tzdata)"
        return [Result("time zones", False, f"{name} is unknown: {todo}")]
    return [Result("time zones", True, f"{len(zoneinfo.available_timezones())} known")]


CHECKS: tuple[Check, ...] = (telegram, database, content, fonts, time_zones)


async def diagnose(settings: Settings, checks: tuple[Check, ...] = CHECKS) -> list[Result]:
    """Run every check, in order."""
    return [result for check in checks for result in await check(settings)]


async def run_doctor(settings: Settings, out: TextIO | None = None) -> int:
    """Print each check as ``ok``/``FAIL``, name, detail; 1 if any failed."""
    out = out or sys.stdout
    results = await diagnose(settings)
    width = max(len(r.name) for r in results)
    for r in results:
        print(f"{'ok' if r.ok else 'FAIL':<4}  {r.name:<{width}}  {r.detail}", file=out)
    failed = [r.name for r in results if not r.ok]
    print(f"{len(failed)} check(s) failed: {', '.join(failed)}" if failed else "all ok", file=out)
    return 1 if failed else 0
