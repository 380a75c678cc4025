"""Databases with many reminders about to fall due: organisations whose members each own an
overdue action, written with sqlite3 in bulk (the service would take minutes for 100,000)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

from bot.store import Store


async def _migrated(path: Path) -> None:
    async with Store.open(path):
        pass


async def seed_overdue(
    path: Path,
    orgs: int,
    per_org: int,
    due: date,
    now: datetime,
    *,
    first_user: int = 1_000_000,
    all_day: bool = False,
) -> list[int]:
    """``orgs`` organisations of ``per_org`` members (the first a coordinator), each member
    owning one action due on ``due``; ``all_day``: every day of the week, round the clock, so
    reminders go out whatever the real time. Return the members' ids."""
    await _migrated(path)
    at = now.isoformat(timespec="seconds")
    users: list[int] = []
    with sqlite3.connect(path) as db:
        for o in range(orgs):
            cursor = db.execute(
                "INSERT INTO organisations (name, responder_code, coordinator_code, created_at)"
                " VALUES (?, ?, ?, ?)",
                (f"Reminded {first_user}-{o}", f"R{first_user}{o}", f"C{first_user}{o}", at),
            )
            org_id = cursor.lastrowid
            if all_day:
                db.execute(
                    "INSERT INTO organisation_settings (org_id, kinds, work_days, work_hours,"
                    " updated_at) VALUES (?, 'destination,transit', 'mon-sun', '00:00-24:00', ?)",
                    (org_id, at),
                )
            members = list(range(first_user + o * per_org, first_user + (o + 1) * per_org))
            users += members
            _members(db, org_id, members, at, due)
    return users


def _members(
    db: sqlite3.Connection, org_id: int | None, members: list[int], at: str, due: date
) -> None:
    db.executemany(
        "INSERT INTO users (id, first_name, language, created_at, last_seen_at)"
        " VALUES (?, ?, 'en', ?, ?)",
        [(uid, f"Member {uid}", at, at) for uid in members],
    )
    db.executemany(
        "INSERT INTO members (org_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)",
        [
            (org_id, uid, "coordinator" if n == 0 else "responder", at)
            for n, uid in enumerate(members)
        ],
    )
    db.executemany(
        "INSERT INTO actions (org_id, text, owner_kind, owner_id, due_date, priority, status,"
        " created_at, updated_at) VALUES (?, ?, 'member', ?, ?, 'high', 'ongoing', ?, ?)",
        [(org_id, f"Action of {uid}", uid, due.isoformat(), at, at) for uid in members],
    )
