//! Reading results: Counterpoint exam results files (`counterpoint-exam-results`, version 1) and
//! xAPI statement files (a JSON array; one attempt per `context.registration`). Anything else is
//! skipped with a reason, never a panic.
//!
//! Files are read one at a time. An xAPI array is decoded statement by statement through a serde
//! sequence visitor, so a file's decoded statements are never all in memory at once: only the
//! file's bytes and the per-registration summaries are.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, SeqAccess, Visitor};

use super::model::{Attempt, ExamKey, ItemResponse, Skipped};
use crate::interchange::results::xapi::{self, IRI_BASE};

/// The `format` of an exam results file.
pub const RESULTS_FORMAT: &str = "counterpoint-exam-results";

/// Results files larger than this are refused (a class's file is a few kB; an xAPI dump of
/// 40,000 statements is about 60 MB).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Topic given to questions whose file names none.
pub const NO_TOPIC: &str = "(no topic)";

const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
const VERB_ATTEMPTED: &str = "http://adlnet.gov/expapi/verbs/attempted";
const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";

/// Everything read from the given paths.
#[derive(Debug, Default)]
pub struct Input {
    /// Attempts, in reading order.
    pub attempts: Vec<Attempt>,
    /// Files that were not read, with the reason.
    pub skipped: Vec<Skipped>,
    /// Remarks about files that were read.
    pub notes: Vec<String>,
}

/// Lists the files to read: files as given, folders searched (recursively) for `*.json`, in
/// name order. A path that does not exist or a folder that cannot be listed is skipped.
pub fn list_files(paths: &[PathBuf], skipped: &mut Vec<Skipped>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            scan_dir(path, &mut files, skipped);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            skipped.push(Skipped {
                path: path.clone(),
                reason: "no such file or folder".into(),
            });
        }
    }
    files
}

fn scan_dir(dir: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            skipped.push(Skipped {
                path: dir.to_path_buf(),
                reason: format!("cannot list the folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            scan_dir(&path, files, skipped);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            files.push(path);
        }
    }
}

/// Reads every file: results files become attempts at once; xAPI statements are grouped by
/// registration over all files, then become attempts. An attempt read twice (same id) is kept
/// once, the results file winning over xAPI statements.
pub fn read_all(paths: &[PathBuf]) -> Input {
    let mut input = Input::default();
    let files = list_files(paths, &mut input.skipped);
    let mut registrations = Registrations::default();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for (index, path) in files.iter().enumerate() {
        match read_file(path, index, &mut registrations) {
            Ok(FileContent::Results(attempt)) => {
                if let Some(first) = seen.get(&attempt.id) {
                    input.skipped.push(Skipped {
                        path: path.clone(),
                        reason: format!(
                            "attempt {} was already read from {}",
                            attempt.id,
                            first.display()
                        ),
                    });
                } else {
                    seen.insert(attempt.id.clone(), path.clone());
                    let mut attempt = *attempt;
                    attempt.file.clone_from(path);
                    input.attempts.push(attempt);
                }
            }
            Ok(FileContent::Statements(summary)) => {
                if summary.used == 0 {
                    input.skipped.push(Skipped {
                        path: path.clone(),
                        reason: format!(
                            "no usable xAPI statements ({} statements, none with a \
                             context.registration and a question or exam activity)",
                            summary.total
                        ),
                    });
                } else if summary.unusable > 0 {
                    input.notes.push(format!(
                        "{}: {} of {} statements could not be used (no registration, or an \
                         answer without a score)",
                        path.display(),
                        summary.unusable,
                        summary.total
                    ));
                }
            }
            Err(reason) => input.skipped.push(Skipped {
                path: path.clone(),
                reason,
            }),
        }
    }
    for attempt in registrations.into_attempts(&files, &mut input.notes) {
        if let Some(first) = seen.get(&attempt.id) {
            input.notes.push(format!(
                "xAPI registration {} in {} is the attempt already read from {}; counted once",
                attempt.id,
                attempt.file.display(),
                first.display()
            ));
        } else {
            input.attempts.push(attempt);
        }
    }
    input
}

/// Reads statements one at a time from somewhere other than a file (an LRS), keeping only the
/// per-registration summaries, as for statement files.
#[derive(Default)]
pub struct StatementReader {
    registrations: Registrations,
    count: StatementCount,
}

impl StatementReader {
    /// Folds one statement in.
    pub fn add(&mut self, statement: serde_json::Value) {
        self.count.total += 1;
        let used = serde_json::from_value::<Statement>(statement)
            .is_ok_and(|s| self.registrations.add(s, 0));
        if used {
            self.count.used += 1;
        } else {
            self.count.unusable += 1;
        }
    }

    /// The attempts read, named after `source` (the LRS's URL) in the report's notes.
    pub fn finish(self, source: &Path) -> Input {
        let mut input = Input::default();
        let files = [source.to_path_buf()];
        if self.count.used == 0 {
            input.skipped.push(Skipped {
                path: source.to_path_buf(),
                reason: format!(
                    "no usable xAPI statements ({} statements, none with a context.registration \
                     and a question or exam activity)",
                    self.count.total
                ),
            });
        } else if self.count.unusable > 0 {
            input.notes.push(format!(
                "{}: {} of {} statements could not be used (no registration, or an answer \
                 without a score)",
                source.display(),
                self.count.unusable,
                self.count.total
            ));
        }
        input.attempts = self.registrations.into_attempts(&files, &mut input.notes);
        input
    }
}

enum FileContent {
    Results(Box<Attempt>),
    Statements(StatementCount),
}

#[derive(Default)]
struct StatementCount {
    total: usize,
    used: usize,
    unusable: usize,
}

fn read_file(
    path: &Path,
    index: usize,
    registrations: &mut Registrations,
) -> Result<FileContent, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "too large ({size} bytes; at most {MAX_FILE_BYTES})"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    read_body(&bytes, index, registrations)
}

/// Reads a file's bytes (a results file or an xAPI statement array; a UTF-8 BOM is skipped).
fn read_body(
    bytes: &[u8],
    index: usize,
    registrations: &mut Registrations,
) -> Result<FileContent, String> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => read_results(body).map(|a| FileContent::Results(Box::new(a))),
        Some(b'[') => read_statements(body, index, registrations).map(FileContent::Statements),
        Some(_) => Err("not JSON (neither an object nor an array)".into()),
        None => Err("empty file".into()),
    }
}

fn json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "truncated JSON",
        Category::Syntax => "invalid JSON",
        Category::Data => "unexpected content",
        Category::Io => "read error",
    };
    // serde_json's message ends with its own " at line L column C"; say it once.
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    format!(
        "{what} at line {}, column {}: {message}",
        e.line(),
        e.column()
    )
}

// ---------------------------------------------------------------------------------------------
// Results files

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawResults {
    attempt_id: String,
    exam: RawExam,
    learner: String,
    #[serde(default)]
    submitted_at: Option<String>,
    #[serde(default)]
    time_used_s: Option<f64>,
    score: f64,
    #[serde(default)]
    passed: Option<bool>,
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
struct RawExam {
    #[serde(default)]
    code: Option<String>,
    title: String,
    #[serde(default)]
    form: Option<String>,
    bank_id: String,
}

#[derive(Deserialize)]
struct RawQuestion {
    question_id: String,
    #[serde(default)]
    topic: Option<String>,
    kind: String,
    #[serde(default)]
    activity_id: Option<String>,
    #[serde(default)]
    response: Option<IgnoredAny>,
    #[serde(default)]
    choices_picked: Option<Vec<String>>,
    score: f64,
}

fn read_results(body: &[u8]) -> Result<Attempt, String> {
    let header: Header = serde_json::from_slice(body).map_err(|e| json_error(&e))?;
    match header.format.as_deref() {
        Some(RESULTS_FORMAT) => {}
        Some(other) => {
            return Err(format!(
                "not an exam results file (format \"{other}\", expected \"{RESULTS_FORMAT}\")"
            ));
        }
        None => {
            return Err(format!(
                "not an exam results file (no \"format\": \"{RESULTS_FORMAT}\")"
            ));
        }
    }
    match header.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        Some(v) => return Err(format!("unknown results file version {v} (this reads 1)")),
        None => return Err("results file without a numeric \"version\"".into()),
    }
    let raw: RawResults = serde_json::from_slice(body).map_err(|e| json_error(&e))?;
    check_score("score", raw.score)?;
    if raw.learner.trim().is_empty() {
        return Err("the learner's name is empty".into());
    }
    if raw.questions.is_empty() {
        return Err("the attempt has no questions".into());
    }
    let mut items = Vec::with_capacity(raw.questions.len());
    for (i, q) in raw.questions.into_iter().enumerate() {
        check_score(&format!("questions[{i}].score"), q.score)?;
        let activity_id = q
            .activity_id
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(|| xapi::question_iri(&raw.exam.bank_id, &q.question_id));
        if items
            .iter()
            .any(|it: &ItemResponse| it.activity_id == activity_id)
        {
            return Err(format!(
                "questions[{i}]: question {} appears twice",
                q.question_id
            ));
        }
        let choice_kind = matches!(q.kind.as_str(), "single" | "multiple" | "true_false");
        let picked = q.choices_picked.unwrap_or_default();
        let answered = q.response.is_some() || !picked.is_empty();
        items.push(ItemResponse {
            activity_id,
            topic: topic_or_default(q.topic),
            kind: q.kind,
            score: q.score,
            choices: choice_kind.then_some(picked),
            answered,
        });
    }
    Ok(Attempt {
        id: raw.attempt_id,
        file: PathBuf::new(),
        learner: raw.learner,
        exam: ExamKey {
            title: raw.exam.title,
            bank_id: raw.exam.bank_id,
        },
        code: raw.exam.code,
        form: raw.exam.form.filter(|f| !f.trim().is_empty()),
        score: raw.score,
        passed: raw.passed,
        time_used_s: raw.time_used_s.filter(|t| t.is_finite() && *t >= 0.0),
        submitted_at: raw.submitted_at,
        items,
    })
}

fn check_score(what: &str, score: f64) -> Result<(), String> {
    if score.is_finite() && (0.0..=1.0).contains(&score) {
        Ok(())
    } else {
        Err(format!("{what} is {score}, not a score between 0 and 1"))
    }
}

fn topic_or_default(topic: Option<String>) -> String {
    topic
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| NO_TOPIC.to_string())
}

// ---------------------------------------------------------------------------------------------
// xAPI statements

#[derive(Deserialize)]
struct Statement {
    #[serde(default)]
    actor: Option<Actor>,
    #[serde(default)]
    verb: Option<Verb>,
    #[serde(default)]
    object: Option<Object>,
    #[serde(default)]
    result: Option<XResult>,
    #[serde(default)]
    context: Option<Context>,
    #[serde(default)]
    timestamp: Option<String>,
}

#[derive(Deserialize)]
struct Actor {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    mbox: Option<String>,
    #[serde(default)]
    mbox_sha1sum: Option<String>,
    #[serde(default)]
    openid: Option<String>,
    #[serde(default)]
    account: Option<Account>,
}

#[derive(Deserialize)]
struct Account {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Verb {
    #[serde(default)]
    id: String,
}

#[derive(Deserialize)]
struct Object {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    definition: Option<Definition>,
}

#[derive(Deserialize)]
struct Definition {
    #[serde(default, rename = "type")]
    activity_type: Option<String>,
    #[serde(default, rename = "interactionType")]
    interaction_type: Option<String>,
    #[serde(default)]
    name: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
struct XResult {
    #[serde(default)]
    score: Option<XScore>,
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    response: Option<String>,
    #[serde(default)]
    duration: Option<String>,
}

#[derive(Deserialize)]
struct XScore {
    #[serde(default)]
    scaled: Option<f64>,
    #[serde(default)]
    raw: Option<f64>,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
}

#[derive(Deserialize)]
struct Context {
    #[serde(default)]
    registration: Option<String>,
    #[serde(default, rename = "contextActivities")]
    activities: Option<ContextActivities>,
    #[serde(default)]
    extensions: Option<Extensions>,
}

/// The context extensions the report reads; others are skipped without being stored.
#[derive(Deserialize)]
struct Extensions {
    #[serde(default, rename = "https://counterpoint.invalid/xapi/extensions/topic")]
    topic: Option<serde_json::Value>,
    #[serde(default, rename = "https://counterpoint.invalid/xapi/extensions/kind")]
    kind: Option<serde_json::Value>,
    #[serde(
        default,
        rename = "https://counterpoint.invalid/xapi/extensions/exam-code"
    )]
    exam_code: Option<serde_json::Value>,
    #[serde(
        default,
        rename = "https://counterpoint.invalid/xapi/extensions/exam-form"
    )]
    exam_form: Option<serde_json::Value>,
    #[serde(
        default,
        rename = "https://counterpoint.invalid/xapi/extensions/exam-title"
    )]
    exam_title: Option<serde_json::Value>,
}

impl Extensions {
    fn get(&self, name: &str) -> Option<&serde_json::Value> {
        match name {
            "topic" => self.topic.as_ref(),
            "kind" => self.kind.as_ref(),
            "exam-code" => self.exam_code.as_ref(),
            "exam-form" => self.exam_form.as_ref(),
            "exam-title" => self.exam_title.as_ref(),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct ContextActivities {
    #[serde(default)]
    parent: Option<OneOrMany>,
}

/// xAPI allows a context activity list to be a single object.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(ActivityRef),
    Many(Vec<ActivityRef>),
}

#[derive(Deserialize)]
struct ActivityRef {
    #[serde(default)]
    id: Option<String>,
}

/// What is gathered about one registration.
#[derive(Default)]
struct Registration {
    /// Index of the first file with a statement of it.
    file: usize,
    learner: Option<String>,
    exam_activity: Option<String>,
    exam_title: Option<String>,
    code: Option<String>,
    form: Option<String>,
    bank: Option<String>,
    score: Option<f64>,
    passed: Option<bool>,
    duration_s: Option<f64>,
    item_duration_s: f64,
    last_timestamp: Option<String>,
    /// Items by activity id, with the timestamp of the answer kept (the latest).
    items: BTreeMap<String, (ItemResponse, Option<String>, usize)>,
}

#[derive(Default)]
struct Registrations {
    by_id: HashMap<String, Registration>,
}

impl Registrations {
    /// Folds one statement in; false when it cannot be used.
    #[expect(
        clippy::too_many_lines,
        reason = "one pass over one statement's fields, in the order of the xAPI mapping"
    )]
    fn add(&mut self, s: Statement, file: usize) -> bool {
        let Some(context) = s.context else {
            return false;
        };
        let Some(registration) = context.registration.filter(|r| !r.trim().is_empty()) else {
            return false;
        };
        let Some(object) = s.object else {
            return false;
        };
        let Some(object_id) = object.id else {
            return false;
        };
        let verb = s.verb.map(|v| v.id).unwrap_or_default();
        let definition = object.definition;
        let is_interaction = definition.as_ref().is_some_and(|d| {
            d.activity_type
                .as_deref()
                .is_some_and(|t| t.ends_with("/cmi.interaction"))
                || d.interaction_type.is_some()
        });
        let is_item = is_interaction || verb == VERB_ANSWERED;
        let exam_verb =
            [VERB_ATTEMPTED, VERB_COMPLETED, VERB_PASSED, VERB_FAILED].contains(&verb.as_str());
        if !is_item && !exam_verb {
            return false;
        }
        let ext = |name: &str| -> Option<String> {
            context
                .extensions
                .as_ref()
                .and_then(|x| x.get(name))
                .and_then(|v| match v {
                    serde_json::Value::String(s) => Some(s.trim().to_string()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
        };
        let parent = context
            .activities
            .and_then(|c| c.parent)
            .and_then(|p| match p {
                OneOrMany::One(a) => a.id,
                OneOrMany::Many(v) => v.into_iter().find_map(|a| a.id),
            });
        let score = s.result.as_ref().and_then(|r| {
            r.score
                .as_ref()
                .and_then(scaled_score)
                .or(r.success.map(|ok| if ok { 1.0 } else { 0.0 }))
        });
        let duration = s
            .result
            .as_ref()
            .and_then(|r| r.duration.as_deref())
            .and_then(parse_duration_s);

        let title_ext = ext("exam-title");
        let reg = self
            .by_id
            .entry(registration)
            .or_insert_with(|| Registration {
                file,
                ..Registration::default()
            });
        if reg.learner.is_none() {
            reg.learner = s.actor.as_ref().and_then(learner_name);
        }
        if reg.code.is_none() {
            reg.code = ext("exam-code");
        }
        if reg.form.is_none() {
            reg.form = ext("exam-form");
        }
        if reg.exam_title.is_none() {
            reg.exam_title = title_ext;
        }
        if s.timestamp > reg.last_timestamp {
            reg.last_timestamp.clone_from(&s.timestamp);
        }
        if is_item {
            let Some(score) = score else {
                return false;
            };
            if reg.exam_activity.is_none() {
                reg.exam_activity = parent;
            }
            if reg.bank.is_none() {
                reg.bank = bank_of_question(&object_id);
            }
            let interaction = definition.as_ref().and_then(|d| d.interaction_type.clone());
            let kind = ext("kind")
                .or(interaction.clone())
                .unwrap_or_else(|| "other".into());
            let response = s.result.as_ref().and_then(|r| r.response.clone());
            let choice_kind = matches!(interaction.as_deref(), Some("choice" | "true-false"))
                || matches!(kind.as_str(), "single" | "multiple" | "true_false");
            let picks: Vec<String> = response
                .as_deref()
                .map(|r| {
                    r.split("[,]")
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(ToString::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let answered = response.as_deref().is_some_and(|r| !r.trim().is_empty());
            let item = ItemResponse {
                activity_id: object_id.clone(),
                topic: topic_or_default(ext("topic")),
                kind,
                score: score.clamp(0.0, 1.0),
                choices: choice_kind.then_some(picks),
                answered,
            };
            let order = reg.items.len();
            if let Some(d) = duration {
                reg.item_duration_s += d;
            }
            match reg.items.get_mut(&object_id) {
                // A repeated answer (or the same statement in two files): the latest counts.
                Some(kept) if s.timestamp >= kept.1 => {
                    kept.0 = item;
                    kept.1 = s.timestamp;
                }
                Some(_) => {}
                None => {
                    reg.items.insert(object_id, (item, s.timestamp, order));
                }
            }
        } else {
            reg.exam_activity.get_or_insert(object_id);
            if reg.exam_title.is_none() {
                reg.exam_title = definition
                    .as_ref()
                    .and_then(|d| d.name.as_ref())
                    .and_then(pick_language);
            }
            if verb != VERB_ATTEMPTED {
                if let Some(stated) = s.result.as_ref().and_then(|r| r.score.as_ref()) {
                    reg.score = scaled_score(stated).or(reg.score);
                }
                if let Some(d) = duration {
                    reg.duration_s = Some(d);
                }
            }
            match verb.as_str() {
                VERB_PASSED => reg.passed = Some(true),
                VERB_FAILED => reg.passed = Some(false),
                VERB_COMPLETED if reg.passed.is_none() => {
                    reg.passed = s.result.as_ref().and_then(|r| r.success);
                }
                _ => {}
            }
        }
        true
    }

    fn into_attempts(self, files: &[PathBuf], notes: &mut Vec<String>) -> Vec<Attempt> {
        let mut regs: Vec<(String, Registration)> = self.by_id.into_iter().collect();
        regs.sort_by(|a, b| a.1.file.cmp(&b.1.file).then_with(|| a.0.cmp(&b.0)));
        let mut attempts = Vec::with_capacity(regs.len());
        for (id, reg) in regs {
            let file = files.get(reg.file).cloned().unwrap_or_default();
            if reg.items.is_empty() {
                notes.push(format!(
                    "{}: registration {id} has no answered questions; not counted as an attempt",
                    file.display()
                ));
                continue;
            }
            let mut items: Vec<(ItemResponse, usize)> = reg
                .items
                .into_values()
                .map(|(item, _, order)| (item, order))
                .collect();
            items.sort_by_key(|(_, order)| *order);
            let items: Vec<ItemResponse> = items.into_iter().map(|(item, _)| item).collect();
            let mean = items.iter().map(|i| i.score).sum::<f64>() / items.len() as f64;
            let exam_activity = reg.exam_activity.unwrap_or_default();
            let title = reg
                .exam_title
                .or_else(|| (!exam_activity.is_empty()).then(|| exam_activity.clone()))
                .unwrap_or_else(|| "(unknown exam)".into());
            let code = reg.code.or_else(|| {
                exam_activity
                    .strip_prefix(&format!("{IRI_BASE}/exams/"))
                    .map(percent_decode)
            });
            attempts.push(Attempt {
                id,
                file,
                learner: reg.learner.unwrap_or_else(|| "(unknown learner)".into()),
                exam: ExamKey {
                    title,
                    bank_id: reg.bank.unwrap_or_default(),
                },
                code,
                form: reg.form,
                score: reg.score.map_or(mean, |s| s.clamp(0.0, 1.0)),
                passed: reg.passed,
                time_used_s: reg
                    .duration_s
                    .or((reg.item_duration_s > 0.0).then_some(reg.item_duration_s)),
                submitted_at: reg.last_timestamp,
                items,
            });
        }
        attempts
    }
}

/// `scaled`, else `raw` on `min..max` (default min 0), else `None`.
fn scaled_score(score: &XScore) -> Option<f64> {
    if let Some(s) = score.scaled.filter(|s| s.is_finite()) {
        return Some(s);
    }
    let raw = score.raw.filter(|r| r.is_finite())?;
    let min = score.min.unwrap_or(0.0);
    let max = score.max.filter(|m| m.is_finite() && *m > min)?;
    Some((raw - min) / (max - min))
}

fn learner_name(actor: &Actor) -> Option<String> {
    let mbox = actor
        .mbox
        .as_deref()
        .map(|m| m.strip_prefix("mailto:").unwrap_or(m).to_string());
    actor
        .account
        .as_ref()
        .and_then(|a| a.name.clone())
        .or_else(|| actor.name.clone())
        .or(mbox)
        .or_else(|| actor.mbox_sha1sum.clone())
        .or_else(|| actor.openid.clone())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

/// A display name from a language map: en-US, en, und, else the first language.
fn pick_language(names: &BTreeMap<String, String>) -> Option<String> {
    ["en-US", "en", "und"]
        .iter()
        .find_map(|lang| names.get(*lang))
        .or_else(|| names.values().next())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

/// The bank id of a Counterpoint question IRI.
fn bank_of_question(iri: &str) -> Option<String> {
    let rest = iri.strip_prefix(&format!("{IRI_BASE}/banks/"))?;
    let (bank, _) = rest.split_once("/questions/")?;
    Some(percent_decode(bank))
}

/// Decodes `%XX` escapes (lossy on invalid UTF-8); an invalid escape stays as it is.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let (b'%', Some(v)) = (b, hex) {
            out.push(v);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Seconds of an ISO 8601 duration such as `PT1H2M3.5S` or `P1DT2H` (years and months are not
/// durations of a test and are refused).
fn parse_duration_s(text: &str) -> Option<f64> {
    let rest = text.trim().strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total = 0.0;
    let mut number = String::new();
    for (part, units) in [
        (days, &[('W', 604_800.0), ('D', 86_400.0)][..]),
        (time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)][..]),
    ] {
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
            } else {
                let factor = units.iter().find(|(u, _)| *u == c)?.1;
                total += number.parse::<f64>().ok()? * factor;
                number.clear();
            }
        }
        if !number.is_empty() {
            return None;
        }
    }
    total.is_finite().then_some(total)
}

/// Streams the array's statements into `registrations`.
fn read_statements(
    body: &[u8],
    file: usize,
    registrations: &mut Registrations,
) -> Result<StatementCount, String> {
    struct Seed<'a> {
        file: usize,
        registrations: &'a mut Registrations,
    }
    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = StatementCount;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = StatementCount;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of xAPI statements")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut count = StatementCount::default();
            while let Some(statement) = seq.next_element::<Statement>()? {
                count.total += 1;
                if self.registrations.add(statement, self.file) {
                    count.used += 1;
                } else {
                    count.unusable += 1;
                }
            }
            Ok(count)
        }
    }
    // Parse into a scratch set first, so a file that fails half way adds nothing.
    let mut scratch = Registrations::default();
    let mut de = serde_json::Deserializer::from_slice(body);
    let count = Seed {
        file,
        registrations: &mut scratch,
    }
    .deserialize(&mut de)
    .and_then(|c| de.end().map(|()| c))
    .map_err(|e| json_error(&e))?;
    registrations.merge(scratch);
    Ok(count)
}

impl Registrations {
    /// Adds the registrations of one file to those of earlier files.
    fn merge(&mut self, other: Registrations) {
        for (id, theirs) in other.by_id {
            match self.by_id.get_mut(&id) {
                None => {
                    self.by_id.insert(id, theirs);
                }
                Some(ours) => ours.absorb(theirs),
            }
        }
    }
}

impl Registration {
    fn absorb(&mut self, other: Registration) {
        fn fill<T>(a: &mut Option<T>, b: Option<T>) {
            if a.is_none() {
                *a = b;
            }
        }
        fill(&mut self.learner, other.learner);
        fill(&mut self.exam_activity, other.exam_activity);
        fill(&mut self.exam_title, other.exam_title);
        fill(&mut self.code, other.code);
        fill(&mut self.form, other.form);
        fill(&mut self.bank, other.bank);
        fill(&mut self.score, other.score);
        fill(&mut self.passed, other.passed);
        fill(&mut self.duration_s, other.duration_s);
        self.item_duration_s += other.item_duration_s;
        if other.last_timestamp > self.last_timestamp {
            self.last_timestamp = other.last_timestamp;
        }
        let base = self.items.len();
        for (id, (item, ts, order)) in other.items {
            match self.items.get_mut(&id) {
                Some(kept) if ts >= kept.1 => {
                    kept.0 = item;
                    kept.1 = ts;
                }
                Some(_) => {}
                None => {
                    self.items.insert(id, (item, ts, base + order));
                }
            }
        }
    }
}

/// Reads one results file or xAPI file on its own (no grouping with other files): the attempts
/// it holds, or why it is not results. For tests and tools that look at one file.
pub fn read_one(path: &Path) -> Result<Vec<Attempt>, String> {
    let mut registrations = Registrations::default();
    let content = read_file(path, 0, &mut registrations)?;
    Ok(attempts_of(content, registrations, path))
}

/// Reads the bytes of one results file or xAPI file, named `path` in the attempts, as
/// [`read_one`] reads a file (without its size check: the caller has the bytes already).
pub fn read_bytes(bytes: &[u8], path: &Path) -> Result<Vec<Attempt>, String> {
    let mut registrations = Registrations::default();
    let content = read_body(bytes, 0, &mut registrations)?;
    Ok(attempts_of(content, registrations, path))
}

fn attempts_of(content: FileContent, registrations: Registrations, path: &Path) -> Vec<Attempt> {
    match content {
        FileContent::Results(mut attempt) => {
            attempt.file = path.to_path_buf();
            vec![*attempt]
        }
        FileContent::Statements(_) => {
            let mut notes = Vec::new();
            registrations.into_attempts(&[path.to_path_buf()], &mut notes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_s("PT12.5S"), Some(12.5));
        assert_eq!(parse_duration_s("PT1H2M3S"), Some(3723.0));
        assert_eq!(parse_duration_s("P1DT1S"), Some(86_401.0));
        assert_eq!(parse_duration_s("PT"), Some(0.0));
        assert_eq!(parse_duration_s("P1Y"), None);
        assert_eq!(parse_duration_s("PT5"), None);
        assert_eq!(parse_duration_s("12"), None);
    }

    #[test]
    fn names_and_banks() {
        assert_eq!(
            bank_of_question("https://counterpoint.invalid/banks/my%20bank/questions/q-1"),
            Some("my bank".into())
        );
        assert_eq!(bank_of_question("https://example.org/q/1"), None);
        assert_eq!(percent_decode("a%2Fb%zz%4"), "a/b%zz%4");
        let mut names = BTreeMap::new();
        names.insert("fr".to_string(), "Examen".to_string());
        assert_eq!(pick_language(&names), Some("Examen".into()));
        names.insert("en".to_string(), "Exam".to_string());
        assert_eq!(pick_language(&names), Some("Exam".into()));
    }

    #[test]
    fn scaled_from_raw() {
        let s = XScore {
            scaled: None,
            raw: Some(3.0),
            min: Some(1.0),
            max: Some(5.0),
        };
        assert_eq!(scaled_score(&s), Some(0.5));
        let s = XScore {
            scaled: None,
            raw: Some(3.0),
            min: None,
            max: None,
        };
        assert_eq!(scaled_score(&s), None);
    }
}
