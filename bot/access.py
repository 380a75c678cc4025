"""Who may do what: every access rule of the bot on one page, asked by every use case.

Administrators come from the configuration, members and coordinators from the store, and the
command line (actor None) is trusted. Answers go to the organisation's current cycle only: a
cycle is closed when a coordinator opens the next one, never by the calendar. A rule returns
what it checked, or raises AccessDenied (or NotFound, or another DomainError) with a message
for the logs. Anyone may see and delete their own personal data: those use cases only ever take
the user's own id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from bot.model import (
    AccessDenied,
    Action,
    Assessment,
    AssessmentClosed,
    Cycle,
    DomainError,
    InvalidInvite,
    Member,
    NoLongerMember,
    NotAMember,
    NotFound,
    Organisation,
    Role,
    TooManyAttempts,
)
from bot.store import AssessmentFacts, Store

ActorId = int | None  # a user's id, or None for the command line


class JoinThrottle:
    """Counts wrong invite codes per user, so codes cannot be guessed by brute force."""

    def __init__(self, limit: int = 5, window: timedelta = timedelta(minutes=15)) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[int, list[datetime]] = {}

    def _recent(self, user_id: int, now: datetime) -> list[datetime]:
        recent = [t for t in self._failures.get(user_id, []) if now - t < self.window]
        if recent:
            self._failures[user_id] = recent
        else:
            self._failures.pop(user_id, None)
        return recent

    def check(self, user_id: int, now: datetime) -> None:
        """Raise TooManyAttempts while the user has too many recent failures."""
        recent = self._recent(user_id, now)
        if len(recent) >= self.limit:
            wait = self.window - (now - recent[0])
            raise TooManyAttempts(max(1, -(-int(wait.total_seconds()) // 60)))

    def failed(self, user_id: int, now: datetime) -> None:
        """Record a wrong code."""
        self._failures.setdefault(user_id, []).append(now)


class Access:
    """The rules, over the store (members, coordinators) and the configured administrators."""

    def __init__(self, store: Store, admins: frozenset[int], clock: Callable[[], datetime]) -> None:
        self.store = store
        self.admins = admins
        self.clock = clock
        self._throttle = JoinThrottle()

    # who someone is

    def is_admin(self, user_id: ActorId) -> bool:
        """Whether the configuration names this user an administrator."""
        return user_id in self.admins

    async def current_organisation(self, user_id: int) -> Organisation | None:
        """The organisation the user works for now: the last joined or chosen, if still a member."""
        user = await self.store.user(user_id)
        if user and user.current_org_id and await self.store.member(user.current_org_id, user_id):
            return await self.store.organisation(user.current_org_id)
        members = await self.store.memberships(user_id)
        return await self.store.organisation(members[0].org_id) if members else None

    # which assessments are in progress: asked here only, so that cycles can change in one place

    async def current_cycle(self, org_id: int) -> Cycle:
        """The cycle the organisation's answers go to now: the one a coordinator opened last.

        The calendar closes nothing. An organisation's first cycle is opened, named after the
        year, the first time it is needed.
        """
        found = await self.store.open_cycle(org_id)
        if found is not None:
            return found
        now = self.clock()
        return await self.store.first_cycle(org_id, str(now.year), now)

    async def in_progress(self, assessment: Assessment) -> bool:
        """Whether an assessment takes answers: it is of its organisation's current cycle.

        An assessment in progress moves to each new edition; the others keep theirs.
        """
        found = await self.store.open_cycle(assessment.org_id)
        return found is not None and found.id == assessment.cycle_id

    async def coordinated(self, actor: ActorId) -> list[Organisation]:
        """The organisations the actor coordinates, by name; every one for an administrator."""
        if actor is None or self.is_admin(actor):
            return await self.store.organisations()
        members = await self.store.memberships(actor)
        ids = [m.org_id for m in members if m.role is Role.COORDINATOR]
        return await self.store.organisations(ids) if ids else []

    # everyone

    async def may_join(self, user_id: int, code: str) -> tuple[Organisation, Role]:
        """Anyone holding an invite code joins, with its role; guessing codes is throttled."""
        self._throttle.check(user_id, self.clock())
        found = await self.store.organisation_by_code(code.strip().upper()[:64])
        if found is None:
            self._throttle.failed(user_id, self.clock())
            raise InvalidInvite(code)
        return found

    # members: responders and coordinators alike

    async def may_start(self, user_id: int) -> Organisation:
        """A member starts assessments for the organisation they work for now."""
        org = await self.current_organisation(user_id)
        if org is None:
            raise AccessDenied("the user belongs to no organisation")
        return org

    async def may_read_assessment(self, user_id: int, assessment_id: int) -> Assessment:
        """A member reads and reviews their organisation's assessments, of every cycle."""
        return (await self._as_member(user_id, assessment_id)).assessment

    async def _as_member(self, user_id: int, assessment_id: int) -> AssessmentFacts:
        found = await self.store.assessment_for(assessment_id, user_id)
        if found is None:
            raise NotFound(f"no assessment {assessment_id}")
        if not found.member:
            await self._refuse_non_member(user_id, found.assessment.org_id)
        return found

    async def _refuse_non_member(self, user_id: int, org_id: int) -> None:
        """NoLongerMember for someone removed from the organisation, else AccessDenied."""
        org = await self.store.organisation(org_id)
        if org is not None and await self.store.was_removed(org_id, user_id):
            raise NoLongerMember(org)
        raise AccessDenied(f"user is not a member of organisation {org_id}")

    async def may_answer(self, user_id: int, assessment_id: int) -> AssessmentFacts:
        """A member answers, notes and adds evidence in the organisation's current cycle only:
        the one a coordinator opened last, whatever the date. Returns the assessment with what
        was read to decide (its form needs the organisation's kinds of place too)."""
        found = await self._as_member(user_id, assessment_id)
        if not found.in_progress:
            assessment = found.assessment
            raise AssessmentClosed(f"assessment {assessment_id} is of cycle {assessment.cycle}")
        return found

    async def may_read_action(self, actor: ActorId, action_id: int) -> Action:
        """Members see their organisation's actions (coordinators its whole plan)."""
        action = await self._action(action_id)
        outsider = actor is not None and not self.is_admin(actor)
        if outsider and await self.store.member(action.org_id, actor or 0) is None:
            raise AccessDenied(f"user {actor} is not a member of organisation {action.org_id}")
        return action

    async def may_update_action(self, actor: ActorId, action_id: int) -> Action:
        """The owner (while a member) updates an action's status, support needed and evidence;
        its coordinators may too (for an action a partner organisation owns, say)."""
        action = await self._action(action_id)
        if actor is not None and action.owned_by(actor):
            return action
        await self.may_coordinate(actor, action.org_id)
        return action

    async def may_own_actions(self, org_id: int, user_id: int) -> Member:
        """Only a member of the organisation is given one of its actions."""
        member = await self.store.member(org_id, user_id)
        if member is None:
            raise NotAMember(f"user {user_id} is not a member of organisation {org_id}")
        return member

    # coordinators (and administrators, and the command line)

    async def may_coordinate(self, actor: ActorId, org_id: int) -> Organisation:
        """Coordinators act for their organisation; administrators for every one."""
        if actor is not None and not self.is_admin(actor):
            member = await self.store.member(org_id, actor)
            if member is None or member.role is not Role.COORDINATOR:
                raise AccessDenied(f"user {actor} does not coordinate organisation {org_id}")
        org = await self.store.organisation(org_id)
        if org is None:
            raise NotFound(f"no organisation {org_id}")
        return org

    async def may_manage_cycles(self, actor: ActorId, org_id: int) -> Organisation:
        """Coordinators see their organisation's cycles and open the next one."""
        return await self.may_coordinate(actor, org_id)

    async def may_plan(self, actor: ActorId, org_id: int) -> Organisation:
        """Coordinators see their organisation's whole action plan and add actions to it."""
        return await self.may_coordinate(actor, org_id)

    async def may_edit_action(self, actor: ActorId, action_id: int) -> Action:
        """Coordinators edit, assign, re-assign and cancel their organisation's actions."""
        action = await self._action(action_id)
        await self.may_coordinate(actor, action.org_id)
        return action

    async def _action(self, action_id: int) -> Action:
        action = await self.store.action(action_id)
        if action is None:
            raise NotFound(f"no action {action_id}")
        return action

    async def may_read_reports(self, actor: ActorId, org_id: int) -> Organisation:
        """Coordinators read their organisation's reports."""
        return await self.may_coordinate(actor, org_id)

    async def may_compare(self, actor: ActorId, org_ids: Sequence[int]) -> list[Organisation]:
        """A comparison needs every organisation in it coordinated; they come back by name."""
        wanted = set(org_ids)
        if actor is None or self.is_admin(actor):
            found = await self.store.organisations(wanted)
        else:
            found = [o for o in await self.coordinated(actor) if o.id in wanted]
            if len(found) < len(wanted):
                raise AccessDenied(f"user {actor} does not coordinate every organisation")
        if len(found) < len(wanted):
            raise NotFound(f"no organisations {sorted(wanted - {o.id for o in found})}")
        return sorted(found, key=lambda o: o.name.casefold())

    async def may_manage_invites(self, actor: ActorId, org_id: int) -> Organisation:
        """Coordinators see, share and renew their organisation's invite codes."""
        return await self.may_coordinate(actor, org_id)

    async def may_change_settings(self, actor: ActorId, org_id: int) -> Organisation:
        """Coordinators see and change their organisation's settings (kinds of place...)."""
        return await self.may_coordinate(actor, org_id)

    async def may_manage_members(self, actor: ActorId, org_id: int) -> Organisation:
        """Coordinators list their organisation's members and look at each."""
        return await self.may_coordinate(actor, org_id)

    async def may_remove_member(self, actor: ActorId, org_id: int, member_id: int) -> Member:
        """Coordinators remove members of their organisation, never themselves."""
        if member_id == actor:
            raise DomainError("coordinators do not remove themselves")
        await self.may_manage_members(actor, org_id)
        member = await self.store.member(org_id, member_id)
        if member is None:
            raise NotFound(f"user {member_id} is not a member of organisation {org_id}")
        return member

    # administrators (and the command line)

    def may_administer(self, actor: ActorId) -> None:
        """Administrators see and look up every organisation."""
        self._administrator(actor, f"user {actor} is not an administrator")

    def may_create_organisations(self, actor: ActorId) -> None:
        """Administrators create organisations."""
        self._administrator(actor, "only administrators create organisations")

    async def may_appoint_coordinators(self, actor: ActorId, org_id: int) -> Organisation:
        """Administrators appoint coordinators of any organisation."""
        self._administrator(actor, "only administrators appoint coordinators")
        org = await self.store.organisation(org_id)
        if org is None:
            raise NotFound(f"no organisation {org_id}")
        return org

    def _administrator(self, actor: ActorId, refusal: str) -> None:
        if actor is not None and not self.is_admin(actor):
            raise AccessDenied(refusal)
