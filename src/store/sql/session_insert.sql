INSERT INTO sessions (profile_id, mode, started_ms) VALUES (?1, ?2, ?3)
