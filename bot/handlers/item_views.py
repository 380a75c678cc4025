"""The item a responder answers: its Guideline, question and progress, the answer and notes,
the cycle before's answer and notes, and the answer buttons; all within Telegram's limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from bot.display import isolate, shorten, units
from bot.handlers import codec
from bot.handlers.codec import encode
from bot.handlers.layout import ROOM, Button, View, button_rows, join_lines, score_label, shown
from bot.i18n import Translator
from bot.model import Answer, EditionNotice, Item, Note, Score
from bot.reports.telegram import measure
from bot.reports.wording import format_date
from bot.service import Step

NOTE_PREVIEW = 280  # UTF-16 units of each note shown under an item; the rest is a tap away
SCORE_ROWS = (
    (Score.NOT_IN_PLACE, Score.STARTED),
    (Score.IN_PLACE, Score.TESTED),
    (Score.DONT_KNOW, Score.NOT_APPLICABLE),
)


def notice_lines(t: Translator, notice: EditionNotice | None) -> list[str]:
    """What a member is told once, above the item, after a new edition of the checklist."""
    if notice is None:
        return []
    lines = [
        t.n_(
            "🆕 This checklist has a new edition: %(n)s new item.",
            "🆕 This checklist has a new edition: %(n)s new items.",
            notice.new_items,
        )
    ]
    if notice.kept_answers:
        lines.append(
            t.n_(
                "Your %(n)s answer is kept.",
                "Your %(n)s answers are kept.",
                notice.kept_answers,
            )
        )
    if notice.retired_answers:
        lines.append(
            t.n_(
                "%(n)s answer was to an item replaced or removed: it stays in the history but "
                "no longer counts.",
                "%(n)s answers were to items replaced or removed: they stay in the history but "
                "no longer count.",
                notice.retired_answers,
            )
        )
    return [*lines, ""]


def _answer_line(t: Translator, answer: Answer | None) -> str:
    if answer is None or answer.score is None:
        return ""
    return t._(
        "Answer: <b>%(answer)s</b> (%(who)s)",
        answer=escape(score_label(t, answer.score)),
        who=shown(answer.author_name or t._("a former member")),
    )


def _where(t: Translator, step: Step, item: Item) -> str:
    """``Item 7 of 31, 23% answered``, said of the quick check when it is one."""
    position, total = step.checklist.position(item.id), step.progress.total
    percent = t.ltr(t.percent(step.progress.percent / 100))
    if step.assessment.quick:
        return t._(
            "Quick check · item %(position)s of %(total)s, %(percent)s answered",
            position=position,
            total=total,
            percent=percent,
        )
    return t._(
        "Item %(position)s of %(total)s, %(percent)s answered",
        position=position,
        total=total,
        percent=percent,
    )


def byline(t: Translator, note: Note) -> str:
    """Who wrote a note, and when."""
    who = note.author_name or t._("a former member")
    return t._("%(who)s, %(date)s", who=isolate(who), date=format_date(t, note.written_at))


def _note_lines(t: Translator, notes: Sequence[Note], room: int) -> tuple[list[str], bool]:
    """Each note, shortened to its share of ``room`` UTF-16 units; and whether any was cut."""
    lines, cut = [], False
    share = room // max(len(notes), 1)
    for note in notes:
        head = t._("📝 %(who)s:", who=byline(t, note))
        text, shortened = shorten(note.text, max(min(NOTE_PREVIEW, share - units(head)), 8))
        lines.append(f"{escape(head)} <i>{shown(text)}</i>")
        cut = cut or shortened
    return lines, cut


def previous_head(t: Translator, step: Step, item: Item) -> str:
    """The answer of the cycle before (score, who and when), or empty without one."""
    answer = step.previous.answers.get(item.id)
    if answer is None or answer.score is None:
        return ""
    when = t.ltr(t.date_text(answer.answered_at.date())) if answer.answered_at else ""
    return t._(
        "↩️ Last cycle, %(cycle)s: <b>%(answer)s</b> (%(who)s, %(date)s)",
        cycle=shown(step.previous.cycle or ""),
        answer=escape(score_label(t, answer.score)),
        who=shown(answer.author_name or t._("a former member")),
        date=when,
    )


@dataclass(frozen=True)
class Offer:
    """The buttons an item offers besides the answers: the notes shown shortened, of this
    cycle and of the cycle before, in full; the earlier score as "Unchanged"."""

    notes_now: bool = False
    notes_before: bool = False
    unchanged: bool = False


def item_view(t: Translator, step: Step, item: Item, *, show_help: bool, change: bool) -> View:
    """One item: Guideline, question, progress, answer, notes, the cycle before's answer and
    notes, and the answer buttons (with "Unchanged" when there is an earlier score to keep).

    However long the notes, the message fits Telegram's limit: each note is shortened to its
    share of the room left, and a button sends them in full.
    """
    answer = step.answers.get(item.id)
    lines = _item_lines(t, step, item, answer, show_help=show_help)
    head = previous_head(t, step, item)
    notes = step.notes.get(item.id, ())
    earlier = step.previous.notes.get(item.id, ()) if head else ()
    room = ROOM - measure("\n".join([*lines, head])).units
    share = room // max(len(notes) + len(earlier), 1)
    now_lines, cut_now = _note_lines(t, notes, share * len(notes))
    then_lines, cut_then = _note_lines(t, earlier, share * len(earlier))
    lines += [*now_lines, *(["", head, *then_lines] if head else [])]
    seen = answer.score if answer else None
    offer = Offer(cut_now, cut_then, unchanged=bool(head) and not change and seen is None)
    rows = _item_buttons(t, step, item, seen, show_help=show_help, change=change, offer=offer)
    return View(join_lines(t, *lines), button_rows(t, rows))


def _item_lines(
    t: Translator, step: Step, item: Item, answer: Answer | None, *, show_help: bool
) -> list[str]:
    """The notice of a new edition, the Guideline, where the item is, its question, its help
    when shown and its answer when it has one."""
    checklist = step.checklist
    lines = [
        *notice_lines(t, step.notice),
        t._(
            "<b>Guideline %(number)s · %(title)s</b>",
            number=item.guideline,
            title=escape(t.guideline(checklist, item.guideline)),
        ),
        _where(t, step, item),
        "",
        escape(t.item(checklist, item, "question")),
    ]
    if show_help:
        lines += ["", f"<i>{escape(t.item(checklist, item, 'help'))}</i>"]
    if answer and answer.score is not None:
        lines += ["", _answer_line(t, answer)]
    return lines


def _item_buttons(
    t: Translator,
    step: Step,
    item: Item,
    seen: Score | None,
    *,
    show_help: bool,
    change: bool,
    offer: Offer,
) -> list[list[Button]]:
    """The answers (and "Unchanged"), help, note and skip (or back to review), and "read the
    notes" for notes shown shortened."""
    aid = step.assessment.id
    rows: list[list[Button]] = [
        [
            Button(score_label(t, s), encode(_score_button(aid, item.id, s, change, seen)))
            for s in row
        ]
        for row in SCORE_ROWS
    ]
    if offer.unchanged:
        rows.append([Button(t._("🔁 Unchanged"), encode(codec.Unchanged(aid, item.id)))])
    rows.append(_tool_row(t, aid, item, show_help=show_help, change=change))
    if offer.notes_now:
        read = t._("📖 Read the notes in full")
        rows.append([Button(read, encode(codec.ReadNotes(aid, item.id)))])
    earlier = step.previous.assessment_id
    if offer.notes_before and earlier is not None:
        read = t._("📖 Read last cycle's notes in full")
        rows.append([Button(read, encode(codec.ReadNotes(earlier, item.id)))])
    return rows


def _tool_row(
    t: Translator, aid: int, item: Item, *, show_help: bool, change: bool
) -> list[Button]:
    """Help (or hide it), note, and skip; or, for an item opened from the review, back to it."""
    help_label = t._("Hide help") if show_help else t._("ℹ️ Help")
    help_data = encode(codec.Help(aid, item.id, show=not show_help, change=change))
    tools = [
        Button(help_label, help_data),
        Button(t._("📝 Note"), encode(codec.Note(aid, item.id))),
    ]
    if change:
        back = Button(t._("↩️ Back to review"), encode(codec.Review(aid, item.guideline)))
        tools.append(back)
    else:
        tools.append(Button(t._("⏭ Skip"), encode(codec.Skip(aid, item.id))))
    return tools


def _score_button(
    aid: int, item_id: str, score: Score, change: bool, seen: Score | None
) -> codec.Payload:
    """An answer button under a question, or a change button that says what its view showed."""
    if change:
        return codec.ChangeSeen(aid, item_id, score, seen)
    return codec.Answer(aid, item_id, score)
