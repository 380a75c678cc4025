"""``micic-bot i18n check`` fails on each kind of broken catalog, naming file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bot.cli import main
from bot.i18n import DOMAINS, po_files
from bot.i18n.cli import cmd_check, cmd_stats, po_problems
from bot.i18n.extraction import extract
from bot.i18n.update import update
from tests.support.project import LOCALES, ROOT

SOURCE = """\
from bot.i18n import N_

TITLE = N_("<b>Readiness</b>")


def greet(t, name, n):
    return t._("Hello, %(name)s!", name=name), t.n_("%(n)s gap", "%(n)s gaps", n)
"""
FRENCH: dict[str, str | tuple[str, ...]] = {
    "<b>Readiness</b>": "<b>Préparation</b>",
    "Hello, %(name)s!": "Bonjour, %(name)s !",
    "%(n)s gap": ("%(n)s lacune", "%(n)s lacunes", "%(n)s lacunes"),
}


def write_catalog(path: Path, catalog: Catalog) -> Path:
    """Write a catalog as a .po or .pot file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project: one source file, one checklist, templates and a French catalog."""
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "sample.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "checklists").mkdir()
    shutil.copy(ROOT / "checklists" / "recovery.yaml", tmp_path / "checklists")
    locales = tmp_path / "locales"
    locales.mkdir()
    for domain in DOMAINS:
        shutil.copy(LOCALES / f"babel-{domain}.cfg", locales)
        template = extract(locales, domain)
        write_catalog(locales / f"{domain}.pot", template)
        french = Catalog(locale="fr", domain=domain)
        french.update(template)
        for message in french:
            if message.id and domain == "messages":
                key = message.id[0] if isinstance(message.id, tuple | list) else message.id
                message.string = FRENCH[key]
        write_catalog(locales / "fr" / "LC_MESSAGES" / f"{domain}.po", french)
    return locales


def french(locales: Path) -> Path:
    """The French catalog of the bot's texts."""
    return locales / "fr" / "LC_MESSAGES" / "messages.po"


def replace(path: Path, old: str, new: str) -> None:
    """Edit a file as a translator would."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_check(locales: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """The exit code and the problems printed (``file:line: message``)."""
    code = cmd_check(locales)
    return code, capsys.readouterr().err.splitlines()


def located(problems: list[str], path: Path) -> dict[int, str]:
    """The problems about one file, by line (several on a line joined by newlines)."""
    found: dict[int, str] = {}
    for problem in problems:
        match = re.match(rf"{re.escape(str(path))}:(\d+): (.*)", problem)
        if match:
            line = int(match.group(1))
            found[line] = "\n".join(filter(None, [found.get(line), match.group(2)]))
    return found


def line_of(path: Path, text: str) -> int:
    """The number of the line of ``path`` that contains ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_good_project_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_check(project) == 0
    assert "no problems" in capsys.readouterr().out


HELLO, BOLD, GAP = 'msgid "Hello, %(name)s!"', 'msgid "<b>Readiness</b>"', 'msgid "%(n)s gap"'


@pytest.mark.parametrize(
    ("entry", "old", "new", "problem"),
    [
        (HELLO, "Bonjour, %(name)s !", "Bonjour, %(nom)s !", "unknown placeholder nom"),
        (HELLO, "Bonjour, %(name)s !", "Bonjour !", "missing placeholder name"),
        (HELLO, "Bonjour, %(name)s !", "Bonjour, %(name)s à 100 % !", "does not format"),
        (BOLD, "<b>Préparation</b>", "<p>Préparation</p>", "tag <p> is not allowed"),
        (BOLD, "<b>Préparation</b>", "<b>Préparation", "tag <b> is never closed"),
        (BOLD, "<b>Préparation</b>", "<b>Préparation</i>", "closing tag </i> does not match"),
        (BOLD, "<b>Préparation</b>", "<b>Préparation & co</b>", "bare '&'"),
        (GAP, 'msgstr[2] "%(n)s lacunes"\n', "", "some plural forms are empty"),
    ],
)
def test_a_broken_translation_is_reported_at_its_line(
    project: Path, capsys: pytest.CaptureFixture[str], entry: str, old: str, new: str, problem: str
) -> None:
    path = french(project)
    line = line_of(path, entry)
    replace(path, old, new)

    code, problems = run_check(project, capsys)

    assert code == 1
    assert problem in located(problems, path)[line]
    assert re.fullmatch(r"[12] problem\(s\) found in the translation catalogs", problems[-1])


def test_a_catalog_that_does_not_parse_is_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = french(project)
    line = line_of(path, 'msgstr "Bonjour')
    replace(path, 'msgstr "Bonjour, %(name)s !"', 'msgstr "Bonjour, %(name)s !')

    code, problems = run_check(project, capsys)

    assert code == 1
    assert "cannot be read" in located(problems, path)[line]


def test_a_wrong_plural_forms_header_is_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = french(project)
    line = line_of(path, "Plural-Forms")
    header = re.search(r'"Plural-Forms: [^\n]*\n"[^"]*"', path.read_text(encoding="utf-8"))
    assert header is not None
    replace(path, header.group(), '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"')
    replace(path, 'msgstr[2] "%(n)s lacunes"\n', "")

    code, problems = run_check(project, capsys)

    assert code == 1
    assert "fr has 3 plural forms" in located(problems, path)[line]


def test_a_missing_plural_forms_header_is_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = french(project)
    header = re.search(r'"Plural-Forms: [^\n]*\n"[^"]*"\n', path.read_text(encoding="utf-8"))
    assert header is not None
    replace(path, header.group(), "")

    code, problems = run_check(project, capsys)

    assert code == 1
    assert located(problems, path)[1] == "the Plural-Forms header is missing"


def test_an_out_of_date_template_is_reported_with_the_source_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = project.parent / "bot" / "sample.py"
    replace(source, 'TITLE = N_("<b>Readiness</b>")', 'TITLE = N_("<b>Gaps</b>")')

    code, problems = run_check(project, capsys)

    assert code == 1
    assert "bot/sample.py:3: '<b>Gaps</b>' is not in" in "\n".join(problems)
    pot = project / "messages.pot"
    assert (
        "'<b>Readiness</b>' is no longer in the sources"
        in located(problems, pot)[line_of(pot, 'msgid "<b>Readiness</b>"')]
    )


def test_a_changed_checklist_makes_its_template_out_of_date(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(project.parent / "checklists" / "recovery.yaml", "Post-crisis recovery", "Recovery")

    code, problems = run_check(project, capsys)

    assert code == 1
    assert any("checklists/recovery.yaml" in p and "'Recovery' is not in" in p for p in problems)


def test_fuzzy_entries_are_counted_not_failed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(french(project), 'msgid "Hello, %(name)s!"', '#, fuzzy\nmsgid "Hello, %(name)s!"')

    assert cmd_check(project) == 0
    assert cmd_stats(project) == 0
    table = capsys.readouterr().out.splitlines()[-3:]
    assert table[0].split() == ["language", "domain", "translated", "complete", "fuzzy"]
    assert table[1].split() == ["fr", "messages", "2/3", "66%", "1"]
    assert table[2].split()[:2] == ["fr", "checklist"] and table[2].split()[2].startswith("0/")


def test_the_command_line_runs_the_check(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICIC_LOCALES", str(project))
    replace(french(project), '"<b>Préparation</b>"', '"<p>Préparation</p>"')

    assert main(["i18n", "check"]) == 1
    assert main(["i18n", "stats"]) == 0
    assert "tag <p> is not allowed" in capsys.readouterr().err


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_shipped_catalogs_have_no_broken_translation(domain: str) -> None:
    problems = [
        problem
        for lang, path in po_files(LOCALES, domain).items()
        for problem in po_problems(path, lang, domain)
    ]

    assert problems == []


def test_an_update_keeps_the_earlier_english_of_fuzzy_texts_and_drops_it_once_translated(
    project: Path,
) -> None:
    catalog, new = french(project), "Hello again, %(name)s!"
    write_catalog(project / "messages.pot", extract_changed(project, "Hello, %(name)s!", new))
    update(project)
    fuzzy = catalog.read_text(encoding="utf-8")
    assert f'#, fuzzy, python-format\n#| msgid "Hello, %(name)s!"\nmsgid "{new}"' in fuzzy

    update(project)  # a second update keeps it (Babel alone would turn it into a comment)
    assert catalog.read_text(encoding="utf-8") == fuzzy

    replace(
        catalog, '#, fuzzy, python-format\n#| msgid "Hello, %(name)s!"\n', "#, python-format\n"
    )  # reviewed
    update(project)
    assert "Hello, %(name)s!" not in catalog.read_text(encoding="utf-8")


def extract_changed(locales: Path, old: str, new: str) -> Catalog:
    """The bot's template after a developer changed one English text."""
    template = extract(locales, "messages")
    message = template[old]
    del template[old]
    template.add(new, locations=message.locations, flags=message.flags)
    return template
