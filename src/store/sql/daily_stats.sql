SELECT day, answers, score_sum / answers
FROM day_totals
WHERE profile_id = ?1
ORDER BY day
