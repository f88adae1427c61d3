//! Sessions: building practice, review, study and event quizzes, and answering them. An answer
//! is graded, recorded and (in study mode) scheduled in one call and one store transaction.

use std::collections::BTreeSet;
use std::time::Duration;

use super::map::{MapItem, existing, item_questions};
use super::{Learner, Library};
use crate::engine::{
    Answered, Filter, Memory, Quiz, QuizItem, Recall, Response, Session, build_quiz, quiz_of,
};
use crate::model::{Bank, BankId, QuestionId};
use crate::store::{Mode, NewAnswer, ReviewState, SessionId};

/// A quiz of the questions `filter` picks, shuffled with `seed`.
pub fn practice_quiz(library: &Library, filter: &Filter, seed: u64) -> Quiz {
    build_quiz(&library.banks, filter, seed)
}

/// A quiz of the learner's last mistakes (wrong or partly right on their last answer) that are
/// still in a loaded bank.
pub fn mistakes_quiz(library: &Library, learner: &mut Learner, seed: u64) -> Quiz {
    let mistakes = learner.with(|s, p| s.mistakes(p.id)).unwrap_or_default();
    let items = mistakes
        .iter()
        .filter_map(|(b, q)| library.find_question(b, q))
        .map(|(b, q)| (b.id.clone(), b.version.clone(), q.clone()))
        .collect();
    quiz_of(items, seed)
}

/// The learner's last mistakes still in a loaded bank: (bank, question), most recent first.
pub fn mistakes(library: &Library, learner: &mut Learner) -> Vec<(String, String)> {
    let mut found = learner.with(|s, p| s.mistakes(p.id)).unwrap_or_default();
    found.retain(|(bank, question)| library.find_question(bank, question).is_some());
    found
}

/// A study quiz: questions due before `due_before_ms` (most overdue first), then questions never
/// studied that `filter` accepts, up to the filter's count (10 without one).
pub fn study_quiz(
    library: &Library,
    learner: &mut Learner,
    filter: &Filter,
    due_before_ms: i64,
    seed: u64,
) -> Quiz {
    let reviews = learner
        .with(|s, p| s.review_states(p.id))
        .unwrap_or_default();
    let limit = filter.count.unwrap_or(10);
    let mut due: Vec<&ReviewState> = reviews
        .iter()
        .filter(|r| r.memory.is_due(due_before_ms))
        .collect();
    due.sort_by_key(|r| r.memory.due_ms);
    let mut items = Vec::new();
    for r in due {
        if let Some((b, q)) = library.find_question(&r.bank_id, &r.question_id)
            && filter.accepts(b, q)
        {
            items.push((b.id.clone(), b.version.clone(), q.clone()));
        }
    }
    items.truncate(limit);
    if items.len() < limit {
        let studied: BTreeSet<(&str, &str)> = reviews
            .iter()
            .map(|r| (r.bank_id.as_str(), r.question_id.as_str()))
            .collect();
        let all = Filter {
            count: None,
            ..filter.clone()
        };
        let fresh = build_quiz(&library.banks, &all, seed);
        for item in fresh.items {
            if items.len() >= limit {
                break;
            }
            if !studied.contains(&(item.bank.0.as_str(), item.question.id.0.as_str())) {
                items.push((item.bank, item.bank_version, item.question));
            }
        }
    }
    quiz_of(items, seed)
}

/// A quiz of the questions linked to event `event_id` of bank `bank_id`.
pub fn event_quiz(library: &Library, bank_id: &BankId, event_id: &str, seed: u64) -> Quiz {
    let Some(bank) = library.bank(bank_id) else {
        return Quiz::default();
    };
    let Some(event) = bank.events.iter().find(|e| e.id == event_id) else {
        return Quiz::default();
    };
    let items = event
        .questions
        .iter()
        .filter_map(|id| bank.question(id))
        .map(|q| (bank.id.clone(), bank.version.clone(), q.clone()))
        .collect();
    quiz_of(items, seed)
}

/// A quiz of the questions linked to a map group or relation of bank `bank_id` (a group: all its
/// relations' questions): the map card's "Practise these N questions".
pub fn map_quiz(library: &Library, bank_id: &BankId, item: &MapItem, seed: u64) -> Quiz {
    let Some(bank) = library.bank(bank_id) else {
        return Quiz::default();
    };
    linked_quiz(bank, &item_questions(bank, item), seed)
}

/// A quiz of the questions `ids` of `bank` (unknown ids left out, each once), shuffled with
/// `seed`.
pub fn linked_quiz(bank: &Bank, ids: &[QuestionId], seed: u64) -> Quiz {
    let items = existing(bank, ids)
        .iter()
        .filter_map(|id| bank.question(id))
        .map(|q| (bank.id.clone(), bank.version.clone(), q.clone()))
        .collect();
    quiz_of(items, seed)
}

/// A study answer whose schedule may still change when the learner rates their recall.
#[derive(Clone, Debug, PartialEq)]
struct PendingReview {
    bank_id: String,
    question_id: String,
    /// The memory before this answer.
    prior: Memory,
    /// The rating already applied (the one the score implies).
    applied: Recall,
    answered_ms: i64,
}

/// A session in progress: the engine's session, what it is for, and its row in the store.
#[derive(Clone, Debug)]
pub struct ActiveSession {
    /// Questions, position and answers.
    pub session: Session,
    /// Practice, review or study.
    pub mode: Mode,
    /// The session's row in the store, when progress is saved.
    pub store_session: Option<SessionId>,
    pending: Option<PendingReview>,
}

impl ActiveSession {
    /// Starts `quiz` for the current learner; `None` when the quiz has no questions.
    pub fn start(learner: &mut Learner, quiz: Quiz, mode: Mode, now_ms: i64) -> Option<Self> {
        if quiz.items.is_empty() {
            return None;
        }
        let store_session = learner.with(|s, p| s.start_session(p.id, mode, now_ms));
        Some(Self {
            session: Session::new(quiz),
            mode,
            store_session,
            pending: None,
        })
    }

    /// The question showing.
    pub fn current(&self) -> Option<&QuizItem> {
        self.session.current()
    }

    /// Grades `response` to the current question and records it at once. In study mode the
    /// question's FSRS memory moves on in the same transaction, with the rating the score
    /// implies; [`ActiveSession::rate`] can still change that rating.
    pub fn answer(
        &mut self,
        learner: &mut Learner,
        response: Response,
        time_taken: Duration,
        now_ms: i64,
        retention: f64,
    ) -> Option<&Answered> {
        let item = self.session.current()?.clone();
        let answered = self.session.submit(response, time_taken)?.clone();
        let record = self.store_session.and_then(|session| {
            let response_json = serde_json::to_string(&answered.response).ok()?;
            Some((session, response_json))
        });
        if let Some((session, response_json)) = record {
            let answer = |profile| NewAnswer {
                session,
                profile,
                bank_id: item.bank.0.clone(),
                bank_version: item.bank_version.clone(),
                question_id: item.question.id.0.clone(),
                topic: item.question.topic.clone(),
                kind: item.question.kind.name().to_owned(),
                response_json: response_json.clone(),
                score: answered.grade.score,
                time_taken_ms: i64::try_from(answered.time_taken.as_millis()).unwrap_or(i64::MAX),
                answered_ms: now_ms,
            };
            if self.mode == Mode::Study {
                let recall = Recall::from_score(answered.grade.score);
                let (bank_id, question_id) = (item.bank.0.clone(), item.question.id.0.clone());
                self.pending = learner.with(|s, p| {
                    let prior = s
                        .review_state(p.id, &bank_id, &question_id)?
                        .map_or_else(|| Memory::new_at(now_ms), |r| r.memory);
                    let state = ReviewState {
                        bank_id: bank_id.clone(),
                        question_id: question_id.clone(),
                        memory: prior.review(recall, now_ms, retention),
                    };
                    s.record_review(&answer(p.id), &state)?;
                    Ok(PendingReview {
                        bank_id: bank_id.clone(),
                        question_id: question_id.clone(),
                        prior,
                        applied: recall,
                        answered_ms: now_ms,
                    })
                });
            } else {
                learner.with(|s, p| s.record_answer(&answer(p.id)));
            }
        }
        self.session.current_answer()
    }

    /// Study mode: the learner's own rating of the answer just given. A rating other than the
    /// one already applied reschedules the question from its memory before this answer.
    pub fn rate(&mut self, learner: &mut Learner, recall: Recall, retention: f64) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        if pending.applied == recall {
            return;
        }
        let state = ReviewState {
            memory: pending.prior.review(recall, pending.answered_ms, retention),
            bank_id: pending.bank_id,
            question_id: pending.question_id,
        };
        learner.with(|s, p| s.set_review_state(p.id, &state));
    }

    /// Moves to the next question; false at the end of the quiz.
    pub fn advance(&mut self) -> bool {
        self.pending = None;
        self.session.advance()
    }

    /// Closes the session's row in the store.
    pub fn finish(&mut self, learner: &mut Learner, now_ms: i64) {
        if let Some(id) = self.store_session.take() {
            learner.with(|s, _| s.finish_session(id, now_ms));
        }
    }

    /// A new quiz of the questions missed so far (the copies this session has).
    pub fn retry_missed(&self, seed: u64) -> Quiz {
        self.session.retry_missed(seed)
    }

    /// The questions missed so far (not answered fully right), in quiz order: (bank, question).
    pub fn missed(&self) -> Vec<(BankId, QuestionId)> {
        self.session
            .summary()
            .missed
            .into_iter()
            .filter_map(|i| self.session.quiz.items.get(i))
            .map(|item| (item.bank.clone(), item.question.id.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::tiny_bank;
    use crate::store::Store;

    const NOW: i64 = 1_709_283_601_000;

    fn setup() -> (Library, Learner) {
        let library = Library::new(vec![tiny_bank("b", 6)], Vec::new());
        let learner = Learner::open(Store::open_in_memory().unwrap(), NOW);
        (library, learner)
    }

    fn all(library: &Library, count: usize) -> Filter {
        Filter {
            banks: library.ids(),
            count: Some(count),
            ..Filter::default()
        }
    }

    /// The right response to the tiny bank's single-choice questions.
    fn right() -> Response {
        Response::Single(Some(0))
    }

    #[test]
    fn an_answer_is_graded_and_recorded_in_one_call() {
        let (library, mut learner) = setup();
        let quiz = practice_quiz(&library, &all(&library, 3), 1);
        let mut s = ActiveSession::start(&mut learner, quiz, Mode::Practice, NOW).unwrap();
        let a = s
            .answer(&mut learner, right(), Duration::from_secs(2), NOW + 1, 0.9)
            .unwrap();
        assert_eq!(a.grade.score, 1.0);
        s.advance();
        s.answer(
            &mut learner,
            Response::Single(Some(1)),
            Duration::ZERO,
            NOW + 2,
            0.9,
        );
        let stored = learner.with(|st, p| st.answers(p.id)).unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].answer.time_taken_ms, 2_000);
        assert_eq!(stored[1].answer.score, 0.0);
        assert!(
            learner
                .with(|st, p| st.review_states(p.id))
                .unwrap()
                .is_empty(),
            "practice does not schedule"
        );
        assert_eq!(mistakes(&library, &mut learner).len(), 1);
        assert_eq!(mistakes_quiz(&library, &mut learner, 3).items.len(), 1);
    }

    #[test]
    fn study_schedules_with_the_implied_rating_and_a_rating_reschedules() {
        let (library, mut learner) = setup();
        let quiz = study_quiz(&library, &mut learner, &all(&library, 2), NOW, 1);
        assert_eq!(quiz.items.len(), 2, "new questions fill a study quiz");
        let mut s = ActiveSession::start(&mut learner, quiz, Mode::Study, NOW).unwrap();
        let first = s.current().unwrap().question.id.0.clone();
        s.answer(&mut learner, right(), Duration::ZERO, NOW, 0.9);
        let memory = |l: &mut Learner, q: &str| {
            l.with(|st, p| st.review_state(p.id, "b", q))
                .flatten()
                .unwrap()
                .memory
        };
        let good = memory(&mut learner, &first);
        assert_eq!(good, Memory::new_at(NOW).review(Recall::Good, NOW, 0.9));
        // The learner says it was hard after all: rescheduled from the memory before.
        s.rate(&mut learner, Recall::Hard, 0.9);
        let hard = memory(&mut learner, &first);
        assert_eq!(hard, Memory::new_at(NOW).review(Recall::Hard, NOW, 0.9));
        assert!(hard.due_ms <= good.due_ms);
        // Only one answer row, whatever the rating.
        assert_eq!(learner.with(|st, p| st.answers(p.id)).unwrap().len(), 1);
        // Due questions come first in the next study quiz.
        s.advance();
        s.finish(&mut learner, NOW);
        let later = hard.due_ms + 1;
        let next = study_quiz(&library, &mut learner, &all(&library, 1), later, 2);
        assert_eq!(next.items[0].question.id.0, first);
    }

    #[test]
    fn an_empty_quiz_starts_nothing_and_unknown_events_give_empty_quizzes() {
        let (library, mut learner) = setup();
        let none = Filter {
            topics: ["no such topic".to_owned()].into(),
            ..all(&library, 5)
        };
        let quiz = practice_quiz(&library, &none, 1);
        assert!(ActiveSession::start(&mut learner, quiz, Mode::Practice, NOW).is_none());
        assert!(
            event_quiz(&library, &BankId("b".into()), "nope", 1)
                .items
                .is_empty()
        );
        assert!(
            event_quiz(&library, &BankId("x".into()), "e", 1)
                .items
                .is_empty()
        );
    }

    #[test]
    fn without_a_store_answers_are_still_graded() {
        let (library, _) = setup();
        let mut learner = Learner::without_store(None);
        let quiz = practice_quiz(&library, &all(&library, 1), 1);
        let mut s = ActiveSession::start(&mut learner, quiz, Mode::Practice, NOW).unwrap();
        assert!(s.store_session.is_none());
        let a = s.answer(&mut learner, right(), Duration::ZERO, NOW, 0.9);
        assert_eq!(a.unwrap().grade.score, 1.0);
        assert!(!s.advance());
    }

    #[test]
    fn practise_these_builds_a_quiz_of_the_linked_questions() {
        let library = crate::app::map::tests::library();
        let b = BankId("b".into());
        let quiz = map_quiz(&library, &b, &MapItem::Group("a".into()), 7);
        let mut got: Vec<String> = quiz.items.iter().map(|i| i.question.id.0.clone()).collect();
        got.sort();
        assert_eq!(got, ["q0", "q1", "q3"]);
        assert_eq!(
            map_quiz(&library, &b, &MapItem::Relation("bc".into()), 7)
                .items
                .len(),
            2
        );
        assert!(
            map_quiz(&library, &b, &MapItem::Relation("x".into()), 7)
                .items
                .is_empty()
        );
        assert!(
            map_quiz(
                &library,
                &BankId("x".into()),
                &MapItem::Group("a".into()),
                7
            )
            .items
            .is_empty()
        );
    }
}
