-- Run statement by statement with the profile id as ?1, in one transaction; children first, so
-- the foreign keys hold at every step.
DELETE FROM exam_attempt_answers
WHERE attempt_id IN (SELECT id FROM exam_attempts WHERE profile_id = ?1);
DELETE FROM exam_attempts WHERE profile_id = ?1;
DELETE FROM question_last WHERE profile_id = ?1;
DELETE FROM day_totals WHERE profile_id = ?1;
DELETE FROM review_states WHERE profile_id = ?1;
DELETE FROM answers WHERE profile_id = ?1;
DELETE FROM sessions WHERE profile_id = ?1;
DELETE FROM profiles WHERE id = ?1;
