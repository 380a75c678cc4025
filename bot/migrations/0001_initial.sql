-- Organisations, their members, assessments, answers and the audit log.
CREATE TABLE organisations (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    responder_code   TEXT NOT NULL UNIQUE,
    coordinator_code TEXT NOT NULL UNIQUE,
    created_at       TEXT NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,          -- the Telegram user id
    first_name     TEXT NOT NULL DEFAULT '',
    language       TEXT,                         -- chosen by the user; NULL = from Telegram
    current_org_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    current_assessment_id INTEGER REFERENCES assessments(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    last_seen_at   TEXT NOT NULL
);

CREATE TABLE members (
    org_id    INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('responder', 'coordinator')),
    joined_at TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);

CREATE TABLE assessments (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    checklist_id TEXT NOT NULL,
    cycle        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (org_id, checklist_id, cycle)
);

CREATE TABLE answers (
    assessment_id     INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    item_id           TEXT NOT NULL,
    score             TEXT CHECK (score IN ('0', '1', '2', '3', 'dk', 'na')),
    note              TEXT,
    author_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    answered_at       TEXT NOT NULL,
    checklist_version INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, item_id)
);

-- Append-only: one row per change of a score or a note.
CREATE TABLE answer_log (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    field         TEXT NOT NULL CHECK (field IN ('score', 'note')),
    old           TEXT,
    new           TEXT,
    author_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at            TEXT NOT NULL
);
CREATE INDEX answer_log_item ON answer_log (assessment_id, item_id);

CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY,
    assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    item_id        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('photo', 'document')),
    file_id        TEXT NOT NULL,
    file_unique_id TEXT NOT NULL,
    file_name      TEXT,
    author_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (assessment_id, item_id, file_unique_id)
);

-- What the bot waits for from a user (the text of a note): kept here, not in memory.
CREATE TABLE pending (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('note')),
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
