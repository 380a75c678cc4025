"""Coordinator and administrator use cases: invite codes, members, coordinators, settings (kinds
of place, working time).

Free of Telegram. Each use case asks ``bot.access`` first; every refusal is an AccessDenied.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from typing import Any

from bot.access import Access, ActorId
from bot.model import (
    BadWorkingTime,
    Context,
    Member,
    NoKindOfPlace,
    NotFound,
    Organisation,
    OrganisationSettings,
    Pending,
    PendingKind,
    Role,
)
from bot.store import Store
from bot.working_time import WorkingTime, check_stall_days, parse_hours, zone_name

TYPED_SETTINGS = (PendingKind.TIMEZONE, PendingKind.WORK_HOURS)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_invite_code() -> str:
    """A random invite code, easy to read aloud (no 0/O, 1/I)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Coordination:
    """What coordinators (and administrators, and the command line) do to organisations."""

    def __init__(
        self,
        store: Store,
        access: Access,
        clock: Callable[[], datetime],
        default_zone: str = "UTC",
    ) -> None:
        self.store = store
        self.access = access
        self.clock = clock
        self.default_zone = default_zone  # MICIC_TIMEZONE: organisations that chose none

    async def coordinated(self, actor: ActorId) -> list[Organisation]:
        """The organisations the actor coordinates, by name; every one for an administrator."""
        return await self.access.coordinated(actor)

    async def coordinated_organisation(self, actor: ActorId, org_id: int) -> Organisation:
        """The organisation, if the actor coordinates it; else AccessDenied (or NotFound)."""
        return await self.access.may_coordinate(actor, org_id)

    async def organisation_named(self, actor: ActorId, name: str) -> Organisation | None:
        """The organisation with this name (spaces folded), if any (administrators only)."""
        self.access.may_administer(actor)
        return await self.store.organisation_by_name(" ".join(name.split()))

    async def renew_invite(self, actor: ActorId, org_id: int, role: Role) -> Organisation:
        """Replace the invite code for a role; the old code and its link stop working."""
        org = await self.access.may_manage_invites(actor, org_id)
        code = new_invite_code()
        await self.store.set_invite_code(org.id, role, code)
        if role is Role.COORDINATOR:
            return replace(org, coordinator_code=code)
        return replace(org, responder_code=code)

    async def members(self, actor: ActorId, org_id: int) -> list[Member]:
        """The organisation's members, coordinators first."""
        await self.access.may_manage_members(actor, org_id)
        return await self.store.members(org_id)

    async def member(self, actor: ActorId, org_id: int, member_id: int) -> Member:
        """One member of a coordinated organisation; NotFound if they are not a member."""
        await self.access.may_manage_members(actor, org_id)
        found = await self.store.member(org_id, member_id)
        if found is None:
            raise NotFound(f"user {member_id} is not a member of organisation {org_id}")
        return found

    async def remove_member(self, actor: ActorId, org_id: int, member_id: int) -> Member:
        """Remove a member (not oneself); their answers stay, with their name."""
        found = await self.access.may_remove_member(actor, org_id, member_id)
        await self.store.remove_member(org_id, member_id, self.clock())
        return found

    async def appoint_coordinator(self, actor: ActorId, org_id: int, user_id: int) -> Member:
        """Make a known user a coordinator of an organisation (administrators only)."""
        await self.access.may_appoint_coordinators(actor, org_id)
        if await self.store.user(user_id) is None:
            raise NotFound(f"user {user_id} has never written to the bot")
        return await self.store.add_member(org_id, user_id, Role.COORDINATOR, self.clock())

    async def settings(self, actor: ActorId, org_id: int) -> OrganisationSettings:
        """The organisation's settings."""
        await self.access.may_change_settings(actor, org_id)
        return await self.store.organisation_settings(org_id)

    async def set_kinds(
        self, actor: ActorId, org_id: int, kinds: frozenset[Context]
    ) -> OrganisationSettings:
        """Say which kinds of place the organisation is; at least one (else NoKindOfPlace)."""
        await self.access.may_change_settings(actor, org_id)
        if not kinds:
            raise NoKindOfPlace(f"organisation {org_id} would be no kind of place")
        return await self._change(actor, org_id, kinds=kinds)

    async def set_kind(
        self, actor: ActorId, org_id: int, kind: Context, on: bool
    ) -> OrganisationSettings:
        """Add or remove one kind of place (the last one stays: NoKindOfPlace)."""
        kinds = (await self.settings(actor, org_id)).kinds
        return await self.set_kinds(actor, org_id, kinds | {kind} if on else kinds - {kind})

    async def working_time(self, actor: ActorId, org_id: int) -> WorkingTime:
        """When the organisation works, in its time zone (or the deployment's)."""
        return WorkingTime.of(await self.settings(actor, org_id), self.default_zone)

    async def set_timezone(self, actor: ActorId, org_id: int, name: str) -> OrganisationSettings:
        """Set the time zone from its IANA name or its city (``Rome``); UnknownTimeZone else."""
        return await self._change(actor, org_id, timezone=zone_name(name))

    async def set_work_day(
        self, actor: ActorId, org_id: int, day: int, on: bool
    ) -> OrganisationSettings:
        """Add or remove a working day (0 is Monday); the last one stays (BadWorkingTime)."""
        days = (await self.settings(actor, org_id)).work_days
        chosen = days | {day} if on else days - {day}
        return await self.set_work_days(actor, org_id, chosen)

    async def set_work_days(
        self, actor: ActorId, org_id: int, days: frozenset[int]
    ) -> OrganisationSettings:
        """Set the working days; at least one (else BadWorkingTime)."""
        if not days or not days <= set(range(7)):
            raise BadWorkingTime(f"organisation {org_id} would have no working day")
        return await self._change(actor, org_id, work_days=frozenset(days))

    async def set_hours(
        self, actor: ActorId, org_id: int, opens: time, closes: time
    ) -> OrganisationSettings:
        """Set the working hours; the day must close after it opens (else BadWorkingTime)."""
        if closes <= opens:
            raise BadWorkingTime(f"{opens} to {closes} is no working day")
        return await self._change(actor, org_id, opens=opens, closes=closes)

    async def set_stall_days(self, actor: ActorId, org_id: int, days: int) -> OrganisationSettings:
        """Set the days without an answer before a stalled checklist is reminded of (1-30)."""
        return await self._change(actor, org_id, stall_days=check_stall_days(days))

    async def begin_typing(self, actor: int, org_id: int, kind: PendingKind) -> Organisation:
        """Wait for the user to type the organisation's time zone or working hours."""
        if kind not in TYPED_SETTINGS:
            raise ValueError(f"{kind} is not a typed setting")
        org = await self.access.may_change_settings(actor, org_id)
        await self.store.set_pending(actor, Pending(kind, org_id=org_id), self.clock())
        return org

    async def save_typed(self, actor: int, text: str) -> tuple[Organisation, OrganisationSettings]:
        """Save the time zone or hours the user typed; the wait ends only when it is saved
        (UnknownTimeZone and BadWorkingTime keep it, for another try)."""
        pending = await self.store.pending(actor)
        if pending is None or pending.kind not in TYPED_SETTINGS or pending.org_id is None:
            raise NotFound("no setting is awaited")
        if pending.kind is PendingKind.TIMEZONE:
            settings = await self.set_timezone(actor, pending.org_id, text)
        else:
            settings = await self.set_hours(actor, pending.org_id, *parse_hours(text))
        await self.store.clear_pending(actor)
        return await self.access.may_change_settings(actor, pending.org_id), settings

    async def _change(self, actor: ActorId, org_id: int, **changes: Any) -> OrganisationSettings:
        await self.access.may_change_settings(actor, org_id)
        settings = replace(await self.store.organisation_settings(org_id), **changes)
        await self.store.save_organisation_settings(org_id, settings, self.clock())
        return settings
