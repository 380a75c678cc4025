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
    assert settings.log_format == "text"


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nTELEGRAM_BOT_TOKEN='1:from-file'\nMICIC_ADMINS=1, 2\n")
    settings = load_settings({"MICIC_ADMINS": "7", "TELEGRAM_API_URL": "http://x:1/"}, dotenv)
    assert settings.token == "1:from-file"
    assert settings.admins == frozenset({7})
    assert settings.api_url == "http://x:1"


def test_the_token_never_shows_in_repr(tmp_path: Path) -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "123:SECRET"}, tmp_path / ".env")
    assert "SECRET" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value"),
    [("MICIC_ADMINS", "12,abc"), ("MICIC_RETENTION_DAYS", "0"), ("MICIC_LOG_FORMAT", "xml")],
)
def test_bad_values_are_named(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value}, tmp_path / ".env")


def test_json_logs_are_chosen_in_any_case(tmp_path: Path) -> None:
    assert load_settings({"MICIC_LOG_FORMAT": "JSON"}, tmp_path / ".env").log_format == "json"
