-- Notes belong to their authors: one note per author per item, each with its own time. A new
-- note from the same author replaces that author's earlier one (kept in answer_log); a
-- colleague's note is never touched. author_id is NULL once the author is forgotten.
CREATE TABLE notes (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    author_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    text          TEXT NOT NULL,
    written_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX notes_author ON notes (assessment_id, item_id, author_id);
CREATE INDEX notes_author_id ON notes (author_id);

-- Every note kept in answers.note moves here, with the author and time of the answer_log entry
-- that wrote it (the answer's author_id is whoever touched the row last, not necessarily the
-- note's author); without such an entry, the answer's author and time.
INSERT INTO notes (assessment_id, item_id, author_id, text, written_at)
SELECT x.assessment_id, x.item_id,
       COALESCE(
           (SELECT l.author_id FROM answer_log l
             WHERE l.assessment_id = x.assessment_id AND l.item_id = x.item_id
               AND l.field = 'note' AND l.new IS x.note ORDER BY l.id DESC LIMIT 1),
           x.author_id),
       x.note,
       COALESCE(
           (SELECT l.at FROM answer_log l
             WHERE l.assessment_id = x.assessment_id AND l.item_id = x.item_id
               AND l.field = 'note' AND l.new IS x.note ORDER BY l.id DESC LIMIT 1),
           x.answered_at)
  FROM answers x
 WHERE x.note IS NOT NULL AND x.note != '';

-- The answer's author is who scored: a note used to make its writer the row's author. Set back
-- from the last score change in the history, where there is one.
UPDATE answers
   SET author_id = (SELECT l.author_id FROM answer_log l
                     WHERE l.assessment_id = answers.assessment_id
                       AND l.item_id = answers.item_id AND l.field = 'score'
                     ORDER BY l.id DESC LIMIT 1),
       answered_at = (SELECT l.at FROM answer_log l
                       WHERE l.assessment_id = answers.assessment_id
                         AND l.item_id = answers.item_id AND l.field = 'score'
                       ORDER BY l.id DESC LIMIT 1)
 WHERE score IS NOT NULL
   AND EXISTS (SELECT 1 FROM answer_log l
                WHERE l.assessment_id = answers.assessment_id
                  AND l.item_id = answers.item_id AND l.field = 'score');

-- answers.note is no longer read or written: cleared so no second copy of a note outlives it
-- (/forget and retention act on notes). A row that held only a note had no score: it goes.
UPDATE answers SET note = NULL WHERE note IS NOT NULL;
DELETE FROM answers WHERE score IS NULL;

-- In the history, a note change keeps the text its author wrote (new) and no longer the text it
-- replaced (old): that text is the 'new' of the entry before it, and may be a colleague's words,
-- which must not show in this author's /mydata nor outlive the colleague's /forget.
UPDATE answer_log SET old = NULL WHERE field = 'note';

-- Who was removed from an organisation, so that they are told they are no longer a member
-- (rather than that a button is not for them). Deleted with the user, or when they rejoin.
CREATE TABLE removals (
    org_id     INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    removed_at TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
