"""Catalogs at run time: fallbacks, what is not used and is logged once, plurals, negotiation."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.support import NullTranslations

from bot.i18n import Catalogs, Translator, language_name
from bot.i18n.extraction import extract_checklist
from tests.support.project import CHECKLISTS, LOCALES, ROOT

HEADER = 'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Plural-Forms: {plurals}\\n"\n'


def write_po(locales: Path, lang: str, body: str, plurals: str | None = None) -> Path:
    """A hand-written .po file (so that its line numbers are known)."""
    path = locales / lang / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = HEADER.format(lang=lang, plurals=plurals or get_plural(lang).plural_forms)
    path.write_text(f"{header}\n{body}", encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    """The number of the line of ``path`` that contains ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


FRENCH = """\
msgid "Choose your language:"
msgstr "Choisissez votre langue :"

#, fuzzy
msgid "Cancelled. Nothing was saved."
msgstr "Annulé. Rien n’a été enregistré."

msgid "👋 Hello, %(name)s!"
msgstr "👋 Bonjour, %(nom)s !"

msgid "<b>What I can do</b>"
msgstr "<b>Ce que je sais faire</p>"

msgid "Readiness: %(percent)s"
msgstr "Préparation : 50 % %(percent)s"
"""


@pytest.fixture
def french(tmp_path: Path) -> Path:
    """A French catalog with one good, one fuzzy and three broken entries."""
    return write_po(tmp_path, "fr", FRENCH)


def test_fuzzy_and_broken_entries_fall_back_to_english_logged_once_with_file_and_line(
    french: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.i18n"):
        catalogs = Catalogs.load(french.parents[2])
        for _ in range(3):
            t = catalogs.translator("fr")
            assert t._("Choose your language:") == "Choisissez votre langue :"
            assert t._("Cancelled. Nothing was saved.") == "Cancelled. Nothing was saved."
            assert t._("👋 Hello, %(name)s!", name="Ana") == "👋 Hello, Ana!"
            assert t._("<b>What I can do</b>") == "<b>What I can do</b>"
            assert t._("Readiness: %(percent)s", percent="5%") == "Readiness: 5%"

    logged = [record.getMessage() for record in caplog.records]
    for msgid, problem in [
        ("Cancelled.", "fuzzy"),
        ("Hello, %(name)s", "unknown placeholder nom"),
        ("<b>What I can do", "closing tag </p>"),
        ("Readiness: %(percent)s", "does not format"),
    ]:
        where = f"{french}:{line_of(french, msgid)}:"
        assert len([m for m in logged if m.startswith(where)]) == 1, (where, logged)
        assert problem in next(m for m in logged if m.startswith(where))
    assert len(logged) == 4


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ('msgid "Note"\nmsgstr "Nota\n', 7),  # Babel would silently show "Not"
        ('msgid "Note"\nmsgid "Skip"\nmsgstr "Nota"\n', 6),
        ('msgid "Note"\nmsgstr "Nota"\nNota\n', 8),
    ],
)
def test_a_catalog_that_does_not_parse_is_skipped_and_the_bot_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, body: str, line: int
) -> None:
    path = write_po(tmp_path, "fr", body)

    catalogs = Catalogs.load(tmp_path)

    assert catalogs.translator("fr")._("Note") == "Note"
    assert catalogs.languages == ["en", "fr"]
    assert [r.getMessage().split(": ")[0] for r in caplog.records] == [f"{path}:{line}"]
    assert "catalog not used" in caplog.text


def test_regional_catalogs_fall_back_to_the_language_then_english(tmp_path: Path) -> None:
    write_po(tmp_path, "pt", 'msgid "Note"\nmsgstr "Nota"\n\nmsgid "Skip"\nmsgstr "Saltar"\n')
    write_po(tmp_path, "pt_BR", 'msgid "Skip"\nmsgstr "Pular"\n')
    catalogs = Catalogs.load(tmp_path)

    for _ in range(50):  # a Translator per update must not stack the fallbacks up
        t = catalogs.translator("pt_BR")

    assert (t._("Skip"), t._("Note"), t._("Help")) == ("Pular", "Nota", "Help")
    assert catalogs.translator("pt")._("Skip") == "Saltar"
    assert catalogs.menu_languages() == {None: "en", "pt": "pt"}


ARABIC_FILES = """\
msgid "%(n)s file"
msgid_plural "%(n)s files"
msgstr[0] "لا ملفات"
msgstr[1] "ملف واحد"
msgstr[2] "ملفان"
msgstr[3] "%(n)s ملفات"
msgstr[4] "%(n)s ملفًا"
msgstr[5] "%(n)s ملف"
"""


def test_arabic_has_six_plural_forms(tmp_path: Path) -> None:
    write_po(tmp_path, "ar", ARABIC_FILES)
    t = Catalogs.load(tmp_path).translator("ar")

    forms = [t.n_("%(n)s file", "%(n)s files", n) for n in (0, 1, 2, 3, 11, 100)]

    assert forms == ["لا ملفات", "ملف واحد", "ملفان", "3 ملفات", "11 ملفًا", "100 ملف"]


def test_plural_translations_are_not_used_when_forms_are_missing_or_the_header_is_wrong(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_po(tmp_path, "ar", ARABIC_FILES.replace('"ملفان"', '""'))
    write_po(tmp_path, "ru", ARABIC_FILES, plurals="nplurals=6; plural=0;")
    catalogs = Catalogs.load(tmp_path)

    for lang in ("ar", "ru"):
        assert catalogs.translator(lang).n_("%(n)s file", "%(n)s files", 2) == "2 files"
    assert "some plural forms are empty" in caplog.text
    assert "ru has 3 plural forms" in caplog.text


class Garbled(NullTranslations):
    """A catalog whose translation formats in the checks but not with the values of the day."""

    def gettext(self, message: str) -> str:
        return "%(count)c réponses"


def test_a_translation_that_fails_at_run_time_falls_back_and_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reported: set[tuple[str, str]] = set()

    texts = {
        Translator("fr", Garbled(), NullTranslations(), reported=reported)._(
            "%(count)s answers", count=10**7
        )
        for _ in range(3)
    }

    assert texts == {"10000000 answers"}
    assert caplog.text.count("fr: translation of '%(count)s answers' not used") == 1


def test_a_bug_in_the_code_is_not_hidden_by_the_fallback() -> None:
    t = Translator("en", NullTranslations(), NullTranslations())

    with pytest.raises(KeyError):
        t._("Hello, %(name)s!", nom="Ana")


@pytest.mark.parametrize(
    ("telegram", "expected"),
    [
        ("pt-br", "pt_BR"),
        ("pt", "pt"),
        ("zh-hans", "zh_Hans"),
        ("zh-cn", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("zh-Hant", "en"),
        ("uk-UA", "en"),
        ("ar-EG", "ar"),
        ("AR", "ar"),
        ("fr-CA", "fr"),
        ("", "en"),
        ("x-klingon", "en"),
    ],
)
def test_telegram_language_codes_map_to_what_the_bot_has(telegram: str, expected: str) -> None:
    catalogs = Catalogs(LOCALES, languages=["ar", "en", "fr", "pt", "pt_BR", "zh_Hans"])

    assert catalogs.negotiate([telegram]) == expected


def test_negotiation_tries_each_preference_in_turn() -> None:
    catalogs = Catalogs(LOCALES, languages=["en", "ru"])

    assert catalogs.negotiate([None, "uk", "ru-RU"]) == "ru"


def test_the_six_un_languages_are_shipped_with_menus_and_names() -> None:
    catalogs = Catalogs.load(LOCALES)

    assert catalogs.languages == ["ar", "en", "es", "fr", "ru", "zh_Hans"]
    assert catalogs.language_names()["ar"] == "العربية"
    assert catalogs.menu_languages()["zh"] == "zh_Hans"
    assert language_name("en_XA") == "en_XA"


def test_arabic_is_right_to_left_and_a_user_translator_is_never_global() -> None:
    catalogs = Catalogs.load(LOCALES)
    arabic, english = catalogs.translator("ar"), catalogs.translator("en")
    recovery = CHECKLISTS["recovery"]

    assert arabic.rtl and not english.rtl
    assert arabic.title(recovery) != english.title(recovery) == recovery.title
    assert isinstance(catalogs.translator("xx"), Translator)
    assert catalogs.translator("xx").lang == "en"


def test_every_checklist_text_is_extracted_with_its_context() -> None:
    path = ROOT / "checklists" / "recovery.yaml"
    with path.open("rb") as handle:
        found = {msg[0]: msg[1] for _, _, msg, _ in extract_checklist(handle, {}, [], {})}
    recovery = CHECKLISTS["recovery"]
    expected = {
        "recovery:title": recovery.title,
        "recovery:description": recovery.description,
        **{f"recovery:guideline-{s.guideline}:title": s.title for s in recovery.sections},
        **{
            f"recovery:{item.id}:{field}": getattr(item, field)
            for item in recovery
            for field in ("question", "help", "action")
        },
    }

    assert found == expected


def test_no_compiled_catalog_is_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert tracked.stdout == ""
    assert list(LOCALES.rglob("*.mo")) == []
