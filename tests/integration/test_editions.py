"""In chat: the quick check and then the full checklist, kinds of place set with /settings, and
the one-time notice of a new edition."""

from __future__ import annotations

import pytest

from bot.model import Context
from bot.playground import LocalBotApi
from bot.scope import Scope, narrow
from tests.support.chat import button, labels
from tests.support.onboarding import assessment_of, joined, new_organisation, organisation_id
from tests.support.project import CHECKLISTS
from tests.support.rounds import rounds
from tests.support.running import RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation

RECOVERY = CHECKLISTS["recovery"]
IN_PLACE = "2 · In place, not tested"


async def test_a_responder_answers_the_quick_check_then_continues_into_the_full_checklist(
    api: LocalBotApi, bot: RunningBot
) -> None:
    quick = narrow(RECOVERY, Scope(quick=True))
    full = narrow(RECOVERY, Scope())
    code, _ = await new_organisation(api)
    ana = await joined(api, code, "Ana")
    assert "A quick check asks only the minimum-tier items" in ana.last.plain

    await ana.press(f"⚡ Quick check: {RECOVERY.title}")

    assert f"Quick check · item 1 of {len(quick.items)}, 0% answered" in ana.last.plain
    assert quick.items[0].question in ana.last.plain
    for _ in quick.items:
        await ana.press(IN_PLACE)
    more = len(full.items) - len(quick.items)
    assert f"All {len(quick.items)} items of the quick check of {RECOVERY.title}" in ana.last.plain
    assert f"📋 Continue with the full checklist ({more} more items)" in labels(ana)
    await ana.send("/start")
    assert f"{RECOVERY.title} · quick check · 100%" in labels(ana)
    assert f"⚡ Quick check: {RECOVERY.title}" not in labels(ana)

    await ana.send("/review")
    await ana.press(f"📋 Continue with the full checklist ({more} more items)")

    first_advanced = next(item for item in full if item.id not in {i.id for i in quick})
    assert f"Item {full.position(first_advanced.id)} of {len(full.items)}" in ana.last.plain
    assert first_advanced.question in ana.last.plain
    assessment = await assessment_of(bot, ana)
    assert not assessment.quick
    answers = await bot.store.answers(assessment.id)
    assert {item.id for item in quick} <= set(answers)


async def test_a_municipality_of_origin_sees_the_origin_items(
    api: LocalBotApi, bot: RunningBot
) -> None:
    code, coordinator_code = await new_organisation(api, "Tlemcen")
    cora = await joined(api, coordinator_code, "Cora")
    await cora.send("/settings")
    assert "Kinds of place: place of destination and place of transit" in cora.last.plain

    await cora.press("⬜ place of origin")
    await cora.press("✅ place of destination")
    await cora.press("✅ place of transit")

    assert "Kinds of place: place of origin" in cora.last.plain
    assert "✅ Saved." in cora.last.plain
    org_id = await organisation_id(bot, "Tlemcen")
    settings = await bot.store.organisation_settings(org_id)
    assert settings.kinds == frozenset({Context.ORIGIN})
    await cora.press("✅ place of origin")  # the last kind stays
    assert "at least one kind of place" in cora.last.plain
    origin = narrow(RECOVERY, Scope(kinds=frozenset({Context.ORIGIN})))
    omar = await joined(api, code, "Omar")
    await omar.press(button(omar, RECOVERY.title))
    assert f"Item 1 of {len(origin.items)}" in omar.last.plain
    assert origin.items[0].question in omar.last.plain
    assert all(Context.ORIGIN in item.contexts for item in origin)


async def test_settings_are_refused_to_a_responder(api: LocalBotApi, bot: RunningBot) -> None:
    code, _ = await new_organisation(api)
    ana = await joined(api, code, "Ana")

    await ana.send("/settings")

    assert "Only coordinators can do this." in ana.last.plain


async def test_the_new_edition_is_told_once_to_each_responder(
    api: LocalBotApi, bot: RunningBot
) -> None:
    code, _ = await new_organisation(api, "Oran")
    ana = await joined(api, code, "Ana")
    ben = await joined(api, code, "Ben")
    org_id = await organisation_id(bot, "Oran")
    # An assessment begun on edition 1 before the upgrade, with answers to a kept item and to
    # one that edition 2 replaced.
    [cycle] = await rounds(bot.store, org_id, bot.clock(), "2026")
    old = await bot.store.open_assessment(cycle, "recovery", bot.clock(), 1)
    for item_id in ("g14_recovery_plan", "g14_eligibility"):
        await bot.store.record(old.id, item_id, "score", "3", ana.id, bot.clock(), 1)
    await bot.store.set_current_assessment(ana.id, old.id)
    shown = narrow(RECOVERY, Scope())
    edition_one = CHECKLISTS.edition("recovery", 1)
    assert edition_one is not None
    new_items = len({item.id for item in shown} - {item.id for item in edition_one})

    await ana.send("/continue")

    text = ana.last.plain
    assert f"🆕 This checklist has a new edition: {new_items} new items." in text
    assert "Your 1 answer is kept." in text
    assert "1 answer was to an item replaced or removed" in text
    assert f"Item 2 of {len(shown.items)}, 4% answered" in text
    await ana.send("/continue")
    assert "new edition" not in ana.last.plain
    await ben.press(button(ben, RECOVERY.title))
    assert "🆕 This checklist has a new edition" in ben.last.plain
    await ben.press(IN_PLACE)
    assert "new edition" not in ben.last.plain
