-- Schema version 1: learners, sessions, every answer given, spaced-repetition state.
--
-- Answers and review states refer to questions by (bank_id, question_id) text only, with no
-- foreign key: questions live in bank files, not here, so a changed or deleted question leaves its
-- old answers intact.

CREATE TABLE profiles (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    created_ms   INTEGER NOT NULL,
    last_used_ms INTEGER NOT NULL
);

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    profile_id  INTEGER NOT NULL REFERENCES profiles (id),
    mode        TEXT NOT NULL,
    started_ms  INTEGER NOT NULL,
    finished_ms INTEGER
);

CREATE TABLE answers (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id),
    profile_id    INTEGER NOT NULL REFERENCES profiles (id),
    bank_id       TEXT NOT NULL,
    bank_version  TEXT NOT NULL,
    question_id   TEXT NOT NULL,
    topic         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    response_json TEXT NOT NULL,
    score         REAL NOT NULL,
    time_taken_ms INTEGER NOT NULL,
    answered_ms   INTEGER NOT NULL
);

CREATE TABLE review_states (
    profile_id     INTEGER NOT NULL REFERENCES profiles (id),
    bank_id        TEXT NOT NULL,
    question_id    TEXT NOT NULL,
    stability      REAL NOT NULL,
    difficulty     REAL NOT NULL,
    due_ms         INTEGER NOT NULL,
    last_review_ms INTEGER NOT NULL,
    reps           INTEGER NOT NULL,
    lapses         INTEGER NOT NULL,
    state          INTEGER NOT NULL,
    scheduled_days INTEGER NOT NULL,
    PRIMARY KEY (profile_id, bank_id, question_id)
) WITHOUT ROWID;
