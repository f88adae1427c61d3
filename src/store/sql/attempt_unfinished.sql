SELECT id, profile_id, exam_code, form, exam_json, started_ms, deadline_ms, submitted_ms,
       auto_submitted
FROM exam_attempts
WHERE profile_id = ?1 AND submitted_ms IS NULL
ORDER BY started_ms DESC, id
LIMIT 1
