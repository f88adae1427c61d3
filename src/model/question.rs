//! One question and its kind-specific answer key.

/// A question's identifier, unique within its bank.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuestionId(pub String);

impl std::fmt::Display for QuestionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A citation of a source by id, with an optional locator (page, section).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// Source id from `sources.toml`.
    pub id: String,
    /// Free-text locator.
    pub locator: Option<String>,
}

/// One choice of a `single` or `multiple` question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Markdown text.
    pub text: String,
    /// Shown after answering, next to this choice.
    pub feedback: Option<String>,
}

/// A pair of a `match` question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// Left-hand item (fixed).
    pub left: String,
    /// Its right-hand match.
    pub right: String,
}

/// The key of a `numeric` question.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NumericAnswer {
    /// A value with a tolerance (≥ 0).
    Exact {
        /// The right value.
        value: f64,
        /// Accepted distance from `value`.
        tolerance: f64,
    },
    /// An inclusive range.
    Range {
        /// Lowest accepted value.
        min: f64,
        /// Highest accepted value.
        max: f64,
    },
}

impl NumericAnswer {
    /// Whether `x` is accepted.
    pub fn accepts(&self, x: f64) -> bool {
        match *self {
            // A small epsilon so that 0.1 + 0.2 style float noise does not fail an edge answer.
            Self::Exact { value, tolerance } => (x - value).abs() <= tolerance + 1e-9,
            Self::Range { min, max } => x >= min - 1e-9 && x <= max + 1e-9,
        }
    }
}

/// The seven question kinds, each with its answer key.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// One right choice.
    Single {
        /// The choices in authored order.
        choices: Vec<Choice>,
        /// Index (0-based) of the right choice.
        answer: usize,
    },
    /// Select all that apply.
    Multiple {
        /// The choices in authored order.
        choices: Vec<Choice>,
        /// Indices (0-based, sorted) of the right choices.
        answers: Vec<usize>,
    },
    /// True or false.
    TrueFalse {
        /// The right answer.
        answer: bool,
        /// Feedback shown to someone who answered true.
        feedback_true: Option<String>,
        /// Feedback shown to someone who answered false.
        feedback_false: Option<String>,
    },
    /// Put items in order.
    Order {
        /// Items in the right order.
        items: Vec<String>,
    },
    /// Match left items to right items.
    Match {
        /// The pairs.
        pairs: Vec<Pair>,
        /// Extra right-hand options that match nothing.
        distractors: Vec<String>,
    },
    /// A number.
    Numeric {
        /// The key.
        answer: NumericAnswer,
        /// Unit shown next to the field.
        unit: Option<String>,
    },
    /// A short typed answer.
    Text {
        /// Accepted answers.
        accept: Vec<String>,
    },
}

/// The name of a question kind, without its answer key: what question files, the store, CSV
/// and xAPI write. Every reader of a kind name parses it into this enum and matches it without a
/// catch-all, so adding a kind makes the compiler list every place that must learn it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KindName {
    /// `single`
    Single,
    /// `multiple`
    Multiple,
    /// `true_false`
    TrueFalse,
    /// `order`
    Order,
    /// `match`
    Match,
    /// `numeric`
    Numeric,
    /// `text`
    Text,
}

impl KindName {
    /// All kinds, in documentation order.
    pub const ALL: [Self; 7] = [
        Self::Single,
        Self::Multiple,
        Self::TrueFalse,
        Self::Order,
        Self::Match,
        Self::Numeric,
        Self::Text,
    ];

    /// The name as written in question files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Multiple => "multiple",
            Self::TrueFalse => "true_false",
            Self::Order => "order",
            Self::Match => "match",
            Self::Numeric => "numeric",
            Self::Text => "text",
        }
    }

    /// The kind called `name` (exactly as written in question files).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Every name, joined with ", " (for "expected one of" messages).
    pub fn list() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl std::fmt::Display for KindName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Kind {
    /// The kind's name.
    pub fn kind_name(&self) -> KindName {
        match self {
            Self::Single { .. } => KindName::Single,
            Self::Multiple { .. } => KindName::Multiple,
            Self::TrueFalse { .. } => KindName::TrueFalse,
            Self::Order { .. } => KindName::Order,
            Self::Match { .. } => KindName::Match,
            Self::Numeric { .. } => KindName::Numeric,
            Self::Text { .. } => KindName::Text,
        }
    }

    /// The kind's name as written in question files.
    pub fn name(&self) -> &'static str {
        self.kind_name().as_str()
    }

    /// The right answer in words, one line per item, for feedback panels and exports.
    pub fn answer_lines(&self) -> Vec<String> {
        match self {
            Self::Single { choices, answer } => choices
                .get(*answer)
                .map(|c| c.text.clone())
                .into_iter()
                .collect(),
            Self::Multiple { choices, answers } => answers
                .iter()
                .filter_map(|&i| choices.get(i).map(|c| c.text.clone()))
                .collect(),
            Self::TrueFalse { answer, .. } => {
                vec![if *answer { "True" } else { "False" }.to_owned()]
            }
            Self::Order { items } => items
                .iter()
                .enumerate()
                .map(|(i, item)| format!("{}. {item}", i + 1))
                .collect(),
            Self::Match { pairs, .. } => pairs
                .iter()
                .map(|p| format!("{}: {}", p.left, p.right))
                .collect(),
            Self::Numeric { answer, unit } => {
                let unit = unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
                vec![match *answer {
                    NumericAnswer::Exact { value, tolerance } if tolerance > 0.0 => {
                        format!(
                            "{} (\u{b1} {}){unit}",
                            format_number(value),
                            format_number(tolerance)
                        )
                    }
                    NumericAnswer::Exact { value, .. } => format!("{}{unit}", format_number(value)),
                    NumericAnswer::Range { min, max } => {
                        format!("{} to {}{unit}", format_number(min), format_number(max))
                    }
                }]
            }
            Self::Text { accept } => accept.clone(),
        }
    }
}

/// A validated question.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Id, unique within the bank.
    pub id: QuestionId,
    /// Topic (theme) name.
    pub topic: String,
    /// Free tags.
    pub tags: Vec<String>,
    /// 1 (recall) to 3 (analysis).
    pub difficulty: u8,
    /// Kind and answer key.
    pub kind: Kind,
    /// Markdown prompt.
    pub prompt: String,
    /// Markdown explanation.
    pub explanation: String,
    /// Cited sources (at least one).
    pub sources: Vec<Citation>,
    /// Shown before the question, when set.
    pub content_warning: Option<String>,
}

/// A number without a trailing `.0` when it is whole.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}
