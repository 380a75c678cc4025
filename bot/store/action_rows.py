"""How actions are read and written as rows: their SELECTs and mappers, and each changeable
field as text, as the history writes it (``member:<user id>``, ``partner:<name>``...)."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from bot.model import (
    Action,
    ActionEvent,
    ActionEvidence,
    ActionStatus,
    Owner,
    OwnerKind,
    Priority,
)

ACTION = (
    "SELECT x.id, x.org_id, x.text, x.checklist_id, x.item_id, x.owner_kind, x.owner_id,"
    " u.first_name AS owner_name, m.user_id IS NOT NULL AS owner_is_member, x.partner,"
    " x.due_date, x.priority, x.status, x.support, x.created_by, x.created_at, x.updated_at,"
    " x.version, (SELECT COUNT(*) FROM action_evidence e WHERE e.action_id = x.id) AS evidence"
    " FROM actions x LEFT JOIN users u ON u.id = x.owner_id"
    " LEFT JOIN members m ON m.org_id = x.org_id AND m.user_id = x.owner_id"
)
ACTION_EVENT = (
    "SELECT l.action_id, l.field, l.old, l.new, l.author_id, u.first_name AS author_name, l.at"
    " FROM action_log l LEFT JOIN users u ON u.id = l.author_id"
)
ACTION_EVIDENCE = (
    "SELECT id, action_id, kind, file_id, file_name, note, author_id, created_at"
    " FROM action_evidence"
)

MEMBER_PREFIX, PARTNER_PREFIX = "member:", "partner:"
FIELDS = ("text", "owner", "due", "priority", "status", "support")
COLUMNS = {  # a field of FIELDS -> its column (the owner has three)
    "text": "text",
    "due": "due_date",
    "priority": "priority",
    "status": "status",
    "support": "support",
}


def owner_value(owner: Owner | None) -> str | None:
    """An owner as the history writes it: ``member:<user id>`` or ``partner:<name>``."""
    if owner is None:
        return None
    if owner.kind is OwnerKind.PARTNER:
        return PARTNER_PREFIX + owner.name
    return MEMBER_PREFIX + ("" if owner.user_id is None else str(owner.user_id))


def owner_columns(value: str | None) -> tuple[str | None, int | None, str | None]:
    """owner_kind, owner_id and partner for an owner as the history writes it."""
    if value is None:
        return None, None, None
    if value.startswith(PARTNER_PREFIX):
        return OwnerKind.PARTNER.value, None, value.removeprefix(PARTNER_PREFIX)
    user_id = value.removeprefix(MEMBER_PREFIX)
    return OwnerKind.MEMBER.value, int(user_id) if user_id else None, None


def field_values(action: Action) -> dict[str, str | None]:
    """Each changeable field of an action as text, as the history writes it."""
    return {
        "text": action.text,
        "owner": owner_value(action.owner),
        "due": action.due.isoformat() if action.due else None,
        "priority": action.priority.value,
        "status": action.status.value,
        "support": action.support,
    }


def _owner(row: aiosqlite.Row) -> Owner | None:
    kind = row["owner_kind"]
    if kind is None:
        return None
    if kind == OwnerKind.PARTNER:
        return Owner(OwnerKind.PARTNER, name=row["partner"] or "")
    return Owner(
        OwnerKind.MEMBER, row["owner_id"], row["owner_name"] or "", bool(row["owner_is_member"])
    )


def to_action(row: aiosqlite.Row) -> Action:
    """A row of ``ACTION`` as an Action."""
    due = row["due_date"]
    return Action(
        id=row["id"],
        org_id=row["org_id"],
        text=row["text"],
        priority=Priority(row["priority"]),
        status=ActionStatus(row["status"]),
        version=row["version"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        checklist_id=row["checklist_id"],
        item_id=row["item_id"],
        owner=_owner(row),
        due=date.fromisoformat(due) if due else None,
        support=row["support"],
        evidence=row["evidence"],
        created_by=row["created_by"],
    )


def to_action_event(row: aiosqlite.Row) -> ActionEvent:
    """A row of ``ACTION_EVENT`` as an ActionEvent."""
    return ActionEvent(
        row["action_id"],
        row["field"],
        row["old"],
        row["new"],
        row["author_id"],
        row["author_name"],
        datetime.fromisoformat(row["at"]),
    )


def to_action_evidence(row: aiosqlite.Row) -> ActionEvidence:
    """A row of ``ACTION_EVIDENCE`` as ActionEvidence."""
    return ActionEvidence(
        row["id"],
        row["action_id"],
        row["kind"],
        row["file_id"],
        row["file_name"],
        row["note"],
        row["author_id"],
        datetime.fromisoformat(row["created_at"]),
    )
