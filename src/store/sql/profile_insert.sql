INSERT INTO profiles (name, created_ms, last_used_ms)
VALUES (?1, ?2, ?2)
RETURNING id, name, created_ms, last_used_ms
