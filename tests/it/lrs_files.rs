//! `results send FILE...` with exam results files, against the real LRS (as tests/it/lrs.rs):
//! a results file gives the statements the store gives for the same attempt, with the same ids
//! and content, so sending it after the store adds nothing; other files are refused by name.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};

use counterpoint::course::ResultsFile;
use counterpoint::store::DATA_DIR_ENV;
use serde_json::Value;

use crate::lrs::{lrs_url, statements_of, unique_name};

fn send(data: &Path, url: &str, home_page: &str, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_counterpoint"))
        .args(["results", "send", "--lrs", url, "--home-page", home_page])
        .args(extra)
        .env(DATA_DIR_ENV, data)
        .env("COUNTERPOINT_LRS_AUTH", "test-key:test-secret")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ids(statements: &[Value]) -> BTreeSet<String> {
    statements
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn lrs_a_results_file_sent_after_its_attempt_adds_nothing() {
    let Some(url) = lrs_url() else { return };
    let (dir, codes, data, _) = crate::exam_cli::two_attempts();
    // A learner of this run only: the attempt id (and so every statement id) is new to the LRS.
    // The post form: lrs::lrs_report_pulled_from_the_lrs... pulls every statement of the pre
    // form's exam activity from the same LRS, so this test stays out of it.
    let learner = unique_name("Ada Results");
    let attempt = crate::exam_cli::take(Path::new(&data), &learner, &codes[1].1, 1_764_760_000_000);
    let file = dir.path().join("ada-results.json");
    let (code, _, err) = crate::util::run_cli(
        &[
            "results",
            "export",
            "--exam",
            &codes[1].1,
            "--profile",
            &learner,
            "-o",
        ]
        .into_iter()
        .chain([file.to_str().unwrap(), "--data-dir", &data])
        .collect::<Vec<_>>(),
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let results = ResultsFile::read(&file).unwrap();
    assert_eq!(results.attempt_id, attempt);
    let n = results.questions.len() + 3; // attempted, answered per question, completed, verdict
    let home = "https://results-files.example";

    // From the store first.
    let (code, out, err) = send(Path::new(&data), &url, home, &["--profile", &learner]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("sent {n} statements")), "{out}");
    let held = statements_of(&url, home, &learner);
    assert_eq!(held.len(), n);
    assert!(
        held.iter()
            .all(|s| s["context"]["registration"] == attempt.as_str())
    );

    // Then the results file, from a machine without that outbox: the LRS receives the same ids
    // with the same content (HTTP 200, no 409 conflict) and still holds each statement once.
    let elsewhere = tempfile::tempdir().unwrap();
    let (code, out, err) = send(elsewhere.path(), &url, home, &[file.to_str().unwrap()]);
    assert_eq!(code, 0, "no conflict: {err}");
    assert!(out.contains(&format!("sent {n} statements")), "{out}");
    let again = statements_of(&url, home, &learner);
    assert_eq!(again.len(), n, "no duplicate");
    assert_eq!(ids(&again), ids(&held));

    // With the store's outbox the file sends nothing at all.
    let (code, out, err) = send(Path::new(&data), &url, home, &[file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("sent 0 statements") && out.contains(&format!("{n} sent before")),
        "{out}"
    );
}

#[test]
fn lrs_send_refuses_other_files_by_name() {
    // Refused before anything is sent: no LRS needed (nothing listens at this port).
    let dir = tempfile::tempdir().unwrap();
    let url = "http://127.0.0.1:9/xAPI";
    let cases: [(&str, &str, &str); 4] = [
        (
            "bank.json",
            r#"{"format":"counterpoint-bank","id":"x"}"#,
            "bank.json: a \"counterpoint-bank\" file, not an xAPI statement file",
        ),
        (
            "broken.json",
            "[{\"id\":\"a\"},\n  {\"id\": }]",
            "broken.json:2:10: invalid JSON",
        ),
        (
            "v9.json",
            r#"{"format":"counterpoint-exam-results","version":9}"#,
            "v9.json: version 9 is not supported",
        ),
        ("notes.txt", "hello", "notes.txt:1:1: invalid JSON"),
    ];
    for (name, text, needle) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let (code, out, err) = send(
            dir.path(),
            url,
            "https://x.example",
            &[path.to_str().unwrap()],
        );
        assert_eq!(code, 2, "{name}: {err}");
        assert!(out.is_empty(), "{name}: {out}");
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(needle), "{name}: {err}");
    }
}
