-- Schema version 4: how many times each learner answered each question, kept beside the most
-- recent answer in `question_last`, so the progress screen can count answers to questions no
-- longer in any bank from a few thousand summary rows instead of reading every answer.
-- Both summaries are rebuilt from the answers, as version 3 built them.

ALTER TABLE question_last ADD COLUMN answers INTEGER NOT NULL DEFAULT 0;

DELETE FROM question_last;

INSERT INTO question_last (profile_id, bank_id, question_id, answer_id, topic, score, answered_ms, answers)
SELECT profile_id, bank_id, question_id, id, topic, score, answered_ms, answers
FROM (
    SELECT *,
           row_number() OVER (
               PARTITION BY profile_id, bank_id, question_id
               ORDER BY answered_ms DESC, id DESC
           ) AS recency,
           count(*) OVER (PARTITION BY profile_id, bank_id, question_id) AS answers
    FROM answers
)
WHERE recency = 1;

DELETE FROM day_totals;

-- Floor division, so that a day is [00:00, 24:00) UTC even before 1970 (SQLite's `/` truncates).
INSERT INTO day_totals (profile_id, day, answers, score_sum)
SELECT profile_id,
       (answered_ms - ((answered_ms % 86400000) + 86400000) % 86400000) / 86400000 AS day,
       count(*),
       sum(score)
FROM answers
GROUP BY profile_id, day;
