//! Learner responses and their grading, per kind (rules in docs/question-format.md).

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use crate::model::Kind;

/// What the learner answered. Indices refer to the question's authored order.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Response {
    /// `single`: the picked choice, if any.
    Single(Option<usize>),
    /// `multiple`: the ticked choices.
    Multiple(Vec<usize>),
    /// `true_false`: the pick, if any.
    TrueFalse(Option<bool>),
    /// `order`: authored item indices in the learner's order.
    Order(Vec<usize>),
    /// `match`: for each left item (authored order), the index of the picked right-hand option
    /// among `pairs` rights followed by `distractors`, if any.
    Match(Vec<Option<usize>>),
    /// `numeric`: the typed text (parsed when graded).
    Numeric(String),
    /// `text`: the typed answer.
    Text(String),
}

/// Right, partly right or wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Score 1.
    Right,
    /// Score strictly between 0 and 1.
    Partial,
    /// Score 0.
    Wrong,
}

/// A score at or above this counts as fully right. Scores are sums of small fractions, so
/// "right" allows for rounding; every "is this right?" in the crate goes through [`is_right`].
pub const RIGHT_SCORE: f64 = 1.0 - 1e-9;

/// A score at or below this counts as wrong (nothing right).
const WRONG_SCORE: f64 = 1e-9;

/// Whether `score` (0..1) is fully right.
pub fn is_right(score: f64) -> bool {
    score >= RIGHT_SCORE
}

/// A graded response.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grade {
    /// Between 0 and 1.
    pub score: f64,
}

impl Grade {
    /// Right, partly right or wrong.
    pub fn outcome(self) -> Outcome {
        if is_right(self.score) {
            Outcome::Right
        } else if self.score <= WRONG_SCORE {
            Outcome::Wrong
        } else {
            Outcome::Partial
        }
    }
}

/// Grades `response` against `kind`. A response of the wrong shape scores 0.
///
/// The match is over kinds with no catch-all arm, so a new kind does not compile until it has
/// a grading rule.
pub fn grade(kind: &Kind, response: &Response) -> Grade {
    let score = match kind {
        Kind::Single { answer, .. } => {
            let Response::Single(pick) = response else {
                return Grade { score: 0.0 };
            };
            bool_score(*pick == Some(*answer))
        }
        Kind::Multiple { answers, choices } => {
            let Response::Multiple(picks) = response else {
                return Grade { score: 0.0 };
            };
            multiple_score(answers, choices.len(), picks)
        }
        Kind::TrueFalse { answer, .. } => {
            let Response::TrueFalse(pick) = response else {
                return Grade { score: 0.0 };
            };
            bool_score(*pick == Some(*answer))
        }
        Kind::Order { items } => {
            let Response::Order(order) = response else {
                return Grade { score: 0.0 };
            };
            order_score(items.len(), order)
        }
        Kind::Match { pairs, .. } => {
            let Response::Match(picks) = response else {
                return Grade { score: 0.0 };
            };
            let right = (0..pairs.len())
                .filter(|&i| picks.get(i).copied().flatten() == Some(i))
                .count();
            ratio(right, pairs.len())
        }
        Kind::Numeric { answer, .. } => {
            let Response::Numeric(text) = response else {
                return Grade { score: 0.0 };
            };
            bool_score(parse_number(text).is_some_and(|x| answer.accepts(x)))
        }
        Kind::Text { accept } => {
            let Response::Text(text) = response else {
                return Grade { score: 0.0 };
            };
            let typed = normalise_text(text);
            bool_score(!typed.is_empty() && accept.iter().any(|a| normalise_text(a) == typed))
        }
    };
    Grade { score }
}

fn bool_score(right: bool) -> f64 {
    if right { 1.0 } else { 0.0 }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Each right pick earns 1/R, each wrong pick costs 1/R; clamped to 0..1.
fn multiple_score(answers: &[usize], choice_count: usize, picks: &[usize]) -> f64 {
    let mut picked: Vec<usize> = picks
        .iter()
        .copied()
        .filter(|&p| p < choice_count)
        .collect();
    picked.sort_unstable();
    picked.dedup();
    let right = picked.iter().filter(|p| answers.contains(p)).count();
    let wrong = picked.len() - right;
    let net = right as f64 - wrong as f64;
    (net / answers.len().max(1) as f64).clamp(0.0, 1.0)
}

/// (L − 1)/(N − 1), L = longest subsequence of `order` in the right relative order.
fn order_score(n: usize, order: &[usize]) -> f64 {
    let valid = order.len() == n && {
        let mut seen = vec![false; n];
        order.iter().all(|&i| {
            let fresh = seen.get(i).is_some_and(|s| !s);
            if let Some(s) = seen.get_mut(i) {
                *s = true;
            }
            fresh
        })
    };
    if !valid || n < 2 {
        return 0.0;
    }
    ratio(longest_increasing(order) - 1, n - 1)
}

/// Length of the longest strictly increasing subsequence (patience sorting).
fn longest_increasing(xs: &[usize]) -> usize {
    let mut tails: Vec<usize> = Vec::new();
    for &x in xs {
        let pos = tails.partition_point(|&t| t < x);
        if let Some(slot) = tails.get_mut(pos) {
            *slot = x;
        } else {
            tails.push(x);
        }
    }
    tails.len()
}

/// Parses a typed number as grading reads it: surrounding spaces, thousands separators
/// (`1,500`) and a decimal point are accepted; only finite numbers.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|&c| c != ',' && c != '_' && c != ' ')
        .collect();
    cleaned.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Lower-case, diacritics removed, whitespace trimmed and collapsed.
pub fn normalise_text(s: &str) -> String {
    let stripped: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Choice, NumericAnswer, Pair};

    fn choices(n: usize) -> Vec<Choice> {
        (0..n)
            .map(|i| Choice {
                text: format!("c{i}"),
                feedback: None,
            })
            .collect()
    }

    #[test]
    fn single_right_wrong_and_empty() {
        let k = Kind::Single {
            choices: choices(3),
            answer: 1,
        };
        assert_eq!(grade(&k, &Response::Single(Some(1))).score, 1.0);
        assert_eq!(grade(&k, &Response::Single(Some(0))).score, 0.0);
        assert_eq!(grade(&k, &Response::Single(None)).score, 0.0);
    }

    #[test]
    fn multiple_partial_credit_and_all_ticked() {
        let k = Kind::Multiple {
            choices: choices(4),
            answers: vec![0, 2],
        };
        assert_eq!(grade(&k, &Response::Multiple(vec![0, 2])).score, 1.0);
        assert_eq!(grade(&k, &Response::Multiple(vec![0])).score, 0.5);
        // One right, one wrong: they cancel out.
        assert_eq!(grade(&k, &Response::Multiple(vec![0, 1])).score, 0.0);
        // All ticked: 2 right − 2 wrong.
        assert_eq!(grade(&k, &Response::Multiple(vec![0, 1, 2, 3])).score, 0.0);
        assert_eq!(grade(&k, &Response::Multiple(vec![])).score, 0.0);
        let three_of_five = Kind::Multiple {
            choices: choices(5),
            answers: vec![0, 1, 2],
        };
        let all = grade(&three_of_five, &Response::Multiple(vec![0, 1, 2, 3, 4])).score;
        assert!((all - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn true_false() {
        let k = Kind::TrueFalse {
            answer: false,
            feedback_true: None,
            feedback_false: None,
        };
        assert_eq!(grade(&k, &Response::TrueFalse(Some(false))).score, 1.0);
        assert_eq!(grade(&k, &Response::TrueFalse(Some(true))).score, 0.0);
        assert_eq!(grade(&k, &Response::TrueFalse(None)).score, 0.0);
    }

    #[test]
    fn order_longest_run() {
        let k = Kind::Order {
            items: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        };
        assert_eq!(grade(&k, &Response::Order(vec![0, 1, 2, 3])).score, 1.0);
        assert_eq!(grade(&k, &Response::Order(vec![3, 2, 1, 0])).score, 0.0);
        // One item moved: (N − 2)/(N − 1).
        let moved = grade(&k, &Response::Order(vec![1, 2, 3, 0])).score;
        assert!((moved - 2.0 / 3.0).abs() < 1e-9);
        // Malformed responses score 0 rather than panic.
        assert_eq!(grade(&k, &Response::Order(vec![0, 0, 1, 2])).score, 0.0);
        assert_eq!(grade(&k, &Response::Order(vec![0, 1])).score, 0.0);
        assert_eq!(grade(&k, &Response::Order(vec![0, 1, 2, 9])).score, 0.0);
    }

    #[test]
    fn match_per_pair() {
        let pairs = (0..4)
            .map(|i| Pair {
                left: format!("l{i}"),
                right: format!("r{i}"),
            })
            .collect();
        let k = Kind::Match {
            pairs,
            distractors: vec!["x".into()],
        };
        let all = Response::Match(vec![Some(0), Some(1), Some(2), Some(3)]);
        assert_eq!(grade(&k, &all).score, 1.0);
        let half = Response::Match(vec![Some(0), Some(1), Some(4), None]);
        assert_eq!(grade(&k, &half).score, 0.5);
        assert_eq!(grade(&k, &Response::Match(vec![])).score, 0.0);
    }

    #[test]
    fn numeric_tolerance_edges_and_ranges() {
        let k = Kind::Numeric {
            answer: NumericAnswer::Exact {
                value: 150.0,
                tolerance: 13.0,
            },
            unit: None,
        };
        assert_eq!(grade(&k, &Response::Numeric("163".into())).score, 1.0);
        assert_eq!(grade(&k, &Response::Numeric(" 137 ".into())).score, 1.0);
        assert_eq!(grade(&k, &Response::Numeric("163.5".into())).score, 0.0);
        assert_eq!(grade(&k, &Response::Numeric(String::new())).score, 0.0);
        assert_eq!(grade(&k, &Response::Numeric("abc".into())).score, 0.0);
        let r = Kind::Numeric {
            answer: NumericAnswer::Range {
                min: 1500.0,
                max: 2200.0,
            },
            unit: None,
        };
        assert_eq!(grade(&r, &Response::Numeric("1,500".into())).score, 1.0);
        assert_eq!(grade(&r, &Response::Numeric("2200".into())).score, 1.0);
        assert_eq!(grade(&r, &Response::Numeric("2201".into())).score, 0.0);
        let fractional = Kind::Numeric {
            answer: NumericAnswer::Exact {
                value: 0.3,
                tolerance: 0.1,
            },
            unit: None,
        };
        assert_eq!(
            grade(&fractional, &Response::Numeric("0.4".into())).score,
            1.0
        );
    }

    #[test]
    fn text_ignores_case_accents_and_spaces() {
        let k = Kind::Text {
            accept: vec!["Shahab al-Muhajir".into(), "Muhajir".into()],
        };
        assert_eq!(
            grade(&k, &Response::Text("  shahab   AL-muhajir ".into())).score,
            1.0
        );
        assert_eq!(
            grade(&k, &Response::Text("Shaháb al-Muhajír".into())).score,
            1.0
        );
        assert_eq!(grade(&k, &Response::Text("muhajir".into())).score, 1.0);
        assert_eq!(grade(&k, &Response::Text("al-Muhajirs".into())).score, 0.0);
        assert_eq!(grade(&k, &Response::Text("   ".into())).score, 0.0);
    }

    #[test]
    fn mismatched_response_scores_zero() {
        let k = Kind::Text {
            accept: vec!["x".into()],
        };
        assert_eq!(grade(&k, &Response::Single(Some(0))).score, 0.0);
    }

    #[test]
    fn outcomes() {
        assert_eq!(Grade { score: 1.0 }.outcome(), Outcome::Right);
        assert_eq!(Grade { score: 0.5 }.outcome(), Outcome::Partial);
        assert_eq!(Grade { score: 0.0 }.outcome(), Outcome::Wrong);
    }
}
