-- ?2 is the score that counts as fully right.
SELECT topic, count(*), sum(score >= ?2)
FROM question_last
WHERE profile_id = ?1
GROUP BY topic
ORDER BY topic
