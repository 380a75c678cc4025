"""Settings from the environment (and a ``.env`` file): read once, by the command line only."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.model import UnknownTimeZone
from bot.working_time import zone_name

OFFICIAL_API_URL = "https://api.telegram.org"
DEFAULT_DATABASE = Path("data/micic.sqlite3")
DEFAULT_LISTEN = ("127.0.0.1", 8080)
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a secret_token


class ConfigError(Exception):
    """A setting is present but unusable."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot is configured with. The token never shows in ``repr``."""

    token: str | None = field(default=None, repr=False)
    api_url: str = OFFICIAL_API_URL
    database: Path = DEFAULT_DATABASE
    admins: frozenset[int] = frozenset()
    checklists_dir: Path = Path("checklists")
    locales_dir: Path = Path("locales")
    log_level: str | None = None  # None: INFO for the bot, WARNING under the terminal chat
    log_format: str = "text"  # or "json": one object per line, for log collectors
    retention_days: int = 365
    protect_reports: bool = False  # report files sent with Telegram's content protection
    webhook_url: str | None = None  # None: long polling
    webhook_secret: str | None = field(default=None, repr=False)
    listen: tuple[str, int] = DEFAULT_LISTEN  # the HTTP server: /healthz, and the webhook
    reminders: bool = True  # MICIC_REMINDERS=off: no reminders from this deployment
    timezone: str = "UTC"  # the time zone of organisations that did not choose one


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a .env file; blank lines and # comments ignored."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return values


def _admins(text: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(
            f"MICIC_ADMINS must list Telegram user ids separated by commas: {text!r}"
        ) from None


def _positive(text: str, name: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{name} must be a whole number of days, at least 1: {text!r}")
    return value


def _flag(text: str, name: str) -> bool:
    value = text.strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{name} must be 1 or 0: {text!r}")


def _switch(text: str, name: str) -> bool:
    value = text.strip().lower()
    if value in ("", "on", "1", "true", "yes"):
        return True
    if value in ("off", "0", "false", "no"):
        return False
    raise ConfigError(f"{name} must be on or off: {text!r}")


def _timezone(text: str) -> str:
    try:
        return zone_name(text) if text.strip() else "UTC"
    except UnknownTimeZone:
        raise ConfigError(
            "MICIC_TIMEZONE must be a time zone of the IANA database, such as Europe/Rome:"
            f" {text!r}"
        ) from None


def _listen(text: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8080`` for IPv6); port 0 picks a free one."""
    host, _, port = text.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not host or not port.isdigit() or int(port) > 65535:
        raise ConfigError(f"MICIC_LISTEN must be host:port, such as 127.0.0.1:8080: {text!r}")
    return host, int(port)


def _webhook(url: str | None, secret: str | None) -> tuple[str | None, str | None]:
    """The webhook URL and its secret, both or neither."""
    if not url:
        return None, None
    if not url.startswith(("https://", "http://")):
        raise ConfigError(f"MICIC_WEBHOOK_URL must be an https:// URL: {url!r}")
    if not secret:
        raise ConfigError("MICIC_WEBHOOK_SECRET is required with MICIC_WEBHOOK_URL")
    if not _SECRET.fullmatch(secret):
        raise ConfigError(
            "MICIC_WEBHOOK_SECRET must be 1-256 characters: letters A-Z and a-z, digits, _ and -"
        )
    return url, secret


def _log_format(text: str) -> str:
    value = text.strip().lower() or "text"
    if value not in ("text", "json"):
        raise ConfigError(f"MICIC_LOG_FORMAT must be text or json: {text!r}")
    return value


def load_settings(
    environ: Mapping[str, str] | None = None, dotenv: Path = Path(".env")
) -> Settings:
    """Settings from the environment; a .env file fills in what the environment lacks."""
    env = {**read_dotenv(dotenv), **(os.environ if environ is None else environ)}
    webhook_url, webhook_secret = _webhook(
        env.get("MICIC_WEBHOOK_URL"), env.get("MICIC_WEBHOOK_SECRET")
    )
    listen = env.get("MICIC_LISTEN")
    return Settings(
        token=env.get("TELEGRAM_BOT_TOKEN") or None,
        api_url=(env.get("TELEGRAM_API_URL") or OFFICIAL_API_URL).rstrip("/"),
        database=Path(env.get("MICIC_DATABASE") or DEFAULT_DATABASE),
        admins=_admins(env.get("MICIC_ADMINS", "")),
        checklists_dir=Path(env.get("MICIC_CHECKLISTS") or "checklists"),
        locales_dir=Path(env.get("MICIC_LOCALES") or "locales"),
        log_level=(env.get("MICIC_LOG_LEVEL") or "").upper() or None,
        log_format=_log_format(env.get("MICIC_LOG_FORMAT", "")),
        retention_days=_positive(env.get("MICIC_RETENTION_DAYS") or "365", "MICIC_RETENTION_DAYS"),
        protect_reports=_flag(env.get("MICIC_PROTECT_REPORTS", ""), "MICIC_PROTECT_REPORTS"),
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        listen=_listen(listen) if listen else DEFAULT_LISTEN,
        reminders=_switch(env.get("MICIC_REMINDERS", ""), "MICIC_REMINDERS"),
        timezone=_timezone(env.get("MICIC_TIMEZONE", "")),
    )
