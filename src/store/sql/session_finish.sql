UPDATE sessions SET finished_ms = ?2 WHERE id = ?1
