-- Whether an LRS acknowledged one statement.
SELECT EXISTS (SELECT 1 FROM lrs_outbox WHERE endpoint = ?1 AND statement_id = ?2)
