//! What `results send` sends: a learner's (or every learner's) answers and submitted exam
//! attempts from the store, or the statements of xAPI statement files.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::send::Outgoing;
use super::{Error, Result};
use crate::course::AttemptRecord;
use crate::course::results_file::{self, ResultsFile};
use crate::interchange::results::xapi;
use crate::store::{Profile, Store};

/// Statement files larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Whose results to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Learners<'a> {
    /// The learner with this name.
    One(&'a str),
    /// Every learner in the store.
    All,
}

/// The statements of the answers and submitted exam attempts of `learners`: answers first,
/// oldest first, then attempts. Attempt statements are built here (a few per attempt); answers
/// are kept as their row ids and read back and built when their batch is sent (give
/// [`super::send::send`] this store). Returns the statements and the learners' names.
pub fn from_store(
    store: &Store,
    learners: Learners,
    options: xapi::Options,
) -> Result<(Vec<Outgoing>, Vec<String>)> {
    let all = store.profiles()?;
    let chosen: Vec<&Profile> = match learners {
        Learners::All => all.iter().collect(),
        Learners::One(name) => {
            let Some(p) = all.iter().find(|p| p.name == name.trim()) else {
                let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
                return Err(Error::Input(if names.is_empty() {
                    format!("no learner called \"{name}\": the database has no learners yet")
                } else {
                    format!(
                        "no learner called \"{name}\"; learners: {}",
                        names.join(", ")
                    )
                }));
            };
            vec![p]
        }
    };
    let mut out = Vec::new();
    for profile in &chosen {
        let name: Arc<str> = Arc::from(profile.name.as_str());
        store.for_each_answer(profile.id, |record| {
            out.push(Outgoing::stored_answer(Arc::clone(&name), &record));
        })?;
    }
    for profile in &chosen {
        for stored in store.submitted_attempts(Some(profile.id))? {
            let record = AttemptRecord::from_stored(&stored, &profile.name)
                .map_err(|e| Error::Input(e.to_string()))?;
            let statements = results_file::statements_with(&record, options)
                .map_err(|e| Error::Input(e.to_string()))?;
            out.extend(statements.into_iter().filter_map(Outgoing::statement));
        }
    }
    Ok((out, chosen.iter().map(|p| p.name.clone()).collect()))
}

/// The statements of a file given to `results send`: an xAPI statement file (a JSON array, as
/// `results export --format xapi` writes; every statement needs an `id`, so that it is sent
/// only once) or an exam results file (`counterpoint-exam-results`, as `results export --exam`
/// and the app's **Save my results** write), whose attempt becomes the statements the store
/// would send for it, with the same ids.
pub fn from_file(path: &Path, options: xapi::Options) -> Result<Vec<Outgoing>> {
    let fail = |message: String| Error::Input(format!("{}: {message}", path.display()));
    let size = std::fs::metadata(path)
        .map_err(|e| fail(e.to_string()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(fail(format!(
            "too large ({size} bytes; at most {MAX_FILE_BYTES})"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    from_slice(&bytes, path, options)
}

/// The statements of the bytes of a file given to `results send` (as [`from_file`]); `path`
/// names the file in errors.
pub fn from_slice(bytes: &[u8], path: &Path, options: xapi::Options) -> Result<Vec<Outgoing>> {
    let fail = |message: String| Error::Input(format!("{}: {message}", path.display()));
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        Error::Input(format!(
            "{}:{}:{}: invalid JSON: {message}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let format = value.get("format").and_then(Value::as_str);
    if format == Some(results_file::FORMAT) {
        let file = ResultsFile::from_slice(body, path).map_err(|e| Error::Input(e.to_string()))?;
        let statements = file
            .statements_with(options)
            .map_err(|e| fail(e.to_string()))?;
        return Ok(statements
            .into_iter()
            .filter_map(Outgoing::statement)
            .collect());
    }
    let Value::Array(statements) = value else {
        let what = format.map_or_else(String::new, |f| format!("a \"{f}\" file, "));
        return Err(fail(format!(
            "{what}not an xAPI statement file (a JSON array of statements, as `results export \
             --format xapi` writes) nor an exam results file (\"format\": \"{}\", as \
             `results export --exam` and Save my results write)",
            results_file::FORMAT
        )));
    };
    statements
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            if !s.is_object() {
                return Err(fail(format!("statement {} is not a JSON object", i + 1)));
            }
            Outgoing::statement(s).ok_or_else(|| fail(format!("statement {} has no \"id\"", i + 1)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Mode, NewAnswer};

    #[test]
    fn store_statements_have_stable_ids() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        store.create_profile("Ben", 0).unwrap();
        let s = store.start_session(ada, Mode::Practice, 0).unwrap();
        for i in 0..3 {
            store
                .record_answer(&NewAnswer {
                    session: s,
                    profile: ada,
                    bank_id: "b".into(),
                    bank_version: "1".into(),
                    question_id: format!("q{i}"),
                    topic: "t".into(),
                    kind: "single".into(),
                    response_json: r#"{"kind":"single","value":0}"#.into(),
                    score: 1.0,
                    time_taken_ms: 1,
                    answered_ms: i,
                })
                .unwrap();
        }
        let options = xapi::Options::default();
        let (one, names) = from_store(&store, Learners::One("Ada"), options).unwrap();
        assert_eq!(names, ["Ada"]);
        assert_eq!(one.len(), 3);
        let (all, names) = from_store(&store, Learners::All, options).unwrap();
        assert_eq!(names, ["Ada", "Ben"]);
        let ids = |v: &[Outgoing]| v.iter().map(|o| o.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&one), ids(&all));
        assert_eq!(
            one[0].build(Some(&store), options).unwrap()["id"],
            one[0].id.as_str()
        );
        assert!(one[0].build(None, options).is_err());
        let e = from_store(&store, Learners::One("Cy"), options).unwrap_err();
        assert!(e.to_string().contains("learners: Ada, Ben"), "{e}");
    }

    #[test]
    fn statement_files_need_ids_and_valid_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(&path, r#"[{"id":"a"},{"id":"b"}]"#).unwrap();
        let options = xapi::Options::default();
        assert_eq!(from_file(&path, options).unwrap().len(), 2);
        std::fs::write(&path, "[{\"id\":\"a\"},\n {\"verb\":{}}]").unwrap();
        let e = from_file(&path, options).unwrap_err().to_string();
        assert!(e.contains("statement 2 has no \"id\""), "{e}");
        std::fs::write(&path, "[{\"id\":\"a\"},\n {\"id\" \"b\"}]").unwrap();
        let e = from_file(&path, options).unwrap_err().to_string();
        assert!(e.contains("s.json:2:8: invalid JSON"), "{e}");
        std::fs::write(&path, "{}").unwrap();
        let e = from_file(&path, options).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("{}: not an xAPI statement file", path.display())),
            "{e}"
        );
        assert!(e.contains("nor an exam results file"), "{e}");
        std::fs::write(&path, r#"{"format":"counterpoint-bank"}"#).unwrap();
        let e = from_file(&path, options).unwrap_err().to_string();
        assert!(
            e.contains("a \"counterpoint-bank\" file, not an xAPI"),
            "{e}"
        );
        std::fs::write(
            &path,
            r#"{"format":"counterpoint-exam-results","version":2}"#,
        )
        .unwrap();
        let e = from_file(&path, options).unwrap_err().to_string();
        assert!(e.contains("s.json: version 2 is not supported"), "{e}");
        std::fs::write(
            &path,
            r#"{"format":"counterpoint-exam-results","version":1}"#,
        )
        .unwrap();
        let e = from_file(&path, options).unwrap_err().to_string();
        assert!(
            e.contains("s.json: not a results file: missing field"),
            "{e}"
        );
    }
}
