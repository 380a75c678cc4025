"""The project under test: its folders, checklists and catalogs, loaded once per process."""

from __future__ import annotations

from pathlib import Path

from bot.checklists import load_checklists
from bot.i18n import Catalogs

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
CHECKLISTS = load_checklists(ROOT / "checklists")
CATALOGS = Catalogs.load(LOCALES)
ADMIN_ID = 900  # the one administrator the test bots trust
