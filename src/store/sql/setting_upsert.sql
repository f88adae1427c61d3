INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)
