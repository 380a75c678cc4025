-- Editions, the quick check and kinds of place. Only adds tables and columns.
-- Each assessment records the edition of its checklist it is answered against (the edition its
-- answers were given under; before editions were recorded there was only edition 1) and whether
-- it is a quick check (the minimum-tier items only).
ALTER TABLE assessments ADD COLUMN checklist_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assessments ADD COLUMN quick INTEGER NOT NULL DEFAULT 0 CHECK (quick IN (0, 1));
UPDATE assessments SET checklist_version = COALESCE(
    (SELECT MAX(x.checklist_version) FROM answers x WHERE x.assessment_id = assessments.id), 1
);

-- What coordinators set for their organisation; no row means the defaults (a place of
-- destination and transit).
CREATE TABLE organisation_settings (
    org_id     INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    kinds      TEXT NOT NULL,                  -- e.g. 'destination,transit,origin'
    updated_at TEXT NOT NULL
);

-- A member to be told, once, that an assessment moved to a new edition; deleted when told.
CREATE TABLE edition_notices (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    assessment_id   INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    new_items       INTEGER NOT NULL,
    kept_answers    INTEGER NOT NULL,
    retired_answers INTEGER NOT NULL,
    PRIMARY KEY (user_id, assessment_id)
);
