//! The exam results file (`counterpoint-exam-results`, version 1; docs/results.md) and the xAPI
//! statements of an attempt. Both are built from an [`AttemptRecord`], so they need no bank.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::attempt::{AttemptRecord, ItemMeta, Slot};
use crate::engine::Response;
use crate::interchange::results::xapi::{
    self, IRI_BASE, XAPI_VERSION, iso_duration, iso_timestamp, question_iri,
};
use crate::interchange::results::{uuid, write_atomically};

/// The `format` value of results files.
pub const FORMAT: &str = "counterpoint-exam-results";

/// The version this build writes and reads.
pub const VERSION: u32 = 1;

/// Results files larger than this are refused by [`ResultsFile::read`] (one attempt of the
/// largest exam, 1,000 questions, is well under 1 MB).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Context extension carrying the exam code.
pub const EXT_EXAM_CODE: &str = "https://counterpoint.invalid/xapi/extensions/exam-code";

/// Context extension carrying the form name.
pub const EXT_EXAM_FORM: &str = "https://counterpoint.invalid/xapi/extensions/exam-form";

/// The activity type of an exam (ADL assessment).
pub const ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";

/// Errors reading or writing results files.
#[derive(Debug, thiserror::Error)]
pub enum ResultsFileError {
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// Not valid JSON, or not the layout of a results file.
    #[error("{}: not a results file: {source}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// Cause (with line and column).
        source: serde_json::Error,
    },
    /// Valid JSON of another kind of file or version.
    #[error("{}: {reason}", path.display())]
    NotResults {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The attempt is not submitted yet.
    #[error("attempt {0} is not submitted")]
    Open(String),
    /// A time field is not an ISO 8601 time.
    #[error("{field} {value:?} is not an ISO 8601 time (e.g. 2026-12-03T09:00:00.000Z)")]
    Time {
        /// The field, e.g. `started_at` or `questions[3].answered_at`.
        field: String,
        /// Its text.
        value: String,
    },
}

/// The exam part of a results file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExamInfo {
    /// The form's exam code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Form name; absent for an exam without forms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Bank id.
    pub bank_id: String,
    /// Bank version.
    pub bank_version: String,
    /// Time limit, seconds.
    pub time_limit_s: u32,
    /// Pass mark, percent.
    pub pass_percent: u8,
}

/// One question of a results file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    /// 1-based position on the paper.
    pub n: usize,
    /// Question id.
    pub question_id: String,
    /// Topic.
    pub topic: String,
    /// Kind name.
    pub kind: String,
    /// The question's xAPI activity id.
    pub activity_id: String,
    /// The engine's `Response` JSON, `null` when unanswered.
    pub response: Option<Value>,
    /// Picked choice ids for single, multiple and true/false; absent for other kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices_picked: Option<Vec<String>>,
    /// Score 0 to 1.
    pub score: f64,
    /// Time spent on the question, ms.
    pub time_ms: i64,
    /// Flagged for review at submission.
    pub flagged: bool,
    /// ISO 8601 UTC: when the question was last changed (answered or flagged; the submission
    /// for a question never touched), the `timestamp` of its `answered` statement. Absent in
    /// files written before it was added, whose statements then take `submitted_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<String>,
}

/// A results file: one submitted attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The attempt's UUID (also the xAPI registration).
    pub attempt_id: String,
    /// The exam.
    pub exam: ExamInfo,
    /// Learner name.
    pub learner: String,
    /// ISO 8601 UTC.
    pub started_at: String,
    /// ISO 8601 UTC.
    pub submitted_at: String,
    /// Whether time running out submitted it.
    pub auto_submitted: bool,
    /// Seconds from start to submission, at most the limit.
    pub time_used_s: i64,
    /// Mean question score, 0 to 1.
    pub score: f64,
    /// score × 100 ≥ pass mark.
    pub passed: bool,
    /// The questions in paper order.
    pub questions: Vec<QuestionResult>,
}

impl ResultsFile {
    /// The results file of a submitted attempt.
    pub fn of(record: &AttemptRecord) -> Result<Self, ResultsFileError> {
        let Some(submitted_ms) = record.submitted_ms else {
            return Err(ResultsFileError::Open(record.id.clone()));
        };
        let result = record.result(submitted_ms);
        let exam = &record.meta.exam;
        let questions = record
            .meta
            .items
            .iter()
            .zip(&record.slots)
            .enumerate()
            .map(|(i, (item, slot))| question_result(i, item, slot, submitted_ms))
            .collect();
        Ok(Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            attempt_id: record.id.clone(),
            exam: ExamInfo {
                code: record.meta.code.clone(),
                title: exam.title.clone(),
                form: record.meta.form_name().map(str::to_owned),
                bank_id: exam.bank.id.clone(),
                bank_version: exam.bank.version.clone(),
                time_limit_s: exam.time_limit_s,
                pass_percent: exam.pass_percent,
            },
            learner: record.learner.clone(),
            started_at: iso_timestamp(record.started_ms),
            submitted_at: iso_timestamp(submitted_ms),
            auto_submitted: record.auto_submitted,
            time_used_s: result.time_used_ms / 1000,
            score: result.score,
            passed: result.passed,
            questions,
        })
    }

    /// The file's JSON (pretty, with a final newline).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Writes the file atomically (temporary file, then rename).
    pub fn write(&self, path: &Path) -> Result<(), ResultsFileError> {
        write_atomically(path, &self.to_bytes()).map_err(|source| ResultsFileError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Reads JSON text; `path` names the file in errors. Unknown fields are ignored; another
    /// `format` or `version` is refused.
    pub fn from_slice(bytes: &[u8], path: &Path) -> Result<Self, ResultsFileError> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|source| ResultsFileError::Json {
                path: path.to_path_buf(),
                source,
            })?;
        let not = |reason: String| ResultsFileError::NotResults {
            path: path.to_path_buf(),
            reason,
        };
        match value.get("format").and_then(Value::as_str) {
            Some(FORMAT) => {}
            Some(other) => return Err(not(format!("format \"{other}\" is not {FORMAT}"))),
            None => return Err(not(format!("no \"format\": not a {FORMAT} file"))),
        }
        match value.get("version").and_then(Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            other => {
                return Err(not(format!(
                    "version {} is not supported (this build reads {VERSION})",
                    other.map_or("(none)".to_owned(), |v| v.to_string())
                )));
            }
        }
        serde_json::from_value(value).map_err(|source| ResultsFileError::Json {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Reads a results file; one over [`MAX_FILE_BYTES`] is refused before it is read.
    pub fn read(path: &Path) -> Result<Self, ResultsFileError> {
        let size = std::fs::metadata(path)
            .map_err(|source| ResultsFileError::Io {
                path: path.to_path_buf(),
                source,
            })?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(ResultsFileError::NotResults {
                path: path.to_path_buf(),
                reason: format!(
                    "file is too large ({size} bytes; a results file is at most {MAX_FILE_BYTES} bytes)"
                ),
            });
        }
        let bytes = std::fs::read(path).map_err(|source| ResultsFileError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_slice(&bytes, path)
    }
}

fn question_result(i: usize, item: &ItemMeta, slot: &Slot, submitted_ms: i64) -> QuestionResult {
    let choices_picked =
        matches!(item.kind.as_str(), "single" | "multiple" | "true_false").then(|| {
            match &slot.response {
                Some(Response::Single(Some(c))) => vec![c.to_string()],
                Some(Response::Multiple(cs)) => cs.iter().map(ToString::to_string).collect(),
                Some(Response::TrueFalse(Some(b))) => vec![b.to_string()],
                _ => Vec::new(),
            }
        });
    QuestionResult {
        n: i + 1,
        question_id: item.question_id.clone(),
        topic: item.topic.clone(),
        kind: item.kind.clone(),
        activity_id: question_iri(&item.bank, &item.question_id),
        response: slot
            .response
            .as_ref()
            .and_then(|r| serde_json::to_value(r).ok()),
        choices_picked,
        score: slot.score,
        time_ms: slot.time_ms,
        flagged: slot.flagged,
        answered_at: Some(iso_timestamp(if slot.updated_ms > 0 {
            slot.updated_ms
        } else {
            submitted_ms
        })),
    }
}

/// Milliseconds since 1970 of an ISO 8601 time field.
fn millis(field: impl FnOnce() -> String, value: &str) -> Result<i64, ResultsFileError> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.timestamp_millis())
        .map_err(|_| ResultsFileError::Time {
            field: field(),
            value: value.to_owned(),
        })
}

/// The activity IRI of an exam form: `https://counterpoint.invalid/exams/{code}`.
pub fn exam_iri(code: &str) -> String {
    format!("{IRI_BASE}/exams/{code}")
}

/// The xAPI statements of a submitted attempt: `attempted`, one `answered` per question,
/// `completed`, then `passed` or `failed`; `context.registration` is the attempt id, and
/// statement ids are name-based UUIDs of attempt, verb and question, so a second export gives
/// the same ids.
pub fn statements(record: &AttemptRecord) -> Result<Vec<Value>, ResultsFileError> {
    statements_with(record, xapi::Options::default())
}

/// The statements of a submitted attempt (as [`statements`]) with the actor's home page and the
/// questions' definitions from `options`. Built from the attempt's results file
/// ([`ResultsFile::statements_with`]), so a results file gives the same statements.
pub fn statements_with(
    record: &AttemptRecord,
    options: xapi::Options,
) -> Result<Vec<Value>, ResultsFileError> {
    ResultsFile::of(record)?.statements_with(options)
}

impl ResultsFile {
    /// The xAPI statements of the attempt in this file: the same statements, with the same
    /// ids, as [`statements_with`] gives for the stored attempt it was written from. Errors
    /// only for a time field that is not ISO 8601.
    pub fn statements_with(&self, options: xapi::Options) -> Result<Vec<Value>, ResultsFileError> {
        let started_ms = millis(|| "started_at".into(), &self.started_at)?;
        let submitted_ms = millis(|| "submitted_at".into(), &self.submitted_at)?;
        let answered_ms = self
            .questions
            .iter()
            .map(|q| match &q.answered_at {
                Some(at) => millis(|| format!("questions[{}].answered_at", q.n), at),
                None => Ok(submitted_ms),
            })
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(attempt_statements(
            self,
            started_ms,
            submitted_ms,
            &answered_ms,
            options,
        ))
    }
}

/// The statements of the attempt in `file`, with its times in ms.
#[expect(
    clippy::too_many_lines,
    reason = "one statement after the other, in the order documented in docs/results.md"
)]
fn attempt_statements(
    file: &ResultsFile,
    started_ms: i64,
    submitted_ms: i64,
    answered_ms: &[i64],
    options: xapi::Options,
) -> Vec<Value> {
    let attempt_id = &file.attempt_id;
    let exam = exam_iri(&file.exam.code);
    let actor = xapi::actor(&file.learner, options.home_page);
    let exam_object = json!({
        "objectType": "Activity",
        "id": exam,
        "definition": {
            "type": ASSESSMENT,
            "name": { "und": file.exam.title },
        },
    });
    let mut exam_extensions = serde_json::Map::new();
    exam_extensions.insert(EXT_EXAM_CODE.into(), json!(file.exam.code));
    if let Some(form) = &file.exam.form {
        exam_extensions.insert(EXT_EXAM_FORM.into(), json!(form));
    }
    exam_extensions.insert(
        format!("{IRI_BASE}/xapi/extensions/bank-version"),
        json!(file.exam.bank_version),
    );
    let statement = |key: &str,
                     verb: &str,
                     object: Value,
                     result: Option<Value>,
                     context: Value,
                     at: i64| {
        let name = format!("{IRI_BASE}/attempts/{attempt_id}/{key}");
        let mut s = json!({
            "id": uuid::to_string(&uuid::v5(&uuid::NAMESPACE_URL, name.as_bytes())),
            "actor": actor,
            "verb": { "id": format!("http://adlnet.gov/expapi/verbs/{verb}"), "display": { "en-US": verb } },
            "object": object,
            "context": context,
            "timestamp": iso_timestamp(at),
            "version": XAPI_VERSION,
        });
        if let (Some(result), Value::Object(fields)) = (result, &mut s) {
            fields.insert("result".into(), result);
        }
        s
    };
    let context = |extensions: &serde_json::Map<String, Value>, parent: bool| {
        let mut c = json!({
            "registration": attempt_id,
            "platform": "Counterpoint",
            "extensions": extensions,
        });
        if let (true, Value::Object(fields)) = (parent, &mut c) {
            fields.insert(
                "contextActivities".into(),
                json!({ "parent": [{ "objectType": "Activity", "id": exam }] }),
            );
        }
        c
    };
    let exam_score = json!({ "scaled": file.score, "raw": file.score, "min": 0, "max": 1 });
    let mut out = vec![statement(
        "attempted",
        "attempted",
        exam_object.clone(),
        None,
        context(&exam_extensions, false),
        started_ms,
    )];
    for (q, &at) in file.questions.iter().zip(answered_ms) {
        let mut extensions = exam_extensions.clone();
        extensions.insert(format!("{IRI_BASE}/xapi/extensions/topic"), json!(q.topic));
        extensions.insert(format!("{IRI_BASE}/xapi/extensions/kind"), json!(q.kind));
        let definition = options
            .questions
            .find(&file.exam.bank_id, &file.exam.bank_version, &q.question_id)
            .filter(|(found, _)| found.kind.name() == q.kind)
            .map_or_else(
                || xapi::bare_definition(&q.kind, &file.exam.bank_id, &q.question_id),
                |(found, language)| xapi::definition(found, language),
            );
        let object = json!({
            "objectType": "Activity",
            "id": q.activity_id,
            "definition": definition,
        });
        let mut result = json!({
            "score": { "scaled": q.score, "raw": q.score, "min": 0, "max": 1 },
            "success": q.score >= 1.0 - 1e-9,
            "completion": q.response.is_some(),
            "duration": iso_duration(q.time_ms),
        });
        let response = q
            .response
            .as_ref()
            .and_then(|r| xapi::response_string(&r.to_string()));
        if let (Some(response), Value::Object(fields)) = (response, &mut result) {
            fields.insert("response".into(), Value::String(response));
        }
        out.push(statement(
            &format!("answered/{}", q.n),
            "answered",
            object,
            Some(result),
            context(&extensions, true),
            at,
        ));
    }
    out.push(statement(
        "completed",
        "completed",
        exam_object.clone(),
        Some(json!({
            "score": exam_score,
            "completion": true,
            "duration": iso_duration(file.time_used_s * 1000),
        })),
        context(&exam_extensions, false),
        submitted_ms,
    ));
    let verdict = if file.passed { "passed" } else { "failed" };
    out.push(statement(
        verdict,
        verdict,
        exam_object,
        Some(json!({ "score": exam_score, "success": file.passed })),
        context(&exam_extensions, false),
        submitted_ms,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::attempt::Attempt;
    use crate::course::exam::tests::{bank, exam};
    use crate::model::Kind;

    const T0: i64 = 1_764_752_400_000;

    fn submitted() -> AttemptRecord {
        let bank = bank();
        let paper = exam(&bank).paper(&bank, 0).unwrap();
        let mut a = Attempt::start("Ada", paper, T0);
        for (n, ms) in (0..3).zip((0..3).map(|k| T0 + 1_000 * k)) {
            let _ = a.go_to(n, ms).unwrap();
            let r = match &a.items()[n].question.kind {
                Kind::Single { answer, .. } => Response::Single(Some(*answer)),
                Kind::TrueFalse { answer, .. } => Response::TrueFalse(Some(!answer)),
                _ => unreachable!(),
            };
            let _ = a.answer(r, ms + 500).unwrap();
        }
        let _ = a.set_flag(4, true, T0 + 5_000).unwrap();
        let _ = a.submit(T0 + 1_300_000).unwrap();
        a.record().clone()
    }

    #[test]
    fn results_file_follows_the_contract_and_round_trips() {
        let record = submitted();
        let file = ResultsFile::of(&record).unwrap();
        let json: Value = serde_json::from_slice(&file.to_bytes()).unwrap();
        assert_eq!(json["format"], FORMAT);
        assert_eq!(json["version"], 1);
        assert_eq!(json["exam"]["form"], "pre");
        assert_eq!(json["exam"]["time_limit_s"], 1800);
        assert_eq!(json["exam"]["pass_percent"], 70);
        assert_eq!(json["learner"], "Ada");
        assert_eq!(json["started_at"], "2025-12-03T09:00:00.000Z");
        assert_eq!(json["time_used_s"], 1300);
        assert_eq!(json["auto_submitted"], false);
        let qs = json["questions"].as_array().unwrap();
        assert_eq!(qs.len(), 6);
        assert_eq!(qs[0]["n"], 1);
        assert!(
            qs[0]["activity_id"]
                .as_str()
                .unwrap()
                .starts_with("https://counterpoint.invalid/banks/demo/questions/")
        );
        assert_eq!(qs[5]["response"], Value::Null);
        assert_eq!(qs[5]["choices_picked"], json!([]));
        assert_eq!(qs[4]["flagged"], true);
        let mean: f64 = file.questions.iter().map(|q| q.score).sum::<f64>() / 6.0;
        assert!((file.score - mean).abs() < 1e-12);
        assert_eq!(file.passed, file.score * 100.0 >= 70.0);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        file.write(&path).unwrap();
        assert_eq!(ResultsFile::read(&path).unwrap(), file);
    }

    #[test]
    fn other_files_are_refused_with_the_reason() {
        let p = Path::new("x.json");
        let record = submitted();
        let good = ResultsFile::of(&record).unwrap().to_bytes();
        let truncated = &good[..good.len() / 2];
        let err = ResultsFile::from_slice(truncated, p)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.json: not a results file"), "{err}");
        let other = br#"{"format":"counterpoint-results","version":1}"#;
        assert!(
            ResultsFile::from_slice(other, p)
                .unwrap_err()
                .to_string()
                .contains("format")
        );
        let text = String::from_utf8(good).unwrap();
        let v2 = text.replacen("\"version\": 1", "\"version\": 2", 1);
        assert!(
            ResultsFile::from_slice(v2.as_bytes(), p)
                .unwrap_err()
                .to_string()
                .contains("version 2")
        );
        let extra = text.replacen("\"learner\"", "\"future\": 1, \"learner\"", 1);
        assert!(ResultsFile::from_slice(extra.as_bytes(), p).is_ok());
        let mut open = record;
        open.submitted_ms = None;
        assert!(ResultsFile::of(&open).is_err());
    }

    #[test]
    fn xapi_statements_of_an_attempt() {
        let record = submitted();
        let s = statements(&record).unwrap();
        assert_eq!(s.len(), 6 + 3);
        let verbs: Vec<&str> = s
            .iter()
            .map(|x| x["verb"]["display"]["en-US"].as_str().unwrap())
            .collect();
        assert_eq!(verbs[0], "attempted");
        assert!(verbs[1..7].iter().all(|v| *v == "answered"));
        assert_eq!(verbs[7], "completed");
        assert!(verbs[8] == "passed" || verbs[8] == "failed");
        for x in &s {
            assert_eq!(x["context"]["registration"], record.id.as_str());
            assert_eq!(x["context"]["extensions"][EXT_EXAM_FORM], "pre");
            assert_eq!(
                x["context"]["extensions"][EXT_EXAM_CODE],
                record.meta.code.as_str()
            );
        }
        assert_eq!(
            s[1]["context"]["contextActivities"]["parent"][0]["id"],
            exam_iri(&record.meta.code)
        );
        assert_eq!(s[0]["object"]["id"], exam_iri(&record.meta.code));
        let ids: std::collections::BTreeSet<&str> =
            s.iter().map(|x| x["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), s.len());
        assert_eq!(statements(&record).unwrap(), s);
    }

    #[test]
    fn a_results_file_gives_the_statements_of_its_attempt() {
        let record = submitted();
        let from_record = statements(&record).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        ResultsFile::of(&record).unwrap().write(&path).unwrap();
        let file = ResultsFile::read(&path).unwrap();
        let options = xapi::Options::default();
        assert_eq!(file.statements_with(options).unwrap(), from_record);
        // Answered questions carry the time of their answer, the others the submission.
        assert_eq!(
            file.questions[1].answered_at.as_deref(),
            Some(iso_timestamp(T0 + 1_500).as_str())
        );
        assert_eq!(from_record[2]["timestamp"], iso_timestamp(T0 + 1_500));
        assert_eq!(from_record[6]["timestamp"], iso_timestamp(T0 + 1_300_000));

        // A file written before `answered_at`: the same ids, answers at the submission.
        let mut old = file.clone();
        for q in &mut old.questions {
            q.answered_at = None;
        }
        let text = String::from_utf8(old.to_bytes()).unwrap();
        assert!(!text.contains("answered_at"));
        let from_old = old.statements_with(options).unwrap();
        let ids = |v: &[Value]| v.iter().map(|x| x["id"].clone()).collect::<Vec<_>>();
        assert_eq!(ids(&from_old), ids(&from_record));
        assert_eq!(from_old[2]["timestamp"], iso_timestamp(T0 + 1_300_000));

        let mut bad = file;
        bad.questions[2].answered_at = Some("yesterday".into());
        let e = bad.statements_with(options).unwrap_err().to_string();
        assert!(e.contains("questions[3].answered_at \"yesterday\""), "{e}");
    }
}
