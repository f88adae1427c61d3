//! Building a quiz from banks: filtering, seeded shuffling of questions and of choices.

use std::collections::BTreeSet;

use rand::SeedableRng as _;
use rand::seq::SliceRandom as _;
use rand_chacha::ChaCha8Rng;

use crate::model::{Bank, BankId, Kind, KindName, Question};

/// Which questions a quiz draws from. Empty sets mean "all".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Banks to draw from.
    pub banks: BTreeSet<BankId>,
    /// Topics to draw from.
    pub topics: BTreeSet<String>,
    /// Difficulty levels (1-3).
    pub difficulties: BTreeSet<u8>,
    /// Question kinds.
    pub kinds: BTreeSet<KindName>,
    /// At most this many questions; `None` for all that match.
    pub count: Option<usize>,
}

impl Filter {
    /// Whether `question` of `bank` passes the filter (ignoring `count`).
    pub fn accepts(&self, bank: &Bank, question: &Question) -> bool {
        (self.banks.is_empty() || self.banks.contains(&bank.id))
            && (self.topics.is_empty() || self.topics.contains(&question.topic))
            && (self.difficulties.is_empty() || self.difficulties.contains(&question.difficulty))
            && (self.kinds.is_empty() || self.kinds.contains(&question.kind.kind_name()))
    }
}

/// One question of a quiz, with its presentation order.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizItem {
    /// The bank it comes from.
    pub bank: BankId,
    /// That bank's version when the quiz was built.
    pub bank_version: String,
    /// The question.
    pub question: Question,
    /// Presentation order: for `single`/`multiple`, choice indices as shown; for `order`, the
    /// initial (shuffled) order of items; for `match`, right-hand options as listed in each
    /// dropdown (pairs' rights, then distractors). Empty for other kinds.
    pub display_order: Vec<usize>,
}

/// One displayed choice after answering: whether it is right and whether the learner picked it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChoiceMark {
    /// The choice's index in authored order.
    pub index: usize,
    /// It is a right answer.
    pub right: bool,
    /// The learner picked it.
    pub picked: bool,
}

impl QuizItem {
    /// For single and multiple choice, each displayed choice in display order, marked right
    /// and/or picked; empty for other kinds.
    pub fn choice_marks(&self, response: &crate::engine::Response) -> Vec<ChoiceMark> {
        use crate::engine::Response;
        let (right, picked): (Vec<usize>, Vec<usize>) = match (&self.question.kind, response) {
            (Kind::Single { answer, .. }, Response::Single(p)) => {
                (vec![*answer], p.iter().copied().collect())
            }
            (Kind::Multiple { answers, .. }, Response::Multiple(p)) => (answers.clone(), p.clone()),
            _ => return Vec::new(),
        };
        self.display_order
            .iter()
            .map(|&index| ChoiceMark {
                index,
                right: right.contains(&index),
                picked: picked.contains(&index),
            })
            .collect()
    }

    /// For single and multiple choice, a line for each displayed choice that has its own
    /// feedback, after answering: whether it is right and was picked, in words, then the choice in
    /// quotation marks and its feedback ("Not right (your pick): “…” The profile says …").
    pub fn choice_notes(&self, response: &crate::engine::Response) -> Vec<String> {
        let (Kind::Single { choices, .. } | Kind::Multiple { choices, .. }) = &self.question.kind
        else {
            return Vec::new();
        };
        self.choice_marks(response)
            .into_iter()
            .filter_map(|m| {
                let choice = choices.get(m.index)?;
                let feedback = choice.feedback.as_deref()?;
                let mark = match (m.right, m.picked) {
                    (true, true) => "Right (your pick)",
                    (true, false) => "Right",
                    (false, true) => "Not right (your pick)",
                    (false, false) => "Not right",
                };
                Some(format!(
                    "{mark}: \u{201c}{}\u{201d} {}",
                    choice.text.trim(),
                    feedback.trim()
                ))
            })
            .collect()
    }
}

/// An ordered list of questions to ask.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quiz {
    /// The questions in the order asked.
    pub items: Vec<QuizItem>,
}

/// Builds a quiz: the questions of `banks` that pass `filter`, shuffled with `seed`, cut to
/// `filter.count`. The same banks, filter and seed always give the same quiz.
///
/// ```
/// use counterpoint::engine::{Filter, build_quiz};
/// let quiz = build_quiz(&[], &Filter::default(), 7);
/// assert!(quiz.items.is_empty());
/// ```
pub fn build_quiz(banks: &[Bank], filter: &Filter, seed: u64) -> Quiz {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut picked: Vec<(&Bank, &Question)> = banks
        .iter()
        .flat_map(|b| b.questions.iter().map(move |q| (b, q)))
        .filter(|(b, q)| filter.accepts(b, q))
        .collect();
    picked.shuffle(&mut rng);
    if let Some(n) = filter.count {
        picked.truncate(n);
    }
    let items = picked
        .into_iter()
        .map(|(bank, question)| QuizItem {
            bank: bank.id.clone(),
            bank_version: bank.version.clone(),
            display_order: display_order(&question.kind, &mut rng),
            question: question.clone(),
        })
        .collect();
    Quiz { items }
}

/// Builds a quiz of exactly these questions, in this order, with fresh choice shuffles.
pub fn quiz_of(items: Vec<(BankId, String, Question)>, seed: u64) -> Quiz {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let items = items
        .into_iter()
        .map(|(bank, bank_version, question)| QuizItem {
            bank,
            bank_version,
            display_order: display_order(&question.kind, &mut rng),
            question,
        })
        .collect();
    Quiz { items }
}

fn display_order(kind: &Kind, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let n = match kind {
        Kind::Single { choices, .. } | Kind::Multiple { choices, .. } => choices.len(),
        Kind::Order { items } => items.len(),
        Kind::Match { pairs, distractors } => pairs.len() + distractors.len(),
        Kind::TrueFalse { .. } | Kind::Numeric { .. } | Kind::Text { .. } => 0,
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    // An order question must not start out solved.
    if matches!(kind, Kind::Order { .. }) && n >= 2 && order.is_sorted() {
        order.rotate_left(1);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Choice, Citation, QuestionId};

    fn question(id: &str, topic: &str, difficulty: u8, kind: Kind) -> Question {
        Question {
            id: QuestionId(id.into()),
            topic: topic.into(),
            tags: vec![],
            difficulty,
            kind,
            prompt: "p".into(),
            explanation: "e".into(),
            sources: vec![Citation {
                id: "s".into(),
                locator: None,
            }],
            content_warning: None,
        }
    }

    fn bank() -> Bank {
        let single = || Kind::Single {
            choices: (0..4)
                .map(|i| Choice {
                    text: i.to_string(),
                    feedback: None,
                })
                .collect(),
            answer: 0,
        };
        let order = || Kind::Order {
            items: vec!["a".into(), "b".into(), "c".into()],
        };
        let mut questions = Vec::new();
        for i in 0u8..20 {
            let topic = if i % 2 == 0 { "A" } else { "B" };
            let kind = if i % 3 == 0 { order() } else { single() };
            questions.push(question(&format!("q{i}"), topic, i % 3 + 1, kind));
        }
        Bank {
            id: BankId("b".into()),
            title: "t".into(),
            description: "d".into(),
            language: "en".into(),
            version: "1".into(),
            authors: vec!["a".into()],
            license: "l".into(),
            content_note: None,
            sources: std::collections::BTreeMap::default(),
            questions,
            glossary: vec![],
            events: vec![],
            map: crate::model::BankMap::default(),
        }
    }

    #[test]
    fn choice_notes_say_right_or_not_and_picked_then_quote_the_choice() {
        let choice = |text: &str, feedback: Option<&str>| Choice {
            text: text.into(),
            feedback: feedback.map(Into::into),
        };
        let kind = Kind::Multiple {
            choices: vec![
                choice("Alpha.", Some("Alpha is listed.")),
                choice("Beta", None),
                choice("Gamma", Some(" Gamma is not. ")),
                choice("Delta", Some("Delta is listed too.")),
            ],
            answers: vec![0, 3],
        };
        let item = QuizItem {
            bank: BankId("b".into()),
            bank_version: "1".into(),
            question: question("q", "T", 1, kind),
            display_order: vec![3, 2, 1, 0],
        };
        let response = crate::engine::Response::Multiple(vec![0, 2]);
        assert_eq!(
            item.choice_notes(&response),
            [
                "Right: \u{201c}Delta\u{201d} Delta is listed too.",
                "Not right (your pick): \u{201c}Gamma\u{201d} Gamma is not.",
                "Right (your pick): \u{201c}Alpha.\u{201d} Alpha is listed.",
            ]
        );
        let tf = QuizItem {
            question: question(
                "t",
                "T",
                1,
                Kind::TrueFalse {
                    answer: true,
                    feedback_true: Some("x".into()),
                    feedback_false: None,
                },
            ),
            ..item
        };
        assert!(
            tf.choice_notes(&crate::engine::Response::TrueFalse(Some(true)))
                .is_empty()
        );
    }

    #[test]
    fn same_seed_same_quiz_other_seed_other_quiz() {
        let banks = [bank()];
        let filter = Filter {
            count: Some(10),
            ..Filter::default()
        };
        let a = build_quiz(&banks, &filter, 42);
        let b = build_quiz(&banks, &filter, 42);
        let c = build_quiz(&banks, &filter, 43);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.items.len(), 10);
    }

    #[test]
    fn filters_by_topic_difficulty_and_kind() {
        let banks = [bank()];
        let filter = Filter {
            topics: ["A".to_owned()].into(),
            difficulties: [1].into(),
            kinds: [KindName::Order].into(),
            ..Filter::default()
        };
        let quiz = build_quiz(&banks, &filter, 1);
        assert!(!quiz.items.is_empty());
        for item in &quiz.items {
            assert_eq!(item.question.topic, "A");
            assert_eq!(item.question.difficulty, 1);
            assert_eq!(item.question.kind.name(), "order");
        }
        // q0, q6, q12, q18 are order questions; of those, topic A with difficulty 1: q0, q6, q12, q18
        // have difficulty (i % 3 + 1) = 1 and i even.
        assert_eq!(quiz.items.len(), 4);
    }

    #[test]
    fn order_items_never_start_solved_and_choices_are_permutations() {
        let banks = [bank()];
        for seed in 0..50 {
            for item in build_quiz(&banks, &Filter::default(), seed).items {
                let mut sorted = item.display_order.clone();
                sorted.sort_unstable();
                match item.question.kind {
                    Kind::Order { .. } => {
                        assert_eq!(sorted, vec![0, 1, 2]);
                        assert_ne!(item.display_order, vec![0, 1, 2]);
                    }
                    _ => assert_eq!(sorted, vec![0, 1, 2, 3]),
                }
            }
        }
    }
}
