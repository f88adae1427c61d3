SELECT id, profile_id, exam_code, form, exam_json, started_ms, deadline_ms, submitted_ms,
       auto_submitted
FROM exam_attempts
WHERE id = ?1
