"""Organisation settings: what coordinators set for their organisation (kinds of place, working
time)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.model import OrganisationSettings
from bot.scope import kinds_text, parse_kinds
from bot.store.connection import Database
from bot.store.rows import timestamp
from bot.working_time import days_text, hours_text, parse_days, parse_hours

SETTINGS = (
    "SELECT org_id, kinds, timezone, work_days, work_hours, stall_days FROM organisation_settings"
)
DEFAULTS = OrganisationSettings()


def to_settings(row: aiosqlite.Row) -> OrganisationSettings:
    """A row of ``SETTINGS`` as OrganisationSettings (the defaults where a column is NULL)."""
    opens, closes = parse_hours(row["work_hours"]) if row["work_hours"] else (None, None)
    return OrganisationSettings(
        kinds=parse_kinds(row["kinds"]),
        timezone=row["timezone"],
        work_days=parse_days(row["work_days"]) if row["work_days"] else DEFAULTS.work_days,
        opens=opens or DEFAULTS.opens,
        closes=closes or DEFAULTS.closes,
        stall_days=row["stall_days"] or DEFAULTS.stall_days,
    )


class OrgSettings(Database):
    """One row per organisation that changed a setting; the defaults for the others."""

    async def organisation_settings(self, org_id: int) -> OrganisationSettings:
        """The organisation's settings (the defaults where none were set)."""
        row = await self._one(f"{SETTINGS} WHERE org_id = ?", (org_id,))
        return DEFAULTS if row is None else to_settings(row)

    async def every_organisation_settings(self) -> dict[int, OrganisationSettings]:
        """The settings of every organisation that changed one, by organisation."""
        return {row["org_id"]: to_settings(row) for row in await self._all(SETTINGS)}

    async def save_organisation_settings(
        self, org_id: int, settings: OrganisationSettings, now: datetime
    ) -> None:
        """Store the organisation's settings."""
        await self._write(
            "INSERT INTO organisation_settings (org_id, kinds, timezone, work_days, work_hours,"
            " stall_days, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE"
            " SET kinds = excluded.kinds, timezone = excluded.timezone,"
            " work_days = excluded.work_days, work_hours = excluded.work_hours,"
            " stall_days = excluded.stall_days, updated_at = excluded.updated_at",
            (
                org_id,
                kinds_text(settings.kinds),
                settings.timezone,
                days_text(settings.work_days),
                hours_text(settings.opens, settings.closes),
                settings.stall_days,
                timestamp(now),
            ),
        )
