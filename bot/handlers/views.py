"""Pure presentation: each ``*_view`` turns domain results into Telegram HTML and buttons.

Views know nothing of PTB; the adapter turns a View into a message. Every interpolated value is
HTML-escaped here, and every fixed text goes through the user's Translator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from bot.display import MESSAGE_LIMIT, isolate, shorten, split, units
from bot.handlers import codec
from bot.handlers.codec import encode
from bot.i18n import Translator
from bot.model import Answer, Checklist, EditionNotice, Item, Note, Organisation, Role, Score
from bot.reports.localised import SCORE_LABELS, format_date, text_bar
from bot.reports.telegram import measure
from bot.scoring import Readiness, summarise
from bot.service import Standing, Step

RLM = "\u200f"
NOTE_PREVIEW = 280  # UTF-16 units of each note shown under an item; the rest is a tap away
ROOM = MESSAGE_LIMIT - 200  # what an item may fill: a margin for direction marks and clients

SCORE_ROWS = (
    (Score.NOT_IN_PLACE, Score.STARTED),
    (Score.IN_PLACE, Score.TESTED),
    (Score.DONT_KNOW, Score.NOT_APPLICABLE),
)


@dataclass(frozen=True)
class Button:
    """An inline button: its label and its callback data."""

    label: str
    data: str


@dataclass(frozen=True)
class View:
    """A message to show: Telegram HTML text and rows of buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = field(default_factory=tuple)


def _rows(t: Translator, rows: Sequence[Sequence[Button]]) -> tuple[tuple[Button, ...], ...]:
    """Rows of buttons, mirrored for right-to-left languages."""
    return tuple(tuple(reversed(row)) if t.rtl else tuple(row) for row in rows if row)


def _lines(t: Translator, *lines: str) -> str:
    """Join lines; in RTL languages each line starts with a right-to-left mark.

    Telegram sets a paragraph's direction from its first strong character, so without the mark
    an Arabic line that starts with a digit, an emoji or a Latin name would read left to right.
    """
    text = "\n".join(lines)
    if not t.rtl:
        return text
    return "\n".join(f"{RLM}{line}" if line else "" for line in text.split("\n"))


def shown(text: str) -> str:
    """Someone's text (a name, an organisation, a note) isolated and escaped for a message."""
    return escape(isolate(text))


def text_view(t: Translator, text: str) -> View:
    """A message of text only (already translated and escaped), marked for RTL languages."""
    return View(_lines(t, text))


def score_label(t: Translator, score: Score) -> str:
    """The translated label of an answer."""
    label = t._(SCORE_LABELS[score])
    return f"{score.value} · {label}" if score.points is not None else label


def bar(t: Translator, share: float | None) -> str:
    """A ten-block text bar with the percentage."""
    if share is None:
        return text_bar(None) + " " + t.percent(None)
    return text_bar(share) + " " + t.ltr(t.percent(share))


def welcome_view(t: Translator, first_name: str, languages: Mapping[str, str]) -> View:
    """What /start says to someone who has not joined an organisation yet."""
    text = _lines(
        t,
        t._("👋 Hello, %(name)s!", name=shown(first_name)),
        "",
        t._(
            "I help municipalities make sure migrants are included in emergency preparedness, "
            "response and recovery, following the Guidelines to Protect Migrants in Countries "
            "Experiencing Conflict or Natural Disaster, by the Migrants in Countries in Crisis "
            "(MICIC) Initiative."
        ),
        t._("Choose your language, then send the invite code of your municipality: /join CODE"),
    )
    return View(text, language_buttons(t, languages))


def language_buttons(t: Translator, languages: Mapping[str, str]) -> tuple[tuple[Button, ...], ...]:
    """One button per language the bot has, three to a row."""
    buttons = [Button(name, encode(codec.SetLanguage(code))) for code, name in languages.items()]
    return _rows(t, [buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def language_view(t: Translator, languages: Mapping[str, str]) -> View:
    """The language menu (/language)."""
    return View(_lines(t, t._("Choose your language:")), language_buttons(t, languages))


def joined_view(t: Translator, org: Organisation, role: Role) -> str:
    """The confirmation after joining an organisation."""
    if role is Role.COORDINATOR:
        return t._("✅ You are now a coordinator of %(org)s.", org=shown(org.name))
    return t._("✅ You are now a responder for %(org)s.", org=shown(org.name))


def menu_view(
    t: Translator,
    org: Organisation,
    checklists: Sequence[Checklist],
    standings: Mapping[str, Standing],
) -> View:
    """The checklists, with how far the organisation has got in each; one not begun this
    cycle can be begun as a quick check."""
    lines = [f"<b>{shown(org.name)}</b>", t._("Choose a checklist to start or continue:")]
    rows: list[list[Button]] = []
    for checklist in checklists:
        standing = standings.get(checklist.id)
        rows.append(
            [
                Button(
                    _menu_label(t, checklist, standing), encode(codec.StartChecklist(checklist.id))
                )
            ]
        )
        if standing is None:
            label = t._("⚡ Quick check: %(title)s", title=t.title(checklist))
            rows.append([Button(label, encode(codec.ChooseDepth(checklist.id, quick=True)))])
    if any(c.id not in standings for c in checklists):
        lines += [
            "",
            t._(
                "⚡ A quick check asks only the minimum-tier items, what every municipality "
                "should have in place. It can be continued into the full checklist later: no "
                "answer is lost."
            ),
        ]
    return View(_lines(t, *lines), _rows(t, rows))


def _menu_label(t: Translator, checklist: Checklist, standing: Standing | None) -> str:
    percent = t.ltr(t.percent(standing.percent / 100 if standing else 0))
    if standing and standing.quick:
        return t._(
            "%(title)s · quick check · %(percent)s", title=t.title(checklist), percent=percent
        )
    return t._("%(title)s · %(percent)s", title=t.title(checklist), percent=percent)


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
    checklist = step.checklist
    answer = step.answers.get(item.id)
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
    return View(_lines(t, *lines), _rows(t, rows))


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
    rows.append(tools)
    if offer.notes_now:
        read = t._("📖 Read the notes in full")
        rows.append([Button(read, encode(codec.ReadNotes(aid, item.id)))])
    earlier = step.previous.assessment_id
    if offer.notes_before and earlier is not None:
        read = t._("📖 Read last cycle's notes in full")
        rows.append([Button(read, encode(codec.ReadNotes(earlier, item.id)))])
    return rows


def _score_button(
    aid: int, item_id: str, score: Score, change: bool, seen: Score | None
) -> codec.Payload:
    """An answer button under a question, or a change button that says what its view showed."""
    if change:
        return codec.ChangeSeen(aid, item_id, score, seen)
    return codec.Answer(aid, item_id, score)


def notes_views(
    t: Translator, checklist: Checklist, item: Item, notes: Sequence[Note]
) -> list[View]:
    """Every note on an item in full, each split into messages under Telegram's limit."""
    question = f"<i>{escape(t.item(checklist, item, 'question'))}</i>"
    if not notes:
        return [View(_lines(t, question, "", t._("There is no note on this item yet.")))]
    views = [View(_lines(t, question))]
    for note in notes:
        head = escape(t._("📝 %(who)s:", who=byline(t, note)))
        for n, piece in enumerate(split(note.text, ROOM - units(head))):
            text = f"{head}\n{shown(piece)}" if n == 0 else shown(piece)
            views.append(View(_lines(t, text)))
    return views


def readiness_line(t: Translator, checklist: Checklist, guideline: int, r: Readiness) -> str:
    """``G6 ▓▓▓▓░░░░░░ 40%`` with the Guideline's title."""
    title = escape(t.guideline(checklist, guideline))
    return t._(
        "%(bar)s G%(number)s %(title)s", bar=bar(t, r.readiness), number=guideline, title=title
    )


def complete_view(t: Translator, step: Step) -> View:
    """Shown when every item has an answer: readiness per Guideline."""
    summary = summarise(step.checklist, step.answers)
    total, title = len(step.checklist.items), escape(t.title(step.checklist))
    lines = [
        *notice_lines(t, step.notice),
        t._(
            "✅ All %(total)s items of the quick check of <b>%(title)s</b> are answered. "
            "Thank you!",
            total=total,
            title=title,
        )
        if step.assessment.quick
        else t._(
            "✅ All %(total)s items of <b>%(title)s</b> are answered. Thank you!",
            total=total,
            title=title,
        ),
        "",
        t._("Readiness per Guideline:"),
    ]
    lines += [
        readiness_line(t, step.checklist, g, r) for g, r in summary.by_guideline.items() if r.total
    ]
    overall = t.ltr(t.percent(summary.overall.readiness))
    lines += ["", t._("Overall: %(percent)s", percent=overall)]
    rows = [
        _full_checklist_row(t, step),
        [Button(t._("🔎 Review answers"), encode(codec.Review(step.assessment.id, 0)))],
        [Button(t._("📋 Other checklists"), encode(codec.Menu()))],
    ]
    return View(_lines(t, *lines), _rows(t, rows))


def _full_checklist_row(t: Translator, step: Step) -> list[Button]:
    """For a quick check: a button that continues it into the full checklist."""
    if not step.assessment.quick or not step.more:
        return []
    label = t.n_(
        "📋 Continue with the full checklist (%(n)s more item)",
        "📋 Continue with the full checklist (%(n)s more items)",
        step.more,
    )
    return [Button(label, encode(codec.ChooseDepth(step.checklist.id, quick=False)))]


def step_view(t: Translator, step: Step) -> View:
    """The next item of a step, or the completion message."""
    if step.item is None:
        return complete_view(t, step)
    return item_view(t, step, step.item, show_help=False, change=False)


def review_view(t: Translator, step: Step, guideline: int) -> View:
    """One Guideline's answers, with a button per item to change it, and paging."""
    checklist, aid = step.checklist, step.assessment.id
    guidelines = [s.guideline for s in checklist.sections if s.items]
    if guideline not in guidelines:
        guideline = guidelines[0]
    section = checklist.section(guideline)
    assert section is not None
    lines = [
        t._(
            "🔎 <b>Review · Guideline %(number)s · %(title)s</b>",
            number=guideline,
            title=escape(t.guideline(checklist, guideline)),
        ),
        "",
    ]
    buttons = []
    for n, item in enumerate(section.items, 1):
        answer = step.answers.get(item.id)
        label = score_label(t, answer.score) if answer and answer.score else t._("not answered")
        question = escape(t.item(checklist, item, "question"))
        lines.append(f"{n}. {question}\n   {'←' if t.rtl else '→'} <b>{escape(label)}</b>")
        buttons.append(Button(f"✏️ {n}", encode(codec.Edit(aid, item.id))))
    index = guidelines.index(guideline)
    paging = []
    if index > 0:
        paging.append(_page_button(t, aid, guidelines[index - 1], forward=False))
    if index < len(guidelines) - 1:
        paging.append(_page_button(t, aid, guidelines[index + 1], forward=True))
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)] + [paging]
    rows.append(
        [Button(t._("▶️ Continue the checklist"), encode(codec.StartChecklist(checklist.id)))]
    )
    rows.append(_full_checklist_row(t, step))
    return View(_lines(t, *lines), _rows(t, rows))


def _page_button(t: Translator, aid: int, guideline: int, *, forward: bool) -> Button:
    """``◀ G13`` or ``G15 ▶``; in RTL the arrows point the other way, as the row is mirrored."""
    code = t._("G%(number)s", number=guideline)
    if t.rtl:
        label = f"{RLM}{code} ◀" if forward else f"{RLM}▶ {code}"
    else:
        label = f"{code} ▶" if forward else f"◀ {code}"
    return Button(label, encode(codec.Review(aid, guideline)))


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
    return View(_lines(t, *lines))


def help_view(t: Translator, is_admin: bool, is_coordinator: bool) -> View:
    """What the user can do."""
    lines = [
        t._("<b>What I can do</b>"),
        t._("/start: start, or choose a checklist"),
        t._("/join CODE: join your municipality with its invite code"),
        t._("/continue: back to the first unanswered question"),
        t._("/review: look over and change the answers so far"),
        t._("/cancel: leave a note without saving"),
        t._("/language: change the language"),
        t._("/mydata: everything I hold about you, as a file"),
        t._("/forget: delete your personal data"),
        t._("/help: this list"),
    ]
    lines.append(t._("/actions: the actions you own, and the action plan"))
    if is_coordinator or is_admin:
        lines += [
            t._("/report: readiness reports of the organisations you coordinate"),
            t._("/cycle: assessment cycles; start the next one"),
            t._("/invite: invite codes and links, and new ones"),
            t._("/members: who has joined; remove someone"),
            t._("/settings: what kind of place the municipality is"),
        ]
    if is_admin:
        lines.append(t._("/neworg NAME: create an organisation (administrators)"))
    return View(_lines(t, *lines))


def personal_data_view(t: Translator, kinds: Sequence[str]) -> View:
    """A gentle warning before saving a note that seems to hold personal data."""
    found = t.format_list([t._(kind) for kind in kinds])
    text = _lines(
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
    return View(text, _rows(t, rows))
