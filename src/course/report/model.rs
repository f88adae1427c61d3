//! The data of a class report: attempts as read from files, and the tables and chart data built
//! from them. Plain data, no I/O; [`super::build`] fills it, the renderers read it.

use std::path::PathBuf;

/// Which exam an attempt belongs to, for matching pre and post attempts: the exam title and the
/// bank id. The pre and post forms of one exam have different codes but share both.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExamKey {
    /// The exam title (for xAPI: the exam activity's name, else its id).
    pub title: String,
    /// The bank the questions come from (empty when unknown).
    pub bank_id: String,
}

impl ExamKey {
    /// "title (bank)", or the title alone when the bank is unknown.
    pub fn label(&self) -> String {
        if self.bank_id.is_empty() {
            self.title.clone()
        } else {
            format!("{} ({})", self.title, self.bank_id)
        }
    }
}

/// One learner's answer to one question within an attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemResponse {
    /// The question's activity id (`https://counterpoint.invalid/banks/{bank}/questions/{id}`
    /// for Counterpoint's own questions).
    pub activity_id: String,
    /// The question's topic (`(no topic)` when the file gives none).
    pub topic: String,
    /// The question kind (`single`, …) or the xAPI interaction type when only that is known.
    pub kind: String,
    /// Score 0..1.
    pub score: f64,
    /// The picked choice ids for choice kinds; `None` for other kinds.
    pub choices: Option<Vec<String>>,
    /// Whether the learner gave any answer.
    pub answered: bool,
}

/// One attempt of one learner at one exam form.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    /// The attempt id (results file) or the xAPI registration.
    pub id: String,
    /// The file it was read from (the first one, for xAPI registrations spread over files).
    pub file: PathBuf,
    /// The learner's name.
    pub learner: String,
    /// The exam.
    pub exam: ExamKey,
    /// The exam code of the form taken, when known.
    pub code: Option<String>,
    /// The form (`pre`, `post`, …), when known.
    pub form: Option<String>,
    /// Score 0..1 as the file states it.
    pub score: f64,
    /// Pass or fail, when known.
    pub passed: Option<bool>,
    /// Time used in seconds, when known.
    pub time_used_s: Option<f64>,
    /// Submission time (ISO 8601), when known; orders repeated attempts.
    pub submitted_at: Option<String>,
    /// The questions, in paper order.
    pub items: Vec<ItemResponse>,
}

impl Attempt {
    /// Whether the form is the given one (case-insensitive).
    pub fn is_form(&self, form: &str) -> bool {
        self.form
            .as_deref()
            .is_some_and(|f| f.trim().eq_ignore_ascii_case(form))
    }
}

/// A file that was not read as results, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file (or path given).
    pub path: PathBuf,
    /// Why it was skipped, in one line.
    pub reason: String,
}

/// Test statistics of a group of attempts (all attempts, or one exam form).
#[derive(Clone, Debug, PartialEq)]
pub struct TestStats {
    /// What the group is: "All attempts" or "title (bank), form pre".
    pub label: String,
    /// The exam of the group (`None` for all attempts).
    pub exam: Option<ExamKey>,
    /// The form of the group (`None` for all attempts or attempts without a form).
    pub form: Option<String>,
    /// Number of attempts.
    pub attempts: usize,
    /// Mean score 0..1.
    pub mean: Option<f64>,
    /// Median score 0..1.
    pub median: Option<f64>,
    /// Sample standard deviation of the scores.
    pub sd: Option<f64>,
    /// Cronbach's alpha over the items every attempt of the group has.
    pub alpha: Option<f64>,
    /// How many items alpha was computed over.
    pub alpha_items: usize,
    /// Attempts per 10-point score band, 0–10 % … 90–100 %.
    pub histogram: [usize; super::stats::HISTOGRAM_BINS],
}

/// Why an item is flagged "check this item".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemFlag {
    /// Discrimination index below 0.2.
    LowDiscrimination,
    /// Facility below 0.1: almost nobody gets it.
    TooHard,
    /// Facility above 0.95: almost everybody gets it.
    TooEasy,
}

impl ItemFlag {
    /// A short reason for tables.
    pub fn reason(self) -> &'static str {
        match self {
            Self::LowDiscrimination => "discrimination < 0.2",
            Self::TooHard => "facility < 0.1",
            Self::TooEasy => "facility > 0.95",
        }
    }
}

/// How often one choice was picked.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceShare {
    /// The choice id (authored 0-based index, `true`/`false`, or another tool's id).
    pub choice: String,
    /// Attempts that picked it.
    pub count: usize,
    /// `count` / attempts with the item.
    pub share: f64,
}

/// Item analysis of one question.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemStats {
    /// The question's activity id.
    pub activity_id: String,
    /// Its topic.
    pub topic: String,
    /// Its kind.
    pub kind: String,
    /// Attempts that had it.
    pub n: usize,
    /// Facility: the mean item score 0..1.
    pub facility: f64,
    /// Sample standard deviation of the item score.
    pub sd: Option<f64>,
    /// Discrimination index: Pearson correlation of the item score with the rest of the
    /// attempt's score (sum of the other items), over the attempts that had the item.
    pub discrimination: Option<f64>,
    /// Picked share of each choice, for choice kinds (empty otherwise), ordered by choice id.
    pub choices: Vec<ChoiceShare>,
    /// Attempts that left it unanswered.
    pub unanswered: usize,
    /// Reasons to check the item (empty when it looks fine).
    pub flags: Vec<ItemFlag>,
}

/// Mean score of one topic.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicStats {
    /// The topic.
    pub topic: String,
    /// Attempts with at least one question of the topic.
    pub attempts: usize,
    /// Answers (question responses) in the topic.
    pub responses: usize,
    /// Mean over those attempts of the attempt's mean score in the topic, 0..1.
    pub mean: f64,
}

/// Learning-gain figures of one set of pre/post pairs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GainStats {
    /// Learners with both a pre and a post score.
    pub learners: usize,
    /// Mean pre score 0..1 (all of those learners).
    pub mean_pre: Option<f64>,
    /// Mean post score 0..1 (all of those learners).
    pub mean_post: Option<f64>,
    /// Mean normalized gain ⟨g⟩ over learners whose pre score was below 1.
    pub mean_gain: Option<f64>,
    /// Learners left out of ⟨g⟩ because their pre score was already 1.
    pub left_out_pre_full: usize,
}

/// One learner's pre and post score.
#[derive(Clone, Debug, PartialEq)]
pub struct GainPair {
    /// The learner.
    pub learner: String,
    /// Pre score 0..1.
    pub pre: f64,
    /// Post score 0..1.
    pub post: f64,
    /// Normalized gain, `None` when pre = 1.
    pub gain: Option<f64>,
}

/// Learning gain per topic.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicGain {
    /// The topic.
    pub topic: String,
    /// Figures over learners who had the topic in both attempts.
    pub stats: GainStats,
}

/// Learning gain of one exam (title + bank).
#[derive(Clone, Debug, PartialEq)]
pub struct ExamGain {
    /// The exam.
    pub exam: ExamKey,
    /// Overall figures.
    pub overall: GainStats,
    /// Per-topic figures, by topic name.
    pub topics: Vec<TopicGain>,
    /// The paired data for the chart, by learner.
    pub pairs: Vec<GainPair>,
}

/// A whole class report: every table and the data of every chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassReport {
    /// Attempts by exam, form, learner and time.
    pub attempts: Vec<Attempt>,
    /// "All attempts" first, then one group per exam and form.
    pub tests: Vec<TestStats>,
    /// Items by activity id.
    pub items: Vec<ItemStats>,
    /// Topics by name.
    pub topics: Vec<TopicStats>,
    /// Learning gain per exam with pre and post attempts, by exam.
    pub gains: Vec<ExamGain>,
    /// Remarks about the input that are not worth skipping a file for (duplicates, statements
    /// that could not be used).
    pub notes: Vec<String>,
}

/// A short name of an item for tables: `bank/question` for Counterpoint's question IRIs, else
/// the activity id as is.
pub fn short_item_id(activity_id: &str) -> String {
    let prefix = format!("{}/banks/", crate::interchange::results::xapi::IRI_BASE);
    activity_id
        .strip_prefix(&prefix)
        .and_then(|rest| rest.split_once("/questions/"))
        .map_or_else(
            || activity_id.to_string(),
            |(bank, question)| format!("{bank}/{question}"),
        )
}

/// A score 0..1 as a percentage with one decimal: `65.0%`.
pub fn percent(score: f64) -> String {
    format!("{:.1}%", score * 100.0)
}

/// A time in seconds as `m:ss` or `h:mm:ss`.
pub fn clock(seconds: f64) -> String {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "rounded and clamped to a non-negative whole number of seconds first"
    )]
    let s = seconds.max(0.0).round().min(1e12) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// An optional figure with `decimals` decimals, `–` when undefined.
pub fn figure(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(
        || "–".to_string(),
        |v| {
            let text = format!("{v:.decimals$}");
            // A tiny negative value rounds to "-0.000": print it as zero.
            match text.strip_prefix('-') {
                Some(digits) if digits.bytes().all(|b| b == b'0' || b == b'.') => {
                    digits.to_string()
                }
                _ => text,
            }
        },
    )
}
