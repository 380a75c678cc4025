"""Arabic end to end: right-to-left marks, mirrored buttons, Arabic content, Babel's numbers.

The checklist content comes from ``locales/ar/LC_MESSAGES/checklist.po``; the bot's own texts
come from ``messages.po`` as far as translators have got, so expectations are computed with the
same Arabic Translator rather than written out.
"""

from __future__ import annotations

import re

import pytest

from bot.handlers.layout import RLM, score_label
from bot.i18n.cli import stats
from bot.model import Score
from bot.playground import LocalBotApi
from bot.scope import Scope, narrow
from tests.support.chat import keyboard, labels
from tests.support.onboarding import new_organisation
from tests.support.project import CATALOGS, CHECKLISTS, LOCALES
from tests.support.pseudo import leaks
from tests.support.running import Launch

AR = CATALOGS.translator("ar")
EN = CATALOGS.translator("en")
RECOVERY = narrow(CHECKLISTS["recovery"], Scope())  # as an organisation that set no kinds
ARABIC = re.compile("[\u0600-\u06ff]")
LRM = "\u200e"


def unmarked(text: str) -> list[str]:
    """Lines that do not start with a right-to-left mark."""
    return [line for line in text.split("\n") if line and not line.startswith(RLM)]


async def test_an_arabic_responder_works_through_a_checklist(
    api: LocalBotApi, launch: Launch
) -> None:
    await launch(CATALOGS)
    code, _ = await new_organisation(api, "Lyon")
    layla = api.user(1, "Layla", language_code="ar-EG")
    await layla.send("/start")
    assert unmarked(layla.last.plain) == []
    names = list(CATALOGS.language_names().values())
    assert keyboard(layla) == [list(reversed(names[i : i + 3])) for i in range(0, len(names), 3)]

    await layla.send(f"/join {code}")
    title = AR.title(RECOVERY)
    assert ARABIC.search(title) and title != RECOVERY.title
    menu = AR._("%(title)s · %(percent)s", title=title, percent=f"{LRM}{AR.percent(0)}{LRM}")
    assert menu in labels(layla)

    await layla.press(menu)
    first = RECOVERY.items[0]
    item = layla.last.plain
    assert AR.item(RECOVERY, first, "question") in item
    assert AR.guideline(RECOVERY, 14) in item and ARABIC.search(AR.guideline(RECOVERY, 14))
    assert f"{LRM}{AR.percent(0)}{LRM}" in item, "a percentage keeps its order in Arabic"
    assert unmarked(item) == []
    assert keyboard(layla)[:3] == [
        [score_label(AR, Score.STARTED), score_label(AR, Score.NOT_IN_PLACE)],
        [score_label(AR, Score.TESTED), score_label(AR, Score.IN_PLACE)],
        [score_label(AR, Score.NOT_APPLICABLE), score_label(AR, Score.DONT_KNOW)],
    ]
    await layla.press(AR._("ℹ️ Help"))
    assert AR.item(RECOVERY, first, "help") in layla.last.plain

    for _ in RECOVERY.items:
        await layla.press(score_label(AR, Score.IN_PLACE))
    done = layla.last.plain
    assert AR.guideline(RECOVERY, 15) in done and unmarked(done) == []
    assert f"{LRM}{AR.percent(2 / 3)}{LRM}" in done

    await layla.send("/review")
    review = layla.last.plain
    assert unmarked(review) == [] and "←" in review and "→" not in review
    g15 = AR._("G%(number)s", number=15)
    await layla.press(f"{RLM}{g15} ◀")
    assert f"{RLM}▶ {AR._('G%(number)s', number=14)}" in labels(layla)

    await layla.send("/help")
    assert unmarked(layla.last.plain) == []
    await layla.press_data(layla.last.message_id, "a:99999:nothing:0")
    assert layla.alerts[-1].show_alert and layla.alerts[-1].text.startswith(RLM)


async def test_the_command_menu_is_set_in_arabic(api: LocalBotApi, launch: Launch) -> None:
    await launch(CATALOGS)

    menus = {language: dict(commands) for (_, language), commands in api.commands.items()}

    assert set(menus) == {"", "ar", "es", "fr", "ru", "zh"}
    assert menus["ar"]["language"] == AR._("Change the language")


def test_arabic_numbers_are_formatted_by_babel() -> None:
    assert AR.percent(0.25) == "25%" and AR.number(1234.5) == "1,234.5"
    assert AR.ltr(AR.percent(0.25)) == f"{LRM}25%{LRM}" and EN.ltr("25%") == "25%"


async def test_the_arabic_texts_of_the_bot_are_all_translated(
    api: LocalBotApi, launch: Launch
) -> None:
    done = {(row.lang, row.domain): row.percent for row in stats(LOCALES)}
    if done[("ar", "messages")] < 100:
        pytest.skip(
            f"locales/ar/LC_MESSAGES/messages.po is {done[('ar', 'messages')]}% translated; "
            "translators are filling it in (the RTL test above runs either way)"
        )
    await launch(CATALOGS)
    code, _ = await new_organisation(api, "Lyon")
    layla = api.user(1, "Layla", language_code="ar")
    for text in ("/start", f"/join {code}", "/help", "/review", "/language"):
        await layla.send(text)
    dynamic = ["Layla", "Lyon", code, *CATALOGS.language_names().values()]
    shown = [m.plain for m in layla.messages] + [label for row in keyboard(layla) for label in row]
    assert [
        line for text in shown for line in leaks(text, dynamic) if re.search("[A-Za-z]", line)
    ] == []
