//! Exam definitions: what an exam is, its TOML exam file, its codes (one per form), and
//! rebuilding an exam from a typed code against the banks on this machine (docs/exams.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::blueprint::Blueprint;
use super::code::{Base32, CodeError, CodePayload, FORM_NAME_CHARS, PayloadError};
use crate::interchange::results::uuid::sha1;
use crate::model::{Bank, Kind, KindName};

/// Bits of the bank id hash in a code.
pub const BANK_ID_HASH_BITS: u32 = 5;

/// Bits of the bank content hash in a code (written as three base32 characters).
pub const CONTENT_HASH_BITS: u32 = 15;

/// The `format` value of exam files.
pub const EXAM_FILE_FORMAT: &str = "counterpoint-exam";

/// Exam files larger than this are refused (one is well under 1 kB).
pub const MAX_EXAM_FILE_BYTES: u64 = 1 << 20;

/// Errors about exams, their files and codes. Each message is one line for the learner or
/// instructor.
#[derive(Debug, thiserror::Error)]
pub enum ExamError {
    /// A typed code cannot be read.
    #[error("exam code {code}: {source}")]
    Code {
        /// The code as typed.
        code: String,
        /// Why.
        source: CodeError,
    },
    /// Part of the exam cannot be put into a code.
    #[error(transparent)]
    Payload(#[from] PayloadError),
    /// The code or file names a bank that is not installed.
    #[error("{0}")]
    UnknownBank(String),
    /// The bank is installed in another version (or with other content).
    #[error(
        "this exam needs bank \"{id}\" version {wanted_version} (content {wanted_hash}); this machine has version {found_version} (content {found_hash})"
    )]
    BankVersion {
        /// Bank id.
        id: String,
        /// Version the exam was made for.
        wanted_version: String,
        /// Content hash the exam was made for.
        wanted_hash: String,
        /// Version installed here.
        found_version: String,
        /// Content hash of the installed bank.
        found_hash: String,
    },
    /// The bank has too few questions for the blueprint.
    #[error("the bank cannot fill this blueprint: {0}")]
    Unfillable(String),
    /// The definition is not valid.
    #[error("{0}")]
    Invalid(String),
    /// A form that the exam does not have.
    #[error("the exam has no form \"{form}\" (forms: {forms})")]
    UnknownForm {
        /// The form asked for.
        form: String,
        /// The forms there are.
        forms: String,
    },
    /// An exam with several forms was opened without saying which.
    #[error("the exam has forms {0}: choose one")]
    ChooseForm(String),
    /// An exam file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An exam file is not valid TOML or not an exam file.
    #[error("{}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong, with its line and column where the parser gives them.
        message: String,
    },
}

/// Result with [`ExamError`].
pub type Result<T, E = ExamError> = std::result::Result<T, E>;

/// What the learner sees when (also the values of `exam new --feedback`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum FeedbackPolicy {
    /// Nothing during the exam; a review of every question after submitting.
    #[default]
    AfterExam,
    /// Only the score after submitting, no review.
    None,
    /// Each answer is graded and shown at once, and then locked.
    AfterEach,
}

impl FeedbackPolicy {
    /// All policies, in code order.
    pub const ALL: [Self; 3] = [Self::AfterExam, Self::None, Self::AfterEach];

    /// The name in exam files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::AfterExam => "after-exam",
            Self::None => "none",
            Self::AfterEach => "after-each",
        }
    }

    /// The policy called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    fn to_bits(self) -> u8 {
        match self {
            Self::AfterExam => 0,
            Self::None => 1,
            Self::AfterEach => 2,
        }
    }

    fn from_bits(bits: u8) -> Self {
        match bits {
            1 => Self::None,
            2 => Self::AfterEach,
            _ => Self::AfterExam,
        }
    }
}

/// Which bank an exam draws from: id, version and content hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankRef {
    /// Bank id.
    pub id: String,
    /// Bank version.
    pub version: String,
    /// The bank's content hash, three base32 characters ([`content_hash`]).
    pub content_hash: String,
}

impl BankRef {
    /// The reference to `bank` as it is now.
    pub fn of(bank: &Bank) -> Self {
        Self {
            id: bank.id.0.clone(),
            version: bank.version.clone(),
            content_hash: Base32(u64::from(content_hash(bank)), CONTENT_HASH_BITS).to_string(),
        }
    }
}

/// An exam definition (docs/exams.md).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exam {
    /// Title shown to learners.
    pub title: String,
    /// The bank questions come from.
    pub bank: BankRef,
    /// How many questions of which sort.
    pub blueprint: Blueprint,
    /// Time limit in seconds.
    pub time_limit_s: u32,
    /// Pass mark: score × 100 ≥ this.
    pub pass_percent: u8,
    /// What is shown when.
    pub feedback: FeedbackPolicy,
    /// Whether choices of single and multiple questions are shuffled.
    pub shuffle_choices: bool,
    /// Names of parallel forms (no question in common); empty for one unnamed paper.
    pub forms: Vec<String>,
    /// Seed of the draw.
    pub seed: u32,
}

/// A form's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormCode {
    /// The form's name (`None` for an exam without forms).
    pub form: Option<String>,
    /// Its exam code.
    pub code: String,
}

/// The 5-bit hash of a bank id carried in codes: the first bits of SHA-1 of
/// `counterpoint-bank-id:` followed by the id.
pub fn bank_id_hash(id: &str) -> u16 {
    let digest = sha1(format!("counterpoint-bank-id:{id}").as_bytes());
    let top = u16::from_be_bytes([digest[0], digest[1]]);
    top >> (16 - BANK_ID_HASH_BITS)
}

/// The 15-bit content hash of a bank: the first bits of SHA-1 of a canonical text of its id,
/// version and every question (id, topic, difficulty, kind, prompt, explanation, choices, items,
/// answer key), in bank order. Sources, glossary and timeline are not part of it: they change no
/// paper.
pub fn content_hash(bank: &Bank) -> u32 {
    let mut text = Vec::new();
    let mut field = |s: &str| {
        // A checkout with CRLF line ends (Windows) must give the same hash and so the same codes.
        let s = s.replace("\r\n", "\n");
        text.extend_from_slice(&(s.len() as u64).to_le_bytes());
        text.extend_from_slice(s.as_bytes());
    };
    field("counterpoint-bank-content-1");
    field(&bank.id.0);
    field(&bank.version);
    for q in &bank.questions {
        field(&q.id.0);
        field(&q.topic);
        field(&q.difficulty.to_string());
        field(q.kind.name());
        field(&q.prompt);
        field(&q.explanation);
        match &q.kind {
            Kind::Single { choices, .. } | Kind::Multiple { choices, .. } => {
                for c in choices {
                    field(&c.text);
                }
            }
            Kind::Order { items } => {
                for i in items {
                    field(i);
                }
            }
            Kind::Match { pairs, distractors } => {
                for p in pairs {
                    field(&p.left);
                    field(&p.right);
                }
                for d in distractors {
                    field(d);
                }
            }
            Kind::TrueFalse { .. } | Kind::Numeric { .. } | Kind::Text { .. } => {}
        }
        for line in q.kind.answer_lines() {
            field(&line);
        }
    }
    let digest = sha1(&text);
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) >> (32 - CONTENT_HASH_BITS)
}

impl Exam {
    /// Checks the parts that do not need the bank: pass mark, time, counts, forms, filters.
    pub fn validate(&self) -> Result<()> {
        let invalid = |m: String| Err(ExamError::Invalid(m));
        if self.title.trim().is_empty() {
            return invalid("the exam needs a title".into());
        }
        if self.pass_percent > 100 {
            return invalid(format!("pass mark {}% is over 100%", self.pass_percent));
        }
        if self.time_limit_s == 0 {
            return invalid("the time limit must be more than 0".into());
        }
        self.blueprint.validate()?;
        let mut seen = BTreeSet::new();
        for form in &self.forms {
            let valid = !form.is_empty()
                && form.chars().count() <= 16
                && form.chars().all(|c| FORM_NAME_CHARS.contains(c));
            if !valid {
                return invalid(format!(
                    "form name \"{form}\": use 1 to 16 of a-z, 0-9, '-' and '_'"
                ));
            }
            if !seen.insert(form) {
                return invalid(format!("form \"{form}\" is named twice"));
            }
        }
        if self.forms.len() > 64 {
            return invalid("at most 64 forms".into());
        }
        Ok(())
    }

    /// The forms as shown: the names, or one `None` for an exam without forms.
    pub fn form_names(&self) -> Vec<Option<&str>> {
        if self.forms.is_empty() {
            vec![None]
        } else {
            self.forms.iter().map(|f| Some(f.as_str())).collect()
        }
    }

    /// The index of form `name` (`None` picks the only paper of an exam without forms, or the
    /// first form).
    pub fn form_index(&self, name: Option<&str>) -> Result<usize> {
        match name {
            None => Ok(0),
            Some(name) => {
                self.forms
                    .iter()
                    .position(|f| f == name)
                    .ok_or_else(|| ExamError::UnknownForm {
                        form: name.to_owned(),
                        forms: if self.forms.is_empty() {
                            "none".to_owned()
                        } else {
                            self.forms.join(", ")
                        },
                    })
            }
        }
    }

    /// The name of form `index` (`None` for an exam without forms).
    pub fn form_name(&self, index: usize) -> Option<&str> {
        self.forms.get(index).map(String::as_str)
    }

    /// The code of every form. `bank` must be the exam's bank (checked).
    pub fn codes(&self, bank: &Bank) -> Result<Vec<FormCode>> {
        check_bank(&self.bank, bank)?;
        self.validate()?;
        (0..self.form_names().len())
            .map(|i| {
                Ok(FormCode {
                    form: self.form_name(i).map(str::to_owned),
                    code: self.payload(bank, i)?.to_code()?,
                })
            })
            .collect()
    }

    /// The code of form `index`.
    pub fn code(&self, bank: &Bank, index: usize) -> Result<String> {
        check_bank(&self.bank, bank)?;
        Ok(self.payload(bank, index)?.to_code()?)
    }

    fn payload(&self, bank: &Bank, form: usize) -> Result<CodePayload> {
        let topics: Vec<String> = bank.topic_counts().into_keys().collect();
        let mut topic_quotas = Vec::new();
        for (topic, &count) in &self.blueprint.topics {
            let index = topics.iter().position(|t| t == topic).ok_or_else(|| {
                ExamError::Invalid(format!(
                    "bank \"{}\" has no topic \"{topic}\" (topics: {})",
                    bank.id,
                    topics.join(", ")
                ))
            })?;
            topic_quotas.push((index, count));
        }
        topic_quotas.sort_unstable();
        let difficulty_mask = self
            .blueprint
            .difficulties
            .iter()
            .fold(0_u8, |m, &d| m | 1 << d.saturating_sub(1).min(7));
        let kind_mask = self.blueprint.kinds.iter().fold(0_u8, |m, k| {
            let bit = KindName::parse(k)
                .and_then(|kind| KindName::ALL.iter().position(|&n| n == kind))
                .unwrap_or(7);
            m | u8::try_from(1_u32 << bit).unwrap_or(0)
        });
        Ok(CodePayload {
            bank_id_hash: bank_id_hash(&bank.id.0),
            content_hash: content_hash(bank),
            bank_version: bank.version.clone(),
            seed: self.seed,
            questions: self.blueprint.questions,
            topic_quotas,
            difficulty_mask,
            kind_mask,
            time_limit_s: self.time_limit_s,
            pass_percent: self.pass_percent,
            feedback: self.feedback.to_bits(),
            shuffle_choices: self.shuffle_choices,
            form_count: self.forms.len(),
            form_index: form,
            form_name: self.form_name(form).map(str::to_owned),
        })
    }

    /// Rebuilds the exam of a typed code from the banks on this machine; returns it with the
    /// code's form index. Forms other than the code's are named `form-N` (the code carries only
    /// its own form's name); the title is "`<bank title>`: exam" (codes carry no title).
    pub fn from_code(code: &str, banks: &[Bank]) -> Result<(Self, usize)> {
        let payload = CodePayload::from_code(code).map_err(|source| ExamError::Code {
            code: as_typed(code),
            source,
        })?;
        let bank = find_bank_for_code(&payload, banks)?;
        let topics: Vec<String> = bank.topic_counts().into_keys().collect();
        let mut quotas = BTreeMap::new();
        for &(index, count) in &payload.topic_quotas {
            let topic = topics.get(index).ok_or_else(|| ExamError::Code {
                code: as_typed(code),
                source: CodeError::Malformed("a topic number is out of range"),
            })?;
            quotas.insert(topic.clone(), count);
        }
        let difficulties = (1..=3_u8)
            .filter(|d| payload.difficulty_mask & (1 << (d - 1)) != 0)
            .collect();
        let kinds = KindName::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| payload.kind_mask & (1 << i) != 0)
            .map(|(_, k)| k.as_str().to_owned())
            .collect();
        let forms = (0..payload.form_count)
            .map(|i| {
                if i == payload.form_index {
                    payload.form_name.clone().unwrap_or_default()
                } else {
                    format!("form-{}", i + 1)
                }
            })
            .collect();
        let exam = Self {
            title: format!("{}: exam", bank.title),
            bank: BankRef::of(bank),
            blueprint: Blueprint {
                questions: payload.questions,
                topics: quotas,
                difficulties,
                kinds,
            },
            time_limit_s: payload.time_limit_s,
            pass_percent: payload.pass_percent,
            feedback: FeedbackPolicy::from_bits(payload.feedback),
            shuffle_choices: payload.shuffle_choices,
            forms,
            seed: payload.seed,
        };
        Ok((exam, payload.form_index))
    }

    /// The exam as an exam file (TOML), with the codes of its forms when `bank` is given.
    pub fn to_toml(&self, codes: &[FormCode]) -> Result<String> {
        let file = ExamFile {
            format: EXAM_FILE_FORMAT.to_owned(),
            version: 1,
            title: self.title.clone(),
            time_limit: format_duration(self.time_limit_s),
            pass_percent: self.pass_percent,
            feedback: self.feedback,
            shuffle_choices: self.shuffle_choices,
            forms: self.forms.clone(),
            seed: self.seed,
            bank: self.bank.clone(),
            blueprint: self.blueprint.clone(),
            codes: codes
                .iter()
                .map(|c| (c.form.clone().unwrap_or_else(|| "-".into()), c.code.clone()))
                .collect(),
        };
        toml::to_string(&file).map_err(|e| ExamError::Invalid(format!("exam file: {e}")))
    }

    /// Reads an exam from exam-file text; `path` names the file in errors.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self> {
        let bad = |message: String| ExamError::File {
            path: path.to_path_buf(),
            message,
        };
        let file: ExamFile = toml::from_str(text).map_err(|e| bad(one_line(&e.to_string())))?;
        if file.format != EXAM_FILE_FORMAT {
            return Err(bad(format!(
                "format is \"{}\", not \"{EXAM_FILE_FORMAT}\"",
                file.format
            )));
        }
        if file.version != 1 {
            return Err(bad(format!(
                "exam file version {} is not supported (this Counterpoint reads version 1)",
                file.version
            )));
        }
        let time_limit_s = parse_duration(&file.time_limit).ok_or_else(|| {
            bad(format!(
                "time_limit \"{}\" is not a duration like \"30m\", \"1h30m\" or \"90s\"",
                file.time_limit
            ))
        })?;
        let exam = Self {
            title: file.title,
            bank: file.bank,
            blueprint: file.blueprint,
            time_limit_s,
            pass_percent: file.pass_percent,
            feedback: file.feedback,
            shuffle_choices: file.shuffle_choices,
            forms: file.forms,
            seed: file.seed,
        };
        exam.validate().map_err(|e| bad(e.to_string()))?;
        Ok(exam)
    }

    /// Reads an exam file; one over [`MAX_EXAM_FILE_BYTES`] is refused before it is read.
    pub fn read(path: &Path) -> Result<Self> {
        let io = |source| ExamError::Io {
            path: path.to_path_buf(),
            source,
        };
        let size = std::fs::metadata(path).map_err(io)?.len();
        if size > MAX_EXAM_FILE_BYTES {
            return Err(ExamError::File {
                path: path.to_path_buf(),
                message: format!(
                    "file is too large ({size} bytes; an exam file is at most {MAX_EXAM_FILE_BYTES} bytes)"
                ),
            });
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        Self::from_toml(&text, path)
    }
}

/// The exam file's layout (docs/exams.md).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExamFile {
    format: String,
    version: u32,
    title: String,
    time_limit: String,
    pass_percent: u8,
    #[serde(default)]
    feedback: FeedbackPolicy,
    #[serde(default = "yes")]
    shuffle_choices: bool,
    #[serde(default)]
    forms: Vec<String>,
    seed: u32,
    bank: BankRef,
    blueprint: Blueprint,
    /// Written for the instructor's convenience; recomputed, never trusted, when read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    codes: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

/// A typed code for messages: trimmed, and cut after 64 characters (a pasted page is not a code).
fn as_typed(code: &str) -> String {
    let code = code.trim();
    match code.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", code.get(..end).unwrap_or_default()),
        None => code.to_owned(),
    }
}

fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '|' || c == '^' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks that `bank` is the bank `wanted` names (id, and content hash).
pub fn check_bank(wanted: &BankRef, bank: &Bank) -> Result<()> {
    let found = BankRef::of(bank);
    if found.id != wanted.id {
        return Err(ExamError::UnknownBank(format!(
            "the exam is for bank \"{}\", not \"{}\"",
            wanted.id, found.id
        )));
    }
    if !found
        .content_hash
        .eq_ignore_ascii_case(&wanted.content_hash)
        || found.version != wanted.version
    {
        return Err(ExamError::BankVersion {
            id: wanted.id.clone(),
            wanted_version: wanted.version.clone(),
            wanted_hash: wanted.content_hash.to_uppercase(),
            found_version: found.version,
            found_hash: found.content_hash,
        });
    }
    Ok(())
}

/// The bank `wanted` names among `banks`, or why there is none.
pub fn find_bank<'b>(wanted: &BankRef, banks: &'b [Bank]) -> Result<&'b Bank> {
    let Some(bank) = banks.iter().find(|b| b.id.0 == wanted.id) else {
        return Err(ExamError::UnknownBank(format!(
            "unknown bank \"{}\" (installed: {})",
            wanted.id,
            installed(banks)
        )));
    };
    check_bank(wanted, bank)?;
    Ok(bank)
}

fn installed(banks: &[Bank]) -> String {
    if banks.is_empty() {
        return "none".to_owned();
    }
    banks
        .iter()
        .map(|b| format!("{} {}", b.id, b.version))
        .collect::<Vec<_>>()
        .join(", ")
}

fn find_bank_for_code<'b>(payload: &CodePayload, banks: &'b [Bank]) -> Result<&'b Bank> {
    let same_id: Vec<&Bank> = banks
        .iter()
        .filter(|b| bank_id_hash(&b.id.0) == payload.bank_id_hash)
        .collect();
    if let Some(bank) = same_id
        .iter()
        .find(|b| content_hash(b) == payload.content_hash && b.version == payload.bank_version)
    {
        return Ok(bank);
    }
    let wanted_hash = Base32(u64::from(payload.content_hash), CONTENT_HASH_BITS).to_string();
    match same_id.first() {
        Some(bank) => Err(ExamError::BankVersion {
            id: bank.id.0.clone(),
            wanted_version: payload.bank_version.clone(),
            wanted_hash,
            found_version: bank.version.clone(),
            found_hash: BankRef::of(bank).content_hash,
        }),
        None => Err(ExamError::UnknownBank(format!(
            "this exam needs a bank that is not installed here (version {}, content {wanted_hash}); installed: {}",
            payload.bank_version,
            installed(banks)
        ))),
    }
}

/// Parses a duration: `30m`, `1h30m`, `90s`, `1h`, combinations in h-m-s order.
pub fn parse_duration(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut total: u32 = 0;
    let mut number = String::new();
    let mut last_unit = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (rank, factor) = match c {
            'h' => (1, 3600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => return None,
        };
        if number.is_empty() || rank <= last_unit {
            return None;
        }
        let n: u32 = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(factor)?)?;
        number.clear();
        last_unit = rank;
    }
    number.is_empty().then_some(total)
}

/// Writes seconds as `parse_duration` reads them (`30m`, `1h30m`, `95s`).
pub fn format_duration(seconds: u32) -> String {
    use std::fmt::Write as _;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::new();
    if h > 0 {
        write!(out, "{h}h").ok();
    }
    if m > 0 {
        write!(out, "{m}m").ok();
    }
    if s > 0 || out.is_empty() {
        write!(out, "{s}s").ok();
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{BankId, Choice, Citation, Question, QuestionId};

    /// A bank with topics A (12 questions), B (8) and C (4); singles with four choices, every
    /// third question true/false; difficulty cycles 1, 2, 3.
    pub(crate) fn bank() -> Bank {
        let mut questions = Vec::new();
        for (topic, n) in [("A", 12), ("B", 8), ("C", 4)] {
            for i in 0..n {
                let kind = if i % 3 == 2 {
                    Kind::TrueFalse {
                        answer: true,
                        feedback_true: None,
                        feedback_false: None,
                    }
                } else {
                    Kind::Single {
                        choices: (0..4)
                            .map(|c| Choice {
                                text: format!("choice {c}"),
                                feedback: None,
                            })
                            .collect(),
                        answer: 1,
                    }
                };
                questions.push(Question {
                    id: QuestionId(format!("{}-{i:02}", topic.to_lowercase())),
                    topic: topic.into(),
                    tags: vec![],
                    difficulty: u8::try_from(i % 3 + 1).unwrap(),
                    kind,
                    prompt: format!("prompt {topic} {i}"),
                    explanation: "because".into(),
                    sources: vec![Citation {
                        id: "s".into(),
                        locator: None,
                    }],
                    content_warning: None,
                });
            }
        }
        Bank {
            id: BankId("demo".into()),
            title: "Demo".into(),
            description: String::new(),
            language: "en".into(),
            version: "1.0.0".into(),
            authors: vec![],
            license: "CC0".into(),
            content_note: None,
            sources: BTreeMap::new(),
            questions,
            glossary: vec![],
            events: vec![],
            map: crate::model::BankMap::default(),
        }
    }

    pub(crate) fn exam(bank: &Bank) -> Exam {
        Exam {
            title: "Demo pre/post".into(),
            bank: BankRef::of(bank),
            blueprint: Blueprint {
                questions: 6,
                topics: [("B".to_owned(), 2)].into(),
                difficulties: BTreeSet::new(),
                kinds: BTreeSet::new(),
            },
            time_limit_s: 1800,
            pass_percent: 70,
            feedback: FeedbackPolicy::AfterExam,
            shuffle_choices: true,
            forms: vec!["pre".into(), "post".into()],
            seed: 7,
        }
    }

    #[test]
    fn codes_rebuild_the_exam() {
        let bank = bank();
        let exam = exam(&bank);
        let codes = exam.codes(&bank).unwrap();
        assert_eq!(codes.len(), 2);
        assert_ne!(codes[0].code, codes[1].code);
        for (i, fc) in codes.iter().enumerate() {
            let (rebuilt, form) = Exam::from_code(&fc.code, std::slice::from_ref(&bank)).unwrap();
            assert_eq!(form, i);
            assert_eq!(rebuilt.blueprint, exam.blueprint);
            assert_eq!(rebuilt.bank, exam.bank);
            assert_eq!(
                (rebuilt.time_limit_s, rebuilt.pass_percent, rebuilt.seed),
                (1800, 70, 7)
            );
            assert_eq!(rebuilt.form_name(i), exam.form_name(i));
            assert_eq!(rebuilt.forms.len(), 2);
        }
    }

    #[test]
    fn a_code_for_another_bank_version_names_the_version() {
        let old = bank();
        let code = exam(&old).codes(&old).unwrap()[0].code.clone();
        let mut new = bank();
        new.version = "1.1.0".into();
        new.questions[0].prompt = "changed".into();
        let err = Exam::from_code(&code, &[new]).unwrap_err().to_string();
        assert!(err.contains("needs bank \"demo\" version 1.0.0"), "{err}");
        assert!(err.contains("this machine has version 1.1.0"), "{err}");
        let err = Exam::from_code(&code, &[]).unwrap_err().to_string();
        assert!(err.contains("not installed"), "{err}");
    }

    #[test]
    fn content_hash_follows_the_questions() {
        let a = bank();
        let mut b = bank();
        assert_eq!(content_hash(&a), content_hash(&b));
        b.questions[3].explanation.push_str("\nmore");
        assert_ne!(content_hash(&a), content_hash(&b));
        let mut crlf = b.clone();
        crlf.questions[3].explanation = crlf.questions[3].explanation.replace('\n', "\r\n");
        assert_eq!(content_hash(&crlf), content_hash(&b));
        assert!(content_hash(&a) < 1 << CONTENT_HASH_BITS);
        assert!(bank_id_hash("iskp") < 1 << BANK_ID_HASH_BITS);
    }

    #[test]
    fn exam_file_round_trips() {
        let bank = bank();
        let exam = exam(&bank);
        let text = exam.to_toml(&exam.codes(&bank).unwrap()).unwrap();
        assert!(text.contains("time_limit = \"30m\""), "{text}");
        assert!(text.contains("[codes]"), "{text}");
        let read = Exam::from_toml(&text, Path::new("exam.toml")).unwrap();
        assert_eq!(read, exam);
    }

    #[test]
    fn bad_exam_files_name_the_file_and_line() {
        let bank = bank();
        let text = exam(&bank).to_toml(&[]).unwrap();
        let typo = text.replace("pass_percent", "pass_precent");
        let err = Exam::from_toml(&typo, Path::new("x.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.toml: "), "{err}");
        assert!(err.contains("line"), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let over = text.replace("pass_percent = 70", "pass_percent = 170");
        let err = Exam::from_toml(&over, Path::new("x.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("over 100%"), "{err}");
        let dup = text.replace("\"post\"", "\"pre\"");
        assert!(Exam::from_toml(&dup, Path::new("x.toml")).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m"), Some(1800));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("95s"), Some(95));
        assert_eq!(parse_duration("30"), None);
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration("30m1h"), None);
        assert_eq!(format_duration(1800), "30m");
        assert_eq!(format_duration(5400), "1h30m");
        assert_eq!(format_duration(95), "1m35s");
        assert_eq!(parse_duration(&format_duration(3725)), Some(3725));
    }
}
