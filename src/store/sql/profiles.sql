SELECT id, name, created_ms, last_used_ms
FROM profiles
ORDER BY name COLLATE NOCASE, name
