-- Answers per question of one learner, from the summary (one row per question answered).
SELECT bank_id, question_id, answers
FROM question_last
WHERE profile_id = ?1
ORDER BY bank_id, question_id
