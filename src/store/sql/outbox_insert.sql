-- One acknowledged statement (a second acknowledgement keeps the first time).
INSERT OR IGNORE INTO lrs_outbox (endpoint, statement_id, acked_ms) VALUES (?1, ?2, ?3)
