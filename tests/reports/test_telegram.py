"""Reports in chat: valid Telegram HTML, split at block boundaries, under 4096, nothing lost."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from html import escape

from bot import reports
from bot.model import (
    Actor,
    Answer,
    Checklist,
    Item,
    Note,
    Organisation,
    Phase,
    Score,
    Section,
    Tier,
)
from bot.playground.telegram_html import parse_html, utf16_len
from bot.reporting import ComparisonModel, report_model
from bot.reports.telegram import NOTE_BRIEF, RLM, pack
from tests.support.report_world import CORA, HOSTILE, World, translator

LIMIT = 4096
MAX_ENTITIES = 100


def visible(messages: list[str]) -> list[str]:
    """Each message as Telegram shows it, checked against Telegram's limits."""
    shown = []
    for message in messages:
        parsed = parse_html(message)
        assert 0 < utf16_len(parsed.text) < LIMIT
        assert len(parsed.entities) <= MAX_ENTITIES
        shown.append(parsed.text)
    return shown


def long_checklist(items_per_guideline: int) -> Checklist:
    sections = tuple(
        Section(
            g,
            f"Guideline {g} title",
            tuple(
                Item(
                    f"g{g}_{n}",
                    g,
                    f"Long question {g}.{n} " + "word " * 30,
                    "help",
                    (Actor.LOCAL_AUTHORITY,),
                    Tier.MINIMUM if n % 2 else Tier.ADVANCED,
                    f"Long action {g}.{n} " + "step " * 40,
                )
                for n in range(items_per_guideline)
            ),
        )
        for g in (1, 2, 3)
    )
    return Checklist("long", 1, "Long", Phase.PREPAREDNESS, "", sections)


def long_report() -> tuple[Checklist, dict[str, Answer], dict[str, list[Note]]]:
    checklist = long_checklist(20)
    scores = list(Score)
    day = datetime(2026, 3, 7, tzinfo=UTC)
    answers = {
        item.id: Answer(item.id, scores[i % len(scores)], 1, "Rita", day)
        for i, item in enumerate(checklist.items)
    }
    notes = {
        item.id: [
            Note(item.id, f"note {item.id} <&> line one\nline two " + "x" * 900, 1, "Rita", day)
        ]
        for item in checklist.items
    }
    return checklist, answers, notes


async def test_summary_is_valid_telegram_html(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    (text,) = visible(reports.summary(model, translator("en")))
    assert "Readiness report: \u2068Springfield <i>&</i>\u2069" in text, "the name is isolated"
    assert "Overall readiness: 44% · Partly developed" in text
    assert "Change since \u20682025\u2069: \u2066+18 points\u2069" in text
    assert "G2 Share information (\u2066−33 points\u2069)" in text
    assert "👥 Local authority" in text, "each gap says who can act"
    assert "1. 🔴 G2 · Question b1?" in text
    assert "→ Action for b1." in text


async def test_guideline_detail_shows_notes_as_text(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    (text,) = visible(reports.guideline_detail(model, 1, translator("en")))
    assert HOSTILE in text
    assert "→ 3 · In place and tested · \u2068Rita <b>\u2069, \u2066Mar 7, 2026\u2069" in text
    assert "💡 Action for a2." in text


def test_a_long_report_is_split_never_cut() -> None:
    checklist, answers, notes = long_report()
    org = Organisation(1, "Big <city>", "R", "C")
    moment = datetime(2026, 3, 8, tzinfo=UTC)
    model = report_model(org, checklist, "2026", moment, answers, notes=notes)
    t = translator("en")
    summary = visible(reports.summary(model, t))
    assert len(summary) >= 2
    assert "… and " in summary[-1] and "more gaps in the full report." in summary[-1]
    detail = visible(reports.guideline_detail(model, 2, t))
    assert len(detail) >= 5
    joined = "\n".join(detail)
    for item in checklist.section(2).items:  # type: ignore[union-attr]
        (note,) = notes[item.id]
        assert note.text in joined, f"the note of {item.id} is whole"


def test_a_very_long_note_is_cut_short_in_the_detail_and_said_to_be_whole_in_the_files() -> None:
    checklist, answers, notes = long_report()
    emoji = "🚒" * 3000  # 6,000 UTF-16 units: one note used to fill two messages
    notes = {item_id: [replace(n, text=emoji) for n in found] for item_id, found in notes.items()}
    org = Organisation(1, "Big city", "R", "C")
    moment = datetime(2026, 3, 8, tzinfo=UTC)
    model = report_model(org, checklist, "2026", moment, answers, notes=notes)
    detail = visible(reports.guideline_detail(model, 2, translator("en")))
    joined = "\n".join(detail)
    assert emoji not in joined
    assert joined.count("🚒" * (NOTE_BRIEF // 2 - 1) + "…") == 20, "each note cut, with …"
    assert "Notes cut short here are whole in the report's files." in detail[-1]
    assert len(detail) <= 10  # 20 items with notes of 1,000 units (uncut, it took 40 messages)
    (html,) = reports.render(model, translator("en"), "html")
    assert emoji in html.decode(), "the file holds it whole"


def test_an_overlong_line_becomes_plain_pieces_with_no_character_lost() -> None:
    text = "<tag> & " * 2000  # 16,000 characters, longer than any message
    line = f"<b>{escape(text)}</b>"
    messages = pack(["<i>heading</i>", line])
    shown = visible(messages)
    assert len(shown) >= 4
    assert "".join(shown[1:]) == text
    assert shown[0] == "heading"


def test_many_small_blocks_are_packed_together_within_the_entity_limit() -> None:
    blocks = [f"<b>{n}</b> <i>x</i>" for n in range(300)]
    messages = pack(blocks)
    shown = visible(messages)
    assert len(messages) >= 3
    assert "\n\n".join(shown).split("\n\n") == [f"{n} x" for n in range(300)]


async def test_right_to_left_lines_start_with_a_right_to_left_mark(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    (text,) = reports.summary(model, translator("ar"))
    assert all(line.startswith(RLM) for line in text.split("\n") if line)


def test_a_long_comparison_lists_forty_organisations_in_chat() -> None:
    checklist, answers, _ = long_report()
    when = datetime(2026, 3, 8, tzinfo=UTC)
    models = tuple(
        report_model(Organisation(n, f"Town {n:02d}", "R", "C"), checklist, "2026", when, answers)
        for n in range(45)
    )
    comparison = ComparisonModel(checklist, "2026", when, models)
    shown = "\n".join(visible(reports.summary(comparison, translator("en"))))
    assert "Town 39" in shown and "Town 40" not in shown
    assert "… and 5 more organisations in the full report." in shown
    detail = "\n".join(visible(reports.guideline_detail(comparison, 3, translator("en"))))
    assert "Town 39" in detail and "… and 5 more organisations" in detail
