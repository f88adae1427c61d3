-- The statement ids an LRS acknowledged.
SELECT statement_id FROM lrs_outbox WHERE endpoint = ?1
