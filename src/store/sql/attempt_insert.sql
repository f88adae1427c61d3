INSERT INTO exam_attempts (id, profile_id, exam_code, form, exam_json, started_ms, deadline_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
