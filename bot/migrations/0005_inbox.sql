-- Every update from Telegram, recorded before it is confirmed: an update received but not
-- handled when the bot stops (or crashes) is handled after the restart, and an update id
-- delivered twice is handled once. The body is kept only until the update is handled.
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,             -- Telegram's update_id
    body        TEXT,                            -- the update as received; NULL once handled
    received_at TEXT NOT NULL,
    handled_at  TEXT,                            -- NULL: not handled yet
    retries     INTEGER NOT NULL DEFAULT 0       -- handlings begun again after a restart
);

CREATE INDEX inbox_unhandled ON inbox (update_id) WHERE handled_at IS NULL;
CREATE INDEX inbox_received ON inbox (received_at);
CREATE INDEX inbox_handled ON inbox (handled_at);
