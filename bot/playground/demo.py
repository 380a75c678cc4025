"""The playground's demo municipality: the person at the terminal coordinates it, it has an
earlier assessment round (so items offer "Unchanged") and an action plan with a few actions.

Made once, through the same use cases as the chat, in the person's language.
"""

from __future__ import annotations

from datetime import timedelta

from bot.i18n import N_, Translator
from bot.model import ActionStatus, Checklist, Organisation, PendingKind, Role, Score, Tier
from bot.service import Service

DEMO_ORGANISATION = N_("Demo municipality")
PERSON_NAME = N_("You")
PARTNER = N_("Red Cross local branch")
SUPPORT = N_("Interpreters for two evening sessions.")
EVIDENCE_NOTE = N_("Training held on 12 May; the attendance list is at the town hall.")
STAND_ALONE = N_("Agree with the local radio to broadcast alerts in the main migrant languages.")
EARLIER_SCORES = (Score.STARTED, Score.IN_PLACE, Score.NOT_IN_PLACE, Score.TESTED, Score.STARTED)
EARLIER_NOTE = N_("Named in the plan, but no budget is set aside for it yet.")


async def prepare_demo(service: Service, person_id: int, t: Translator) -> None:
    """Create the demo municipality (once, named in the person's language), join it, and give
    it an earlier round and an action plan if it has none (a playground made before has)."""
    await service.see_user(person_id, t._(PERSON_NAME))
    name = t._(DEMO_ORGANISATION)
    org = await service.coordination.organisation_named(None, name)
    if await service.memberships(person_id) and org is None:
        return  # the person works elsewhere by now
    if org is None:
        org = await service.create_organisation(None, name)
    if await service.store.member(org.id, person_id) is None:
        await service.join(person_id, org.coordinator_code)
    assert (await service.coordination.member(None, org.id, person_id)).role is Role.COORDINATOR
    if not await service.store.cycles(org.id):
        await _earlier_round(service, org, person_id, t)
    if not await service.store.actions(org.id):
        await _plan(service, org, person_id, t)


async def _earlier_round(
    service: Service, org: Organisation, person_id: int, t: Translator
) -> None:
    """Last year's round, with the first items of the recovery checklist answered (the first
    with a note, shown under the item in this round)."""
    store, now = service.store, service.clock()
    checklist = service.checklist("recovery")
    then, version = now - timedelta(days=365), checklist.version
    earlier = await store.first_cycle(org.id, str(then.year), then)
    assessment = await store.open_assessment(earlier, checklist.id, then, version)
    for item, score in zip(checklist.items, EARLIER_SCORES, strict=False):
        await store.record(assessment.id, item.id, "score", score.value, person_id, then, version)
    first = checklist.items[0].id
    await store.write_note(assessment.id, first, person_id, t._(EARLIER_NOTE), then)
    await store.start_cycle(org.id, str(now.year), person_id, now, replacing=earlier.id)


async def _plan(service: Service, org: Organisation, person_id: int, t: Translator) -> None:
    """Three minimum-tier gaps of preparedness planned (one ongoing, one with a partner, one
    finished with evidence) and a stand-alone action nobody owns yet."""
    plan = service.actions
    checklist: Checklist = service.checklist("preparedness")
    minimum = [item.id for item in checklist.items if item.tier is Tier.MINIMUM][:3]
    ongoing, partnered, finished = await plan.plan_gaps(
        person_id, org.id, checklist.id, minimum, lambda c, i: t.item(c, i, "action")
    )
    action = await plan.assign(person_id, ongoing.id, ongoing.version, person_id)
    action = await plan.due_in(person_id, action.id, action.version, 1)
    action = await plan.set_status(person_id, action.id, action.version, ActionStatus.ONGOING)
    await plan.begin(person_id, PendingKind.ACTION_SUPPORT, action.id, action.version)
    await plan.save_support(person_id, t._(SUPPORT))
    action = await plan.due_in(person_id, partnered.id, partnered.version, 3)
    await plan.begin(person_id, PendingKind.ACTION_PARTNER, action.id, action.version)
    await plan.save_partner(person_id, t._(PARTNER))
    action = await plan.assign(person_id, finished.id, finished.version, person_id)
    await plan.begin(person_id, PendingKind.ACTION_FINISH, action.id, action.version)
    await plan.add_evidence(person_id, note=t._(EVIDENCE_NOTE))
    await plan.begin_new(person_id, org.id)
    await plan.save_text(person_id, t._(STAND_ALONE))
