-- Copies committed pages from the write-ahead log into the database file without waiting for
-- readers (PASSIVE). Returns one row: busy, log frames, frames checkpointed.
PRAGMA wal_checkpoint(PASSIVE)
