//! A quiz in progress: position, answers, scores, and the results summary.

use std::collections::BTreeMap;
use std::time::Duration;

use super::grade::{Grade, Response, grade};
use super::quiz::{Quiz, QuizItem, quiz_of};

/// One answered question.
#[derive(Clone, Debug, PartialEq)]
pub struct Answered {
    /// What the learner answered.
    pub response: Response,
    /// Its grade.
    pub grade: Grade,
    /// Time from showing the question to submitting.
    pub time_taken: Duration,
}

/// Session state: the quiz, the current position and the answers so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Session {
    /// The quiz being taken.
    pub quiz: Quiz,
    /// Index of the current question.
    pub position: usize,
    /// One slot per question; `Some` once answered.
    pub answers: Vec<Option<Answered>>,
}

/// Results for one topic.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopicSummary {
    /// Questions asked.
    pub asked: usize,
    /// Sum of scores.
    pub score: f64,
    /// Questions answered fully right.
    pub right: usize,
}

/// Results of a finished (or abandoned) session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Questions in the quiz.
    pub asked: usize,
    /// Sum of scores.
    pub score: f64,
    /// Per topic, sorted by topic name.
    pub by_topic: BTreeMap<String, TopicSummary>,
    /// Indices of questions not answered fully right.
    pub missed: Vec<usize>,
}

impl Summary {
    /// Score as a share of questions, 0..1.
    pub fn fraction(&self) -> f64 {
        if self.asked == 0 {
            0.0
        } else {
            self.score / self.asked as f64
        }
    }
}

impl Session {
    /// Starts a session on `quiz`.
    pub fn new(quiz: Quiz) -> Self {
        let answers = vec![None; quiz.items.len()];
        Self {
            quiz,
            position: 0,
            answers,
        }
    }

    /// The current question, unless the session is finished.
    pub fn current(&self) -> Option<&QuizItem> {
        self.quiz.items.get(self.position)
    }

    /// The answer to the current question, once submitted.
    pub fn current_answer(&self) -> Option<&Answered> {
        self.answers.get(self.position).and_then(Option::as_ref)
    }

    /// Grades and records `response` for the current question. Answering twice keeps the first.
    pub fn submit(&mut self, response: Response, time_taken: Duration) -> Option<&Answered> {
        let item = self.quiz.items.get(self.position)?;
        let slot = self.answers.get_mut(self.position)?;
        if slot.is_none() {
            let grade = grade(&item.question.kind, &response);
            *slot = Some(Answered {
                response,
                grade,
                time_taken,
            });
        }
        slot.as_ref()
    }

    /// Moves to the next question. Returns false when the quiz is over.
    pub fn advance(&mut self) -> bool {
        if self.position < self.quiz.items.len() {
            self.position += 1;
        }
        self.position < self.quiz.items.len()
    }

    /// Whether every question has been passed.
    pub fn is_finished(&self) -> bool {
        self.position >= self.quiz.items.len()
    }

    /// Totals, per-topic results and missed questions. Unanswered questions count as 0.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            asked: self.quiz.items.len(),
            ..Summary::default()
        };
        for (i, item) in self.quiz.items.iter().enumerate() {
            let score = self
                .answers
                .get(i)
                .and_then(Option::as_ref)
                .map_or(0.0, |a| a.grade.score);
            let topic = summary
                .by_topic
                .entry(item.question.topic.clone())
                .or_default();
            topic.asked += 1;
            topic.score += score;
            if super::is_right(score) {
                topic.right += 1;
            } else {
                summary.missed.push(i);
            }
            summary.score += score;
        }
        summary
    }

    /// A new quiz of the questions not answered fully right, freshly shuffled with `seed`.
    pub fn retry_missed(&self, seed: u64) -> Quiz {
        let items = self
            .summary()
            .missed
            .into_iter()
            .filter_map(|i| self.quiz.items.get(i))
            .map(|it| {
                (
                    it.bank.clone(),
                    it.bank_version.clone(),
                    it.question.clone(),
                )
            })
            .collect();
        quiz_of(items, seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::quiz::quiz_of;
    use crate::model::{BankId, Citation, Kind, Question, QuestionId};

    fn tf(id: &str, topic: &str, answer: bool) -> (BankId, String, Question) {
        let q = Question {
            id: QuestionId(id.into()),
            topic: topic.into(),
            tags: vec![],
            difficulty: 1,
            kind: Kind::TrueFalse {
                answer,
                feedback_true: None,
                feedback_false: None,
            },
            prompt: "p".into(),
            explanation: "e".into(),
            sources: vec![Citation {
                id: "s".into(),
                locator: None,
            }],
            content_warning: None,
        };
        (BankId("b".into()), "1".into(), q)
    }

    #[test]
    fn walk_through_and_summarise() {
        let quiz = quiz_of(
            vec![tf("a", "X", true), tf("b", "X", false), tf("c", "Y", true)],
            1,
        );
        let mut s = Session::new(quiz);
        let t = Duration::from_secs(3);
        assert_eq!(
            s.submit(Response::TrueFalse(Some(true)), t)
                .map(|a| a.grade.score),
            Some(1.0)
        );
        // A second submit does not change the first answer.
        s.submit(Response::TrueFalse(Some(false)), t);
        assert_eq!(s.current_answer().map(|a| a.grade.score), Some(1.0));
        assert!(s.advance());
        s.submit(Response::TrueFalse(Some(true)), t);
        assert!(s.advance());
        s.submit(Response::TrueFalse(Some(true)), t);
        assert!(!s.advance());
        assert!(s.is_finished());
        let sum = s.summary();
        assert_eq!(sum.asked, 3);
        assert!((sum.score - 2.0).abs() < 1e-9);
        assert_eq!(sum.by_topic["X"].right, 1);
        assert_eq!(sum.by_topic["Y"].right, 1);
        assert_eq!(sum.missed, vec![1]);
        let retry = s.retry_missed(5);
        assert_eq!(retry.items.len(), 1);
        assert_eq!(retry.items[0].question.id.0, "b");
    }
}
