//! Rendering answers as CSV or JSON (xAPI in `xapi.rs`) and writing the file atomically.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use super::{Error, Format, Result, xapi};
use crate::store::AnswerRecord;

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 13] = [
    "answer_id",
    "profile",
    "session_id",
    "bank_id",
    "bank_version",
    "question_id",
    "topic",
    "kind",
    "response",
    "score",
    "time_taken_ms",
    "answered_ms",
    "answered_at",
];

/// The JSON export's top level.
#[derive(Serialize)]
struct JsonExport<'a> {
    /// Identifies the file's layout, so later versions can change it.
    format: &'static str,
    version: u32,
    profile: &'a str,
    answers: Vec<JsonAnswer<'a>>,
}

/// One answer in the JSON export.
#[derive(Serialize)]
struct JsonAnswer<'a> {
    answer_id: i64,
    session_id: i64,
    bank_id: &'a str,
    bank_version: &'a str,
    question_id: &'a str,
    topic: &'a str,
    kind: &'a str,
    /// The response as stored (`engine::Response`), embedded as JSON rather than as a string.
    response: serde_json::Value,
    score: f64,
    time_taken_ms: i64,
    answered_ms: i64,
    answered_at: String,
}

/// Renders the answers of learner `profile` in `format`.
pub fn render(format: Format, profile: &str, answers: &[AnswerRecord]) -> Result<Vec<u8>> {
    render_with(format, profile, answers, xapi::Options::default())
}

/// Renders the answers of learner `profile` in `format`; xAPI statements use `options` (the
/// actor's home page, the questions' definitions).
pub fn render_with(
    format: Format,
    profile: &str,
    answers: &[AnswerRecord],
    options: xapi::Options,
) -> Result<Vec<u8>> {
    match format {
        Format::Csv => csv_bytes(profile, answers),
        Format::Json => {
            let export = JsonExport {
                format: "counterpoint-results",
                version: 1,
                profile,
                answers: answers.iter().map(json_answer).collect(),
            };
            let mut bytes = serde_json::to_vec_pretty(&export)?;
            bytes.push(b'\n');
            Ok(bytes)
        }
        Format::Xapi => {
            let mut bytes =
                serde_json::to_vec_pretty(&xapi::statements_with(profile, answers, options))?;
            bytes.push(b'\n');
            Ok(bytes)
        }
    }
}

/// Renders and writes the answers to `path`: first to a temporary file beside it, then renamed
/// over it, so readers never see a partial file and a failed export leaves any old file intact.
pub fn export(path: &Path, format: Format, profile: &str, answers: &[AnswerRecord]) -> Result<()> {
    export_with(path, format, profile, answers, xapi::Options::default())
}

/// [`export`] with xAPI `options`.
pub fn export_with(
    path: &Path,
    format: Format,
    profile: &str,
    answers: &[AnswerRecord],
    options: xapi::Options,
) -> Result<()> {
    let bytes = render_with(format, profile, answers, options)?;
    write_atomically(path, &bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn csv_bytes(profile: &str, answers: &[AnswerRecord]) -> Result<Vec<u8>> {
    // The header is written by hand so that an export with no answers still has one.
    let mut out = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    out.write_record(CSV_HEADER)?;
    for record in answers {
        let a = &record.answer;
        out.write_record([
            record.id.to_string().as_str(),
            profile,
            &a.session.0.to_string(),
            &a.bank_id,
            &a.bank_version,
            &a.question_id,
            &a.topic,
            &a.kind,
            &a.response_json,
            &a.score.to_string(),
            &a.time_taken_ms.to_string(),
            &a.answered_ms.to_string(),
            &xapi::iso_timestamp(a.answered_ms),
        ])?;
    }
    out.into_inner()
        .map_err(|e| Error::Csv(csv::Error::from(e.into_error())))
}

fn json_answer(record: &AnswerRecord) -> JsonAnswer<'_> {
    let a = &record.answer;
    JsonAnswer {
        answer_id: record.id,
        session_id: a.session.0,
        bank_id: &a.bank_id,
        bank_version: &a.bank_version,
        question_id: &a.question_id,
        topic: &a.topic,
        kind: &a.kind,
        // A row written by hand (or by a future version) may not parse: keep its text.
        response: serde_json::from_str(&a.response_json)
            .unwrap_or_else(|_| serde_json::Value::String(a.response_json.clone())),
        score: a.score,
        time_taken_ms: a.time_taken_ms,
        answered_ms: a.answered_ms,
        answered_at: xapi::iso_timestamp(a.answered_ms),
    }
}

/// Distinguishes temporary files of concurrent exports within one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`: readers
/// see the old file or the whole new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let Some(name) = path.file_name() else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the output path names no file",
        ));
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let temp = dir.join(format!(
        ".{}.{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        fs::remove_file(&temp).ok();
    }
    written?;
    // Make the rename itself durable; not every platform can open a directory, hence `.ok()`.
    #[cfg(unix)]
    fs::File::open(&dir).and_then(|d| d.sync_all()).ok();
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::store::{NewAnswer, ProfileId, SessionId};

    pub(in crate::interchange::results) fn record(
        id: i64,
        kind: &str,
        response_json: &str,
        score: f64,
    ) -> AnswerRecord {
        AnswerRecord {
            id,
            answer: NewAnswer {
                session: SessionId(3),
                profile: ProfileId(1),
                bank_id: "iskp".into(),
                bank_version: "1.2.0".into(),
                question_id: format!("q{id}"),
                topic: "origins, early years".into(),
                kind: kind.into(),
                response_json: response_json.into(),
                score,
                time_taken_ms: 12_500,
                answered_ms: 1_709_251_200_000,
            },
        }
    }

    #[test]
    fn csv_has_a_header_and_one_row_per_answer() {
        let answers = [
            record(1, "single", r#"{"kind":"single","value":2}"#, 1.0),
            record(
                2,
                "text",
                r#"{"kind":"text","value":"say \"no\", then"}"#,
                0.0,
            ),
        ];
        let bytes = render(Format::Csv, "Ada", &answers).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(reader.headers().unwrap(), CSV_HEADER.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[1][1], "Ada");
        assert_eq!(&rows[1][6], "origins, early years");
        assert_eq!(&rows[1][8], r#"{"kind":"text","value":"say \"no\", then"}"#);
        assert_eq!(&rows[0][9], "1");
        assert_eq!(&rows[0][12], "2024-03-01T00:00:00.000Z");

        let empty = render(Format::Csv, "Ada", &[]).unwrap();
        assert_eq!(
            String::from_utf8(empty).unwrap(),
            CSV_HEADER.join(",") + "\n"
        );
    }

    #[test]
    fn json_embeds_responses_as_values() {
        let answers = [
            record(1, "multiple", r#"{"kind":"multiple","value":[0,2]}"#, 0.5),
            record(2, "single", "not json", 0.0),
        ];
        let bytes = render(Format::Json, "Ada", &answers).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["profile"], "Ada");
        assert_eq!(v["answers"][0]["response"]["value"][1], 2);
        assert_eq!(v["answers"][1]["response"], "not json");
        assert_eq!(v["answers"][0]["answered_at"], "2024-03-01T00:00:00.000Z");
    }

    #[test]
    fn export_replaces_the_file_whole_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        fs::write(&path, "old").unwrap();
        export(
            &path,
            Format::Json,
            "Ada",
            &[record(1, "single", "{}", 1.0)],
        )
        .unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"profile\": \"Ada\""));
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.json"]);

        // A failed export (missing folder) leaves nothing behind.
        let bad = dir.path().join("missing").join("out.csv");
        let err = export(&bad, Format::Csv, "Ada", &[]).unwrap_err();
        assert!(matches!(err, Error::Io { .. }));
        assert!(!bad.exists());
    }
}
