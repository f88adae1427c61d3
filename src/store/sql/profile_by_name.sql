SELECT id, name, created_ms, last_used_ms
FROM profiles
WHERE name = ?1
