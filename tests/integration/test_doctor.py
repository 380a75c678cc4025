"""``micic-bot doctor`` against the local Bot API: each check says ok, or what is wrong and what
to do, and the exit status is 1 when any fails.
"""

from __future__ import annotations

import io
import shutil
import zoneinfo
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.doctor import run_doctor, webhook_result
from bot.handlers.probe import Identity
from bot.playground import LocalBotApi
from bot.reports import charts
from bot.store import Store
from tests.support.project import LOCALES, ROOT


def settings_for(api: LocalBotApi, tmp_path: Path, **changes: object) -> Settings:
    """The settings of a bot on this local Bot API, with a database in tmp_path."""
    values: dict[str, object] = {
        "token": api.token,
        "api_url": api.url,
        "database": tmp_path / "bot.sqlite3",
        "checklists_dir": ROOT / "checklists",
        "locales_dir": LOCALES,
    }
    return Settings(**{**values, **changes})  # type: ignore[arg-type]


async def doctor(settings: Settings) -> tuple[int, dict[str, tuple[str, str]]]:
    """The exit status, and each check's verdict and detail by name."""
    out = io.StringIO()
    status = await run_doctor(settings, out)
    lines = out.getvalue().splitlines()
    checks = {}
    for line in lines[:-1]:
        verdict, name, detail = line[:4].strip(), line[6:18].strip(), line[18:].strip()
        checks[name] = (verdict, detail)
    failed = [name for name, (verdict, _) in checks.items() if verdict == "FAIL"]
    assert lines[-1] == (
        f"{len(failed)} check(s) failed: {', '.join(failed)}" if failed else "all ok"
    )
    assert status == (1 if failed else 0)
    return status, checks


@pytest.fixture
def fonts_present(monkeypatch: pytest.MonkeyPatch) -> None:
    """Charts that draw every script (the fonts check itself is tested below)."""
    monkeypatch.setattr(charts, "missing_glyphs", lambda text: "")


async def test_a_sound_set_up_passes_every_check(
    api: LocalBotApi, tmp_path: Path, fonts_present: None
) -> None:
    await (await Store.open(tmp_path / "bot.sqlite3")).close()
    status, checks = await doctor(settings_for(api, tmp_path))
    assert status == 0
    assert checks["token"] == ("ok", f"accepted: @{api.bot_username} (id {api.token[:6]})")
    assert checks["webhook"][0] == "ok" and "long polling" in checks["webhook"][1]
    verdict, detail = checks["database"]
    assert verdict == "ok" and "integrity ok, writable" in detail and "journal wal" in detail
    assert checks["checklists"][0] == "ok" and "3 checklists" in checks["checklists"][1]
    assert checks["catalogs"] == ("ok", "6 languages: ar, en, es, fr, ru, zh_Hans")
    assert checks["fonts"][0] == "ok"
    assert checks["time zones"][0] == "ok"


async def test_a_refused_token_fails_and_says_where_to_look(
    api: LocalBotApi, tmp_path: Path, fonts_present: None
) -> None:
    status, checks = await doctor(settings_for(api, tmp_path, token="999:not-the-token"))
    assert status == 1
    verdict, detail = checks["token"]
    assert verdict == "FAIL" and "refused the token" in detail and "TELEGRAM_BOT_TOKEN" in detail
    assert "not-the-token" not in detail
    assert checks["webhook"] == ("FAIL", "not checked: the token check failed")
    assert checks["database"][0] == "ok"  # the other checks still run
    assert "does not exist yet" in checks["database"][1]


async def test_a_broken_database_and_a_broken_checklist_are_named(
    api: LocalBotApi, tmp_path: Path, fonts_present: None
) -> None:
    (tmp_path / "bot.sqlite3").write_bytes(b"not a database" * 100)
    checklists = tmp_path / "checklists"
    shutil.copytree(ROOT / "checklists", checklists)
    (checklists / "recovery.yaml").write_text("id: recovery\nitems: [\n", encoding="utf-8")
    status, checks = await doctor(settings_for(api, tmp_path, checklists_dir=checklists))
    assert status == 1
    verdict, detail = checks["database"]
    assert verdict == "FAIL" and "bot.sqlite3" in detail and "restore" in detail
    verdict, detail = checks["checklists"]
    assert verdict == "FAIL" and "micic-bot check" in detail


async def test_missing_time_zones_say_to_install_tzdata(
    api: LocalBotApi, tmp_path: Path, fonts_present: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unknown(name: str) -> zoneinfo.ZoneInfo:
        raise zoneinfo.ZoneInfoNotFoundError(name)

    monkeypatch.setattr(zoneinfo, "ZoneInfo", unknown)
    _, checks = await doctor(settings_for(api, tmp_path))
    verdict, detail = checks["time zones"]
    assert verdict == "FAIL" and "tzdata" in detail


async def test_missing_glyphs_fail_the_fonts_check(
    api: LocalBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(charts, "missing_glyphs", lambda text: "城市")
    status, checks = await doctor(settings_for(api, tmp_path))
    assert status == 1
    assert checks["fonts"][0] == "FAIL" and "城市" in checks["fonts"][1]


def test_the_fonts_check_finds_what_no_font_draws() -> None:
    assert charts.missing_glyphs("Ville de Lyon") == ""
    assert charts.missing_glyphs("Lyon \ue000\ue001 \ue000") == "\ue000\ue001"  # private use


def test_a_webhook_telegram_cannot_reach_fails() -> None:
    url = "https://bot.example.org/telegram"
    result = webhook_result(Identity(webhook_url=url, pending_updates=12, webhook_error="timeout"))
    assert not result.ok
    assert url in result.detail and "timeout" in result.detail and "12 update(s)" in result.detail
    assert webhook_result(Identity(webhook_url=url)).ok


def test_the_command_exits_1_when_the_bot_api_cannot_be_reached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("MICIC_DATABASE", str(tmp_path / "bot.sqlite3"))
    monkeypatch.setenv("MICIC_CHECKLISTS", str(ROOT / "checklists"))
    monkeypatch.setenv("MICIC_LOCALES", str(LOCALES))
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  token" in out and "cannot reach http://127.0.0.1:9" in out
