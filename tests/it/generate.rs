//! A small deterministic generator of banks for round-trip property tests and the import benchmark:
//! random kinds, texts with GIFT's special characters (~ = # { } :), newlines and Unicode.

use std::collections::BTreeMap;

use counterpoint::model::{
    Bank, BankId, Choice, Citation, Kind, NumericAnswer, Pair, Question, QuestionId, Source,
};
use rand::RngExt as _;
use rand::SeedableRng as _;
use rand_chacha::ChaCha8Rng;

const WORDS: [&str; 24] = [
    "ISKP",
    "group",
    "recruits",
    "a~b",
    "x=y",
    "#1",
    "{set}",
    "ratio:3",
    "naïve",
    "Straße",
    "中文",
    "🙂",
    "50%",
    "back\\slash",
    "&",
    "\"quoted\"",
    "it's",
    "why?",
    "yes!",
    "Kabul,",
    "2015",
    "e=mc²",
    "{}",
    "::",
];

const TOPICS: [&str; 5] = [
    "History and phases",
    "Size/geography",
    "Leaders / Tenure",
    "Sûreté ~ #1",
    "Topic: {braces}",
];

struct Gen {
    rng: ChaCha8Rng,
    counter: usize,
}

impl Gen {
    fn word(&mut self) -> &'static str {
        WORDS[self.rng.random_range(0..WORDS.len())]
    }

    /// One line of `n` words, with a counter so that texts differ.
    fn line(&mut self, n: usize) -> String {
        self.counter += 1;
        let mut words: Vec<String> = (0..n).map(|_| self.word().to_owned()).collect();
        words.push(format!("w{}", self.counter));
        words.join(" ")
    }

    /// Lines joined by single newlines or blank lines.
    fn text(&mut self) -> String {
        let lines = self.rng.random_range(1..4);
        let first = self.rng.random_range(1..6);
        let mut out = self.line(first);
        for _ in 1..lines {
            out.push_str(if self.rng.random_bool(0.5) {
                "\n"
            } else {
                "\n\n"
            });
            let n = self.rng.random_range(1..6);
            out.push_str(&self.line(n));
        }
        out
    }

    fn maybe_text(&mut self) -> Option<String> {
        self.rng.random_bool(0.5).then(|| self.text())
    }

    fn choices(&mut self) -> Vec<Choice> {
        let n = self.rng.random_range(2..6);
        (0..n)
            .map(|_| Choice {
                text: self.text(),
                feedback: self.maybe_text(),
            })
            .collect()
    }

    fn number(&mut self) -> f64 {
        f64::from(self.rng.random_range(-4000..4000_i32)) / 4.0
    }

    fn kind(&mut self) -> Kind {
        match self.rng.random_range(0..7) {
            0 => {
                let choices = self.choices();
                Kind::Single {
                    answer: self.rng.random_range(0..choices.len()),
                    choices,
                }
            }
            1 => {
                let choices = self.choices();
                let mut answers: Vec<usize> = (0..choices.len())
                    .filter(|_| self.rng.random_bool(0.5))
                    .collect();
                if answers.is_empty() {
                    answers.push(0);
                }
                Kind::Multiple { choices, answers }
            }
            2 => Kind::TrueFalse {
                answer: self.rng.random_bool(0.5),
                feedback_true: self.maybe_text(),
                feedback_false: self.maybe_text(),
            },
            3 => {
                let n = self.rng.random_range(2..6);
                Kind::Order {
                    items: (0..n).map(|_| self.line(3)).collect(),
                }
            }
            4 => {
                let n = self.rng.random_range(2..5);
                let pairs = (0..n)
                    .map(|_| Pair {
                        left: self.text(),
                        right: self.line(2),
                    })
                    .collect();
                let distractors = (0..self.rng.random_range(0..3))
                    .map(|_| self.line(2))
                    .collect();
                Kind::Match { pairs, distractors }
            }
            5 => {
                let answer = if self.rng.random_bool(0.5) {
                    let a = self.number();
                    let b = self.number();
                    NumericAnswer::Range {
                        min: a.min(b),
                        max: a.max(b),
                    }
                } else {
                    NumericAnswer::Exact {
                        value: self.number(),
                        tolerance: self.number().abs(),
                    }
                };
                let unit = self.rng.random_bool(0.5).then(|| "km".to_owned());
                Kind::Numeric { answer, unit }
            }
            _ => {
                let n = self.rng.random_range(1..4);
                Kind::Text {
                    accept: (0..n).map(|_| self.line(2)).collect(),
                }
            }
        }
    }
}

/// A valid bank of `n` generated questions, the same for the same seed.
pub fn bank(seed: u64, n: usize) -> Bank {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        counter: 0,
    };
    let mut sources = BTreeMap::new();
    for i in 1..=20 {
        let citation = g.line(6);
        let url = (i % 2 == 0).then(|| format!("https://example.org/source/{i}?a=1&b=2"));
        sources.insert(
            format!("fn{i}"),
            Source {
                id: format!("fn{i}"),
                note: None,
                work: None,
                citation,
                url,
                authors: Vec::new(),
                title: None,
                publisher: None,
                date: None,
                also: Vec::new(),
            },
        );
    }
    let questions = (1..=n)
        .map(|i| {
            let cites = g.rng.random_range(1..4);
            let sources: Vec<Citation> = (0..cites)
                .map(|k| Citation {
                    id: format!("fn{}", (i * 7 + k * 3) % 20 + 1),
                    locator: g.rng.random_bool(0.3).then(|| g.line(2)),
                })
                .collect();
            let tags = (0..g.rng.random_range(0..3))
                .map(|t| format!("tag-{t}"))
                .collect();
            Question {
                id: QuestionId(format!("gen-{i:05}")),
                topic: TOPICS[g.rng.random_range(0..TOPICS.len())].to_owned(),
                tags,
                difficulty: g.rng.random_range(1..4),
                kind: g.kind(),
                prompt: g.text(),
                explanation: g.text(),
                sources,
                content_warning: g.rng.random_bool(0.2).then(|| g.line(4)),
            }
        })
        .collect();
    Bank {
        id: BankId("generated".into()),
        title: "Generated".into(),
        description: "Generated for tests.".into(),
        language: "en".into(),
        version: "1.0.0".into(),
        authors: vec!["Tests".into()],
        license: "CC0-1.0".into(),
        content_note: None,
        sources,
        questions,
        glossary: Vec::new(),
        events: Vec::new(),
        map: counterpoint::model::BankMap::default(),
    }
}
