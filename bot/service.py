"""The responder's use cases, and the one object that gives a front end every use case.

Free of Telegram: every method takes the acting user's id and returns model objects, after
asking ``bot.access``. "What to ask next" is computed from the stored answers, never kept in memory.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from bot import names, privacy, scoring
from bot.access import Access
from bot.actions import ActionPlan
from bot.coordination import Coordination, new_invite_code
from bot.cycles import Cycles
from bot.editions import library_of
from bot.forms import Form, Forms
from bot.model import (
    Answer,
    Assessment,
    Checklist,
    DomainError,
    EditionNotice,
    Item,
    Member,
    NameRefused,
    Note,
    NoteTooLong,
    NotFound,
    Organisation,
    Pending,
    PendingKind,
    Phase,
    Role,
    Score,
    User,
)
from bot.notices import Notices
from bot.reminding import Reminders
from bot.reporting import Reporting
from bot.store import Previous, StepState, Store, StoreError

# A note longer than this is refused with the limit, never cut: about two pages of text. Counted
# in characters (code points), as the author would count them; what a screen shows of a note is
# shortened for Telegram's limits, never what is stored.
NOTE_MAX_LENGTH = 3000
NO_PREVIOUS = Previous(None, {})


class Unseen(enum.Enum):
    """A change button made before buttons carried the answer their view showed."""

    UNSEEN = "unseen"


UNSEEN = Unseen.UNSEEN
Seen = Score | None | Unseen  # what the view a change was pressed on showed


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Step:
    """Where an assessment stands: the item to show (None when complete) and all answers.

    ``checklist`` holds the items the assessment asks; ``notice`` is a new edition the user is
    told of now; ``more`` is how many items the full checklist adds to a quick check;
    ``previous`` is what the cycle before answered (offered as "unchanged"), with its notes.
    """

    assessment: Assessment
    checklist: Checklist
    item: Item | None
    answers: Mapping[str, Answer]
    notes: Mapping[str, Sequence[Note]] = field(default_factory=dict)
    notice: EditionNotice | None = None
    more: int = 0
    previous: Previous = NO_PREVIOUS

    @cached_property
    def progress(self) -> scoring.Progress:
        """Answered items of the total (counted once: a view asks several times)."""
        return scoring.progress(self.checklist, self.answers)

    @property
    def complete(self) -> bool:
        """Whether every item has an answer."""
        return self.progress.complete


@dataclass(frozen=True)
class Standing:
    """How far an organisation has got in a checklist this cycle."""

    percent: int
    quick: bool


class Service:
    """The bot's use cases over one store and the loaded checklists.

    Builds the access rules and the coordinator, cycle, action plan, report and reminder use
    cases over the same store and clock, and exposes them as ``access``, ``coordination``,
    ``cycles``, ``actions``, ``reporting``, ``reminders`` and ``notices``. ``timezone`` is the
    deployment's (MICIC_TIMEZONE), for organisations that chose none.
    """

    def __init__(
        self,
        store: Store,
        checklists: Mapping[str, Checklist],
        admins: frozenset[int] = frozenset(),
        clock: Callable[[], datetime] = _utcnow,
        timezone: str = "UTC",
    ) -> None:
        self.store = store
        self.checklists = library_of(checklists)  # current editions, and the earlier ones
        self.clock = clock
        self.access = Access(store, admins, clock)
        self.forms = Forms(store, self.access, self.checklists)
        self.coordination = Coordination(store, self.access, clock, timezone)
        self.cycles = Cycles(store, self.access, self.forms, clock, names.clean_name)
        self.reporting = Reporting(store, self.access, self.forms, clock, timezone)
        self.actions = ActionPlan(
            store, self.access, self.reporting, clock, names.clean_name, timezone
        )
        self.reminders = Reminders(store, self.access, clock, timezone)
        self.notices = Notices(store, self.access, self.forms, self.cycles, self.reminders)

    def sorted_checklists(self) -> list[Checklist]:
        """The checklists in the order of the phases they serve."""
        order = list(Phase)
        return sorted(self.checklists.values(), key=lambda c: (order.index(c.phase), c.id))

    def checklist(self, checklist_id: str) -> Checklist:
        """A loaded checklist, or NotFound."""
        try:
            return self.checklists[checklist_id]
        except KeyError:
            raise NotFound(f"no checklist {checklist_id!r}") from None

    # people and organisations

    async def see_user(
        self, user_id: int, first_name: str, telegram_language: str | None = None
    ) -> User:
        """Record that the user is active (name, Telegram's language and last-seen time only)."""
        language = telegram_language[:16] if telegram_language else None
        return await self.store.touch_user(user_id, first_name[:64], self.clock(), language)

    async def set_language(self, user_id: int, language: str) -> None:
        """Remember the language the user chose."""
        await self.store.set_language(user_id, language)

    async def chosen_language(self, user_id: int) -> str | None:
        """The language the user chose, if they chose one."""
        user = await self.store.user(user_id)
        return user.language if user else None

    def is_admin(self, user_id: int) -> bool:
        """Whether the configuration names this user an administrator."""
        return self.access.is_admin(user_id)

    async def create_organisation(self, actor_id: int | None, name: str) -> Organisation:
        """Create an organisation (administrators only; None means the command line).

        NameRefused for a name that is empty, over NAME_MAX_LENGTH characters, taken, or
        confusable with an existing one (look-alike letters, invisible characters).
        """
        self.access.may_create_organisations(actor_id)
        name = names.clean_name(name)
        if not name:
            raise NameRefused("empty")
        if len(name) > names.NAME_MAX_LENGTH:
            raise NameRefused("too_long", length=len(name), limit=names.NAME_MAX_LENGTH)
        taken = await self.store.organisation_by_name(name)
        if taken is not None:
            raise NameRefused("taken", existing=taken.name)
        existing = [org.name for org in await self.store.organisations()]
        twin = names.confusable_with(name, existing)
        if twin is not None:
            raise NameRefused("confusable", existing=twin)
        try:
            return await self.store.create_organisation(
                name, new_invite_code(), new_invite_code(), self.clock()
            )
        except StoreError as exc:
            raise DomainError(str(exc)) from exc

    async def join(self, user_id: int, code: str) -> tuple[Organisation, Role]:
        """Join the organisation whose invite code this is, with the role the code grants.

        Wrong codes are counted per user: after a few in a short time, guessing is refused.
        """
        org, role = await self.access.may_join(user_id, code)
        await self.store.add_member(org.id, user_id, role, self.clock())
        await self.store.set_current_org(user_id, org.id)
        return org, role

    async def memberships(self, user_id: int) -> list[Member]:
        """Every organisation the user belongs to."""
        return await self.store.memberships(user_id)

    async def removed_from(self, user_id: int) -> Organisation | None:
        """The organisation the user was last removed from, to tell them so."""
        return await self.store.removed_from(user_id)

    async def current_organisation(self, user_id: int) -> Organisation | None:
        """The organisation the user works for now: the last joined or chosen."""
        return await self.access.current_organisation(user_id)

    async def standings(self, org_id: int) -> dict[str, Standing]:
        """How far the organisation has got in each checklist this cycle."""
        found: dict[str, Standing] = {}
        for assessment in await self.store.assessments(org_id):
            if assessment.checklist_id in self.checklists and await self.access.in_progress(
                assessment
            ):
                form = await self.forms.form(assessment)
                answers = await self.store.answers(assessment.id)
                percent = scoring.progress(form.checklist, answers).percent
                found[assessment.checklist_id] = Standing(percent, assessment.quick)
        return found

    # the checklist conversation

    async def start(self, user_id: int, checklist_id: str, quick: bool | None = None) -> Step:
        """Start, or continue, the user's organisation's assessment of a checklist this cycle.

        ``quick`` True starts a quick check (an assessment begun in full stays full); False
        starts the full checklist, or continues a quick check into it with every answer kept;
        None continues whatever was begun (a new one in full).
        """
        checklist = self.checklist(checklist_id)
        org = await self.access.may_start(user_id)
        cycle = await self.access.current_cycle(org.id)
        assessment = await self.store.open_assessment(
            cycle, checklist.id, self.clock(), checklist.version, quick=bool(quick)
        )
        if quick is False and assessment.quick:
            await self.store.widen(assessment.id)
            assessment = replace(assessment, quick=False)
        await self.store.set_current_assessment(user_id, assessment.id)
        return await self._step(user_id, await self.forms.form(assessment))

    async def resume(self, user_id: int) -> Step | None:
        """The first unanswered item of the assessment the user worked on last, if any."""
        user = await self.store.user(user_id)
        if user is None or user.current_assessment_id is None:
            return None
        try:
            found = await self.access.may_answer(user_id, user.current_assessment_id)
        except DomainError:
            return None
        return await self._step(user_id, await self.forms.form(found.assessment, found.kinds))

    async def step(self, user_id: int, assessment_id: int, after: str | None = None) -> Step:
        """The assessment's next unanswered item (following ``after`` if given)."""
        assessment = await self.access.may_read_assessment(user_id, assessment_id)
        return await self._step(user_id, await self.forms.form(assessment), after)

    async def answer(
        self,
        user_id: int,
        assessment_id: int,
        item_id: str,
        score: Score,
        *,
        change: bool = False,
        seen: Seen = UNSEEN,
    ) -> Step:
        """Save an answer and return the next step.

        A repeated answer is harmless. Without ``change`` (a button under a question, not in the
        review), an item that already has a different answer raises StaleAnswer: a button on an
        old message must not overwrite what someone saved since. With ``change`` (the review),
        ``seen`` is the answer the view showed: if the answer is another now, StaleAnswer too.
        A change button that does not say what it showed (made by an earlier version) may only
        replace the user's own answer.
        """
        form = await self._item_of(user_id, assessment_id, item_id)
        state = await self.store.record_and_step(
            user_id,
            form.assessment.id,
            item_id,
            score.value,
            self.clock(),
            form.assessment.version,
            keep_other=not change,
            accept=_still_as_seen(user_id, seen) if change else None,
        )
        return _step_of(form, state, after=item_id)

    async def answer_unchanged(self, user_id: int, assessment_id: int, item_id: str) -> Step:
        """Give an item the score it had in the cycle before, its notes carried along.

        Like a score button under the question: a different answer saved since is not
        overwritten (StaleAnswer); NotFound if the cycle before had no score for the item.
        """
        form = await self._item_of(user_id, assessment_id, item_id)
        assessment = form.assessment
        previous = await self._previous(assessment.id)
        earlier = previous.answers.get(item_id)
        if earlier is None or earlier.score is None:
            raise NotFound(f"no earlier score for {item_id!r}")
        now = self.clock()
        await self.store.record(
            assessment.id, item_id, "score", earlier.score.value, user_id, now,
            assessment.version, keep_other=True,
        )  # fmt: skip
        await carry_note_over(self.store, previous, assessment, item_id, now)
        return await self._step(user_id, form, after=item_id)

    async def skip(self, user_id: int, assessment_id: int, item_id: str) -> Step:
        """Leave an item unanswered for now and move to the next unanswered one."""
        form = await self._item_of(user_id, assessment_id, item_id)
        return await self._step(user_id, form, after=item_id)

    async def begin_note(self, user_id: int, assessment_id: int, item_id: str) -> Item:
        """Wait for the user's next text message as a note on the item."""
        form = await self._item_of(user_id, assessment_id, item_id)
        pending = Pending(PendingKind.NOTE, form.assessment.id, item_id)
        await self.store.set_pending(user_id, pending, self.clock())
        item = form.checklist.item(item_id)
        assert item is not None
        return item

    async def pending(self, user_id: int) -> Pending | None:
        """What the bot waits for from the user, if anything."""
        return await self.store.pending(user_id)

    async def _awaited_note(self, user_id: int, missing: str) -> tuple[int, str, str | None]:
        """The assessment and item whose note is awaited, and the draft held; else NotFound."""
        pending = await self.store.pending(user_id)
        if pending is None or pending.kind is not PendingKind.NOTE:
            raise NotFound(missing)
        assert pending.assessment_id is not None and pending.item_id is not None
        return pending.assessment_id, pending.item_id, pending.draft

    async def propose_note(self, user_id: int, text: str) -> list[str]:
        """Keep a note as a draft if it looks like personal data; return what it seems to hold.

        NoteTooLong for a note over the limit: the author shortens it, nothing is cut.
        """
        aid, item_id, _ = await self._awaited_note(user_id, "no note is awaited")
        note = _note_text(text)
        await self._item_of(user_id, aid, item_id)  # still allowed?
        kinds = privacy.personal_data_kinds(note)
        if kinds:
            await self.store.set_draft(user_id, note)
        return kinds

    async def save_draft(self, user_id: int) -> Step:
        """Save the note held as a draft, confirmed by its author."""
        _, _, draft = await self._awaited_note(user_id, "no draft note")
        if draft is None:
            raise NotFound("no draft note")
        return await self.save_note(user_id, draft)

    async def drop_draft(self, user_id: int) -> None:
        """Forget the draft note; the bot still waits for a note."""
        await self.store.set_draft(user_id, None)

    async def save_note(self, user_id: int, text: str) -> Step:
        """Save the awaited note as the user's own note on the item (replacing only theirs).

        Returns the step of that item's assessment, on that item. NoteTooLong over the limit.
        """
        aid, item_id, _ = await self._awaited_note(user_id, "no note is awaited")
        note = _note_text(text)
        form = await self._item_of(user_id, aid, item_id)
        await self.store.write_note(aid, item_id, user_id, note, self.clock())
        await self.store.clear_pending(user_id)
        answers, notes = await self.store.answers(aid), await self.store.notes(aid)
        item = form.checklist.item(item_id)
        previous = await self._previous(aid)
        return Step(
            form.assessment, form.checklist, item, answers, notes, None, form.more, previous
        )

    async def item_notes(self, user_id: int, assessment_id: int, item_id: str) -> list[Note]:
        """Every note on one item, in full, oldest first."""
        assessment = await self.access.may_read_assessment(user_id, assessment_id)
        return list((await self.store.notes(assessment.id)).get(item_id, []))

    async def add_evidence(
        self, user_id: int, kind: str, file_id: str, file_unique_id: str, file_name: str | None
    ) -> Item:
        """Keep a file as evidence for the item whose note is awaited."""
        aid, item_id, _ = await self._awaited_note(user_id, "no item is awaiting evidence")
        form = await self._item_of(user_id, aid, item_id)
        await self.store.add_evidence(
            form.assessment.id,
            item_id,
            kind,
            file_id,
            file_unique_id,
            file_name,
            user_id,
            self.clock(),
        )
        item = form.checklist.item(item_id)
        assert item is not None
        return item

    async def cancel(self, user_id: int) -> bool:
        """Stop waiting for a note (or anything else); True if the bot was waiting."""
        return await self.store.clear_pending(user_id)

    async def review(self, user_id: int, assessment_id: int) -> Step:
        """All answers of an assessment, for the user to look over and change."""
        assessment = await self.access.may_read_assessment(user_id, assessment_id)
        return await self._step(user_id, await self.forms.form(assessment))

    # personal data

    async def personal_data(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Everything the bot holds about the user."""
        return await self.store.personal_data(user_id)

    async def language_of(self, user_id: int) -> str | None:
        """The language to write to a user in unasked: the one they chose, else Telegram's."""
        user = await self.store.user(user_id)
        return (user.language or user.telegram_language) if user else None

    async def forget(self, user_id: int) -> bool:
        """Delete the user's personal data; their answers stay with the organisation."""
        return await self.store.forget_user(user_id)

    async def forget_inactive(self, retention: privacy.Retention) -> int:
        """Forget every user inactive for longer than the retention period; return how many."""
        return await privacy.forget_inactive(self.store, retention, self.clock())

    async def _item_of(self, user_id: int, assessment_id: int, item_id: str) -> Form:
        """The form of an assessment the user may answer, which asks the item."""
        found = await self.access.may_answer(user_id, assessment_id)
        form = await self.forms.form(found.assessment, found.kinds)
        if form.checklist.item(item_id) is None:
            raise NotFound(f"no item {item_id!r} in {found.assessment.checklist_id}")
        return form

    async def _step(self, user_id: int, form: Form, after: str | None = None) -> Step:
        """The next item of a form; the user is told of a new edition here, once."""
        return _step_of(form, await self.store.step_state(user_id, form.assessment.id), after)

    async def _previous(self, assessment_id: int) -> Previous:
        """What the cycle before answered on the same checklist, with its notes."""
        found = await self.store.previous_answers(assessment_id)
        if found.assessment_id is None:
            return found
        return found._replace(notes=await self.store.notes(found.assessment_id))


def _step_of(form: Form, state: StepState, after: str | None = None) -> Step:
    """The step of a form whose state was just read: its next item after ``after``."""
    item = scoring.next_item(form.checklist, state.answers, after)
    return Step(
        form.assessment,
        form.checklist,
        item,
        state.answers,
        state.notes,
        state.notice,
        form.more,
        state.previous,
    )


async def carry_note_over(
    store: Store, previous: Previous, assessment: Assessment, item_id: str, now: datetime
) -> None:
    """Carry an item's notes from the cycle before into this one, each under its own author.

    The one place that knows where an "unchanged" answer's notes go. An author who already has
    a note on the item in this cycle keeps it; a note whose author was forgotten belongs to
    nobody any more and stays with the cycle before.
    """
    current = (await store.notes(assessment.id)).get(item_id, [])
    written = {note.author_id for note in current}
    for note in previous.notes.get(item_id, []):
        if note.author_id is not None and note.author_id not in written:
            await store.write_note(assessment.id, item_id, note.author_id, note.text, now)


def _note_text(text: str) -> str:
    """The note as it is kept: without surrounding blanks, and refused whole over the limit."""
    note = text.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise NoteTooLong(len(note), NOTE_MAX_LENGTH)
    return note


def _still_as_seen(user_id: int, seen: Seen) -> Callable[[Answer], bool]:
    """Whether a change may replace the answer saved now, given what its view showed."""
    if seen is UNSEEN:
        return lambda current: current.author_id == user_id
    return lambda current: current.score == seen
