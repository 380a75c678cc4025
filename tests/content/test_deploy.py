"""The deployment files agree with the bot and with each other.

Containers cannot run here, so what can be checked without them is: the files parse, they use
the bot's own settings and commands, the image copies what exists, and systemd accepts the
units (where systemd-analyze is installed).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.cli import _parser
from tests.support.project import ROOT

DEPLOY = ROOT / "deploy"
UNITS = ("micic-bot.service", "micic-litestream.service")


def settings_in_readme() -> set[str]:
    """The variables of the README's configuration table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.MULTILINE))


def unit(name: str) -> dict[str, list[str]]:
    """A unit file's settings, each name with every value it is given."""
    found: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key, []).append(value)
    return found


def test_the_env_example_holds_only_documented_settings() -> None:
    text = (DEPLOY / "micic.env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^([A-Z_]+)=", text, re.MULTILINE))
    bot_settings = {n for n in names if not n.startswith("LITESTREAM_")}
    assert {"TELEGRAM_BOT_TOKEN", "MICIC_ADMINS", "MICIC_LOG_FORMAT"} <= bot_settings
    missing = bot_settings - settings_in_readme() - {"MICIC_WEBHOOK_URL", "MICIC_WEBHOOK_SECRET"}
    assert not missing, f"not in the README's configuration table: {missing}"
    assert re.search(r"^TELEGRAM_BOT_TOKEN=$", text, re.MULTILINE)  # never a real token


def test_compose_runs_the_image_with_a_volume_and_litestream_on_request() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    bot, litestream = compose["services"]["bot"], compose["services"]["litestream"]
    assert bot["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert "data:/data" in bot["volumes"]
    assert bot["environment"]["MICIC_DATABASE"] == "/data/micic.sqlite3"
    assert bot["read_only"] is True and bot["env_file"] == "micic.env"
    assert litestream["profiles"] == ["backup"]
    assert "./litestream.yml:/etc/litestream.yml:ro" in litestream["volumes"]
    assert "data:/data" in litestream["volumes"]
    assert litestream["environment"]["MICIC_DATABASE"] == bot["environment"]["MICIC_DATABASE"]
    assert set(compose["volumes"]) == {"data", "backups"}


def test_the_image_installs_the_package_and_runs_as_a_user_with_a_health_check() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert "RUN pip install /src" in dockerfile  # the package, as the tests install it
    assert re.search(r"^USER micic$", dockerfile, re.MULTILINE)
    assert re.search(r"^VOLUME /data$", dockerfile, re.MULTILINE)
    assert 'CMD ["micic-bot", "health"]' in dockerfile
    assert 'CMD ["micic-bot", "run"]' in dockerfile
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    for sources in re.findall(r"^COPY (.+) \S+$", dockerfile, re.MULTILINE):
        for source in sources.split():
            assert (ROOT / source).exists(), source
            assert f"!{source.rstrip('/')}{'/' if (ROOT / source).is_dir() else ''}" in ignored


def test_the_commands_the_files_run_exist() -> None:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    commands = set(sub.choices)
    assert {"run", "doctor", "backup"} <= commands
    # `micic-bot health` (the HEALTHCHECK) comes with the HTTP server; it must exist by then
    mentioned = set(re.findall(r"micic-bot (\w+)", (DEPLOY / "README.md").read_text("utf-8")))
    assert mentioned - {"health"} <= commands


def test_the_unit_restarts_on_failure_in_a_sandbox_with_a_state_directory() -> None:
    bot = unit("micic-bot.service")
    assert bot["Restart"] == ["on-failure"]
    assert bot["EnvironmentFile"] == ["/etc/micic-bot/micic.env"]
    assert bot["ProtectSystem"] == ["strict"] and bot["NoNewPrivileges"] == ["yes"]
    assert bot["StateDirectory"] == ["micic-bot"]
    assert "MICIC_DATABASE=/var/lib/micic-bot/micic.sqlite3" in bot["Environment"]
    assert bot["ExecStart"] == ["/opt/micic-bot/.venv/bin/micic-bot run"]
    litestream = unit("micic-litestream.service")
    assert litestream["User"] == bot["User"] and litestream["StateDirectory"] == ["micic-bot"]
    assert "MICIC_DATABASE=/var/lib/micic-bot/micic.sqlite3" in litestream["Environment"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    """systemd-analyze verify, with the paths of an installation pointed at this machine."""
    env_file = tmp_path / "micic.env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=1:x\n")
    litestream = shutil.which("litestream", path=str(Path(sys.executable).parent)) or "/bin/true"
    for name in UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        text = text.replace("/opt/micic-bot/.venv/bin/micic-bot", str(Path(sys.executable)))
        text = text.replace("/usr/bin/litestream", litestream)
        text = text.replace("/etc/micic-bot/micic.env", str(env_file))
        text = text.replace("WorkingDirectory=/opt/micic-bot", f"WorkingDirectory={ROOT}")
        text = re.sub(r"^(User|Group)=micic$", r"\1=root", text, flags=re.MULTILINE)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", *UNITS],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "micic" not in result.stderr, result.stderr  # no warning about our units either
