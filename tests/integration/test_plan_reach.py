"""The action plan reaches everything: every gap of a long checklist, page by page; every member
as an owner, page by page; and unfinished actions carried into the next cycle and its reports."""

from __future__ import annotations

import pytest

from bot import scoring
from bot.model import Checklist
from bot.playground import ChatMessage, LocalBotApi
from bot.playground.telegram_html import utf16_len
from tests.support.chat import button, isolated, labels
from tests.support.onboarding import joined, new_cycle, new_organisation, organisation_id
from tests.support.running import RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation


def within_limits(message: ChatMessage) -> bool:
    """Whether a message keeps to Telegram's limits: 4,096 UTF-16 units and 100 buttons."""
    return utf16_len(message.plain) <= 4096 and sum(map(len, message.buttons)) <= 100


async def test_every_gap_of_a_long_checklist_can_be_planned_page_by_page(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    _, coordinators = await new_organisation(api, "Gap")
    cora = await joined(api, coordinators, "Cora")
    total = len(recovery.items)  # nobody has answered: every item is a gap
    pages = -(-total // 20)
    assert pages > 1

    await cora.send("/actions")
    await cora.press("🎯 Plan from gaps")
    await cora.press(recovery.title)
    gaps = cora.last
    assert f"{total} gaps have no action yet." in gaps.plain
    assert f"Page 1 of {pages}" in gaps.plain and "more." not in gaps.plain
    assert "🎯 20" in labels(cora) and "🎯 21" not in labels(cora)
    assert within_limits(gaps)
    for page in range(2, pages + 1):
        await cora.press(f"Page {page} ▶", message=gaps)
        assert f"Page {page} of {pages}" in gaps.plain and within_limits(gaps)
        assert f"\n{20 * (page - 1) + 1}. " in gaps.plain
    assert f"🎯 {total}" in labels(cora) and not [b for b in labels(cora) if b.endswith("▶")]
    assert f"◀ Page {pages - 1}" in labels(cora)

    await cora.press(f"🎯 {total}", message=gaps)
    assert "🎯 Action" in cora.last.plain
    org = await organisation_id(bot, "Gap")
    [action] = await bot.store.actions(org)
    assert action.item_id == scoring.gaps(recovery, {})[-1].item.id
    await cora.press(f"◀ Page {pages - 1}", message=gaps)
    assert f"Page {pages - 1} of {pages}" in gaps.plain
    await cora.press_data(gaps.message_id, f"gp:{org}:recovery:999")  # past the last page
    assert f"Page {pages} of {pages}" in gaps.plain


async def test_every_member_can_be_chosen_as_owner_page_by_page(
    api: LocalBotApi, bot: RunningBot
) -> None:
    responders, coordinators = await new_organisation(api, "Many Hands")
    names = [f"M{n:02}" for n in range(1, 34)]  # 33 responders and a coordinator: two pages
    for name in reversed(names):
        await joined(api, responders, name)
    zoe = await joined(api, coordinators, "Zoe")
    await zoe.send("/actions")
    await zoe.press("➕ New action")
    await zoe.send("Print the shelter list in five languages.")
    await zoe.press("👤 Owner")
    menu = zoe.last
    first_page = [isolated(name) for name in ["Zoe", *names[:29]]]  # coordinators first
    assert labels(zoe)[:30] == first_page and "Page 1 of 2" in menu.plain
    assert labels(zoe)[30:] == ["Page 2 ▶", "🤝 A partner organisation", "↩️ Back to the action"]

    await zoe.press("Page 2 ▶", message=menu)
    assert labels(zoe)[:4] == [isolated(name) for name in names[29:]]
    assert "Page 2 of 2" in menu.plain and "◀ Page 1" in labels(zoe)
    await zoe.press(isolated("M33"), message=menu)
    assert f"Owner: {isolated('M33')}" in menu.plain and "✅ Owner saved." in menu.plain
    [action] = await bot.store.actions(await organisation_id(bot, "Many Hands"))
    assert action.owner is not None and action.owner.user_id is not None
    member = await bot.store.user(action.owner.user_id)
    assert member is not None and member.first_name == "M33"


async def test_unfinished_actions_stay_open_in_a_new_cycle_and_show_in_its_reports(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Montélimar")
    ana = await joined(api, responders, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("0 · Not in place")
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/actions")
    await cora.press("🎯 Plan from gaps")
    await cora.press(recovery.title)
    await cora.press("🎯 1")
    await cora.press("✏️ Text")
    await cora.send("Agree a shelter with the parish.")
    await cora.press("🚦 Status")
    await cora.press("🔵 Ongoing")
    org = await organisation_id(bot, "Montélimar")
    [action] = await bot.store.actions(org)

    await new_cycle(cora)
    assert f"The cycle {isolated('2026-2')} is open." in cora.last.plain
    await ana.send("/start")
    await ana.press(button(ana, recovery.title))
    await ana.press("🔁 Unchanged")  # the new cycle has an answer: its report is a full one

    await cora.send("/actions")
    assert "1 action · Ongoing: 1" in cora.last.plain
    assert "Agree a shelter with the parish." in cora.last.plain
    await cora.press("1")
    assert "Status: 🔵 Ongoing" in cora.last.plain
    assert await bot.store.action(action.id) == action  # the new cycle changed nothing of it

    await cora.send("/report")
    chooser = cora.last
    await cora.press(recovery.title)
    sent = cora.messages[cora.messages.index(chooser) + 1 :]
    summary = "\n".join(m.plain for m in sent if m.document is None and m.photo is None)
    assert f"cycle {isolated('2026-2')}" in summary
    assert "📋 Action plan: 1 planned, 0 overdue, 0 finished." in summary
    [document] = [m.document for m in sent if m.document and m.document.filename.endswith("html")]
    html = document.data.decode("utf-8")
    assert "micic-recovery-2026-2" in document.filename
    plan = html.split('<section id="action-plan">')[1].split("</section>")[0]
    assert "Agree a shelter with the parish." in plan and "Ongoing" in plan
