"""One version: ``bot.__version__`` is the package's version and what ``--version`` prints."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from bot import __version__
from bot.cli import main


def test_the_package_takes_its_version_from_bot() -> None:
    assert version("micic-checklist-bot") == __version__


def test_micic_bot_version_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"micic-bot {__version__}\n"
