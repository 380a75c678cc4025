"""Who may read reports and manage an organisation: every rule, allowed and refused."""

from __future__ import annotations

import pytest

from bot.model import AccessDenied, DomainError, NotFound, Role, Score
from tests.support.report_world import ADMIN, CORA, OLGA, RITA, STRANGER, World


async def test_a_coordinator_reads_the_reports_of_their_organisation(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    assert model.organisation == world.springfield


@pytest.mark.parametrize("user_id", [RITA, OLGA, STRANGER], ids=["responder", "other", "stranger"])
async def test_anyone_else_is_refused_a_report(world: World, user_id: int) -> None:
    with pytest.raises(AccessDenied):
        await world.service.reporting.build_report(user_id, world.springfield.id, "mini")


async def test_administrators_and_the_command_line_read_every_report(world: World) -> None:
    for actor in (ADMIN, None):
        model = await world.service.reporting.build_report(actor, world.shelbyville.id, "mini")
        assert model.organisation == world.shelbyville


async def test_a_comparison_needs_every_organisation_coordinated(world: World) -> None:
    ids = [world.springfield.id, world.shelbyville.id]
    with pytest.raises(AccessDenied):
        await world.service.reporting.build_comparison(CORA, ids, "mini")
    await world.service.store.add_member(
        world.shelbyville.id, CORA, Role.COORDINATOR, world.service.clock()
    )
    model = await world.service.reporting.build_comparison(CORA, ids, "mini")
    assert len(model.reports) == 2


async def test_coordinated_lists_only_organisations_coordinated(world: World) -> None:
    service = world.service
    assert await service.coordination.coordinated(CORA) == [world.springfield]
    assert await service.coordination.coordinated(RITA) == []
    assert await service.coordination.coordinated(STRANGER) == []
    assert {o.name for o in await service.coordination.coordinated(ADMIN)} == {
        "Springfield <i>&</i>",
        "Shelbyville",
    }


async def test_a_coordinator_renews_invite_codes_and_the_old_one_stops_working(
    world: World,
) -> None:
    service, org = world.service, world.springfield
    renewed = await service.coordination.renew_invite(CORA, org.id, Role.RESPONDER)
    assert renewed.responder_code != org.responder_code
    assert renewed.coordinator_code == org.coordinator_code
    assert await service.store.organisation_by_code(org.responder_code) is None
    for user_id in (RITA, OLGA, STRANGER):
        with pytest.raises(AccessDenied):
            await service.coordination.renew_invite(user_id, org.id, Role.COORDINATOR)


async def test_members_are_listed_only_to_coordinators(world: World) -> None:
    members = await world.service.coordination.members(CORA, world.springfield.id)
    assert [(m.first_name, m.role) for m in members] == [
        ("Cora", Role.COORDINATOR),
        ("Rita <b>", Role.RESPONDER),
    ]
    with pytest.raises(AccessDenied):
        await world.service.coordination.members(RITA, world.springfield.id)


async def test_a_removed_responder_can_no_longer_answer_or_be_removed_twice(world: World) -> None:
    service, org = world.service, world.springfield
    with pytest.raises(AccessDenied):
        await service.coordination.remove_member(OLGA, org.id, RITA)
    with pytest.raises(DomainError):
        await service.coordination.remove_member(CORA, org.id, CORA)
    removed = await service.coordination.remove_member(CORA, org.id, RITA)
    assert removed.user_id == RITA
    with pytest.raises(AccessDenied):
        await service.start(RITA, "mini")
    with pytest.raises(NotFound):
        await service.coordination.remove_member(CORA, org.id, RITA)


async def test_a_responder_answers_only_for_their_own_organisation(world: World) -> None:
    service = world.service
    cycle = await service.cycles.current(world.shelbyville.id)
    other = await service.store.open_assessment(cycle, "mini", service.clock())
    with pytest.raises(AccessDenied):
        await service.step(RITA, other.id)
    with pytest.raises(AccessDenied):
        await service.answer(RITA, other.id, "a1", Score.TESTED)


async def test_only_administrators_appoint_coordinators(world: World) -> None:
    service, org = world.service, world.shelbyville
    with pytest.raises(AccessDenied):
        await service.coordination.appoint_coordinator(CORA, org.id, RITA)
    member = await service.coordination.appoint_coordinator(ADMIN, org.id, RITA)
    assert member.role is Role.COORDINATOR
    assert await service.reporting.build_report(RITA, org.id, "mini")
    with pytest.raises(NotFound):
        await service.coordination.appoint_coordinator(ADMIN, org.id, 424242)
