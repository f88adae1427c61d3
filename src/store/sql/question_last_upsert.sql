-- Keeps the most recent answer per learner and question; a later row wins a tie in time.
INSERT INTO question_last (profile_id, bank_id, question_id, answer_id, topic, score, answered_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (profile_id, bank_id, question_id) DO UPDATE SET
    answer_id = excluded.answer_id,
    topic = excluded.topic,
    score = excluded.score,
    answered_ms = excluded.answered_ms
WHERE excluded.answered_ms >= question_last.answered_ms
