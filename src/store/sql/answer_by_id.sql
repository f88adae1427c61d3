SELECT id, session_id, profile_id, bank_id, bank_version, question_id, topic, kind, response_json,
       score, time_taken_ms, answered_ms
FROM answers
WHERE id = ?1
