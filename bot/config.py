"""Settings from the environment (and a ``.env`` file): read once, by the command line only."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

OFFICIAL_API_URL = "https://api.telegram.org"
DEFAULT_DATABASE = Path("data/micic.sqlite3")


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
    )
