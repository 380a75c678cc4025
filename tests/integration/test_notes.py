"""Notes belong to their authors: each kept whole (or refused whole), each shown with its author,
on every screen and in the reports, whatever its length; a removed member is told so."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from bot.model import Checklist
from bot.playground import LocalBotApi
from bot.playground.telegram_html import utf16_len
from bot.service import NOTE_MAX_LENGTH
from tests.support.chat import button, isolated, labels
from tests.support.onboarding import assessment_of, joined, new_organisation
from tests.support.running import RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation

READ_ALL = "📖 Read the notes in full"
EMOJI_NOTE = "🚒" * 2000  # 2,000 characters, 4,000 UTF-16 units


@pytest.fixture(autouse=True, scope="module")
def _fonts_ready() -> None:
    """Load matplotlib's font cache (built on first use) before the bot's handlers need it."""
    import matplotlib.font_manager  # noqa: F401


async def test_a_note_of_2000_emoji_never_makes_the_item_unshowable(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, _ = await new_organisation(api, "Arles")
    ana = await joined(api, code, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("📝 Note")
    await ana.send(EMOJI_NOTE)
    assert "Note saved" in ana.messages[-2].plain
    item = ana.last
    assert "Item 1 of" in item.plain and "…" in item.plain
    assert utf16_len(item.plain) <= 4096 and READ_ALL in labels(ana)

    ben = await joined(api, code, "Ben")  # every colleague can still see the item
    await ben.press(button(ben, recovery.title))
    assert "Item 1 of" in ben.last.plain and "…" in ben.last.plain
    await ben.send("/continue")
    assert "Item 1 of" in ben.last.plain
    await ben.send("/review")
    await ben.press("✏️ 1")
    assert recovery.items[0].question in ben.last.plain and READ_ALL in labels(ben)

    before = len(ben.messages)
    await ben.press(READ_ALL)
    pieces = ben.messages[before:]
    assert all(utf16_len(m.plain) <= 4096 for m in pieces)
    assert "".join(m.plain for m in pieces).count("🚒") == 2000  # nothing lost
    aid = (await assessment_of(bot, ana)).id
    (note,) = (await bot.store.notes(aid))[recovery.items[0].id]
    assert note.text == EMOJI_NOTE  # stored whole; only the screen shortens it


async def test_a_note_over_the_limit_is_refused_with_the_limit_and_nothing_is_cut(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, _ = await new_organisation(api, "Aix")
    ana = await joined(api, code, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("📝 Note")
    await ana.send("x" * 4095)
    assert (
        f"Your note has 4,095 characters; the limit is {NOTE_MAX_LENGTH:,}. Please shorten it"
        in ana.last.plain
    )
    aid = (await assessment_of(bot, ana)).id
    assert await bot.store.notes(aid) == {}
    await ana.send("x" * NOTE_MAX_LENGTH)  # still awaited: the shortened note is saved whole
    assert "Note saved" in ana.messages[-2].plain
    (note,) = (await bot.store.notes(aid))[recovery.items[0].id]
    assert len(note.text) == NOTE_MAX_LENGTH


async def test_colleagues_notes_are_all_kept_and_shown_with_their_authors(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, coordinators = await new_organisation(api, "Albi")
    rita = await joined(api, code, "Rita")
    sam = await joined(api, code, "Sam")
    await rita.press(button(rita, recovery.title))
    await rita.press("3 · In place and tested")  # Rita scores the first item
    await rita.send("/review")
    await rita.press("✏️ 1")
    await rita.press("📝 Note")
    await rita.send("Plan adopted in May")
    await sam.press(button(sam, recovery.title))
    await sam.send("/review")
    await sam.press("✏️ 1")
    await sam.press("📝 Note")
    await sam.send("The plan names the consulates")
    assert "Note saved" in sam.messages[-2].plain

    shown = sam.last.plain  # who scored and who wrote each note are different facts
    assert f"Answer: 3 · In place and tested ({isolated('Rita')})" in shown
    assert f"📝 {isolated('Rita')}, Nov 29, 2026: {isolated('Plan adopted in May')}" in shown
    assert f"📝 {isolated('Sam')}, Nov 29, 2026: {isolated('The plan names the consulates')}" in (
        shown
    )
    aid = (await assessment_of(bot, rita)).id
    item_id = recovery.items[0].id
    answer = (await bot.store.answers(aid))[item_id]
    assert answer.author_name == "Rita"  # Sam's note did not make him the answer's author
    notes = (await bot.store.notes(aid))[item_id]
    assert [(n.author_name, n.text) for n in notes] == [
        ("Rita", "Plan adopted in May"),
        ("Sam", "The plan names the consulates"),
    ]

    await rita.press("📝 Note")  # her own note is shown, and only hers is replaced
    assert "Your note now:" in rita.last.plain and "Plan adopted in May" in rita.last.plain
    await rita.send("Plan adopted in May 2026")
    notes = (await bot.store.notes(aid))[item_id]
    assert sorted((n.author_name, n.text) for n in notes) == [
        ("Rita", "Plan adopted in May 2026"),
        ("Sam", "The plan names the consulates"),
    ]

    cora = await joined(api, coordinators, "Cora")
    await cora.send("/report")
    await cora.press(recovery.title)
    summary = next(m for m in reversed(cora.messages) if m.buttons and "G14" in m.buttons[0][0][0])
    workbook = next(m for m in cora.messages if m.document and m.document.filename.endswith("x"))
    assert workbook.document is not None
    rows = list(load_workbook(BytesIO(workbook.document.data))["Items"].values)
    first = rows[1]
    assert first[7] == "Rita"  # "Answered by": who scored
    assert f"{isolated('The plan names the consulates')} ({isolated('Sam')}, " in str(first[6])
    assert f"{isolated('Plan adopted in May 2026')} ({isolated('Rita')}, " in str(first[6])
    before = len(cora.messages)
    await cora.press(summary.buttons[0][0][0], message=summary)
    detail = "\n".join(m.plain for m in cora.messages[before:])
    assert f"· {isolated('Rita')}, \u2066Nov 29, 2026\u2069" in detail
    assert f"{isolated('The plan names the consulates')} · {isolated('Sam')}" in detail


async def test_a_removed_responder_is_told_they_are_no_longer_a_member(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    code, coordinators = await new_organisation(api, "Agen")
    ana = await joined(api, code, "Ana")
    cora = await joined(api, coordinators, "Cora")
    await ana.press(button(ana, recovery.title))
    item = ana.last
    await ana.press("📝 Note")
    await cora.send("/members")
    await cora.press(f"❌ {isolated('Ana')}")
    await cora.press("Yes, remove")

    gone = f"You are no longer a member of {isolated('Agen')}."
    await ana.send("The shelter opens at night")
    assert gone in ana.messages[-2].plain or gone in ana.last.plain
    await ana.send_document(b"%PDF plan", filename="plan.pdf")
    assert gone in ana.last.plain  # the file's own answer, not the note's before it
    await ana.send("/continue")
    assert gone in ana.last.plain and "/join" in ana.last.plain
    await ana.press("2 · In place, not tested", message=item)
    assert ana.alerts[-1].text == gone
    aid = item.buttons[0][0][1]
    assert aid is not None
    assert await bot.store.answers(int(aid.split(":")[1])) == {}
    assert await bot.store.notes(int(aid.split(":")[1])) == {}
