"""No user-visible string escapes the catalogs: a full walkthrough in a pseudo-locale.

Every msgstr of the pseudo-locale is visibly transformed (``⟦Ĥéļļö⟧``), so any plain ASCII word
left in a message, a button or an alert is a string that did not go through a catalog.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.handlers.codec import Answer, encode
from bot.handlers.layout import score_label
from bot.i18n import Catalogs
from bot.model import Score
from bot.playground import ChatUser, LocalBotApi
from bot.reports.wording import format_date
from bot.scope import Scope, narrow
from tests.support.chat import labels
from tests.support.project import ADMIN_ID, CHECKLISTS
from tests.support.pseudo import CLOSE, CODE, OPEN, leaks, pseudo
from tests.support.running import START, Launch

RECOVERY = narrow(CHECKLISTS["recovery"], Scope())  # as an organisation that set no kinds


class Seen:
    """Every text, button label and alert a user was shown, in every state of every message."""

    def __init__(self, user: ChatUser) -> None:
        self.user = user
        self.texts: dict[str, str] = {}

    def snap(self) -> None:
        """Record what the chat shows now (edited messages change, so call after each step)."""
        for message in self.user.messages:
            if message.plain:
                self.texts.setdefault(message.plain, "message")
            for row in message.buttons:
                for label, _ in row:
                    self.texts.setdefault(label, "button")
        for alert in self.user.alerts:
            if alert.text:
                self.texts.setdefault(alert.text, "alert")


def test_the_leak_detector_sees_an_untranslated_word() -> None:
    dynamic = ["Lyon"]

    assert leaks(f"{pseudo('Hello, %(name)s!') % {'name': 'Lyon'}}", dynamic) == []
    assert leaks(pseudo("Item 1 of 9") + " answered", dynamic) == ["⟦Îţéɱ 1 öƒ 9⟧ answered"]
    assert leaks("Ünïcödé", dynamic) == ["Ünïcödé"]
    assert leaks("/join ABC https://t.me/x?start=ABC", ["ABC"]) == []


def test_pseudo_keeps_placeholders_tags_and_commands() -> None:
    assert pseudo("<b>Item %(n)s</b> of /join CODE") == "⟦<b>Îţéɱ %(n)s</b> öƒ /join ÇÖĐÉ⟧"


async def test_every_string_of_a_full_walkthrough_is_translated(
    api: LocalBotApi, launch: Launch, pseudo_locales: Path
) -> None:
    catalogs = Catalogs.load(pseudo_locales)
    t = catalogs.translator(CODE)
    bot = await launch(catalogs)
    zoe = api.user(ADMIN_ID, "Zoë", language_code="en-XA")
    seen = Seen(zoe)

    async def send(text: str) -> None:
        await zoe.send(text)
        seen.snap()

    async def press(label: str) -> None:
        await zoe.press(label)
        seen.snap()

    await send("/start")
    assert labels(zoe) == ["English", CODE]  # each language named in itself
    await press(CODE)
    assert (await bot.store.user(ADMIN_ID)).language == CODE  # type: ignore[union-attr]
    await send("/neworg Lyon")
    codes = re.findall(r"start=(\w+)", zoe.last.plain)
    await send(f"/join {codes[0]}")
    await press(next(label for label in labels(zoe) if t.title(RECOVERY) in label))
    await press(t._("ℹ️ Help"))
    await press(t._("Hide help"))
    await press(t._("📝 Note"))
    await zoe.send_photo(b"\x89PNG fake", filename="shelter.png")
    await send("Shelter B")
    await press(score_label(t, Score.STARTED))
    await send("/review")
    await press("✏️ 1")
    await press(score_label(t, Score.TESTED))
    await press(t._("▶️ Continue the checklist"))
    for _ in RECOVERY.items[1:]:
        await press(score_label(t, Score.IN_PLACE))
    assert t._("Readiness per Guideline:") in zoe.last.plain
    await press(t._("🔎 Review answers"))
    await press(next(label for label in labels(zoe) if "▶" in label))
    await press(t._("▶️ Continue the checklist"))
    assessment = (await bot.store.assessments(1))[0]
    stale = encode(Answer(assessment.id, RECOVERY.items[0].id, Score.NOT_IN_PLACE))
    await zoe.press_data(zoe.last.message_id, stale)
    await zoe.press_data(zoe.last.message_id, "a:99999:nothing:0")
    for text in ("/help", "/cancel", "/nonsense", "some text", "/continue", "/language"):
        await send(text)
    await zoe.send_sticker()
    await zoe.send_photo(b"\x89PNG fake", filename="late.png")
    seen.snap()

    dynamic = [
        format_date(t, START),  # the date of a note, in the reader's format
        "Zoë",
        "Lyon",
        "Shelter B",
        "micic_test_bot",
        *codes,
        *catalogs.language_names().values(),
    ]
    found = {text: leaks(text, dynamic) for text in seen.texts}
    assert {text: lines for text, lines in found.items() if lines} == {}
    kinds = list(seen.texts.values())
    assert kinds.count("alert") >= 2 and kinds.count("message") >= 25, seen.texts
    assert all(
        OPEN in text and CLOSE in text for text, kind in seen.texts.items() if kind == "alert"
    )
    assert [language for _, language in api.commands] == [""]  # no menu for a pseudo-locale
