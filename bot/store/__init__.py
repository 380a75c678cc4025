"""The SQLite store: one aiosqlite connection per process, migrations, and every SQL statement.

It returns model objects; nothing outside this package writes SQL. Writes run in short
transactions so that a crash leaves either all of a change or none of it.
"""

from __future__ import annotations

from bot.store.action_rows import field_values, owner_value
from bot.store.actions import Actions
from bot.store.answers import Answers
from bot.store.assessments import AssessmentFacts, Assessments, Previous
from bot.store.backup import Backup
from bot.store.connection import BUSY_TIMEOUT_MS, StoreError
from bot.store.cycles import Cycles
from bot.store.drafts import Drafts
from bot.store.editions import Editions
from bot.store.inbox import Inbox, InboxState, NotRecorded, Recorded, Replay
from bot.store.marking import Handling, handling_update
from bot.store.migrations import migrations
from bot.store.notes import Notes
from bot.store.opening import Opening
from bot.store.org_settings import OrgSettings
from bot.store.organisations import Organisations
from bot.store.personal_data import PersonalData
from bot.store.reminders import ReminderRows
from bot.store.report_queries import ReportQueries
from bot.store.steps import Steps, StepState
from bot.store.users import Users


class Store(
    Users,
    Organisations,
    OrgSettings,
    Cycles,
    Assessments,
    Answers,
    Steps,
    Editions,
    Notes,
    Actions,
    Drafts,
    PersonalData,
    ReportQueries,
    Backup,
    Inbox,
    ReminderRows,
):
    """Typed access to the database, one aggregate per base class; open with ``Store.open``."""


__all__ = [
    "BUSY_TIMEOUT_MS",
    "AssessmentFacts",
    "Handling",
    "InboxState",
    "NotRecorded",
    "Opening",
    "Previous",
    "Recorded",
    "Replay",
    "StepState",
    "Store",
    "StoreError",
    "field_values",
    "handling_update",
    "migrations",
    "owner_value",
]
