-- ?2 is the score that counts as fully right.
SELECT bank_id, question_id
FROM question_last
WHERE profile_id = ?1 AND score < ?2
ORDER BY answered_ms DESC, answer_id DESC
