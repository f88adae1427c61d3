-- Submitted attempts of one exam code, for every learner (?2 NULL) or one.
SELECT id, profile_id, exam_code, form, exam_json, started_ms, deadline_ms, submitted_ms,
       auto_submitted
FROM exam_attempts
WHERE exam_code = ?1 AND (?2 IS NULL OR profile_id = ?2) AND submitted_ms IS NOT NULL
ORDER BY started_ms, id
