"""Organisations and the invite codes that let people join them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from bot.model import Organisation, Role, name_key
from bot.store.connection import Database, StoreError
from bot.store.rows import ORGANISATION, timestamp, to_organisation


class Organisations(Database):
    """The municipalities (or other local bodies) assessed, found by id, name or code."""

    async def create_organisation(
        self, name: str, responder_code: str, coordinator_code: str, now: datetime
    ) -> Organisation:
        """Create an organisation; StoreError if the name or a code is taken."""
        try:
            org_id = await self._write(
                "INSERT INTO organisations (name, responder_code, coordinator_code, created_at)"
                " VALUES (?, ?, ?, ?)",
                (name, responder_code, coordinator_code, timestamp(now)),
            )
        except sqlite3.IntegrityError as exc:
            raise StoreError(str(exc)) from exc
        return Organisation(org_id, name, responder_code, coordinator_code)

    async def organisation(self, org_id: int) -> Organisation | None:
        """The organisation with this id."""
        row = await self._one(f"{ORGANISATION} WHERE id = ?", (org_id,))
        return to_organisation(row) if row else None

    async def removed_from(self, user_id: int) -> Organisation | None:
        """The organisation the user was last removed from, if they were ever removed."""
        row = await self._one(
            f"{ORGANISATION} WHERE id = (SELECT org_id FROM removals WHERE user_id = ?"
            " ORDER BY removed_at DESC LIMIT 1)",
            (user_id,),
        )
        return to_organisation(row) if row else None

    async def organisation_by_name(self, name: str) -> Organisation | None:
        """The organisation with this name, matched by ``name_key`` (Unicode case-folding).

        SQLite's NOCASE folds ASCII letters only (``KRAKÓW`` is not ``kraków`` to it), so names
        are compared here; an administrator has at most a few thousand organisations.
        """
        wanted = name_key(name)
        rows = await self._all(ORGANISATION)
        return next((to_organisation(r) for r in rows if name_key(r["name"]) == wanted), None)

    async def organisations(self, ids: Iterable[int] | None = None) -> list[Organisation]:
        """All organisations, or those with the given ids, by name."""
        rows = await self._all(f"{ORGANISATION} ORDER BY name")
        wanted = set(ids) if ids is not None else None
        return [to_organisation(row) for row in rows if wanted is None or row["id"] in wanted]

    async def organisation_by_code(self, code: str) -> tuple[Organisation, Role] | None:
        """The organisation and the role an invite code grants."""
        row = await self._one(
            f"{ORGANISATION} WHERE responder_code = ? OR coordinator_code = ?", (code, code)
        )
        if row is None:
            return None
        org = to_organisation(row)
        role = Role.COORDINATOR if org.coordinator_code == code else Role.RESPONDER
        return org, role

    async def set_invite_code(self, org_id: int, role: Role, code: str) -> None:
        """Replace an organisation's invite code for a role."""
        column = "coordinator_code" if role is Role.COORDINATOR else "responder_code"
        await self._write(f"UPDATE organisations SET {column} = ? WHERE id = ?", (code, org_id))
