"""The action plan in chat: from gaps to assigned, dated actions followed to "finished" with
evidence; what responders may not do; and bad input, stale and forged buttons."""

from __future__ import annotations

from datetime import date

import pytest

from bot.model import ActionStatus, Checklist, OwnerKind, Priority, Tier
from bot.playground import ChatUser, LocalBotApi
from tests.support.chat import Seen, button, eventually, isolated, labels
from tests.support.onboarding import joined, new_organisation, organisation_id
from tests.support.project import CATALOGS
from tests.support.running import RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation
SCORES = ["0 · Not in place", "1 · Started or ad hoc", "3 · In place and tested"]
PHOTO = b"\xff\xd8\xff\xe0 a small jpeg"


async def answered(api: LocalBotApi, code: str, recovery: Checklist) -> ChatUser:
    """Ana answers every item of the recovery checklist: 0, 1, 3, 0, 1, 3..."""
    ana = await joined(api, code, "Ana")
    await ana.press(button(ana, recovery.title))
    for n, _item in enumerate(recovery.items):
        await ana.press(SCORES[n % 3])
    return ana


def minimum_gaps(recovery: Checklist) -> list[str]:
    """The minimum-tier items Ana scored 0 or 1."""
    return [
        item.id for n, item in enumerate(recovery.items) if item.tier is Tier.MINIMUM and n % 3 != 2
    ]


async def plan_minimum_gaps(cora: ChatUser, recovery: Checklist, count: int) -> None:
    """Cora plans every minimum-tier gap of the recovery checklist from /actions."""
    await cora.send("/actions")
    assert "No actions yet" in cora.last.plain
    await cora.press("🎯 Plan from gaps")
    await cora.press(recovery.title)
    weak = sum(1 for n in range(len(recovery.items)) if n % 3 != 2)  # minimum and advanced
    assert f"{weak} gaps have no action yet." in cora.last.plain
    gaps = cora.last
    label = f"🎯 Plan all {count} minimum-tier gaps"
    plan_all = dict(row[0] for row in gaps.buttons if row[0][0] == label)[label]
    await cora.press(label)
    assert f"✅ {count} actions planned, high priority." in cora.last.plain
    await cora.press_data(gaps.message_id, plan_all or "")  # the same button, pressed again
    assert "Every minimum-tier gap has an action already." in cora.last.plain


async def test_a_coordinator_plans_the_minimum_gaps_and_the_owner_finishes_one_with_a_photo(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Grenoble")
    await answered(api, responders, recovery)
    fatima = await joined(api, responders, "Fatima", lang="fr")
    cora = await joined(api, coordinators, "Cora")
    org = await organisation_id(bot, "Grenoble")
    gaps = minimum_gaps(recovery)

    await plan_minimum_gaps(cora, recovery, len(gaps))
    actions = await bot.store.actions(org)
    assert sorted(a.item_id or "" for a in actions) == sorted(gaps)
    assert {(a.priority, a.status, a.owner) for a in actions} == {
        (Priority.HIGH, ActionStatus.NOT_STARTED, None)
    }
    first = recovery.item(actions[0].item_id or "")
    assert first is not None and actions[0].text == first.action

    await cora.press("📋 The action plan")
    assert f"{len(gaps)} actions" in cora.last.plain and "Not started" in cora.last.plain
    await cora.press("1")
    assert "Owner: nobody yet" in cora.last.plain
    await cora.press("👤 Owner")
    assert labels(cora)[:3] == [isolated(name) for name in ("Cora", "Ana", "Fatima")]
    told = Seen.of(fatima)
    await cora.press(isolated("Fatima"))
    assert (
        f"Owner: {isolated('Fatima')}" in cora.last.plain and "✅ Owner saved." in cora.last.plain
    )
    await cora.press("📅 Due date")
    await cora.press(button(cora, "In 3 months"))
    assert "Due: Feb 28, 2027" in cora.last.plain  # the bot's clock says 29 November 2026

    fr = CATALOGS.translator("fr")
    news = told.news(fatima)
    assert len(news) == 1, news
    notice = fr._(
        "🎯 %(name)s gave you an action of <b>%(org)s</b>:",
        name=isolated("Cora"),
        org=isolated("Grenoble"),
    )
    assert news[0].startswith(notice.replace("<b>", "").replace("</b>", ""))
    assert "vous a confié une action de" in news[0]  # French, as Fatima reads
    assert labels(fatima) == [fr._("Open the action")]
    await fatima.press(fr._("Open the action"))
    assert labels(fatima)[:3] == [fr._("🚦 Status"), fr._("🆘 Support needed"), fr._("📎 Evidence")]
    assert fr._("👤 Owner") not in labels(fatima)
    await fatima.press(fr._("🚦 Status"))
    await fatima.press("🔵 " + fr._("Ongoing"))
    assert fr._("✅ Status saved.") in fatima.last.plain
    await fatima.press(fr._("🚦 Status"))
    await fatima.press("✅ " + fr._("Finished"))
    assert labels(fatima) == [fr._("Finish without evidence")]
    await fatima.send_photo(PHOTO, "flyer.jpg")
    assert fr._("✅ Finished, with evidence.") in fatima.last.plain

    done = await bot.store.action(actions[0].id)
    assert done is not None and done.status is ActionStatus.FINISHED and done.evidence == 1
    assert done.owner is not None and done.owner.user_id == fatima.id
    [evidence] = await bot.store.action_evidence(done.id)
    assert evidence.kind == "photo" and evidence.author_id == fatima.id
    history = [(e.field, e.new) for e in await bot.store.action_log(done.id)]
    assert history == [
        ("created", first.action),
        ("owner", f"member:{fatima.id}"),
        ("due", "2027-02-28"),
        ("status", "ongoing"),
        ("evidence", "photo"),
        ("status", "finished"),
    ]
    await fatima.send("/actions")
    assert fr._("Finished") in fatima.last.plain


async def test_plan_an_action_from_the_report_s_guideline_detail(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Annecy")
    await answered(api, responders, recovery)
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/report")
    await cora.press(recovery.title)
    summary = next(m for m in reversed(cora.messages) if m.buttons and "G14" in m.buttons[0][0][0])
    await cora.press(summary.buttons[0][0][0], message=summary)
    detail = cora.last
    plan = [label for label in labels(cora) if label.startswith("🎯 Plan an action:")]
    assert plan, labels(cora)
    await cora.press(plan[0], message=detail)
    assert "🎯 Action" in cora.last.plain and "High priority" in cora.last.plain
    org = await organisation_id(bot, "Annecy")
    [action] = await bot.store.actions(org)
    await cora.press(plan[0], message=detail)  # a second tap opens the same action
    assert len(await bot.store.actions(org)) == 1
    assert f"Action {action.id}" in cora.last.plain


async def test_a_stand_alone_action_with_a_typed_date_and_a_partner(
    api: LocalBotApi, bot: RunningBot
) -> None:
    _, coordinators = await new_organisation(api, "Chambéry")
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/actions")
    await cora.press("➕ New action")
    await cora.send("Translate the evacuation map into Tigrinya.")
    assert "✅ Action" in cora.last.plain and "Tigrinya" in cora.last.plain
    await cora.press("📅 Due date")
    await cora.press("⌨️ Type a date")
    await cora.send("next spring")
    assert "I could not read that date" in cora.last.plain
    await cora.send("2026-11-28")
    assert "That date has passed" in cora.last.plain
    await cora.send("3/31/27")
    assert "Due: Mar 31, 2027" in cora.last.plain
    view = cora.last
    await cora.press("✏️ Text", message=view)
    await cora.send("/cancel")
    assert "Cancelled. Nothing was changed." in cora.last.plain
    assert await bot.store.pending(cora.id) is None
    seen = Seen.of(cora)
    await cora.send("An answer to nothing")  # the bot waits for nothing now: a hint, no change
    assert "Please answer with the buttons under the question." in seen.news(cora)
    await cora.press("👤 Owner", message=view)
    await cora.press("🤝 A partner organisation", message=view)
    await cora.send("Red Cross, Chambéry branch")
    assert f"{isolated('Red Cross, Chambéry branch')} (partner organisation)" in cora.last.plain
    await cora.press("🆘 Support needed")
    await cora.send("x" * 1001)
    assert "Your text has 1,001 characters; the limit is 1,000" in cora.last.plain
    await cora.send("A translator for two days.")
    assert f"Support needed: {isolated('A translator for two days.')}" in cora.last.plain
    org = await organisation_id(bot, "Chambéry")
    [action] = await bot.store.actions(org)
    assert action.due == date(2027, 3, 31) and action.owner is not None
    assert (action.owner.kind, action.owner.name) == (
        OwnerKind.PARTNER,
        "Red Cross, Chambéry branch",
    )
    await cora.press("📎 Evidence")
    await cora.send_document(b"%PDF-1.4", "agreement.pdf")
    assert "Kept as evidence for action" in cora.last.plain
    await cora.send("/cancel")
    assert "The evidence you sent is kept" in cora.last.plain
    assert (await bot.store.action(action.id)).evidence == 1  # type: ignore[union-attr]


async def test_responders_are_refused_the_coordinator_s_steps(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Valence")
    ana = await answered(api, responders, recovery)
    cora = await joined(api, coordinators, "Cora")
    org = await organisation_id(bot, "Valence")
    await plan_minimum_gaps(cora, recovery, len(minimum_gaps(recovery)))
    action = (await bot.store.actions(org))[0]

    await ana.send("/actions")
    assert "You own no action yet" in ana.last.plain
    await ana.send("/cycle")
    assert "Only coordinators can do this." in ana.last.plain
    before = await bot.store.actions(org)
    cycles = await bot.store.cycles(org)
    forged = [
        f"au:{action.id}:{action.version}:s",  # the status menu of an action Ana does not own
        f"au:{action.id}:{action.version}:o",
        f"pm:{org}:recovery",
        f"pn:{org}",
        f"pp:{org}:0",
        f"aw:{action.id}:{action.version}:{ana.id}",
        f"ar:{action.id}:{action.version}:l",
        f"as:{action.id}:{action.version}:ca",
        f"ak:{action.id}:{action.version}:t",
        f"co:{org}:1",  # start a new cycle
    ]
    for data in forged:
        await ana.press_data(ana.last.message_id, data)
        assert ana.alerts[-1].show_alert, data
        assert "Where does it stand?" not in ana.last.plain, data
    assert await bot.store.actions(org) == before
    assert await bot.store.cycles(org) == cycles
    assert await bot.store.pending(ana.id) is None


async def test_stale_and_forged_action_buttons_change_nothing(
    api: LocalBotApi, bot: RunningBot
) -> None:
    _, ours = await new_organisation(api, "Vienne")
    _, theirs = await new_organisation(api, "Romans")
    cora = await joined(api, ours, "Cora")
    ada = await joined(api, ours, "Ada")
    olga = await joined(api, theirs, "Olga")
    await cora.send("/actions")
    await cora.press("➕ New action")
    await cora.send("Print the shelter list in five languages.")
    cora_view = cora.last
    await ada.send("/actions")
    await ada.press("1")
    ada_view = ada.last

    await cora.press("⚡ Priority", message=cora_view)
    await cora.press("🟢 Low priority")
    assert "Low priority" in cora.last.plain
    await ada.press("⚡ Priority", message=ada_view)  # Ada's view is out of date now
    assert "Someone else changed this action just now" in ada.alerts[-1].text
    assert "Low priority" in ada_view.plain  # her message now shows it as it stands
    org = await organisation_id(bot, "Vienne")
    [action] = await bot.store.actions(org)
    assert action.priority is Priority.LOW and action.version == 2

    await olga.send("/actions")
    for data in (f"ao:{action.id}", f"ar:{action.id}:2:h", f"as:{action.id}:2:ca", "ao:424242"):
        await olga.press_data(olga.last.message_id, data)
        assert olga.alerts[-1].show_alert, data
    assert "not for you" in olga.alerts[-3].text
    assert "no longer works" in olga.alerts[-1].text
    assert await bot.store.action(action.id) == action


async def test_an_owner_who_left_is_shown_as_such_and_re_assigned(
    api: LocalBotApi, bot: RunningBot
) -> None:
    responders, coordinators = await new_organisation(api, "Aix")
    cora = await joined(api, coordinators, "Cora")
    ana = await joined(api, responders, "Ana")
    ben = await joined(api, responders, "Ben")
    await cora.send("/actions")
    await cora.press("➕ New action")
    await cora.send("Agree a shelter with the parish.")
    await cora.press("👤 Owner")
    await cora.press(isolated("Ana"))
    ana_told = ana.last
    assert "gave you an action" in ana_told.plain
    await cora.send("/members")
    await cora.press(f"❌ {isolated('Ana')}")
    await cora.press("Yes, remove")

    await cora.send("/actions")
    assert f"{isolated('Ana')} (has left the organisation)" in cora.last.plain
    await cora.press("1")
    assert f"Owner: {isolated('Ana')} (has left the organisation)" in cora.last.plain
    org = await organisation_id(bot, "Aix")
    [action] = await bot.store.actions(org)
    await cora.press_data(cora.last.message_id, f"aw:{action.id}:{action.version}:{ana.id}")
    assert "no longer a member" in cora.alerts[-1].text
    await cora.press("👤 Owner")
    assert "Ana" not in labels(cora)
    await cora.press(isolated("Ben"))
    assert f"Owner: {isolated('Ben')}" in cora.last.plain
    assert await eventually(api, lambda: "gave you an action" in ben.last.plain)

    await ana.press("Open the action", message=ana_told)
    assert "not for you" in ana.alerts[-1].text
    changed = await bot.store.action(action.id)
    assert changed is not None and changed.owner is not None and changed.owner.user_id == ben.id
