-- Schema version 6: the outbox of statements sent to Learning Record Stores (issue 10).
--
-- One row per statement an LRS acknowledged (HTTP 200 to the POST of its batch), per LRS. Statement
-- ids are deterministic, so `results send` skips every id found here for the same endpoint, and a
-- sender killed mid-send resends at most the batch it was in (which the LRS deduplicates by id).

CREATE TABLE lrs_outbox (
    endpoint     TEXT NOT NULL,               -- the LRS's statements URL
    statement_id TEXT NOT NULL,               -- UUID
    acked_ms     INTEGER NOT NULL,
    PRIMARY KEY (endpoint, statement_id)
) WITHOUT ROWID;
