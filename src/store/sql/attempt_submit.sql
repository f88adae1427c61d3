-- Only an open attempt is submitted; submitting twice keeps the first time.
UPDATE exam_attempts SET submitted_ms = ?2, auto_submitted = ?3
WHERE id = ?1 AND submitted_ms IS NULL
