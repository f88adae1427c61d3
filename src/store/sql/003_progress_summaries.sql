-- Schema version 3: summaries kept beside the answers so the progress screen reads a few thousand
-- rows instead of scanning every answer. With one million answers, grouping `answers` by day or
-- by question took 0.3 to 3 s even with covering indexes (docs/performance.md). Both tables are
-- updated in the same transaction as each answer, and are rebuilt here from existing answers.

-- The most recent answer of each learner to each question: mistakes and topic mastery.
CREATE TABLE question_last (
    profile_id  INTEGER NOT NULL REFERENCES profiles (id),
    bank_id     TEXT NOT NULL,
    question_id TEXT NOT NULL,
    answer_id   INTEGER NOT NULL,
    topic       TEXT NOT NULL,
    score       REAL NOT NULL,
    answered_ms INTEGER NOT NULL,
    PRIMARY KEY (profile_id, bank_id, question_id)
) WITHOUT ROWID;

CREATE INDEX question_last_profile_time ON question_last (profile_id, answered_ms);

-- Answers and summed score per learner and UTC day (days since 1970-01-01).
CREATE TABLE day_totals (
    profile_id INTEGER NOT NULL REFERENCES profiles (id),
    day        INTEGER NOT NULL,
    answers    INTEGER NOT NULL,
    score_sum  REAL NOT NULL,
    PRIMARY KEY (profile_id, day)
) WITHOUT ROWID;

INSERT INTO question_last (profile_id, bank_id, question_id, answer_id, topic, score, answered_ms)
SELECT profile_id, bank_id, question_id, id, topic, score, answered_ms
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY profile_id, bank_id, question_id
        ORDER BY answered_ms DESC, id DESC
    ) AS recency
    FROM answers
)
WHERE recency = 1;

-- Floor division, so that a day is [00:00, 24:00) UTC even before 1970 (SQLite's `/` truncates).
INSERT INTO day_totals (profile_id, day, answers, score_sum)
SELECT profile_id,
       (answered_ms - ((answered_ms % 86400000) + 86400000) % 86400000) / 86400000 AS day,
       count(*),
       sum(score)
FROM answers
GROUP BY profile_id, day;
