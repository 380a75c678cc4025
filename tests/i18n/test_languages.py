"""Choosing a language: a new catalog is offered at once, the choice keeps progress, and users
with different languages are served side by side."""

from __future__ import annotations

import asyncio
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.handlers.layout import score_label
from bot.i18n import Catalogs
from bot.model import Score
from bot.playground import LocalBotApi
from bot.scope import Scope, narrow
from tests.support.chat import labels
from tests.support.onboarding import new_organisation
from tests.support.project import CHECKLISTS, LOCALES
from tests.support.running import Launch

RECOVERY = narrow(CHECKLISTS["recovery"], Scope())  # as an organisation that set no kinds
GERMAN = {
    "Choose your language:": "Wähle deine Sprache:",
    "✅ Language: %(language)s. Send /start to go on.": (
        "✅ Sprache: %(language)s. Weiter mit /start."
    ),
    "Change the language": "Sprache wechseln",
}


def add_language(locales: Path, lang: str, translations: dict[str, str]) -> Path:
    """What a translator does: a new ``messages.po`` from the template, a few strings done."""
    with (LOCALES / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale=lang, domain="messages")
    catalog.update(template)
    for msgid, text in translations.items():
        catalog[msgid].string = text
    path = locales / lang / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path


async def test_a_new_catalog_is_offered_with_no_code_change(
    api: LocalBotApi, launch: Launch, tmp_path: Path
) -> None:
    locales = tmp_path / "locales"
    add_language(locales, "de", GERMAN)
    await launch(Catalogs.load(locales))
    ana = api.user(1, "Ana", language_code="en")

    await ana.send("/start")
    assert labels(ana) == ["Deutsch", "English"]
    await ana.send("/language")
    assert labels(ana) == ["Deutsch", "English"]
    await ana.press("Deutsch")
    assert ana.last.plain == "✅ Sprache: Deutsch. Weiter mit /start."
    await ana.send("/language")
    assert ana.last.plain == "Wähle deine Sprache:"
    menus = {language: dict(commands) for (_, language), commands in api.commands.items()}
    assert menus["de"]["language"] == "Sprache wechseln"


async def test_a_user_who_speaks_the_new_language_gets_it_at_once(
    api: LocalBotApi, launch: Launch, tmp_path: Path
) -> None:
    locales = tmp_path / "locales"
    add_language(locales, "de", GERMAN)
    await launch(Catalogs.load(locales))
    jonas = api.user(2, "Jonas", language_code="de-AT")

    await jonas.send("/language")

    assert jonas.last.plain == "Wähle deine Sprache:"


async def test_changing_the_language_keeps_the_progress(api: LocalBotApi, launch: Launch) -> None:
    catalogs = Catalogs.load(LOCALES)
    french = catalogs.translator("fr")
    await launch(catalogs)
    code, _ = await new_organisation(api, "Lyon")
    ana = api.user(1, "Ana", language_code="en")
    await ana.send(f"/join {code}")
    await ana.press(next(label for label in labels(ana) if RECOVERY.title in label))
    for _ in range(2):
        await ana.press(score_label(catalogs.translator("en"), Score.STARTED))

    await ana.send("/language")
    await ana.press("Français")
    await ana.send("/continue")

    assert french.item(RECOVERY, RECOVERY.items[2], "question") in ana.last.plain
    total = len(RECOVERY.items)
    percent = french.percent(2 * 100 // total / 100)
    progress = "Item %(position)s of %(total)s, %(percent)s answered"
    assert french._(progress, position=3, total=total, percent=percent) in ana.last.plain


async def test_two_users_pressing_at_once_each_get_their_own_language(
    api: LocalBotApi, launch: Launch
) -> None:
    catalogs = Catalogs.load(LOCALES)
    await launch(catalogs)
    code, _ = await new_organisation(api, "Lyon")
    users = {
        "fr": api.user(1, "Amélie", language_code="fr"),
        "ru": api.user(2, "Борис", language_code="ru"),
    }
    for lang, user in users.items():
        await user.send(f"/join {code}")
        title = catalogs.translator(lang).title(RECOVERY)
        await user.press(next(label for label in labels(user) if title in label))

    for step in range(1, 4):
        await asyncio.gather(
            *(
                user.press(score_label(catalogs.translator(lang), Score.TESTED), wait=False)
                for lang, user in users.items()
            )
        )
        await api.settle()
        for lang, user in users.items():
            item = RECOVERY.items[step]
            own = catalogs.translator(lang).item(RECOVERY, item, "question")
            other = catalogs.translator("ru" if lang == "fr" else "fr").item(
                RECOVERY, item, "question"
            )
            assert own in user.last.plain and other not in user.last.plain
