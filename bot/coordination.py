"""Coordinator use cases: which organisations a user coordinates, invite codes and members.

Free of Telegram. A coordinator acts only on organisations they coordinate; administrators
(from the configuration) act on every organisation. Every refusal is an AccessDenied.
"""

from __future__ import annotations

from bot.model import AccessDenied, DomainError, Member, NotFound, Organisation, Role
from bot.service import Service, new_invite_code


async def coordinated(service: Service, user_id: int) -> list[Organisation]:
    """The organisations the user coordinates, by name; every one for an administrator."""
    if service.is_admin(user_id):
        return await service.store.organisations()
    members = await service.store.memberships(user_id)
    ids = [m.org_id for m in members if m.role is Role.COORDINATOR]
    return await service.store.organisations(ids) if ids else []


async def may_coordinate(service: Service, user_id: int | None, org_id: int) -> bool:
    """Whether the user coordinates the organisation (None, the command line, always may)."""
    if user_id is None or service.is_admin(user_id):
        return True
    member = await service.store.member(org_id, user_id)
    return member is not None and member.role is Role.COORDINATOR


async def coordinated_organisation(
    service: Service, user_id: int | None, org_id: int
) -> Organisation:
    """The organisation, if the user coordinates it; else AccessDenied (or NotFound)."""
    if not await may_coordinate(service, user_id, org_id):
        raise AccessDenied(f"user {user_id} does not coordinate organisation {org_id}")
    org = await service.store.organisation(org_id)
    if org is None:
        raise NotFound(f"no organisation {org_id}")
    return org


async def renew_invite(
    service: Service, user_id: int | None, org_id: int, role: Role
) -> Organisation:
    """Replace the invite code for a role; the old code and its link stop working."""
    await coordinated_organisation(service, user_id, org_id)
    await service.store.set_invite_code(org_id, role, new_invite_code())
    return await coordinated_organisation(service, user_id, org_id)


async def members(service: Service, user_id: int | None, org_id: int) -> list[Member]:
    """The organisation's members, coordinators first."""
    await coordinated_organisation(service, user_id, org_id)
    return await service.store.members(org_id)


async def member(service: Service, user_id: int | None, org_id: int, member_id: int) -> Member:
    """One member of a coordinated organisation; NotFound if they are not a member."""
    await coordinated_organisation(service, user_id, org_id)
    found = await service.store.member(org_id, member_id)
    if found is None:
        raise NotFound(f"user {member_id} is not a member of organisation {org_id}")
    return found


async def remove_member(service: Service, user_id: int, org_id: int, member_id: int) -> Member:
    """Remove a member (not oneself); their answers stay, with their name."""
    if member_id == user_id:
        raise DomainError("coordinators do not remove themselves")
    found = await member(service, user_id, org_id, member_id)
    await service.store.remove_member(org_id, member_id)
    return found


async def appoint_coordinator(
    service: Service, actor_id: int | None, org_id: int, user_id: int
) -> Member:
    """Make a known user a coordinator of an organisation (administrators only)."""
    if actor_id is not None and not service.is_admin(actor_id):
        raise AccessDenied("only administrators appoint coordinators")
    if await service.store.organisation(org_id) is None:
        raise NotFound(f"no organisation {org_id}")
    if await service.store.user(user_id) is None:
        raise NotFound(f"user {user_id} has never written to the bot")
    return await service.store.add_member(org_id, user_id, Role.COORDINATOR, service.clock())
