-- Schema version 2: a settings table, and indexes for per-learner lookups.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- A learner's answers in time order (`Store::answers`, export) and deleting a learner.
CREATE INDEX answers_profile_time ON answers (profile_id, answered_ms);

-- A learner's sessions (deleting a learner).
CREATE INDEX sessions_profile ON sessions (profile_id);

-- Due counts per bank.
CREATE INDEX review_states_profile_due ON review_states (profile_id, due_ms);
