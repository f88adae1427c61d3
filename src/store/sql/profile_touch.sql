UPDATE profiles SET last_used_ms = ?2 WHERE id = ?1
