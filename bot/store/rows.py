"""How each model is read: its SELECT, and one mapper from a row (by column name) to the model.

The columns are named as the model's fields, so a query may add columns or reorder them freely.
"""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

from bot.model import (
    Answer,
    Assessment,
    AuditEvent,
    Cycle,
    Evidence,
    Member,
    Note,
    Organisation,
    Pending,
    PendingKind,
    Reminder,
    ReminderKind,
    ReminderState,
    Role,
    Score,
    User,
)

USER_COLUMNS = "id, first_name, language, current_org_id, current_assessment_id, telegram_language"
USER = f"SELECT {USER_COLUMNS} FROM users"
ORGANISATION = "SELECT id, name, responder_code, coordinator_code FROM organisations"
MEMBER = (
    "SELECT m.org_id, m.user_id, m.role, u.first_name FROM members m"
    " JOIN users u ON u.id = m.user_id"
)
ASSESSMENT_COLUMNS = (
    "a.id, a.org_id, a.checklist_id, a.cycle, a.created_at, a.cycle_id, a.checklist_version,"
    " a.quick"
)
ASSESSMENT = f"SELECT {ASSESSMENT_COLUMNS} FROM assessments a"
CYCLE = (
    "SELECT c.id, c.org_id, c.label, c.opened_at, c.opened_by, u.first_name AS opened_by_name,"
    " c.closed_at FROM cycles c LEFT JOIN users u ON u.id = c.opened_by"
)
NEWEST_CYCLE_FIRST = "c.opened_at DESC, c.id DESC"
ANSWER = (
    "SELECT a.assessment_id, a.item_id, a.score, a.author_id,"
    " u.first_name AS author_name, a.answered_at, a.checklist_version"
    " FROM answers a LEFT JOIN users u ON u.id = a.author_id"
)
NOTE = (
    "SELECT n.assessment_id, n.item_id, n.text, n.author_id, u.first_name AS author_name,"
    " n.written_at FROM notes n LEFT JOIN users u ON u.id = n.author_id"
)
AUDIT_EVENT = "SELECT assessment_id, item_id, field, old, new, author_id, at FROM answer_log"
EVIDENCE = (
    "SELECT id, assessment_id, item_id, kind, file_id, file_name, author_id, created_at"
    " FROM evidence"
)
EVIDENCE_WITH_AUTHOR = (
    "SELECT e.id, e.assessment_id, e.item_id, e.kind, e.file_id, e.file_name, e.author_id,"
    " e.created_at, u.first_name AS author_name FROM evidence e"
    " LEFT JOIN users u ON u.id = e.author_id"
)
PENDING = "SELECT kind, assessment_id, item_id, draft, action_id, org_id, version FROM pending"

# Score(value) costs about a microsecond, and every button press maps every answer.
_SCORES = {score.value: score for score in Score}


def timestamp(moment: datetime) -> str:
    """A moment as stored: ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def to_user(row: aiosqlite.Row) -> User:
    """A row of ``USER_COLUMNS`` as a User."""
    return User(
        row["id"],
        row["first_name"],
        row["language"],
        row["current_org_id"],
        row["current_assessment_id"],
        row["telegram_language"],
    )


def to_organisation(row: aiosqlite.Row) -> Organisation:
    """A row of ``ORGANISATION`` as an Organisation."""
    return Organisation(row["id"], row["name"], row["responder_code"], row["coordinator_code"])


def to_member(row: aiosqlite.Row) -> Member:
    """A row of ``MEMBER`` as a Member."""
    return Member(row["org_id"], row["user_id"], Role(row["role"]), row["first_name"])


def to_assessment(row: aiosqlite.Row) -> Assessment:
    """A row of ``ASSESSMENT`` as an Assessment."""
    return Assessment(
        row["id"],
        row["org_id"],
        row["checklist_id"],
        row["cycle"],
        datetime.fromisoformat(row["created_at"]),
        row["cycle_id"],
        row["checklist_version"],
        bool(row["quick"]),
    )


def to_cycle(row: aiosqlite.Row) -> Cycle:
    """A row of ``CYCLE`` as a Cycle."""
    return Cycle(
        row["id"],
        row["org_id"],
        row["label"],
        datetime.fromisoformat(row["opened_at"]),
        row["opened_by"],
        row["opened_by_name"],
        _moment(row["closed_at"]),
    )


def to_answer(row: aiosqlite.Row) -> Answer:
    """A row of ``ANSWER`` as an Answer."""
    score = row["score"]
    return Answer(
        row["item_id"],
        _SCORES[score] if score else None,
        row["author_id"],
        row["author_name"],
        _moment(row["answered_at"]),
        row["checklist_version"],
    )


def to_note(row: aiosqlite.Row) -> Note:
    """A row of ``NOTE`` as a Note."""
    return Note(
        row["item_id"],
        row["text"],
        row["author_id"],
        row["author_name"],
        datetime.fromisoformat(row["written_at"]),
    )


def to_audit_event(row: aiosqlite.Row) -> AuditEvent:
    """A row of ``AUDIT_EVENT`` as an AuditEvent."""
    return AuditEvent(
        row["assessment_id"],
        row["item_id"],
        row["field"],
        row["old"],
        row["new"],
        row["author_id"],
        datetime.fromisoformat(row["at"]),
    )


def to_evidence(row: aiosqlite.Row) -> Evidence:
    """A row of ``EVIDENCE`` as Evidence."""
    return Evidence(
        row["id"],
        row["assessment_id"],
        row["item_id"],
        row["kind"],
        row["file_id"],
        row["file_name"],
        row["author_id"],
        datetime.fromisoformat(row["created_at"]),
        row["author_name"] if "author_name" in row.keys() else None,  # noqa: SIM118
    )


def to_pending(row: aiosqlite.Row) -> Pending:
    """A row of ``PENDING`` as a Pending."""
    return Pending(
        PendingKind(row["kind"]),
        row["assessment_id"],
        row["item_id"],
        row["draft"],
        row["action_id"],
        row["org_id"],
        row["version"],
    )


REMINDER = "SELECT id, kind, user_id, org_id, subject, period, due_at, state FROM reminders"


def to_reminder(row: aiosqlite.Row) -> Reminder:
    """A row of ``REMINDER`` as a Reminder."""
    return Reminder(
        id=row["id"],
        kind=ReminderKind(row["kind"]),
        user_id=row["user_id"],
        org_id=row["org_id"],
        subject=row["subject"],
        period=row["period"],
        due_at=datetime.fromisoformat(row["due_at"]),
        state=ReminderState(row["state"]),
    )
