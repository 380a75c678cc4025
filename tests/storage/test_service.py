"""The use cases and their access rules, on a real SQLite file and a small fixed checklist."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.coordination import CODE_ALPHABET, CODE_LENGTH
from bot.model import (
    AccessDenied,
    Actor,
    AssessmentClosed,
    AuditEvent,
    Checklist,
    DomainError,
    InvalidInvite,
    Item,
    NotFound,
    Organisation,
    Pending,
    PendingKind,
    Phase,
    Role,
    Score,
    Section,
    StaleAnswer,
    Tier,
)
from bot.service import Service
from bot.store import Store

ADMIN, ALICE, BOB, MALLORY = 1, 101, 102, 666


def _item(item_id: str, guideline: int) -> Item:
    return Item(
        item_id, guideline, f"{item_id}?", "help", (Actor.LOCAL_AUTHORITY,), Tier.MINIMUM, "act"
    )


CHECKLIST = Checklist(
    id="demo",
    version=3,
    title="Demo",
    phase=Phase.PREPAREDNESS,
    description="Demo",
    sections=(
        Section(1, "One", (_item("a", 1), _item("b", 1))),
        Section(2, "Two", (_item("c", 2),)),
    ),
)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
async def service(tmp_path: Path, clock: Clock) -> AsyncIterator[Service]:
    store = await Store.open(tmp_path / "x.sqlite3")
    yield Service(store, {"demo": CHECKLIST}, admins=frozenset({ADMIN}), clock=clock)
    await store.close()


@pytest.fixture
async def org(service: Service) -> Organisation:
    """Springfield, with Alice and Bob as responders; Mallory is a user of another town."""
    springfield = await service.create_organisation(None, "Springfield")
    shelbyville = await service.create_organisation(None, "Shelbyville")
    for user_id, name in ((ALICE, "Alice"), (BOB, "Bob"), (MALLORY, "Mallory")):
        await service.see_user(user_id, name)
    await service.join(ALICE, springfield.responder_code)
    await service.join(BOB, springfield.responder_code)
    await service.join(MALLORY, shelbyville.responder_code)
    return springfield


# organisations and invites


async def test_an_admin_creates_an_organisation_with_two_invite_codes(service: Service) -> None:
    org = await service.create_organisation(ADMIN, "  Springfield   Town ")

    assert org.name == "Springfield Town"
    assert await service.store.organisation(org.id) == org
    for code in (org.responder_code, org.coordinator_code):
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
    assert org.responder_code != org.coordinator_code


async def test_the_command_line_creates_organisations_as_actor_none(service: Service) -> None:
    org = await service.create_organisation(None, "Springfield")

    assert await service.store.organisation_by_name("Springfield") == org


async def test_only_admins_create_organisations(service: Service) -> None:
    with pytest.raises(AccessDenied):
        await service.create_organisation(ALICE, "Springfield")

    assert await service.store.organisations() == []


async def test_organisation_names_are_unique_whatever_their_case(service: Service) -> None:
    await service.create_organisation(ADMIN, "Springfield")

    with pytest.raises(DomainError, match="exists"):
        await service.create_organisation(ADMIN, "SPRINGFIELD")


async def test_an_organisation_needs_a_name(service: Service) -> None:
    with pytest.raises(DomainError, match="it is empty"):
        await service.create_organisation(ADMIN, "   ")


async def test_join_by_invite_code_ignores_case_and_spaces(service: Service) -> None:
    org = await service.create_organisation(None, "Springfield")
    await service.see_user(ALICE, "Alice")

    joined = await service.join(ALICE, f"  {org.responder_code.lower()} ")

    assert joined == (org, Role.RESPONDER)
    assert [(m.user_id, m.role, m.first_name) for m in await service.store.members(org.id)] == [
        (ALICE, Role.RESPONDER, "Alice")
    ]
    assert await service.current_organisation(ALICE) == org


async def test_the_coordinator_code_grants_coordinator(service: Service) -> None:
    org = await service.create_organisation(None, "Springfield")
    await service.see_user(BOB, "Bob")

    assert await service.join(BOB, org.coordinator_code) == (org, Role.COORDINATOR)
    member = await service.store.member(org.id, BOB)
    assert member is not None and member.role is Role.COORDINATOR


async def test_an_unknown_invite_code_is_refused(service: Service) -> None:
    await service.create_organisation(None, "Springfield")
    await service.see_user(ALICE, "Alice")

    with pytest.raises(InvalidInvite):
        await service.join(ALICE, "WRONGCODE2")

    assert await service.memberships(ALICE) == []


# the checklist conversation


async def test_start_shows_the_first_item_of_a_new_assessment(
    service: Service, org: Organisation
) -> None:
    step = await service.start(ALICE, "demo")

    assert (step.assessment.org_id, step.assessment.checklist_id) == (org.id, "demo")
    assert step.assessment.cycle == "2026"
    assert step.item is not None and step.item.id == "a"
    assert (step.progress.answered, step.progress.total) == (0, 3)


async def test_start_without_an_organisation_is_refused(service: Service) -> None:
    await service.see_user(ALICE, "Alice")

    with pytest.raises(AccessDenied):
        await service.start(ALICE, "demo")


async def test_start_an_unknown_checklist(service: Service, org: Organisation) -> None:
    with pytest.raises(NotFound):
        await service.start(ALICE, "nonexistent")


async def test_two_responders_of_one_organisation_share_one_assessment(
    service: Service, org: Organisation
) -> None:
    alice = await service.start(ALICE, "demo")
    await service.answer(ALICE, alice.assessment.id, "a", Score.TESTED)

    bob = await service.start(BOB, "demo")

    assert bob.assessment.id == alice.assessment.id
    assert bob.item is not None and bob.item.id == "b"
    assert bob.answers["a"].score is Score.TESTED
    assert bob.answers["a"].author_name == "Alice"


async def test_another_organisation_gets_its_own_assessment(
    service: Service, org: Organisation
) -> None:
    ours = await service.start(ALICE, "demo")
    theirs = await service.start(MALLORY, "demo")

    assert theirs.assessment.id != ours.assessment.id
    assert theirs.answers == {}


async def test_an_answer_is_saved_and_the_next_item_follows(
    service: Service, org: Organisation
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id

    step = await service.answer(ALICE, aid, "a", Score.IN_PLACE)

    assert step.item is not None and step.item.id == "b"
    assert step.answers["a"].score is Score.IN_PLACE
    assert step.answers["a"].checklist_version == 3
    assert step.progress.answered == 1


async def test_answering_the_last_item_completes_the_assessment(
    service: Service, org: Organisation
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id
    await service.answer(ALICE, aid, "a", Score.TESTED)
    await service.answer(BOB, aid, "b", Score.DONT_KNOW)

    step = await service.answer(ALICE, aid, "c", Score.NOT_APPLICABLE)

    assert step.item is None
    assert step.complete


async def test_skip_moves_on_and_comes_back_to_the_item_when_it_is_the_last(
    service: Service, org: Organisation
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id

    skipped = await service.skip(ALICE, aid, "a")
    await service.answer(ALICE, aid, "b", Score.TESTED)
    await service.answer(ALICE, aid, "c", Score.TESTED)
    again = await service.skip(ALICE, aid, "a")

    assert skipped.item is not None and skipped.item.id == "b"
    assert again.item is not None and again.item.id == "a"
    assert not again.complete


async def test_the_same_answer_twice_is_harmless(service: Service, org: Organisation) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id

    await service.answer(ALICE, aid, "a", Score.STARTED)
    step = await service.answer(ALICE, aid, "a", Score.STARTED)

    assert step.answers["a"].score is Score.STARTED
    assert len(await service.store.audit_log(aid)) == 1


async def test_an_old_button_does_not_overwrite_a_different_answer(
    service: Service, org: Organisation
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id
    await service.answer(ALICE, aid, "a", Score.IN_PLACE)

    with pytest.raises(StaleAnswer) as raised:
        await service.answer(BOB, aid, "a", Score.NOT_IN_PLACE)

    assert (raised.value.item_id, raised.value.current.score) == ("a", Score.IN_PLACE)
    assert raised.value.current.author_name == "Alice"
    assert (await service.store.answers(aid))["a"].score is Score.IN_PLACE


async def test_change_overwrites_the_answer_its_view_showed(
    service: Service, org: Organisation
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id
    await service.answer(ALICE, aid, "a", Score.IN_PLACE)

    step = await service.answer(BOB, aid, "a", Score.NOT_IN_PLACE, change=True, seen=Score.IN_PLACE)

    assert step.answers["a"].score is Score.NOT_IN_PLACE
    assert step.answers["a"].author_id == BOB
    assert [(e.old, e.new, e.author_id) for e in await service.store.audit_log(aid)] == [
        (None, "2", ALICE),
        ("2", "0", BOB),
    ]


async def test_a_change_from_a_stale_view_is_refused(service: Service, org: Organisation) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id
    await service.answer(ALICE, aid, "a", Score.IN_PLACE)
    await service.answer(BOB, aid, "a", Score.TESTED, change=True, seen=Score.IN_PLACE)

    with pytest.raises(StaleAnswer) as raised:  # Alice's page still shows her 2
        await service.answer(ALICE, aid, "a", Score.STARTED, change=True, seen=Score.IN_PLACE)

    assert (raised.value.current.score, raised.value.current.author_name) == (Score.TESTED, "Bob")
    assert (await service.store.answers(aid))["a"].score is Score.TESTED


async def test_an_old_change_button_replaces_only_the_presser_s_own_answer(
    service: Service, org: Organisation
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id
    await service.answer(ALICE, aid, "a", Score.IN_PLACE)

    await service.answer(ALICE, aid, "a", Score.TESTED, change=True)  # her own: changed
    with pytest.raises(StaleAnswer):
        await service.answer(BOB, aid, "a", Score.STARTED, change=True)  # hers: refused

    assert (await service.store.answers(aid))["a"].score is Score.TESTED


async def test_answering_an_unknown_item(service: Service, org: Organisation) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id

    with pytest.raises(NotFound):
        await service.answer(ALICE, aid, "zz", Score.TESTED)


# access rules


async def test_a_user_of_another_organisation_may_not_read(
    service: Service, org: Organisation
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id

    with pytest.raises(AccessDenied):
        await service.review(MALLORY, aid)
    with pytest.raises(AccessDenied):
        await service.step(MALLORY, aid)


async def test_a_user_of_another_organisation_may_not_answer(
    service: Service, org: Organisation
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id

    with pytest.raises(AccessDenied):
        await service.answer(MALLORY, aid, "a", Score.NOT_IN_PLACE)
    with pytest.raises(AccessDenied):
        await service.begin_note(MALLORY, aid, "a")

    assert await service.store.answers(aid) == {}
    assert await service.pending(MALLORY) is None


async def test_an_unknown_assessment_is_not_found(service: Service, org: Organisation) -> None:
    with pytest.raises(NotFound):
        await service.review(ALICE, 4242)


async def test_an_earlier_cycle_can_be_read_but_not_answered(
    service: Service, org: Organisation, clock: Clock
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id
    await service.answer(ALICE, aid, "a", Score.TESTED)
    clock.now = datetime(2027, 1, 2, tzinfo=UTC)
    current = await service.cycles.current(org.id)
    await service.cycles.start_next(None, org.id, replacing=current.id)

    with pytest.raises(AssessmentClosed):
        await service.answer(ALICE, aid, "b", Score.TESTED)
    review = await service.review(ALICE, aid)
    new = await service.start(ALICE, "demo")

    assert review.answers["a"].score is Score.TESTED
    assert "b" not in review.answers
    assert (new.assessment.cycle, new.assessment.id != aid, new.answers) == ("2027", True, {})


async def test_resume_does_not_return_to_an_earlier_cycle(
    service: Service, org: Organisation, clock: Clock
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id
    resumed = await service.resume(ALICE)
    current = await service.cycles.current(org.id)
    await service.cycles.start_next(None, org.id, replacing=current.id)

    assert resumed is not None and resumed.assessment.id == aid
    assert await service.resume(ALICE) is None


# notes and evidence


async def test_a_note_and_evidence_are_kept_for_the_awaited_item(
    service: Service, org: Organisation
) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id

    item = await service.begin_note(ALICE, aid, "b")
    assert item.id == "b"
    assert await service.pending(ALICE) == Pending(PendingKind.NOTE, aid, "b")

    await service.add_evidence(ALICE, "document", "FILE-1", "UNIQ-1", "plan.pdf")
    await service.add_evidence(ALICE, "document", "FILE-1", "UNIQ-1", "plan.pdf")
    step = await service.save_note(ALICE, "  Adopted by the council in May.  ")

    assert step.item is not None and step.item.id == "b"
    assert [n.text for n in step.notes["b"]] == ["Adopted by the council in May."]
    assert "b" not in step.answers
    assert await service.pending(ALICE) is None
    kept = await service.store.evidence(aid)
    assert [(e.item_id, e.file_id, e.file_name, e.author_id) for e in kept] == [
        ("b", "FILE-1", "plan.pdf", ALICE)
    ]
    assert await service.store.audit_log(aid) == [
        AuditEvent(aid, "b", "note", None, "Adopted by the council in May.", ALICE, service.clock())
    ]


async def test_a_note_alone_does_not_answer_the_item(service: Service, org: Organisation) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id
    await service.begin_note(ALICE, aid, "a")

    step = await service.save_note(ALICE, "We are not sure yet.")

    assert step.progress.answered == 0
    assert (await service.step(ALICE, aid)).item == CHECKLIST.item("a")


async def test_nothing_is_saved_when_no_note_is_awaited(
    service: Service, org: Organisation
) -> None:
    with pytest.raises(NotFound):
        await service.save_note(ALICE, "stray text")
    with pytest.raises(NotFound):
        await service.add_evidence(ALICE, "photo", "FILE-1", "UNIQ-1", None)


async def test_cancel_stops_waiting_for_a_note(service: Service, org: Organisation) -> None:
    aid = (await service.start(ALICE, "demo")).assessment.id
    await service.begin_note(ALICE, aid, "a")

    assert await service.cancel(ALICE) is True
    assert await service.pending(ALICE) is None
    assert await service.cancel(ALICE) is False
    with pytest.raises(NotFound):
        await service.save_note(ALICE, "too late")
