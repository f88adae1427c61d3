-- Submitted attempts of every learner (?1 NULL) or one, oldest first.
SELECT id, profile_id, exam_code, form, exam_json, started_ms, deadline_ms, submitted_ms,
       auto_submitted
FROM exam_attempts
WHERE (?1 IS NULL OR profile_id = ?1) AND submitted_ms IS NOT NULL
ORDER BY started_ms, id
