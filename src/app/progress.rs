//! The figures of the progress screen, read from the store's summaries: nothing here reads
//! every answer, so opening the screen costs the same at one million answers as at ten
//! (`benches/store.rs`, "open progress").

use std::collections::{BTreeMap, HashMap};

use super::{Learner, Library};
use crate::store::DayStat;

/// Figures for the progress screen, computed once when it opens (not every frame).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgressData {
    /// Answers and mean score per day.
    pub daily: Vec<DayStat>,
    /// Per topic: (questions answered, share right on the last answer, mean FSRS recall).
    pub topics: BTreeMap<String, TopicProgress>,
    /// Answers to questions that are no longer in any loaded bank.
    pub orphaned_answers: usize,
    /// All answers.
    pub total_answers: usize,
}

/// The daily figures in brief (days are the days with answers; ties go to the earliest day).
#[derive(Clone, Debug, PartialEq)]
pub struct DailySummary {
    /// Days with answers.
    pub days: usize,
    /// The first day with answers.
    pub first: DayStat,
    /// The last day with answers.
    pub last: DayStat,
    /// Answers on all days.
    pub answers: usize,
    /// The day with the most answers.
    pub busiest: DayStat,
    /// The day with the highest mean score.
    pub best: DayStat,
    /// The day with the lowest mean score.
    pub worst: DayStat,
}

/// Progress on one topic.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopicProgress {
    /// Distinct questions answered.
    pub answered: usize,
    /// Share of those whose last answer was right (0..1).
    pub mastery: f64,
    /// Mean probability of recall of the topic's studied questions (FSRS), if any were studied.
    pub recall: Option<f64>,
}

impl ProgressData {
    /// Reads the current learner's progress: daily totals, per-topic mastery, FSRS recall at
    /// `now_ms`, and how many answers are to questions no longer in `library`.
    pub fn compute(library: &Library, learner: &mut Learner, now_ms: i64) -> Self {
        let daily = learner.with(|s, p| s.daily_stats(p.id)).unwrap_or_default();
        let topic_stats = learner.with(|s, p| s.topic_stats(p.id)).unwrap_or_default();
        let reviews = learner
            .with(|s, p| s.review_states(p.id))
            .unwrap_or_default();
        let counts = learner
            .with(|s, p| s.answer_counts(p.id))
            .unwrap_or_default();
        let total_answers = learner.with(|s, p| s.answer_total(p.id)).unwrap_or(0);
        // Each loaded question's topic by (bank, question): one pass over the library, then a
        // hash lookup per summary row, instead of a search of every bank per row.
        let topic_of: HashMap<(&str, &str), &str> = library
            .banks
            .iter()
            .flat_map(|b| {
                b.questions
                    .iter()
                    .map(move |q| ((b.id.0.as_str(), q.id.0.as_str()), q.topic.as_str()))
            })
            .collect();
        let topic = |bank: &str, question: &str| topic_of.get(&(bank, question)).copied();
        let orphaned_answers = counts
            .iter()
            .filter(|c| topic(&c.bank_id, &c.question_id).is_none())
            .map(|c| c.answers)
            .sum();
        let mut recall: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
        for r in &reviews {
            if let Some(topic) = topic(&r.bank_id, &r.question_id) {
                let e = recall.entry(topic).or_insert((0.0, 0));
                e.0 += r.memory.retrievability(now_ms);
                e.1 += 1;
            }
        }
        let topics = topic_stats
            .into_iter()
            .map(|t| {
                let progress = TopicProgress {
                    answered: t.questions,
                    mastery: t.last_right as f64 / t.questions.max(1) as f64,
                    recall: recall.get(t.topic.as_str()).map(|(sum, n)| sum / *n as f64),
                };
                (t.topic, progress)
            })
            .collect();
        Self {
            daily,
            topics,
            orphaned_answers,
            total_answers,
        }
    }

    /// The daily charts' figures in a few numbers, for the text that follows each chart (a
    /// screen-reader user cannot see a chart); `None` without answers.
    pub fn daily_summary(&self) -> Option<DailySummary> {
        let first = self.daily.first()?;
        let last = self.daily.last()?;
        let mut busiest = first;
        let mut best = first;
        let mut worst = first;
        for d in &self.daily {
            if d.answers > busiest.answers {
                busiest = d;
            }
            if d.mean_score > best.mean_score {
                best = d;
            }
            if d.mean_score < worst.mean_score {
                worst = d;
            }
        }
        Some(DailySummary {
            days: self.daily.len(),
            first: first.clone(),
            last: last.clone(),
            answers: self.daily.iter().map(|d| d.answers).sum(),
            busiest: busiest.clone(),
            best: best.clone(),
            worst: worst.clone(),
        })
    }

    /// Up to three topics with the lowest mastery, weakest first.
    pub fn weakest(&self) -> Vec<String> {
        let mut topics: Vec<(&String, &TopicProgress)> = self.topics.iter().collect();
        topics.sort_by(|a, b| a.1.mastery.total_cmp(&b.1.mastery).then(a.0.cmp(b.0)));
        topics
            .into_iter()
            .filter(|(_, t)| t.mastery < 1.0)
            .take(3)
            .map(|(name, _)| name.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::app::tests::tiny_bank;
    use crate::app::{ActiveSession, practice_quiz};
    use crate::engine::{Filter, Response};
    use crate::store::{Mode, NewAnswer, Store};

    const NOW: i64 = 1_709_283_601_000;

    #[test]
    fn daily_summary_names_first_last_busiest_best_and_worst_days() {
        let day = |day, answers, mean_score| DayStat {
            day,
            answers,
            mean_score,
        };
        let data = ProgressData {
            daily: vec![
                day(10, 4, 0.5),
                day(12, 9, 0.25),
                day(13, 9, 1.0),
                day(15, 2, 0.75),
            ],
            ..ProgressData::default()
        };
        let s = data.daily_summary().unwrap();
        assert_eq!((s.days, s.answers), (4, 24));
        assert_eq!((s.first.day, s.last.day), (10, 15));
        assert_eq!(s.busiest.day, 12, "the earliest of two busiest days");
        assert_eq!((s.best.day, s.worst.day), (13, 12));
        assert!(ProgressData::default().daily_summary().is_none());
    }

    #[test]
    fn figures_count_answers_topics_and_questions_that_left_the_bank() {
        let library = Library::new(vec![tiny_bank("b", 4)], Vec::new());
        let mut learner = Learner::open(Store::open_in_memory().unwrap(), NOW);
        let filter = Filter {
            count: Some(4),
            ..Filter::default()
        };
        let quiz = practice_quiz(&library, &filter, 1);
        let mut s = ActiveSession::start(&mut learner, quiz, Mode::Practice, NOW).unwrap();
        for (i, pick) in [0, 0, 1, 0].into_iter().enumerate() {
            let at = NOW + i64::try_from(i).unwrap();
            s.answer(
                &mut learner,
                Response::Single(Some(pick)),
                Duration::ZERO,
                at,
                0.9,
            );
            s.advance();
        }
        // Two answers to a question that is not (or no longer) in the bank.
        let session = s.store_session.unwrap();
        for n in 0..2 {
            learner.with(|st, p| {
                st.record_answer(&NewAnswer {
                    session,
                    profile: p.id,
                    bank_id: "b".into(),
                    bank_version: "1".into(),
                    question_id: "gone".into(),
                    topic: "Old".into(),
                    kind: "single".into(),
                    response_json: r#"{"kind":"single","value":0}"#.into(),
                    score: 1.0,
                    time_taken_ms: 0,
                    answered_ms: NOW + 10 + n,
                })
            });
        }
        let data = ProgressData::compute(&library, &mut learner, NOW + 100);
        assert_eq!(data.total_answers, 6);
        assert_eq!(data.orphaned_answers, 2);
        assert_eq!(data.daily.len(), 1);
        assert_eq!(data.daily[0].answers, 6);
        let t = &data.topics["T"];
        assert_eq!((t.answered, t.mastery, t.recall), (4, 0.75, None));
        assert_eq!(data.topics["Old"].mastery, 1.0);
        assert_eq!(data.weakest(), ["T"]);
    }

    #[test]
    fn without_a_store_there_is_nothing_to_show() {
        let library = Library::new(vec![tiny_bank("b", 1)], Vec::new());
        let data = ProgressData::compute(&library, &mut Learner::without_store(None), NOW);
        assert_eq!(data, ProgressData::default());
        assert!(data.weakest().is_empty());
    }
}
