SELECT n, response_json, score, flagged, time_ms, updated_ms
FROM exam_attempt_answers
WHERE attempt_id = ?1
ORDER BY n
