"""A coordinator gets reports in chat, as messages and files, and manages codes and members."""

from __future__ import annotations

import struct
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.display import ltr
from bot.model import Checklist
from bot.playground import ChatUser, LocalBotApi
from tests.support.chat import button, isolated, labels
from tests.support.onboarding import assessment_of, joined, new_organisation, organisation_id
from tests.support.project import ADMIN_ID, CATALOGS
from tests.support.running import Clock, RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation
HOSTILE_NOTE = "<b>=1+1</b> & <script>x</script>"


@pytest.fixture(autouse=True, scope="module")
def _fonts_ready() -> None:
    """Load matplotlib's font cache (built on first use) before the bot's handlers need it."""
    import matplotlib.font_manager  # noqa: F401


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def answered_by_ana(api: LocalBotApi, code: str, recovery: Checklist) -> ChatUser:
    """Ana answers every item of the recovery checklist, the first with a hostile note."""
    ana = await joined(api, code, "Ana")
    await ana.press(button(ana, recovery.title))
    await ana.press("📝 Note")
    await ana.send(HOSTILE_NOTE)
    scores = ["0 · Not in place", "1 · Started or ad hoc", "3 · In place and tested"]
    for n, _item in enumerate(recovery.items):
        await ana.press(scores[n % 3])
    return ana


async def test_a_coordinator_receives_the_summary_and_the_files(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Lyon")
    await answered_by_ana(api, responders, recovery)
    cora = await joined(api, coordinators, "Cora", lang="fr")
    fr = CATALOGS.translator("fr")  # the coordinator reads French; Ana answered in English
    title = fr.title(recovery)
    assert title == "Relèvement post-crise"
    await cora.send("/report")
    chooser = cora.last
    await cora.press(title)
    done = fr._(
        "📊 Report on <b>%(org)s</b> · %(checklist)s: see below.",
        org=isolated("Lyon"),
        checklist=title,
    )
    assert chooser.text == done
    sent = cora.messages[cora.messages.index(chooser) + 1 :]
    *summary, document, workbook, chart = sent
    text = "\n".join(message.plain for message in summary)
    assert fr._("Readiness report: %(org)s", org="\u2068Lyon\u2069") in text
    answered_as = fr._("%(title)s, edition %(version)s", title=title, version=2)
    assert f"{answered_as} · cycle \u20682026\u2069" in text
    assert fr._("Priority gaps") in text and "→" in text
    guideline_buttons = [label for row in summary[-1].buttons for label, _ in row]
    assert [label.split(" · ")[0] for label in guideline_buttons] == ["G14", "G15"]

    assert document.document is not None and not document.protect_content, "can be forwarded"
    assert document.document.filename == "micic-recovery-2026-lyon.html"
    html = document.document.data.decode("utf-8")
    assert '<html lang="fr" dir="ltr">' in html
    assert "&lt;b&gt;=1+1&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html

    assert workbook.document is not None and not workbook.protect_content
    book = load_workbook(BytesIO(workbook.document.data))
    items = list(book.worksheets[-1].iter_rows(values_only=True))  # names are in French
    assert len(items) == 1 + len(recovery.items)
    assert items[1][6].startswith(f"\u2068{HOSTILE_NOTE}\u2069 (\u2068Ana\u2069, ")
    assert items[1][7] == "Ana"

    assert chart.photo is not None and not chart.protect_content
    assert png_size(chart.photo.data)[0] == 800

    before = len(cora.messages)
    await cora.press(guideline_buttons[0], message=summary[-1])
    detail = "\n".join(message.plain for message in cora.messages[before:])  # long: split
    assert detail.startswith("G14 ·")
    assert HOSTILE_NOTE in detail and "Ana" in detail


async def test_a_guideline_button_marks_low_coverage_as_its_summary_line_does(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, coordinators = await new_organisation(api, "Lorient")
    ana = await joined(api, responders, "Ana")
    await ana.press(button(ana, recovery.title))
    for _ in range(3):  # three items of G14 known: too few for its figure to stand alone
        await ana.press("3 · In place and tested")
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/report")
    await cora.press(recovery.title)
    last = next(m for m in reversed(cora.messages) if m.buttons)
    g14 = next(label for row in last.buttons for label, _ in row if label.startswith("G14"))
    assert g14 == "G14 · 100%*"
    summary = "\n".join(m.plain for m in cora.messages)
    assert f"{ltr('100%')}* · G14" in summary, "the line above the buttons shows the same figure"


async def test_a_coordinator_of_several_organisations_compares_them(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    lille_responders, lille_coordinators = await new_organisation(api, "Lille")
    _, oujda_coordinators = await new_organisation(api, "Oujda")
    await answered_by_ana(api, lille_responders, recovery)
    cora = await joined(api, lille_coordinators, "Cora")
    await cora.send(f"/join {oujda_coordinators}")
    await cora.send("/report")
    assert labels(cora) == [isolated("Lille"), isolated("Oujda"), "🗂 All my organisations (2)"]
    await cora.press("🗂 All my organisations (2)")
    await cora.press(recovery.title)
    summary = next(m for m in cora.messages if "Readiness of 2 organisations" in m.plain)
    assert "1 of 2 have answers in this cycle." in summary.plain
    assert "\u2068Oujda\u2069 · no answers yet" in summary.plain, "the name is isolated"
    assert cora.last.photo is not None
    assert png_size(cora.last.photo.data)[0] == 800
    last = next(m for m in reversed(cora.messages) if m.buttons)  # the summary's last message
    g15 = next(label for row in last.buttons for label, _ in row if label.startswith("G15"))
    await cora.press(g15, message=last)
    assert "Lille" in cora.last.plain and "Oujda" in cora.last.plain


async def test_an_organisation_without_answers_gets_a_report_that_says_so(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    _, coordinators = await new_organisation(api, "Oran")
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/report")
    await cora.press(recovery.title)
    assert "No answers yet: nobody in \u2068Oran\u2069 has answered" in cora.last.plain
    assert all(m.document is None and m.photo is None for m in cora.messages)


async def test_reports_are_refused_to_responders_and_forged_buttons(
    api: LocalBotApi, bot: RunningBot, recovery: Checklist
) -> None:
    responders, _ = await new_organisation(api)
    ana = await answered_by_ana(api, responders, recovery)
    org = (await assessment_of(bot, ana)).org_id
    await ana.send("/report")
    assert "Only coordinators can do this." in ana.last.plain
    await ana.press_data(ana.last.message_id, f"rp:{org}:recovery")
    assert ana.alerts[-1].show_alert
    assert "Only coordinators of that organisation" in ana.alerts[-1].text
    assert all(m.document is None for m in ana.messages)


async def test_forged_coordinator_buttons_get_an_alert_not_an_error(
    api: LocalBotApi, bot: RunningBot
) -> None:
    _, coordinators = await new_organisation(api, "Nantes")
    cora = await joined(api, coordinators, "Cora")
    org = await organisation_id(bot, "Nantes")
    await cora.send("/members")
    forged = [
        f"rp:{org}:nope",
        f"mr:{'9' * 24}:1",
        f"mx:{org}:424242",
        f"rg:{org}:recovery:99",
        f"ir:{org}:x",
    ]
    for data in forged:
        await cora.press_data(cora.last.message_id, data)
        assert cora.alerts[-1].show_alert, data
        assert "no longer works" in cora.alerts[-1].text, data
    assert await bot.store.member(org, cora.id) is not None


async def test_invite_codes_are_shown_with_links_and_renewed(
    api: LocalBotApi, bot: RunningBot
) -> None:
    responders, coordinators = await new_organisation(api)
    cora = await joined(api, coordinators, "Cora")
    await cora.send("/invite")
    invite = cora.last
    assert f"https://t.me/micic_test_bot?start={responders}" in invite.plain
    assert f"https://t.me/micic_test_bot?start={coordinators}" in invite.plain
    await cora.press("🔄 New responder code")
    assert responders not in invite.plain and "The old code" in invite.plain
    late = await joined(api, responders, "Late")
    assert "I do not know that invite code" in late.last.plain


async def test_members_are_listed_and_removed_after_confirming(
    api: LocalBotApi, bot: RunningBot
) -> None:
    responders, coordinators = await new_organisation(api, "Rennes")
    ana = await joined(api, responders, "Ana")
    cora = await joined(api, coordinators, "Cora")
    org = await organisation_id(bot, "Rennes")
    await cora.send("/members")
    members = cora.last
    assert f"1. {isolated('Cora')} · coordinator" in members.plain
    assert f"2. {isolated('Ana')} · responder" in members.plain
    assert labels(cora) == [f"❌ {isolated('Ana')}"]
    await cora.press(f"❌ {isolated('Ana')}")
    assert f"Remove {isolated('Ana')} from {isolated('Rennes')}?" in members.plain
    await cora.press("No, keep")
    assert await bot.store.member(org, ana.id) is not None
    await cora.press(f"❌ {isolated('Ana')}")
    await cora.press("Yes, remove")
    assert f"{isolated('Ana')} was removed." in members.plain
    assert await bot.store.member(org, ana.id) is None


async def test_an_administrator_makes_a_responder_coordinator(
    api: LocalBotApi, bot: RunningBot
) -> None:
    responders, _ = await new_organisation(api, "Toulouse")
    ana = await joined(api, responders, "Ana")
    admin = api.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/members Toulouse")
    await admin.press(f"⬆️ Make {isolated('Ana')} coordinator")
    assert f"{isolated('Ana')} is now a coordinator." in admin.last.plain
    await ana.send("/invite")
    assert f"Invite codes of {isolated('Toulouse')}" in ana.last.plain


async def test_report_files_are_protected_when_the_deployment_says_so(
    fresh_api: LocalBotApi, recovery: Checklist, tmp_path: Path
) -> None:
    api = fresh_api  # its own local Bot API: the module's shared bot must not take the updates
    protected = RunningBot(api, tmp_path / "protected.sqlite3", Clock(), protect_reports=True)
    await protected.start()
    try:
        responders, coordinators = await new_organisation(api, "Metz")
        await answered_by_ana(api, responders, recovery)
        cora = await joined(api, coordinators, "Cora")
        await cora.send("/report")
        await cora.press(recovery.title)
        files = [m for m in cora.messages if m.document is not None or m.photo is not None]
        assert len(files) == 3 and all(m.protect_content for m in files)
    finally:
        await protected.stop()


async def test_organisation_names_are_matched_by_unicode_case_folding(
    api: LocalBotApi, bot: RunningBot
) -> None:
    _, coordinators = await new_organisation(api, "Kraków")
    _, others = await new_organisation(api, "Łódź")
    cora = await joined(api, coordinators, "Cora")
    await cora.send(f"/join {others}")
    await cora.send("/invite KRAKO\u0301W")  # capitals, and the accent as a separate mark
    assert "Kraków" in cora.last.plain and coordinators not in labels(cora)
