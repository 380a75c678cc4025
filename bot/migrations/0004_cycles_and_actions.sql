-- Assessment rounds (cycles) opened on purpose, never by the calendar, and the action plan.

-- An organisation's cycles; exactly one is open (closed_at NULL) and takes the answers.
CREATE TABLE cycles (
    id        INTEGER PRIMARY KEY,
    org_id    INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    label     TEXT NOT NULL COLLATE NOCASE,
    opened_at TEXT NOT NULL,
    opened_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    closed_at TEXT,
    UNIQUE (org_id, label)
);

-- Each organisation's cycle labels become its cycles, opened when their first assessment was;
-- each is closed when the next one opened, and the newest stays open.
INSERT INTO cycles (org_id, label, opened_at)
    SELECT org_id, cycle, MIN(created_at) FROM assessments
    GROUP BY org_id, cycle ORDER BY org_id, MIN(created_at), cycle;
UPDATE cycles SET closed_at = (
    SELECT later.opened_at FROM cycles later
    WHERE later.org_id = cycles.org_id
      AND (later.opened_at, later.id) > (cycles.opened_at, cycles.id)
    ORDER BY later.opened_at, later.id LIMIT 1
);
CREATE UNIQUE INDEX cycles_one_open ON cycles (org_id) WHERE closed_at IS NULL;

-- An assessment belongs to a cycle; its `cycle` column keeps the cycle's label (labels never
-- change), so everything that names the cycle of an assessment reads on as before.
ALTER TABLE assessments ADD COLUMN cycle_id INTEGER REFERENCES cycles(id) ON DELETE CASCADE;
UPDATE assessments SET cycle_id = (
    SELECT c.id FROM cycles c WHERE c.org_id = assessments.org_id AND c.label = assessments.cycle
);
CREATE INDEX assessments_of_cycle ON assessments (cycle_id);

-- The language Telegram reports for a user, so a message the bot sends unasked (an action
-- assigned to them) is in their language even if they never chose one.
ALTER TABLE users ADD COLUMN telegram_language TEXT;

-- The action plan: gaps turned into actions with an owner, a due date and a status. An action
-- belongs to the organisation, not to a cycle, and outlives it.
CREATE TABLE actions (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    checklist_id TEXT,                              -- the gap it closes, if any
    item_id      TEXT,
    owner_kind   TEXT CHECK (owner_kind IN ('member', 'partner')),
    owner_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,  -- NULL: forgotten (or partner)
    partner      TEXT,                              -- a partner organisation, named freely
    due_date     TEXT,                              -- ISO 8601 date
    priority     TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    status       TEXT NOT NULL CHECK (status IN
                     ('not_started', 'ongoing', 'delayed', 'standby', 'finished', 'cancelled')),
    support      TEXT,                              -- support needed, in the owner's words
    created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1         -- raised by every change: stale edits lose
);
CREATE INDEX actions_of_org ON actions (org_id, status);
CREATE INDEX actions_of_owner ON actions (owner_id);

-- Append-only: one row per change of an action (its creation too). An owner is written
-- 'member:<user id>' or 'partner:<name>'; forgetting a user blanks their id here.
CREATE TABLE action_log (
    id        INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    field     TEXT NOT NULL,
    old       TEXT,
    new       TEXT,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at        TEXT NOT NULL
);
CREATE INDEX action_log_of_action ON action_log (action_id);

-- Evidence that an action was done: photos and documents (kept on Telegram's servers; the bot
-- keeps their ids and names) and notes.
CREATE TABLE action_evidence (
    id             INTEGER PRIMARY KEY,
    action_id      INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('photo', 'document', 'note')),
    file_id        TEXT,
    file_unique_id TEXT,
    file_name      TEXT,
    note           TEXT,
    author_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (action_id, file_unique_id)
);

-- `pending` is rebuilt: what the bot waits for now also serves the action plan and cycles
-- (an action's text, a due date, a partner's name, support needed, evidence, a cycle's name),
-- which concern no assessment. Its kinds are checked by the code (bot.model.PendingKind), so a
-- new kind needs no rebuild. `version` is what the user saw when asked (an action's version,
-- or the organisation's open cycle), so a text never overwrites a change made meanwhile.
CREATE TABLE pending_new (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    assessment_id INTEGER REFERENCES assessments(id) ON DELETE CASCADE,
    item_id       TEXT,
    action_id     INTEGER REFERENCES actions(id) ON DELETE CASCADE,
    org_id        INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    version       INTEGER,
    created_at    TEXT NOT NULL,
    draft         TEXT
);
INSERT INTO pending_new (user_id, kind, assessment_id, item_id, created_at, draft)
    SELECT user_id, kind, assessment_id, item_id, created_at, draft FROM pending;
DROP TABLE pending;
ALTER TABLE pending_new RENAME TO pending;
