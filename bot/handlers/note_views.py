"""Notes: every note on an item in full, the prompt for a new note, and the warning before
saving one that seems to hold personal data.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.display import shorten, split, units
from bot.handlers import codec
from bot.handlers.codec import encode
from bot.handlers.item_views import NOTE_PREVIEW, byline
from bot.handlers.layout import ROOM, Button, View, button_rows, join_lines, shown
from bot.i18n import Translator
from bot.model import Checklist, Item, Note


def notes_views(
    t: Translator, checklist: Checklist, item: Item, notes: Sequence[Note]
) -> list[View]:
    """Every note on an item in full, each split into messages under Telegram's limit."""
    question = f"<i>{escape(t.item(checklist, item, 'question'))}</i>"
    if not notes:
        return [View(join_lines(t, question, "", t._("There is no note on this item yet.")))]
    views = [View(join_lines(t, question))]
    for note in notes:
        head = escape(t._("📝 %(who)s:", who=byline(t, note)))
        for n, piece in enumerate(split(note.text, ROOM - units(head))):
            text = f"{head}\n{shown(piece)}" if n == 0 else shown(piece)
            views.append(View(join_lines(t, text)))
    return views


def note_prompt_view(t: Translator, checklist: Checklist, item: Item, own: Note | None) -> View:
    """Asks for the text of a note (and says evidence files are welcome).

    The user's own note on the item, if any, is shown: a new one replaces it (and only it).
    """
    lines = [
        t._("📝 Send your note on this item as a message:"),
        f"<i>{escape(t.item(checklist, item, 'question'))}</i>",
        "",
    ]
    if own is not None:
        text, _ = shorten(own.text, NOTE_PREVIEW)
        note = "<i>" + shown(text) + "</i>"
        lines += [
            t._("Your note now: %(note)s", note=note),
            t._("A new note replaces yours; notes of colleagues stay as they are."),
            "",
        ]
    lines += [
        t._("You may also send a photo or a document as evidence. /cancel to stop."),
        t._("Please do not write personal data about individuals in notes."),
    ]
    return View(join_lines(t, *lines))


def personal_data_view(t: Translator, kinds: Sequence[str]) -> View:
    """A gentle warning before saving a note that seems to hold personal data."""
    found = t.format_list([t._(kind) for kind in kinds])
    text = join_lines(
        t,
        t._("⚠️ This note seems to contain %(found)s.", found=escape(found)),
        t._(
            "Notes should describe arrangements, not people: please leave out names, phone "
            "numbers and document numbers of individuals."
        ),
    )
    rows = [
        [
            Button(t._("Save anyway"), encode(codec.Draft(save=True))),
            Button(t._("Write it again"), encode(codec.Draft(save=False))),
        ]
    ]
    return View(text, button_rows(t, rows))
