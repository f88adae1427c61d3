INSERT INTO answers (
    session_id, profile_id, bank_id, bank_version, question_id, topic, kind, response_json, score,
    time_taken_ms, answered_ms
)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
