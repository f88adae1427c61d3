SELECT bank_id, count(*)
FROM review_states
WHERE profile_id = ?1 AND due_ms <= ?2
GROUP BY bank_id
