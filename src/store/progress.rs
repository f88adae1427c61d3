//! The progress screen's queries. They read the summaries kept by `answer.rs` (the most recent
//! answer per question, totals per day), so their cost grows with questions and days, not with
//! answers (docs/performance.md).

use std::collections::BTreeMap;

use rusqlite::{Row, params};

use super::{AnswerCount, DayStat, ProfileId, RIGHT_SCORE, Result, Store, TopicStat, count_at};

impl Store {
    /// Questions whose most recent answer by this profile was not fully right: (bank, question),
    /// most recently answered first. Answering a question fully right removes it.
    pub fn mistakes(&self, profile: ProfileId) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(include_str!("sql/mistakes.sql"))?;
        let rows = stmt.query_map(params![profile.0, RIGHT_SCORE], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Per bank, how many questions with a review state are due at `now_ms` (due at or before).
    /// Banks with nothing due are left out.
    pub fn due_counts(&self, profile: ProfileId, now_ms: i64) -> Result<BTreeMap<String, usize>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/due_counts.sql"))?;
        let rows = stmt.query_map(params![profile.0, now_ms], |row| {
            Ok((row.get(0)?, count_at(row, 1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Answers per day (UTC) and their mean score, oldest first. Days without answers are left
    /// out.
    pub fn daily_stats(&self, profile: ProfileId) -> Result<Vec<DayStat>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/daily_stats.sql"))?;
        let rows = stmt.query_map([profile.0], row_to_day_stat)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many answers the learner gave to each question (bank, question, count), sorted.
    pub fn answer_counts(&self, profile: ProfileId) -> Result<Vec<AnswerCount>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/answer_counts.sql"))?;
        let rows = stmt.query_map([profile.0], |row| {
            Ok(AnswerCount {
                bank_id: row.get(0)?,
                question_id: row.get(1)?,
                answers: count_at(row, 2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many answers the learner gave in all (summed from the daily totals).
    pub fn answer_total(&self, profile: ProfileId) -> Result<usize> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/answer_total.sql"))?;
        Ok(stmt.query_row([profile.0], |row| count_at(row, 0))?)
    }

    /// Per topic: distinct questions answered and how many were right on their last answer.
    /// A question counts under the topic it had when last answered. Sorted by topic.
    pub fn topic_stats(&self, profile: ProfileId) -> Result<Vec<TopicStat>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/topic_stats.sql"))?;
        let rows = stmt.query_map(params![profile.0, RIGHT_SCORE], row_to_topic_stat)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn row_to_day_stat(row: &Row<'_>) -> rusqlite::Result<DayStat> {
    Ok(DayStat {
        day: row.get(0)?,
        answers: count_at(row, 1)?,
        mean_score: row.get(2)?,
    })
}

fn row_to_topic_stat(row: &Row<'_>) -> rusqlite::Result<TopicStat> {
    Ok(TopicStat {
        topic: row.get(0)?,
        questions: count_at(row, 1)?,
        last_right: count_at(row, 2)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::answer::tests::answer;
    use crate::store::review::tests::state;
    use crate::store::{Mode, NewAnswer};

    const DAY: i64 = 86_400_000;
    /// 2024-03-01T00:00:00Z.
    const START: i64 = 1_709_251_200_000;

    fn pair(q: &str) -> (String, String) {
        ("iskp".to_string(), q.to_string())
    }

    fn with_topic(mut a: NewAnswer, topic: &str) -> NewAnswer {
        a.topic = topic.into();
        a
    }

    #[test]
    fn mistakes_follow_the_latest_answer_across_sessions() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let ben = store.create_profile("Ben", 0).unwrap().id;
        let s1 = store.start_session(ada, Mode::Practice, START).unwrap();
        store
            .record_answer(&answer(s1, ada, "q1", 0.0, START + 1))
            .unwrap();
        store
            .record_answer(&answer(s1, ada, "q2", 0.5, START + 2))
            .unwrap();
        store
            .record_answer(&answer(s1, ada, "q3", 1.0, START + 3))
            .unwrap();
        store
            .record_answer(&answer(s1, ada, "q4", 0.0, START + 4))
            .unwrap();
        // Partly right counts as a mistake; most recent first.
        assert_eq!(
            store.mistakes(ada).unwrap(),
            [pair("q4"), pair("q2"), pair("q1")]
        );

        // A later session: q1 right removes it, q3 wrong adds it back on top, q4 answered again
        // wrong moves up.
        let s2 = store.start_session(ada, Mode::Review, START + DAY).unwrap();
        store
            .record_answer(&answer(s2, ada, "q1", 1.0, START + DAY + 1))
            .unwrap();
        store
            .record_answer(&answer(s2, ada, "q4", 0.0, START + DAY + 2))
            .unwrap();
        store
            .record_answer(&answer(s2, ada, "q3", 0.0, START + DAY + 3))
            .unwrap();
        assert_eq!(
            store.mistakes(ada).unwrap(),
            [pair("q3"), pair("q4"), pair("q2")]
        );

        // A score within rounding of 1 is right (as the engine grades it).
        store
            .record_answer(&answer(s2, ada, "q2", 1.0 - 1e-12, START + DAY + 4))
            .unwrap();
        assert_eq!(store.mistakes(ada).unwrap(), [pair("q3"), pair("q4")]);

        // Another learner's answers never mix in.
        assert!(store.mistakes(ben).unwrap().is_empty());
    }

    #[test]
    fn an_answer_recorded_late_does_not_replace_a_newer_one() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let s = store.start_session(ada, Mode::Practice, 0).unwrap();
        store
            .record_answer(&answer(s, ada, "q1", 1.0, 2_000))
            .unwrap();
        store
            .record_answer(&answer(s, ada, "q1", 0.0, 1_000))
            .unwrap();
        assert!(store.mistakes(ada).unwrap().is_empty());
    }

    /// 30 simulated days: on day d (0-based) the learner answers d % 4 questions (none on every
    /// fourth day), alternating right and wrong, across three topics.
    #[test]
    fn daily_and_topic_stats_over_30_days() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", START).unwrap().id;
        let topics = ["attacks", "origins", "recruitment"];
        let mut expected_days = Vec::new();
        let mut n = 0_usize;
        for d in 0..30_i64 {
            let day_start = START + d * DAY;
            let s = store.start_session(ada, Mode::Practice, day_start).unwrap();
            let count = d % 4;
            let mut sum = 0.0;
            for i in 0..count {
                // Late in the UTC day, to catch off-by-one-day grouping.
                let at = day_start + DAY - 1 - i;
                let points = if n % 2 == 0 { 1.0 } else { 0.0 };
                sum += points;
                let q = format!("q{}", n % 20);
                let topic = topics[n % 20 % 3];
                store
                    .record_answer(&with_topic(answer(s, ada, &q, points, at), topic))
                    .unwrap();
                n += 1;
            }
            store.finish_session(s, day_start + DAY - 1).unwrap();
            if count > 0 {
                expected_days.push(DayStat {
                    day: (START + d * DAY) / DAY,
                    answers: usize::try_from(count).unwrap(),
                    mean_score: sum / count as f64,
                });
            }
        }
        assert_eq!(store.daily_stats(ada).unwrap(), expected_days);
        assert_eq!(expected_days.len(), 22);
        assert_eq!(expected_days.iter().map(|d| d.answers).sum::<usize>(), n);

        // Topic stats from the answers themselves: last answer per question.
        let mut last: BTreeMap<String, (String, bool)> = BTreeMap::new();
        for rec in store.answers(ada).unwrap() {
            let a = rec.answer;
            last.insert(a.question_id, (a.topic, a.score >= 1.0));
        }
        let mut want: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for (topic, right) in last.values() {
            let e = want.entry(topic.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(*right);
        }
        let got: Vec<(String, usize, usize)> = store
            .topic_stats(ada)
            .unwrap()
            .into_iter()
            .map(|t| (t.topic, t.questions, t.last_right))
            .collect();
        let want: Vec<(String, usize, usize)> =
            want.into_iter().map(|(t, (q, r))| (t, q, r)).collect();
        assert_eq!(got, want);
        assert_eq!(got.iter().map(|t| t.1).sum::<usize>(), 20);
    }

    #[test]
    fn daily_stats_split_at_utc_midnight() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let s = store.start_session(ada, Mode::Practice, 0).unwrap();
        store
            .record_answer(&answer(s, ada, "q1", 1.0, START - 1))
            .unwrap();
        store
            .record_answer(&answer(s, ada, "q2", 0.0, START))
            .unwrap();
        store
            .record_answer(&answer(s, ada, "q3", 0.5, START + 1))
            .unwrap();
        let days = store.daily_stats(ada).unwrap();
        let day = START / DAY;
        assert_eq!(
            days,
            [
                DayStat {
                    day: day - 1,
                    answers: 1,
                    mean_score: 1.0
                },
                DayStat {
                    day,
                    answers: 2,
                    mean_score: 0.25
                }
            ]
        );
    }

    #[test]
    fn due_counts_per_bank() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let ben = store.create_profile("Ben", 0).unwrap().id;
        store.set_review_state(ada, &state("q1", 100)).unwrap();
        store.set_review_state(ada, &state("q2", 200)).unwrap();
        store.set_review_state(ada, &state("q3", 300)).unwrap();
        let mut other = state("x1", 50);
        other.bank_id = "other".into();
        store.set_review_state(ada, &other).unwrap();
        store.set_review_state(ben, &state("q9", 0)).unwrap();

        assert!(store.due_counts(ada, 49).unwrap().is_empty());
        let due = store.due_counts(ada, 200).unwrap();
        assert_eq!(
            due.into_iter().collect::<Vec<_>>(),
            [("iskp".to_string(), 2), ("other".to_string(), 1)]
        );
        assert_eq!(store.due_counts(ben, 0).unwrap().len(), 1);
    }
}
