"""Every access rule of ``bot.access`` as one table: who may do what, on a real SQLite file.

Springfield has a coordinator and a responder (and a second responder to remove); Shelbyville
has its own coordinator; the administrator and the stranger belong to no organisation.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.access import Access
from bot.model import (
    DEFAULT_KINDS,
    AccessDenied,
    Action,
    ActionDraft,
    Assessment,
    AssessmentClosed,
    DomainError,
    InvalidInvite,
    Member,
    NotAMember,
    NotFound,
    Organisation,
    Role,
    TooManyAttempts,
)
from bot.store import AssessmentFacts, Store
from tests.support.rounds import rounds

Y, N, CLOSED, NA = "allowed", "refused", "closed", "not asked"  # NA: the command line is no member
OUT = "not a member"  # the actor is not one of Springfield's members
ACTORS = (
    "command line",
    "administrator",
    "coordinator",
    "responder",
    "other coordinator",
    "stranger",
)
# fmt: off
RULES = {  # one row per rule; Springfield's unless said otherwise
    #                                   cli   admin  coord   resp    other  stranger
    "join with an invite code":        (NA,   Y,     Y,      Y,      Y,     Y),
    "start an assessment":             (NA,   N,     Y,      Y,      Y,     N),
    "read this cycle's assessment":    (NA,   N,     Y,      Y,      N,     N),
    "read last cycle's assessment":    (NA,   N,     Y,      Y,      N,     N),
    "answer this cycle's assessment":  (NA,   N,     Y,      Y,      N,     N),
    "answer last cycle's assessment":  (NA,   N,     CLOSED, CLOSED, N,     N),
    "act for the organisation":        (Y,    Y,     Y,      N,      N,     N),
    "read the reports":                (Y,    Y,     Y,      N,      N,     N),
    "compare with Shelbyville":        (Y,    Y,     N,      N,      N,     N),
    "manage the invite codes":         (Y,    Y,     Y,      N,      N,     N),
    "manage the members":              (Y,    Y,     Y,      N,      N,     N),
    "change the settings":             (Y,    Y,     Y,      N,      N,     N),
    "remove a member":                 (Y,    Y,     Y,      N,      N,     N),
    "appoint coordinators":            (Y,    Y,     N,      N,      N,     N),
    "create organisations":            (Y,    Y,     N,      N,      N,     N),
    "administer":                      (Y,    Y,     N,      N,      N,     N),
    "manage the cycles":               (Y,    Y,     Y,      N,      N,     N),
    "plan actions":                    (Y,    Y,     Y,      N,      N,     N),
    "read an action":                  (Y,    Y,     Y,      Y,      N,     N),
    "edit an action":                  (Y,    Y,     Y,      N,      N,     N),
    "update the action Rita owns":     (Y,    Y,     Y,      Y,      N,     N),
    "update the action Ray owns":      (Y,    Y,     Y,      N,      N,     N),
    "be given an action":              (NA,   OUT,   Y,      Y,      OUT,   OUT),
}
# fmt: on

ADMIN, CORA, RITA, OLGA, STRANGER, RAY = 1, 10, 20, 30, 99, 21
ACTOR_IDS = dict(zip(ACTORS, (None, ADMIN, CORA, RITA, OLGA, STRANGER), strict=True))
NOW = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)


@dataclass
class World:
    """The rules over a store holding two organisations and last and this cycle's assessments."""

    access: Access
    springfield: Organisation
    shelbyville: Organisation
    current: Assessment
    closed: Assessment
    ritas: Action  # Rita, a responder, owns it
    rays: Action  # Ray, another responder, owns it

    def home(self, actor: int) -> Organisation:
        """The organisation the actor works for."""
        return self.shelbyville if actor == OLGA else self.springfield


async def _sync(rule: Callable[[Any], None], actor: Any) -> None:
    """A rule that needs no database, asked like the others."""
    rule(actor)


Ask = Callable[[World, Any], Awaitable[object]]
Expect = Callable[[World, Any], object]
ASK: dict[str, tuple[Ask, Expect]] = {  # the rule asked, and what it should return when allowed
    "join with an invite code": (
        lambda w, a: w.access.may_join(a, f" {w.springfield.responder_code.lower()} "),
        lambda w, a: (w.springfield, Role.RESPONDER),
    ),
    "start an assessment": (lambda w, a: w.access.may_start(a), World.home),
    "read this cycle's assessment": (
        lambda w, a: w.access.may_read_assessment(a, w.current.id),
        lambda w, a: w.current,
    ),
    "read last cycle's assessment": (
        lambda w, a: w.access.may_read_assessment(a, w.closed.id),
        lambda w, a: w.closed,
    ),
    "answer this cycle's assessment": (
        lambda w, a: w.access.may_answer(a, w.current.id),
        lambda w, a: AssessmentFacts(w.current, True, True, DEFAULT_KINDS),
    ),
    "answer last cycle's assessment": (
        lambda w, a: w.access.may_answer(a, w.closed.id),
        lambda w, a: w.closed,
    ),
    "act for the organisation": (
        lambda w, a: w.access.may_coordinate(a, w.springfield.id),
        lambda w, a: w.springfield,
    ),
    "read the reports": (
        lambda w, a: w.access.may_read_reports(a, w.springfield.id),
        lambda w, a: w.springfield,
    ),
    "change the settings": (
        lambda w, a: w.access.may_change_settings(a, w.springfield.id),
        lambda w, a: w.springfield,
    ),
    "compare with Shelbyville": (
        lambda w, a: w.access.may_compare(a, [w.springfield.id, w.shelbyville.id]),
        lambda w, a: [w.shelbyville, w.springfield],
    ),
    "manage the invite codes": (
        lambda w, a: w.access.may_manage_invites(a, w.springfield.id),
        lambda w, a: w.springfield,
    ),
    "manage the members": (
        lambda w, a: w.access.may_manage_members(a, w.springfield.id),
        lambda w, a: w.springfield,
    ),
    "remove a member": (
        lambda w, a: w.access.may_remove_member(a, w.springfield.id, RAY),
        lambda w, a: Member(w.springfield.id, RAY, Role.RESPONDER, "Ray"),
    ),
    "appoint coordinators": (
        lambda w, a: w.access.may_appoint_coordinators(a, w.springfield.id),
        lambda w, a: w.springfield,
    ),
    "create organisations": (
        lambda w, a: _sync(w.access.may_create_organisations, a),
        lambda w, a: None,
    ),
    "administer": (lambda w, a: _sync(w.access.may_administer, a), lambda w, a: None),
    "manage the cycles": (
        lambda w, a: w.access.may_manage_cycles(a, w.springfield.id),
        lambda w, a: w.springfield,
    ),
    "plan actions": (
        lambda w, a: w.access.may_plan(a, w.springfield.id),
        lambda w, a: w.springfield,
    ),
    "read an action": (lambda w, a: w.access.may_read_action(a, w.ritas.id), lambda w, a: w.ritas),
    "edit an action": (lambda w, a: w.access.may_edit_action(a, w.ritas.id), lambda w, a: w.ritas),
    "update the action Rita owns": (
        lambda w, a: w.access.may_update_action(a, w.ritas.id),
        lambda w, a: w.ritas,
    ),
    "update the action Ray owns": (
        lambda w, a: w.access.may_update_action(a, w.rays.id),
        lambda w, a: w.rays,
    ),
    "be given an action": (
        lambda w, a: w.access.may_own_actions(w.springfield.id, a),
        lambda w, a: Member(
            w.springfield.id,
            a,
            Role.COORDINATOR if a == CORA else Role.RESPONDER,
            "Cora" if a == CORA else "Rita",
        ),
    ),
}


def _cases() -> list[Any]:
    return [
        pytest.param(rule, actor, expected, id=f"{rule} | {actor}")
        for rule, row in RULES.items()
        for actor, expected in zip(ACTORS, row, strict=True)
        if expected != NA
    ]


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    store = await Store.open(tmp_path / "access.sqlite3")
    springfield = await store.create_organisation("Springfield", "SPRINGR001", "SPRINGC001", NOW)
    shelbyville = await store.create_organisation("Shelbyville", "SHELBYR001", "SHELBYC001", NOW)
    people = ((ADMIN, "Ada"), (CORA, "Cora"), (RITA, "Rita"), (RAY, "Ray"), (OLGA, "Olga"))
    for user_id, name in (*people, (STRANGER, "Xan")):
        await store.touch_user(user_id, name, NOW)
    await store.add_member(springfield.id, CORA, Role.COORDINATOR, NOW)
    await store.add_member(springfield.id, RITA, Role.RESPONDER, NOW)
    await store.add_member(springfield.id, RAY, Role.RESPONDER, NOW)
    await store.add_member(shelbyville.id, OLGA, Role.COORDINATOR, NOW)
    last, this = await rounds(store, springfield.id, NOW, "2025", "2026")
    closed = await store.open_assessment(last, "preparedness", NOW)
    current = await store.open_assessment(this, "preparedness", NOW)
    ritas, rays = await store.create_actions(
        springfield.id, [ActionDraft("Print the plan"), ActionDraft("Train")], CORA, NOW
    )
    ritas = await store.change_action(ritas.id, 1, {"owner": f"member:{RITA}"}, CORA, NOW)
    rays = await store.change_action(rays.id, 1, {"owner": f"member:{RAY}"}, CORA, NOW)
    access = Access(store, frozenset({ADMIN}), lambda: NOW)
    yield World(access, springfield, shelbyville, current, closed, ritas, rays)
    await store.close()


@pytest.mark.parametrize(("rule", "actor", "expected"), _cases())
async def test_the_rules(world: World, rule: str, actor: str, expected: str) -> None:
    ask, expect = ASK[rule]
    actor_id = ACTOR_IDS[actor]
    if expected == Y:
        assert await ask(world, actor_id) == expect(world, actor_id)
    else:
        refusal = {CLOSED: AssessmentClosed, OUT: NotAMember}.get(expected, AccessDenied)
        with pytest.raises(refusal):
            await ask(world, actor_id)


def test_the_table_has_a_row_for_every_rule_of_the_module() -> None:
    rules = {name for name in vars(Access) if name.startswith("may_")}
    asked = {name for ask, _ in ASK.values() for name in ask.__code__.co_names}
    assert sorted(rules - asked) == []
    assert set(RULES) == set(ASK)


async def test_coordinators_coordinate_their_organisations_and_administrators_every_one(
    world: World,
) -> None:
    coordinated = {
        actor: [o.name for o in await world.access.coordinated(actor_id)]
        for actor, actor_id in ACTOR_IDS.items()
    }
    assert coordinated == {
        "command line": ["Shelbyville", "Springfield"],
        "administrator": ["Shelbyville", "Springfield"],
        "coordinator": ["Springfield"],
        "responder": [],
        "other coordinator": ["Shelbyville"],
        "stranger": [],
    }


async def test_nobody_removes_themselves(world: World) -> None:
    for actor in (CORA, ADMIN):
        with pytest.raises(DomainError, match="do not remove themselves"):
            await world.access.may_remove_member(actor, world.springfield.id, actor)


async def test_what_does_not_exist_is_not_found_by_those_who_may_look(world: World) -> None:
    access, org = world.access, world.springfield
    for actor in (None, ADMIN):
        with pytest.raises(NotFound):
            await access.may_read_reports(actor, 4242)
        with pytest.raises(NotFound):
            await access.may_compare(actor, [org.id, 4242])
        with pytest.raises(NotFound):
            await access.may_appoint_coordinators(actor, 4242)
    with pytest.raises(AccessDenied):  # to a coordinator, an unknown organisation is not theirs
        await access.may_read_reports(CORA, 4242)
    with pytest.raises(NotFound):
        await access.may_remove_member(CORA, org.id, STRANGER)
    with pytest.raises(NotFound):
        await access.may_answer(RITA, 4242)


async def test_wrong_invite_codes_are_refused_and_guessing_is_throttled(world: World) -> None:
    now = NOW
    world.access.clock = lambda: now
    for _ in range(5):
        with pytest.raises(InvalidInvite):
            await world.access.may_join(STRANGER, "WRONGCODE2")
    with pytest.raises(TooManyAttempts) as refused:
        await world.access.may_join(STRANGER, world.springfield.responder_code)
    assert refused.value.minutes == 15
    assert await world.access.may_join(RITA, world.springfield.responder_code)
    now = NOW + timedelta(minutes=15)
    assert await world.access.may_join(STRANGER, world.springfield.responder_code)
