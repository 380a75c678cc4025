"""The action plan's use cases on a real SQLite file (see report_world: Springfield's 2026 gaps
are b1 and a3, minimum tier, and a2, advanced)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.model import (
    AccessDenied,
    ActionStatus,
    Checklist,
    DomainError,
    EvidenceFile,
    Item,
    NotAMember,
    NotFound,
    OwnerKind,
    PastDueDate,
    PendingKind,
    Priority,
    Role,
    StaleAction,
    TextTooLong,
)
from tests.support.report_world import CORA, NOW, OLGA, RITA, World

ADA = 11  # a second coordinator of Springfield
PHOTO = EvidenceFile("photo", "PHOTO-1", "UNIQUE-1")


def recommended(checklist: Checklist, item: Item) -> str:
    return f"[{checklist.id}] {item.action}"


@pytest.fixture
async def cora_and_ada(world: World) -> World:
    store = world.service.store
    await store.touch_user(ADA, "Ada", NOW)
    await store.add_member(world.springfield.id, ADA, Role.COORDINATOR, NOW)
    return world


async def test_a_coordinator_plans_every_minimum_gap_at_once(world: World) -> None:
    plan = world.service.actions
    org = world.springfield.id

    made = await plan.plan_minimum_gaps(CORA, org, "mini", recommended)
    again = await plan.plan_minimum_gaps(CORA, org, "mini", recommended)

    assert [(a.item_id, a.priority, a.status, a.text) for a in made] == [
        ("b1", Priority.HIGH, ActionStatus.NOT_STARTED, "[mini] Action for b1."),
        ("a3", Priority.HIGH, ActionStatus.NOT_STARTED, "[mini] Action for a3."),
    ]
    assert again == []
    gaps = await plan.gaps(CORA, org, "mini")
    assert [(g.item.id, a.id if a else None) for g, a in gaps.gaps] == [
        ("b1", made[0].id),
        ("a3", made[1].id),
        ("a2", None),
    ]
    advanced = await plan.plan_gap(CORA, org, "mini", "a2", recommended)
    assert advanced.priority is Priority.MEDIUM
    assert await plan.plan_gap(CORA, org, "mini", "a2", recommended) == advanced
    assert (await world.service.store.action_log(advanced.id))[0].field == "created"


async def test_responders_and_other_coordinators_plan_nothing(world: World) -> None:
    plan = world.service.actions
    for actor in (RITA, OLGA):
        with pytest.raises(AccessDenied):
            await plan.plan_minimum_gaps(actor, world.springfield.id, "mini", recommended)
        with pytest.raises(AccessDenied):
            await plan.plan(actor, world.springfield.id)
        with pytest.raises(AccessDenied):
            await plan.begin_new(actor, world.springfield.id)
    assert await world.service.store.actions(world.springfield.id) == []


async def test_an_action_is_assigned_dated_and_its_history_kept(world: World) -> None:
    plan = world.service.actions
    [action] = await plan.plan_gaps(CORA, world.springfield.id, "mini", ["b1"], recommended)

    action = await plan.assign(CORA, action.id, action.version, RITA)
    action = await plan.due_in(CORA, action.id, action.version, 3)
    action = await plan.set_priority(CORA, action.id, action.version, Priority.LOW)

    assert action.owner is not None
    assert (action.owner.kind, action.owner.user_id, action.owner.name) == (
        OwnerKind.MEMBER,
        RITA,
        "Rita <b>",
    )
    assert action.due == date(2026, 6, 8) and action.version == 4
    log = await world.service.store.action_log(action.id)
    assert [(e.field, e.old, e.new, e.author_id) for e in log] == [
        ("created", None, "[mini] Action for b1.", CORA),
        ("owner", None, f"member:{RITA}", CORA),
        ("due", None, "2026-06-08", CORA),
        ("priority", "high", "low", CORA),
    ]
    with pytest.raises(NotAMember):
        await plan.assign(CORA, action.id, action.version, OLGA)
    with pytest.raises(AccessDenied):
        await plan.assign(RITA, action.id, action.version, RITA)
    with pytest.raises(DomainError):
        await plan.due_in(CORA, action.id, action.version, 2)  # not one of the quick choices


async def test_two_coordinators_at_once_the_second_is_refused_with_the_current_state(
    cora_and_ada: World,
) -> None:
    plan = cora_and_ada.service.actions
    [seen] = await plan.plan_gaps(CORA, cora_and_ada.springfield.id, "mini", ["b1"], recommended)

    changed = await plan.set_priority(CORA, seen.id, seen.version, Priority.LOW)
    with pytest.raises(StaleAction) as refused:
        await plan.set_priority(ADA, seen.id, seen.version, Priority.MEDIUM)
    double_tap = await plan.set_priority(CORA, seen.id, seen.version, Priority.LOW)

    assert refused.value.current == changed
    assert double_tap == changed
    assert (await cora_and_ada.service.store.action(seen.id)) == changed


async def test_the_owner_moves_the_status_but_does_not_cancel(world: World) -> None:
    plan = world.service.actions
    [action] = await plan.plan_gaps(CORA, world.springfield.id, "mini", ["b1"], recommended)
    action = await plan.assign(CORA, action.id, action.version, RITA)

    action = await plan.set_status(RITA, action.id, action.version, ActionStatus.ONGOING)
    with pytest.raises(AccessDenied):
        await plan.set_status(RITA, action.id, action.version, ActionStatus.CANCELLED)
    with pytest.raises(DomainError, match="evidence"):
        await plan.set_status(RITA, action.id, action.version, ActionStatus.FINISHED)
    with pytest.raises(AccessDenied):
        await plan.assign(RITA, action.id, action.version, RITA)
    cancelled = await plan.set_status(CORA, action.id, action.version, ActionStatus.CANCELLED)

    assert action.status is ActionStatus.ONGOING
    assert cancelled.status is ActionStatus.CANCELLED
    with pytest.raises(AccessDenied):  # a cancelled action is reopened by coordinators only
        await plan.set_status(RITA, action.id, cancelled.version, ActionStatus.ONGOING)


async def test_finishing_asks_for_evidence_and_a_photo_finishes_it(world: World) -> None:
    service = world.service
    plan = service.actions
    [action] = await plan.plan_gaps(CORA, world.springfield.id, "mini", ["b1"], recommended)
    action = await plan.assign(CORA, action.id, action.version, RITA)

    await plan.begin(RITA, PendingKind.ACTION_FINISH, action.id, action.version)
    finished, done = await plan.add_evidence(RITA, file=PHOTO)

    assert done and finished.status is ActionStatus.FINISHED and finished.evidence == 1
    assert await service.pending(RITA) is None
    [evidence] = await service.store.action_evidence(action.id)
    assert (evidence.kind, evidence.file_id, evidence.author_id) == ("photo", "PHOTO-1", RITA)
    log = await service.store.action_log(action.id)
    assert [(e.field, e.new) for e in log][-2:] == [("evidence", "photo"), ("status", "finished")]


async def test_finishing_without_evidence_is_one_more_tap_and_is_recorded(world: World) -> None:
    plan = world.service.actions
    [action] = await plan.plan_gaps(CORA, world.springfield.id, "mini", ["b1"], recommended)
    action = await plan.assign(CORA, action.id, action.version, RITA)
    await plan.begin(RITA, PendingKind.ACTION_FINISH, action.id, action.version)

    finished = await plan.finish_without_evidence(RITA, action.id, action.version)

    assert finished.status is ActionStatus.FINISHED and finished.evidence == 0
    assert await world.service.pending(RITA) is None
    log = await world.service.store.action_log(action.id)
    assert [(e.field, e.old, e.new) for e in log][-2:] == [
        ("status", "not_started", "finished"),
        ("evidence", None, "waived"),
    ]


async def test_evidence_files_may_follow_one_another_and_a_note_ends_the_wait(
    world: World,
) -> None:
    plan = world.service.actions
    [action] = await plan.plan_gaps(CORA, world.springfield.id, "mini", ["b1"], recommended)
    action = await plan.assign(CORA, action.id, action.version, RITA)
    await plan.begin(RITA, PendingKind.ACTION_EVIDENCE, action.id, action.version)

    await plan.add_evidence(RITA, file=PHOTO)
    await plan.add_evidence(RITA, file=PHOTO)  # the same file again: kept once
    await plan.add_evidence(RITA, file=EvidenceFile("document", "DOC-1", "UNIQUE-2", "plan.pdf"))
    assert await world.service.pending(RITA) is not None
    kept, finished = await plan.add_evidence(RITA, note="Signed by the mayor.")

    assert not finished and kept.status is ActionStatus.NOT_STARTED and kept.evidence == 3
    assert await world.service.pending(RITA) is None
    with pytest.raises(NotFound):
        await plan.add_evidence(RITA, note="Nobody asked.")


async def test_typed_texts_make_and_change_actions(world: World) -> None:
    service, plan, org = world.service, world.service.actions, world.springfield.id

    await plan.begin_new(CORA, org)
    made = await plan.save_text(CORA, "  Translate the evacuation map into Tigrinya.  ")
    assert (made.text, made.item_id, made.priority) == (
        "Translate the evacuation map into Tigrinya.",
        None,
        Priority.MEDIUM,
    )
    assert await service.pending(CORA) is None

    await plan.begin(CORA, PendingKind.ACTION_DUE, made.id, made.version)
    with pytest.raises(PastDueDate):
        await plan.save_due(CORA, date(2026, 3, 7))
    assert await service.pending(CORA) is not None  # still waiting for a good date
    dated = await plan.save_due(CORA, date(2027, 3, 31))
    assert dated.due == date(2027, 3, 31)

    await plan.begin(CORA, PendingKind.ACTION_PARTNER, dated.id, dated.version)
    partnered = await plan.save_partner(CORA, " Red\u200b Cross   branch ")
    assert partnered.owner is not None
    assert (partnered.owner.kind, partnered.owner.name) == (OwnerKind.PARTNER, "Red Cross branch")

    await plan.begin(CORA, PendingKind.ACTION_SUPPORT, partnered.id, partnered.version)
    with pytest.raises(TextTooLong):
        await plan.save_support(CORA, "x" * 1001)
    supported = await plan.save_support(CORA, "A translator for two days.")
    assert supported.support == "A translator for two days."


async def test_a_text_typed_after_someone_else_changed_the_action_is_refused(
    cora_and_ada: World,
) -> None:
    service, plan = cora_and_ada.service, cora_and_ada.service.actions
    [action] = await plan.plan_gaps(CORA, cora_and_ada.springfield.id, "mini", ["b1"], recommended)
    await plan.begin(CORA, PendingKind.ACTION_TEXT, action.id, action.version)

    changed = await plan.set_priority(ADA, action.id, action.version, Priority.LOW)
    with pytest.raises(StaleAction) as refused:
        await plan.save_text(CORA, "Another text")

    assert refused.value.current == changed
    assert await service.pending(CORA) is None
    assert (await service.store.action(action.id)) == changed


async def test_an_owner_who_left_is_shown_as_such_can_do_nothing_and_is_replaced(
    world: World,
) -> None:
    service, plan = world.service, world.service.actions
    [action] = await plan.plan_gaps(CORA, world.springfield.id, "mini", ["b1"], recommended)
    action = await plan.assign(CORA, action.id, action.version, RITA)
    await service.coordination.remove_member(CORA, world.springfield.id, RITA)

    opened = await plan.open(CORA, action.id)
    assert opened.action.owner is not None and not opened.action.owner.is_member
    assert opened.action.owner.name == "Rita <b>"
    with pytest.raises(AccessDenied):
        await plan.set_status(RITA, action.id, action.version, ActionStatus.ONGOING)
    assert await plan.owned(RITA) == []
    await service.store.add_member(world.springfield.id, OLGA, Role.RESPONDER, NOW)
    again = await plan.assign(CORA, action.id, action.version, OLGA)
    assert again.owner is not None and again.owner.user_id == OLGA


async def test_forgetting_an_owner_keeps_the_action_without_their_name(world: World) -> None:
    service, plan = world.service, world.service.actions
    [action] = await plan.plan_gaps(CORA, world.springfield.id, "mini", ["b1"], recommended)
    action = await plan.assign(CORA, action.id, action.version, RITA)
    await plan.set_status(RITA, action.id, action.version, ActionStatus.ONGOING)
    [other] = await plan.plan_gaps(CORA, world.springfield.id, "mini", ["a3"], recommended)
    mine = await service.personal_data(RITA)
    assert [(row["id"], row["owned"]) for row in mine["actions"]] == [(action.id, 1)]
    coordinator = await service.personal_data(CORA)  # changed both, owns neither
    assert [(row["id"], row["owned"]) for row in coordinator["actions"]] == [
        (action.id, 0),
        (other.id, 0),
    ]
    assert [row["field"] for row in mine["action_changes"]] == ["owner", "status"]

    await service.forget(RITA)

    kept = await service.store.action(action.id)
    assert kept is not None and kept.status is ActionStatus.ONGOING
    assert kept.owner is not None and (kept.owner.user_id, kept.owner.name) == (None, "")
    log = await service.store.action_log(action.id)
    assert [(e.field, e.new, e.author_id) for e in log][1:] == [
        ("owner", "member:", CORA),
        ("status", "ongoing", None),
    ]
    assert not any(str(RITA) in (e.old or "") + (e.new or "") for e in log)


async def test_reminders_find_the_open_dated_actions_soonest_first(world: World) -> None:
    plan, org = world.service.actions, world.springfield.id
    b1, a3, a2 = await plan.plan_gaps(CORA, org, "mini", ["b1", "a3", "a2"], recommended)
    b1 = await plan.due_in(CORA, b1.id, b1.version, 6)
    a3 = await plan.due_in(CORA, a3.id, a3.version, 1)
    a2 = await plan.due_in(CORA, a2.id, a2.version, 3)
    await plan.set_status(CORA, a2.id, a2.version, ActionStatus.CANCELLED)

    due = await plan.dated_open_actions()

    assert [(a.id, a.due) for a in due] == [(a3.id, date(2026, 4, 8)), (b1.id, date(2026, 9, 8))]
    assert [e.field for e in await world.service.store.action_log(a2.id)][-1] == "status"
