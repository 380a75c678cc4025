-- Reminders, and each organisation's working time. Only adds tables, columns and indexes.

-- Every reminder ever planned, under a key that is never planned twice: kind, recipient,
-- subject and period (``overdue:<user>:<action>:<due date>``). A row is written before its
-- message is sent, so a restart at any moment cannot send it twice; its state says what became
-- of it. Rows go with their recipient (/forget) and their organisation.
CREATE TABLE reminders (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id     INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    subject    INTEGER NOT NULL,                -- the action or assessment; 0 for a digest
    period     TEXT NOT NULL,                   -- the due date, the streak, the week
    due_at     TEXT NOT NULL,                   -- when it fell due (UTC)
    state      TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'dropped',
                   'cancelled', 'blocked', 'failed', 'unknown')),
    planned_at TEXT NOT NULL,
    done_at    TEXT                             -- when it was sent, or given up
);
CREATE INDEX reminders_waiting ON reminders (id) WHERE state IN ('queued', 'sending');
CREATE INDEX reminders_of_user ON reminders (user_id);

-- The kinds of reminder a user switched off (/reminders); no row: on.
CREATE TABLE reminders_off (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- When Telegram last refused a message because the user blocked the bot (403): no reminder
-- goes to them until they are seen again after it.
ALTER TABLE users ADD COLUMN blocked_at TEXT;
CREATE INDEX users_blocked ON users (id) WHERE blocked_at IS NOT NULL;

-- Each organisation's working time; NULL means the default (the deployment's time zone,
-- Monday to Friday, 09:00 to 18:00, 7 days before a stalled-checklist reminder).
ALTER TABLE organisation_settings ADD COLUMN timezone TEXT;     -- an IANA name
ALTER TABLE organisation_settings ADD COLUMN work_days TEXT;    -- 'mon-fri', 'sun-thu'...
ALTER TABLE organisation_settings ADD COLUMN work_hours TEXT;   -- '09:00-18:00'
ALTER TABLE organisation_settings ADD COLUMN stall_days INTEGER;
