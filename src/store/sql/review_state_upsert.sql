INSERT OR REPLACE INTO review_states (
    profile_id, bank_id, question_id, stability, difficulty, due_ms, last_review_ms, reps, lapses,
    state, scheduled_days
)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
