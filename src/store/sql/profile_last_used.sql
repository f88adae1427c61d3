SELECT id, name, created_ms, last_used_ms
FROM profiles
ORDER BY last_used_ms DESC, id DESC
LIMIT 1
