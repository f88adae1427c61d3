-- All answers of one learner, from the daily totals (one row per day with answers).
SELECT coalesce(sum(answers), 0)
FROM day_totals
WHERE profile_id = ?1
