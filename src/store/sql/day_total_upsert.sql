INSERT INTO day_totals (profile_id, day, answers, score_sum)
VALUES (?1, ?2, 1, ?3)
ON CONFLICT (profile_id, day) DO UPDATE SET
    answers = answers + 1,
    score_sum = score_sum + excluded.score_sum
