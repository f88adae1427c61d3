//! The answer being composed on the question screen, and its conversion to a [`Response`].

use std::collections::BTreeSet;

use crate::engine::{QuizItem, Response};
use crate::model::Kind;

/// Widget state for every kind; only the fields of the current kind are used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    /// `single`: authored index of the picked choice.
    pub single: Option<usize>,
    /// `multiple`: authored indices ticked.
    pub multiple: BTreeSet<usize>,
    /// `true_false`: the pick.
    pub true_false: Option<bool>,
    /// `order`: authored item indices in the current order.
    pub order: Vec<usize>,
    /// `order`/`match`: the row selected for keyboard moves (display position).
    pub selected_row: Option<usize>,
    /// `match`: for each left item, the picked option (index into rights + distractors).
    pub matches: Vec<Option<usize>>,
    /// `numeric`/`text`: the typed answer.
    pub text: String,
}

impl Draft {
    /// A fresh draft for `item` (the order question starts in its shuffled order).
    pub fn for_item(item: &QuizItem) -> Self {
        let mut draft = Self::default();
        match &item.question.kind {
            Kind::Order { .. } => draft.order.clone_from(&item.display_order),
            Kind::Match { pairs, .. } => draft.matches = vec![None; pairs.len()],
            _ => {}
        }
        draft
    }

    /// The draft showing a saved `response` to `item` (a fresh draft when there is none or it
    /// is for another kind): what the exam screen shows on returning to an answered question.
    pub fn from_response(item: &QuizItem, response: Option<&Response>) -> Self {
        let mut draft = Self::for_item(item);
        match (response, &item.question.kind) {
            (Some(Response::Single(pick)), Kind::Single { .. }) => draft.single = *pick,
            (Some(Response::Multiple(picks)), Kind::Multiple { .. }) => {
                draft.multiple = picks.iter().copied().collect();
            }
            (Some(Response::TrueFalse(pick)), Kind::TrueFalse { .. }) => draft.true_false = *pick,
            (Some(Response::Order(order)), Kind::Order { .. }) => draft.order.clone_from(order),
            (Some(Response::Match(matches)), Kind::Match { .. }) => {
                draft.matches.clone_from(matches);
            }
            (Some(Response::Numeric(text) | Response::Text(text)), _) => {
                draft.text.clone_from(text);
            }
            _ => {}
        }
        draft
    }

    /// The response this draft represents for `kind`.
    pub fn response(&self, kind: &Kind) -> Response {
        match kind {
            Kind::Single { .. } => Response::Single(self.single),
            Kind::Multiple { .. } => Response::Multiple(self.multiple.iter().copied().collect()),
            Kind::TrueFalse { .. } => Response::TrueFalse(self.true_false),
            Kind::Order { .. } => Response::Order(self.order.clone()),
            Kind::Match { .. } => Response::Match(self.matches.clone()),
            Kind::Numeric { .. } => Response::Numeric(self.text.clone()),
            Kind::Text { .. } => Response::Text(self.text.clone()),
        }
    }

    /// Whether anything has been answered (Submit is enabled only then, except for order).
    pub fn is_started(&self, kind: &Kind) -> bool {
        match kind {
            Kind::Single { .. } => self.single.is_some(),
            Kind::Multiple { .. } => !self.multiple.is_empty(),
            Kind::TrueFalse { .. } => self.true_false.is_some(),
            Kind::Order { .. } => true,
            Kind::Match { .. } => self.matches.iter().any(Option::is_some),
            Kind::Numeric { .. } | Kind::Text { .. } => !self.text.trim().is_empty(),
        }
    }

    /// Moves the order item at display position `row` by `delta` (−1 up, +1 down).
    pub fn move_item(&mut self, row: usize, delta: isize) {
        let Some(target) = row.checked_add_signed(delta) else {
            return;
        };
        if target < self.order.len() && row < self.order.len() {
            self.order.swap(row, target);
            if self.selected_row == Some(row) {
                self.selected_row = Some(target);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BankId, Choice, Question, QuestionId};

    #[test]
    fn a_saved_response_comes_back_as_the_same_draft() {
        let choice = |t: &str| Choice {
            text: t.into(),
            feedback: None,
        };
        let item = QuizItem {
            bank: BankId("b".into()),
            bank_version: "1".into(),
            question: Question {
                id: QuestionId("q".into()),
                topic: "T".into(),
                tags: vec![],
                difficulty: 1,
                kind: Kind::Multiple {
                    choices: vec![choice("a"), choice("b"), choice("c")],
                    answers: vec![0, 2],
                },
                prompt: "?".into(),
                explanation: String::new(),
                sources: vec![],
                content_warning: None,
            },
            display_order: vec![2, 0, 1],
        };
        let mut draft = Draft::for_item(&item);
        draft.multiple = [0, 2].into();
        let response = draft.response(&item.question.kind);
        assert_eq!(Draft::from_response(&item, Some(&response)), draft);
        assert_eq!(Draft::from_response(&item, None), Draft::for_item(&item));
        // A response of another kind is not shown.
        let other = Response::Single(Some(1));
        assert_eq!(
            Draft::from_response(&item, Some(&other)),
            Draft::for_item(&item)
        );
    }

    #[test]
    fn moving_items_keeps_selection_and_bounds() {
        let mut d = Draft {
            order: vec![2, 0, 1],
            selected_row: Some(0),
            ..Draft::default()
        };
        d.move_item(0, -1);
        assert_eq!(d.order, vec![2, 0, 1]);
        d.move_item(0, 1);
        assert_eq!(d.order, vec![0, 2, 1]);
        assert_eq!(d.selected_row, Some(1));
        d.move_item(2, 1);
        assert_eq!(d.order, vec![0, 2, 1]);
    }
}
