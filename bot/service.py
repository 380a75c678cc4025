"""The responder's use cases, and the one object that gives a front end every use case.

Free of Telegram: every method takes the acting user's id and returns model objects, after
asking ``bot.access``. "What to ask next" is computed from the stored answers, never kept in memory.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot import privacy, scoring
from bot.access import Access
from bot.actions import ActionPlan
from bot.coordination import Coordination, new_invite_code
from bot.cycles import Cycles
from bot.model import (
    Answer,
    Assessment,
    Checklist,
    DomainError,
    Item,
    Member,
    NotFound,
    Organisation,
    Pending,
    PendingKind,
    Phase,
    Role,
    Score,
    User,
)
from bot.reporting import Reporting
from bot.store import Previous, Store, StoreError

NOTE_MAX_LENGTH = 2000
NO_PREVIOUS = Previous(None, {})


# Invisible characters that would let "Ly\u200bon" pass for "Lyon"; ZWJ and ZWNJ stay, since
# emoji and some scripts (Persian, Indic) need them.
INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069",
    )
)


def clean_name(name: str) -> str:
    """A name with invisible and direction-control characters removed and spaces folded."""
    cleaned = " ".join(name.translate(INVISIBLE).split())[:100]
    return cleaned if any(unicodedata.category(c) != "Cf" for c in cleaned) else ""


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Step:
    """Where an assessment stands: the item to show (None when complete), all answers, and the
    answers of the cycle before (offered as "unchanged")."""

    assessment: Assessment
    checklist: Checklist
    item: Item | None
    answers: Mapping[str, Answer]
    previous: Previous = NO_PREVIOUS

    @property
    def progress(self) -> scoring.Progress:
        """Answered items of the total."""
        return scoring.progress(self.checklist, self.answers)

    @property
    def complete(self) -> bool:
        """Whether every item has an answer."""
        return self.progress.complete


class Service:
    """The bot's use cases over one store and the loaded checklists.

    Builds the access rules and the coordinator, cycle, action plan and report use cases over
    the same store and clock, and exposes them as ``access``, ``coordination``, ``cycles``,
    ``actions`` and ``reporting``.
    """

    def __init__(
        self,
        store: Store,
        checklists: Mapping[str, Checklist],
        admins: frozenset[int] = frozenset(),
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.store = store
        self.checklists = dict(checklists)
        self.clock = clock
        self.access = Access(store, admins, clock)
        self.coordination = Coordination(store, self.access, clock)
        self.cycles = Cycles(store, self.access, self.checklists, clock, clean_name)
        self.reporting = Reporting(store, self.access, self.checklists, clock)
        self.actions = ActionPlan(store, self.access, self.reporting, clock, clean_name)

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
        """Create an organisation (administrators only; None means the command line)."""
        self.access.may_create_organisations(actor_id)
        name = clean_name(name)
        if not name:
            raise DomainError("an organisation needs a name")
        if await self.store.organisation_by_name(name):
            raise DomainError(f"organisation {name!r} exists")
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

    async def current_organisation(self, user_id: int) -> Organisation | None:
        """The organisation the user works for now: the last joined or chosen."""
        return await self.access.current_organisation(user_id)

    async def percent_answered(self, org_id: int) -> dict[str, int]:
        """How far the organisation has got in each checklist this cycle, in whole percent."""
        return await self.cycles.progress(await self.cycles.current(org_id))

    # the checklist conversation

    async def start(self, user_id: int, checklist_id: str) -> Step:
        """Start, or continue, the user's organisation's assessment of a checklist this cycle."""
        checklist = self.checklist(checklist_id)
        org = await self.access.may_start(user_id)
        cycle = await self.cycles.current(org.id)
        assessment = await self.store.open_assessment(cycle, checklist.id, self.clock())
        await self.store.set_current_assessment(user_id, assessment.id)
        return await self._step(assessment)

    async def resume(self, user_id: int) -> Step | None:
        """The first unanswered item of the assessment the user worked on last, if any."""
        user = await self.store.user(user_id)
        if user is None or user.current_assessment_id is None:
            return None
        try:
            assessment = await self.access.may_answer(user_id, user.current_assessment_id)
        except DomainError:
            return None
        return await self._step(assessment)

    async def step(self, user_id: int, assessment_id: int, after: str | None = None) -> Step:
        """The assessment's next unanswered item (following ``after`` if given)."""
        assessment = await self.access.may_read_assessment(user_id, assessment_id)
        return await self._step(assessment, after)

    async def answer(
        self, user_id: int, assessment_id: int, item_id: str, score: Score, *, change: bool = False
    ) -> Step:
        """Save an answer and return the next step.

        A repeated answer is harmless. Without ``change`` (a button under a question, not in the
        review), an item that already has a different answer raises StaleAnswer: a button on an
        old message must not overwrite what someone saved since.
        """
        assessment, checklist = await self._item_of(user_id, assessment_id, item_id)
        await self.store.record(
            assessment.id,
            item_id,
            "score",
            score.value,
            user_id,
            self.clock(),
            checklist.version,
            keep_other=not change,
        )
        return await self._step(assessment, after=item_id)

    async def answer_unchanged(self, user_id: int, assessment_id: int, item_id: str) -> Step:
        """Give an item the score it had in the cycle before, its note carried along.

        Like a score button under the question: a different answer saved since is not
        overwritten (StaleAnswer); NotFound if the cycle before had no score for the item.
        """
        assessment, checklist = await self._item_of(user_id, assessment_id, item_id)
        previous = (await self.store.previous_answers(assessment.id)).answers.get(item_id)
        if previous is None or previous.score is None:
            raise NotFound(f"no earlier score for {item_id!r}")
        now, version = self.clock(), checklist.version
        await self.store.record(
            assessment.id, item_id, "score", previous.score.value, user_id, now, version,
            keep_other=True,
        )  # fmt: skip
        await carry_note_over(self.store, previous, assessment, item_id, user_id, now, version)
        return await self._step(assessment, after=item_id)

    async def skip(self, user_id: int, assessment_id: int, item_id: str) -> Step:
        """Leave an item unanswered for now and move to the next unanswered one."""
        assessment, _ = await self._item_of(user_id, assessment_id, item_id)
        return await self._step(assessment, after=item_id)

    async def begin_note(self, user_id: int, assessment_id: int, item_id: str) -> Item:
        """Wait for the user's next text message as a note on the item."""
        assessment, checklist = await self._item_of(user_id, assessment_id, item_id)
        pending = Pending(PendingKind.NOTE, assessment.id, item_id)
        await self.store.set_pending(user_id, pending, self.clock())
        item = checklist.item(item_id)
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
        """Keep a note as a draft if it looks like personal data; return what it seems to hold."""
        await self._awaited_note(user_id, "no note is awaited")
        kinds = privacy.personal_data_kinds(text)
        if kinds:
            await self.store.set_draft(user_id, text.strip()[:NOTE_MAX_LENGTH])
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
        """Save the awaited note and return the step of that item's assessment."""
        aid, item_id, _ = await self._awaited_note(user_id, "no note is awaited")
        assessment, checklist = await self._item_of(user_id, aid, item_id)
        note = text.strip()[:NOTE_MAX_LENGTH]
        await self.store.record(
            assessment.id, item_id, "note", note, user_id, self.clock(), checklist.version
        )
        await self.store.clear_pending(user_id)
        answers = await self.store.answers(assessment.id)
        previous = await self.store.previous_answers(assessment.id)
        return Step(assessment, checklist, checklist.item(item_id), answers, previous)

    async def add_evidence(
        self, user_id: int, kind: str, file_id: str, file_unique_id: str, file_name: str | None
    ) -> Item:
        """Keep a file as evidence for the item whose note is awaited."""
        aid, item_id, _ = await self._awaited_note(user_id, "no item is awaiting evidence")
        assessment, checklist = await self._item_of(user_id, aid, item_id)
        await self.store.add_evidence(
            assessment.id,
            item_id,
            kind,
            file_id,
            file_unique_id,
            file_name,
            user_id,
            self.clock(),
        )
        item = checklist.item(item_id)
        assert item is not None
        return item

    async def cancel(self, user_id: int) -> bool:
        """Stop waiting for a note (or anything else); True if the bot was waiting."""
        return await self.store.clear_pending(user_id)

    async def review(self, user_id: int, assessment_id: int) -> Step:
        """All answers of an assessment, for the user to look over and change."""
        assessment = await self.access.may_read_assessment(user_id, assessment_id)
        return await self._step(assessment)

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

    async def _item_of(
        self, user_id: int, assessment_id: int, item_id: str
    ) -> tuple[Assessment, Checklist]:
        """The assessment the user may answer, and its checklist, which has the item."""
        assessment = await self.access.may_answer(user_id, assessment_id)
        checklist = self.checklist(assessment.checklist_id)
        if checklist.item(item_id) is None:
            raise NotFound(f"no item {item_id!r} in {checklist.id}")
        return assessment, checklist

    async def _step(self, assessment: Assessment, after: str | None = None) -> Step:
        checklist = self.checklist(assessment.checklist_id)
        answers = await self.store.answers(assessment.id)
        item = scoring.next_item(checklist, answers, after)
        previous = await self.store.previous_answers(assessment.id)
        return Step(assessment, checklist, item, answers, previous)


async def carry_note_over(
    store: Store,
    previous: Answer,
    assessment: Assessment,
    item_id: str,
    user_id: int,
    now: datetime,
    checklist_version: int,
) -> None:
    """Carry an item's note from the cycle before into this one, unless it has a note already.

    The one place that knows where an "unchanged" answer's note goes: were notes kept per
    author, this is where they would be copied.
    """
    if not previous.note:
        return
    current = (await store.answers(assessment.id)).get(item_id)
    if current is not None and current.note:
        return
    await store.record(
        assessment.id, item_id, "note", previous.note, user_id, now, checklist_version
    )
