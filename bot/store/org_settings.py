"""Organisation settings: what coordinators set for their organisation (kinds of place...)."""

from __future__ import annotations

from datetime import datetime

from bot.model import OrganisationSettings
from bot.scope import kinds_text, parse_kinds
from bot.store.connection import Database
from bot.store.rows import timestamp


class OrgSettings(Database):
    """One row per organisation that changed a setting; the defaults for the others."""

    async def organisation_settings(self, org_id: int) -> OrganisationSettings:
        """The organisation's settings (the defaults where none were set)."""
        row = await self._one("SELECT kinds FROM organisation_settings WHERE org_id = ?", (org_id,))
        if row is None:
            return OrganisationSettings()
        return OrganisationSettings(kinds=parse_kinds(row["kinds"]))

    async def save_organisation_settings(
        self, org_id: int, settings: OrganisationSettings, now: datetime
    ) -> None:
        """Store the organisation's settings."""
        await self._write(
            "INSERT INTO organisation_settings (org_id, kinds, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (org_id) DO UPDATE SET kinds = excluded.kinds,"
            " updated_at = excluded.updated_at",
            (org_id, kinds_text(settings.kinds), timestamp(now)),
        )
