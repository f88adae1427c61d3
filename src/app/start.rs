//! What a quiz is built from ([`QuizStart`]), kept while it runs so that "Restart with the
//! changes" (live reload) builds the same quiz again from the library as it is now: a practice
//! quiz draws again with its filter, and a quiz of explicit questions (the retry of the missed
//! ones) takes those questions again, with their new text, leaving out the ones deleted since.

use super::map::MapItem;
use super::session::{
    ActiveSession, event_quiz, map_quiz, mistakes_quiz, practice_quiz, study_quiz,
};
use super::{Learner, Library, try_question_quiz};
use crate::engine::{Filter, Quiz, quiz_of};
use crate::model::{BankId, QuestionId};
use crate::store::Mode;

/// Which questions a quiz takes.
#[derive(Clone, Debug, PartialEq)]
pub enum QuizSpec {
    /// The questions the filter picks (practice).
    Practice(Filter),
    /// The learner's last mistakes still in a loaded bank (review).
    Mistakes,
    /// Questions due for study, then new ones the filter accepts.
    Study(Filter),
    /// The questions linked to an event of a bank's timeline.
    Event(BankId, String),
    /// The questions linked to a group or relation of a bank's map.
    Map(BankId, MapItem),
    /// One question tried from the bank browser (nothing is recorded).
    Try(BankId, String),
    /// Exactly these questions, in this order (the retry of the missed ones).
    Items(Vec<(BankId, QuestionId)>),
}

/// How a quiz was started: its questions and its mode. [`QuizStart::build`] builds it from the
/// library as it is, so building again after a reload takes the changes.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizStart {
    /// Which questions.
    pub spec: QuizSpec,
    /// Practice, review or study.
    pub mode: Mode,
}

impl QuizStart {
    /// A practice quiz of the questions `filter` picks.
    pub fn practice(filter: Filter) -> Self {
        Self::of(QuizSpec::Practice(filter), Mode::Practice)
    }

    /// A review of the learner's last mistakes.
    pub fn mistakes() -> Self {
        Self::of(QuizSpec::Mistakes, Mode::Review)
    }

    /// A study quiz with `filter`.
    pub fn study(filter: Filter) -> Self {
        Self::of(QuizSpec::Study(filter), Mode::Study)
    }

    /// A practice quiz of an event's questions.
    pub fn event(bank: BankId, event: String) -> Self {
        Self::of(QuizSpec::Event(bank, event), Mode::Practice)
    }

    /// A practice quiz of a map item's questions.
    pub fn map(bank: BankId, item: MapItem) -> Self {
        Self::of(QuizSpec::Map(bank, item), Mode::Practice)
    }

    /// One question of a bank, tried.
    pub fn try_question(bank: BankId, question: String) -> Self {
        Self::of(QuizSpec::Try(bank, question), Mode::Practice)
    }

    /// The questions `session` missed so far (not answered fully right), in the session's mode.
    pub fn retry_missed(session: &ActiveSession) -> Self {
        Self::of(QuizSpec::Items(session.missed()), session.mode)
    }

    fn of(spec: QuizSpec, mode: Mode) -> Self {
        Self { spec, mode }
    }

    /// Whether this is a question tried from the browser.
    pub fn is_tried_question(&self) -> bool {
        matches!(self.spec, QuizSpec::Try(..))
    }

    /// Builds the quiz from `library` as it is now, shuffled with `seed`; study takes the
    /// questions due before `due_before_ms`. Questions no longer loaded are left out (the quiz
    /// may then be empty).
    pub fn build(
        &self,
        library: &Library,
        learner: &mut Learner,
        due_before_ms: i64,
        seed: u64,
    ) -> Quiz {
        match &self.spec {
            QuizSpec::Practice(filter) => practice_quiz(library, filter, seed),
            QuizSpec::Mistakes => mistakes_quiz(library, learner, seed),
            QuizSpec::Study(filter) => study_quiz(library, learner, filter, due_before_ms, seed),
            QuizSpec::Event(bank, event) => event_quiz(library, bank, event, seed),
            QuizSpec::Map(bank, item) => map_quiz(library, bank, item, seed),
            QuizSpec::Try(bank, question) => try_question_quiz(library, bank, question, seed),
            QuizSpec::Items(items) => items_quiz(library, items, seed),
        }
    }
}

/// A quiz of exactly these questions, in this order, as the library has them now (those no
/// longer loaded left out).
pub fn items_quiz(library: &Library, items: &[(BankId, QuestionId)], seed: u64) -> Quiz {
    let items = items
        .iter()
        .filter_map(|(bank, id)| {
            let b = library.bank(bank)?;
            Some((b.id.clone(), b.version.clone(), b.question(id)?.clone()))
        })
        .collect();
    quiz_of(items, seed)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::app::tests::tiny_bank;
    use crate::engine::Response;
    use crate::store::Store;

    const NOW: i64 = 1_709_283_601_000;

    fn ids(quiz: &Quiz) -> Vec<(String, String)> {
        quiz.items
            .iter()
            .map(|i| (i.bank.0.clone(), i.question.id.0.clone()))
            .collect()
    }

    /// A finished practice session over bank `b` where q1 and q3 were answered wrong.
    fn session_with_misses(library: &Library, learner: &mut Learner) -> ActiveSession {
        let start = QuizStart::practice(Filter {
            banks: library.ids(),
            ..Filter::default()
        });
        let quiz = start.build(library, learner, NOW, 1);
        let mut s = ActiveSession::start(learner, quiz, Mode::Practice, NOW).unwrap();
        loop {
            let id = s.current().unwrap().question.id.0.clone();
            let choice = usize::from(id == "q1" || id == "q3");
            s.answer(
                learner,
                Response::Single(Some(choice)),
                Duration::ZERO,
                NOW,
                0.9,
            );
            if !s.advance() {
                break;
            }
        }
        s
    }

    #[test]
    fn the_retry_of_missed_questions_rebuilds_only_them_with_their_new_text() {
        let mut library = Library::new(vec![tiny_bank("b", 4), tiny_bank("c", 2)], vec![]);
        let mut learner = Learner::open(Store::open_in_memory().unwrap(), NOW);
        let session = session_with_misses(&library, &mut learner);
        let retry = QuizStart::retry_missed(&session);
        assert_eq!(retry.mode, Mode::Practice);
        let mut missed = ids(&retry.build(&library, &mut learner, NOW, 2));
        missed.sort();
        assert_eq!(
            missed,
            [("b", "q1"), ("b", "q3"), ("c", "q1")].map(|(b, q)| (b.to_owned(), q.to_owned()))
        );

        // The bank changes: q1's prompt is edited and q3 is deleted.
        let mut edited = tiny_bank("b", 4);
        edited.questions[1].prompt = "Edited?".into();
        edited.questions.remove(3);
        library.banks[0] = edited;
        let rebuilt = retry.build(&library, &mut learner, NOW, 3);
        let mut got: Vec<(String, String, String)> = rebuilt
            .items
            .iter()
            .map(|i| {
                let (b, q) = (i.bank.0.clone(), i.question.id.0.clone());
                (b, q, i.question.prompt.clone())
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            [("b", "q1", "Edited?"), ("c", "q1", "Question 1?")].map(|(b, q, p)| (
                b.to_owned(),
                q.to_owned(),
                p.to_owned()
            ))
        );
        // A bank that is gone leaves its questions out.
        library.banks.remove(1);
        assert_eq!(
            ids(&retry.build(&library, &mut learner, NOW, 4)),
            [("b".to_owned(), "q1".to_owned())]
        );
    }

    #[test]
    fn each_start_builds_the_quiz_its_builder_builds_in_its_mode() {
        let library = crate::app::map::tests::library();
        let mut learner = Learner::open(Store::open_in_memory().unwrap(), NOW);
        let b = BankId("b".into());
        let filter = Filter {
            banks: [b.clone()].into(),
            count: Some(3),
            ..Filter::default()
        };
        let practice = QuizStart::practice(filter.clone());
        assert_eq!(practice.mode, Mode::Practice);
        assert_eq!(
            ids(&practice.build(&library, &mut learner, NOW, 5)),
            ids(&practice_quiz(&library, &filter, 5))
        );
        let study = QuizStart::study(filter.clone());
        assert_eq!(study.mode, Mode::Study);
        assert_eq!(study.build(&library, &mut learner, NOW, 5).items.len(), 3);
        let mistakes = QuizStart::mistakes();
        assert_eq!(mistakes.mode, Mode::Review);
        assert!(
            mistakes
                .build(&library, &mut learner, NOW, 5)
                .items
                .is_empty(),
            "no mistakes yet"
        );
        let event = QuizStart::event(b.clone(), "e1".into());
        assert_eq!(
            ids(&event.build(&library, &mut learner, NOW, 5)),
            [("b".to_owned(), "q4".to_owned())]
        );
        let map = QuizStart::map(b.clone(), MapItem::Relation("bc".into()));
        assert_eq!(map.build(&library, &mut learner, NOW, 5).items.len(), 2);
        let tried = QuizStart::try_question(b.clone(), "q2".into());
        assert!(tried.is_tried_question() && !map.is_tried_question());
        assert_eq!(
            ids(&tried.build(&library, &mut learner, NOW, 5)),
            [("b".to_owned(), "q2".to_owned())]
        );
        let gone = QuizStart::try_question(b, "q99".into());
        assert!(gone.build(&library, &mut learner, NOW, 5).items.is_empty());
    }
}
