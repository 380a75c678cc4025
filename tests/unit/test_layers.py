"""One library, one home; the domain never reaches up into Telegram, the app or the CLI; and
the playground is a leaf that only the command line launches.

Walks bot/ with ast, so a stray import fails the build instead of blurring the layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"

# Each third-party library, and the only modules (or packages) allowed to import it.
HOMES = {
    "telegram": ("bot.handlers", "bot.app", "bot.transport", "bot.playground"),
    "aiosqlite": ("bot.store",),
    "sqlite3": ("bot.store",),
    "jinja2": ("bot.reports.templates",),
    "babel": ("bot.i18n",),
    "yaml": ("bot.checklists", "bot.i18n.extraction"),
    "confusable_homoglyphs": ("bot.names",),
    "aiohttp": (
        "bot.web",
        "bot.transport.webhook",
        "bot.metrics",
        "bot.handlers.aiohttp_request",
        "bot.playground",
    ),
    "prometheus_client": ("bot.metrics",),
    "matplotlib": ("bot.reports.charts",),
    "xlsxwriter": ("bot.reports.xlsx",),
}
DOMAIN = (
    "bot.model",
    "bot.scoring",
    "bot.checklists",
    "bot.editions",
    "bot.scope",
    "bot.fingerprints",
    "bot.forms",
    "bot.store",
    "bot.access",
    "bot.service",
    "bot.reporting",
    "bot.coordination",
    "bot.privacy",
    "bot.i18n",
    "bot.reports",
    "bot.working_time",
    "bot.reminders",
    "bot.reminding",
    "bot.notices",
)
UPPER = (
    "bot.handlers",
    "bot.transport",
    "bot.web",
    "bot.app",
    "bot.cli",
    "bot.cli_check",
    "bot.cli_reports",
    "bot.cli_settings",
    "bot.playground",
)
PLAYGROUND = ("bot.playground",)
PLAYGROUND_LAUNCHER = "bot.cli"


def _modules() -> dict[str, set[str]]:
    """Every module of bot/ with the modules it imports (top-level names resolved)."""
    found: dict[str, set[str]] = {}
    for path in BOT.rglob("*.py"):
        parts = path.relative_to(BOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        imports: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imports.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imports.add(node.module)  # and `from bot import playground` as bot.playground:
                imports.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[name] = imports
    return found


def _within(module: str, homes: tuple[str, ...]) -> bool:
    return any(module == home or module.startswith(home + ".") for home in homes)


MODULES = _modules()


@pytest.mark.parametrize("library", HOMES)
def test_each_library_is_imported_only_in_its_home(library: str) -> None:
    strays = sorted(
        module
        for module, imports in MODULES.items()
        if any(i == library or i.startswith(library + ".") for i in imports)
        and not _within(module, HOMES[library])
    )
    assert not strays, f"{library} imported outside {HOMES[library]}: {strays}"


def test_the_domain_never_imports_the_telegram_adapter_the_app_or_the_cli() -> None:
    strays = sorted(
        f"{module} -> {imported}"
        for module, imports in MODULES.items()
        if _within(module, DOMAIN)
        for imported in imports
        if _within(imported, UPPER)
    )
    assert not strays, strays


def test_the_playground_is_a_leaf_that_only_the_command_line_imports() -> None:
    strays = sorted(
        f"{module} -> {imported}"
        for module, imports in MODULES.items()
        if not _within(module, PLAYGROUND) and module != PLAYGROUND_LAUNCHER
        for imported in imports
        if _within(imported, PLAYGROUND)
    )
    assert not strays, f"only {PLAYGROUND_LAUNCHER} may import the playground: {strays}"
