//! The bank browser's use cases: a bank's questions by search text, kind and difficulty; a
//! one-question quiz to try a question; and the `PATH#QUESTION_ID` target of
//! `counterpoint preview`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::Library;
use crate::engine::{Quiz, quiz_of};
use crate::model::{Bank, BankId, KindName, Question, QuestionId};

/// What the browser lists: every word of `search` (case-insensitive) must occur in the question's
/// id, topic, a tag or the prompt; empty sets accept every kind and difficulty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BrowseFilter {
    /// Words to look for.
    pub search: String,
    /// Kinds to list (empty: all).
    pub kinds: BTreeSet<KindName>,
    /// Difficulty levels to list (empty: all).
    pub difficulties: BTreeSet<u8>,
}

impl BrowseFilter {
    /// Whether `question` is listed.
    pub fn accepts(&self, question: &Question) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&question.kind.kind_name()) {
            return false;
        }
        if !self.difficulties.is_empty() && !self.difficulties.contains(&question.difficulty) {
            return false;
        }
        let words: Vec<String> = self
            .search
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return true;
        }
        let haystack = [
            question.id.0.as_str(),
            question.topic.as_str(),
            question.prompt.as_str(),
        ]
        .into_iter()
        .chain(question.tags.iter().map(String::as_str))
        .collect::<Vec<&str>>()
        .join("\n")
        .to_lowercase();
        words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

/// The questions of `bank` that `filter` accepts, in file order.
pub fn browse<'a>(bank: &'a Bank, filter: &BrowseFilter) -> Vec<&'a Question> {
    bank.questions
        .iter()
        .filter(|q| filter.accepts(q))
        .collect()
}

/// A quiz of the one question `question` of bank `bank` (empty when it is not loaded), to try it
/// out; the caller records nothing.
pub fn try_question_quiz(library: &Library, bank: &BankId, question: &str, seed: u64) -> Quiz {
    let Some(b) = library.bank(bank) else {
        return Quiz::default();
    };
    let Some(q) = b.question(&QuestionId(question.to_owned())) else {
        return Quiz::default();
    };
    quiz_of(vec![(b.id.clone(), b.version.clone(), q.clone())], seed)
}

/// The target of `counterpoint preview PATH[#QUESTION_ID]`: the bank folder (or a file in it)
/// and the question id after the last `#`, if any.
pub fn preview_target(arg: &str) -> (PathBuf, Option<String>) {
    match arg.rsplit_once('#') {
        Some((path, id)) if !id.is_empty() && !path.is_empty() => {
            (PathBuf::from(path), Some(id.to_owned()))
        }
        _ => (PathBuf::from(arg.trim_end_matches('#')), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn bank() -> Bank {
        let mut bank = super::super::tests::tiny_bank("b", 4);
        bank.questions[1].topic = "Origins".into();
        bank.questions[2].tags = vec!["recruitment".into()];
        bank.questions[2].difficulty = 3;
        bank.questions[3].kind = Kind::TrueFalse {
            answer: true,
            feedback_true: None,
            feedback_false: None,
        };
        bank
    }

    fn ids(bank: &Bank, filter: &BrowseFilter) -> Vec<String> {
        browse(bank, filter)
            .iter()
            .map(|q| q.id.0.clone())
            .collect()
    }

    #[test]
    fn search_looks_in_id_topic_tags_and_prompt_ignoring_case() {
        let bank = bank();
        let search = |s: &str| BrowseFilter {
            search: s.into(),
            ..BrowseFilter::default()
        };
        assert_eq!(ids(&bank, &search("")).len(), 4);
        assert_eq!(ids(&bank, &search("q3")), ["q3"]);
        assert_eq!(ids(&bank, &search("origins")), ["q1"]);
        assert_eq!(ids(&bank, &search("RECRUIT")), ["q2"]);
        assert_eq!(ids(&bank, &search("question 0?")), ["q0"]);
        assert_eq!(
            ids(&bank, &search("question recruit")),
            ["q2"],
            "every word"
        );
        assert!(ids(&bank, &search("nothing like it")).is_empty());
    }

    #[test]
    fn kinds_and_difficulties_filter() {
        let bank = bank();
        let by_kind = BrowseFilter {
            kinds: [KindName::TrueFalse].into(),
            ..BrowseFilter::default()
        };
        assert_eq!(ids(&bank, &by_kind), ["q3"]);
        let by_level = BrowseFilter {
            difficulties: [3].into(),
            ..BrowseFilter::default()
        };
        assert_eq!(ids(&bank, &by_level), ["q2"]);
    }

    #[test]
    fn a_question_can_be_tried_alone() {
        let library = Library::new(vec![bank()], vec![]);
        let quiz = try_question_quiz(&library, &BankId("b".into()), "q2", 1);
        assert_eq!(quiz.items.len(), 1);
        assert_eq!(quiz.items[0].question.id.0, "q2");
        assert!(
            try_question_quiz(&library, &BankId("b".into()), "nope", 1)
                .items
                .is_empty()
        );
        assert!(
            try_question_quiz(&library, &BankId("x".into()), "q2", 1)
                .items
                .is_empty()
        );
    }

    #[test]
    fn preview_targets_split_at_the_last_hash() {
        assert_eq!(
            preview_target("questions/iskp#iskp-001"),
            (PathBuf::from("questions/iskp"), Some("iskp-001".into()))
        );
        assert_eq!(
            preview_target("questions/iskp"),
            (PathBuf::from("questions/iskp"), None)
        );
        assert_eq!(
            preview_target("questions/iskp#"),
            (PathBuf::from("questions/iskp"), None)
        );
        assert_eq!(
            preview_target("dir#1/bank#q"),
            (PathBuf::from("dir#1/bank"), Some("q".into()))
        );
    }
}
