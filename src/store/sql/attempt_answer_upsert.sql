INSERT INTO exam_attempt_answers (attempt_id, n, response_json, score, flagged, time_ms, updated_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (attempt_id, n) DO UPDATE SET
    response_json = excluded.response_json,
    score = excluded.score,
    flagged = excluded.flagged,
    time_ms = excluded.time_ms,
    updated_ms = excluded.updated_ms
