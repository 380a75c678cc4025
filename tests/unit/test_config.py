"""Settings come from the environment and .env; bad values are named; the token stays hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import OFFICIAL_API_URL, ConfigError, load_settings


def test_defaults_without_any_setting(tmp_path: Path) -> None:
    settings = load_settings({}, tmp_path / ".env")
    assert settings.token is None
    assert settings.api_url == OFFICIAL_API_URL
    assert settings.database == Path("data/micic.sqlite3")
    assert settings.admins == frozenset()
    assert settings.retention_days == 365
    assert not settings.protect_reports, "report files go unprotected unless asked"
    assert (settings.webhook_url, settings.webhook_secret) == (None, None)  # long polling
    assert settings.listen == ("127.0.0.1", 8080)
    assert settings.log_format == "text"


def test_report_files_can_be_protected(tmp_path: Path) -> None:
    assert load_settings({"MICIC_PROTECT_REPORTS": "1"}, tmp_path / ".env").protect_reports
    assert not load_settings({"MICIC_PROTECT_REPORTS": "0"}, tmp_path / ".env").protect_reports


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nTELEGRAM_BOT_TOKEN='1:from-file'\nMICIC_ADMINS=1, 2\n")
    settings = load_settings({"MICIC_ADMINS": "7", "TELEGRAM_API_URL": "http://x:1/"}, dotenv)
    assert settings.token == "1:from-file"
    assert settings.admins == frozenset({7})
    assert settings.api_url == "http://x:1"


def test_the_token_and_the_webhook_secret_never_show_in_repr(tmp_path: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": "123:SECRET",
        "MICIC_WEBHOOK_URL": "https://bot.example.org/hook",
        "MICIC_WEBHOOK_SECRET": "Hush_hush-1",
    }
    settings = load_settings(env, tmp_path / ".env")
    assert settings.webhook_secret == "Hush_hush-1"
    assert "SECRET" not in repr(settings) and "Hush" not in repr(settings)


def test_webhook_mode_and_the_listening_address(tmp_path: Path) -> None:
    env = {
        "MICIC_WEBHOOK_URL": "https://bot.example.org/telegram",
        "MICIC_WEBHOOK_SECRET": "s3cret",
        "MICIC_LISTEN": "[::1]:8443",
    }
    settings = load_settings(env, tmp_path / ".env")
    assert settings.webhook_url == "https://bot.example.org/telegram"
    assert settings.listen == ("::1", 8443)
    assert load_settings({"MICIC_LISTEN": "0.0.0.0:0"}, tmp_path / ".env").listen == ("0.0.0.0", 0)


@pytest.mark.parametrize(
    ("name", "env"),
    [
        ("MICIC_WEBHOOK_SECRET", {"MICIC_WEBHOOK_URL": "https://x.org/h"}),
        (
            "MICIC_WEBHOOK_SECRET",
            {"MICIC_WEBHOOK_URL": "https://x.org/h", "MICIC_WEBHOOK_SECRET": "a b"},
        ),
        ("MICIC_WEBHOOK_URL", {"MICIC_WEBHOOK_URL": "x.org/h", "MICIC_WEBHOOK_SECRET": "ab"}),
        ("MICIC_LISTEN", {"MICIC_LISTEN": "8080"}),
        ("MICIC_LISTEN", {"MICIC_LISTEN": "localhost:http"}),
    ],
)
def test_bad_transport_settings_are_named(tmp_path: Path, name: str, env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings(env, tmp_path / ".env")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MICIC_ADMINS", "12,abc"),
        ("MICIC_RETENTION_DAYS", "0"),
        ("MICIC_PROTECT_REPORTS", "yes!"),
        ("MICIC_LOG_FORMAT", "xml"),
    ],
)
def test_bad_values_are_named(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value}, tmp_path / ".env")


def test_json_logs_are_chosen_in_any_case(tmp_path: Path) -> None:
    assert load_settings({"MICIC_LOG_FORMAT": "JSON"}, tmp_path / ".env").log_format == "json"


def test_reminders_are_on_in_utc_unless_said_otherwise(tmp_path: Path) -> None:
    settings = load_settings({}, tmp_path / ".env")
    assert settings.reminders
    assert settings.timezone == "UTC"
    chosen = load_settings(
        {"MICIC_REMINDERS": "off", "MICIC_TIMEZONE": "europe/rome"}, tmp_path / ".env"
    )
    assert not chosen.reminders
    assert chosen.timezone == "Europe/Rome"
    assert load_settings({"MICIC_REMINDERS": "on"}, tmp_path / ".env").reminders


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("MICIC_TIMEZONE", "Mars/Olympus", "MICIC_TIMEZONE must be a time zone of the IANA"),
        ("MICIC_REMINDERS", "sometimes", "MICIC_REMINDERS must be on or off"),
    ],
)
def test_an_unknown_time_zone_or_switch_is_named(
    tmp_path: Path, name: str, value: str, said: str
) -> None:
    with pytest.raises(ConfigError, match=said):
        load_settings({name: value}, tmp_path / ".env")
