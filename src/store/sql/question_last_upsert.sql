-- Keeps the most recent answer per learner and question (a later row wins a tie in time) and
-- counts every answer. In an upsert, `question_last.*` are the row's values before the update.
INSERT INTO question_last (profile_id, bank_id, question_id, answer_id, topic, score, answered_ms, answers)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)
ON CONFLICT (profile_id, bank_id, question_id) DO UPDATE SET
    answers = question_last.answers + 1,
    answer_id = iif(excluded.answered_ms >= question_last.answered_ms,
                    excluded.answer_id, question_last.answer_id),
    topic = iif(excluded.answered_ms >= question_last.answered_ms,
                excluded.topic, question_last.topic),
    score = iif(excluded.answered_ms >= question_last.answered_ms,
                excluded.score, question_last.score),
    answered_ms = max(excluded.answered_ms, question_last.answered_ms)
