SELECT bank_id, question_id, stability, difficulty, due_ms, last_review_ms, reps, lapses, state,
       scheduled_days
FROM review_states
WHERE profile_id = ?1
ORDER BY bank_id, question_id
