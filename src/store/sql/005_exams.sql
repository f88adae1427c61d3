-- Schema version 5: exam attempts and their answers (issue 9).
--
-- An attempt keeps its exam definition and paper as JSON (`exam_json`), so it can be resumed and
-- exported even if the bank changes later. The deadline is stored, not kept in a timer: reopening
-- the app after a crash resumes with the time already used counted. Each answer row is written in
-- its own transaction the moment it changes.

CREATE TABLE exam_attempts (
    id             TEXT PRIMARY KEY,          -- UUID
    profile_id     INTEGER NOT NULL REFERENCES profiles (id),
    exam_code      TEXT NOT NULL,
    form           TEXT,                      -- NULL for an exam without forms
    exam_json      TEXT NOT NULL,
    started_ms     INTEGER NOT NULL,
    deadline_ms    INTEGER NOT NULL,
    submitted_ms   INTEGER,                   -- NULL while the attempt is open
    auto_submitted INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- A learner's open attempt, and deleting a learner.
CREATE INDEX exam_attempts_profile ON exam_attempts (profile_id, submitted_ms, started_ms);

-- `results export --exam CODE`.
CREATE INDEX exam_attempts_code ON exam_attempts (exam_code, started_ms);

CREATE TABLE exam_attempt_answers (
    attempt_id    TEXT NOT NULL REFERENCES exam_attempts (id),
    n             INTEGER NOT NULL,           -- 0-based position in the paper
    response_json TEXT,                       -- engine `Response`; NULL when cleared or unanswered
    score         REAL NOT NULL,
    flagged       INTEGER NOT NULL,
    time_ms       INTEGER NOT NULL,           -- time spent on the question so far
    updated_ms    INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, n)
) WITHOUT ROWID;
