//! `results send` and `report --lrs` against a real Learning Record Store: Learning Locker's
//! statement service (npm `xapi-statements` 5.0.1) on loopback, which `.ci/run` starts and names
//! in `COUNTERPOINT_LRS_URL` (docs/lrs.md). Traffic goes only to 127.0.0.1.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use counterpoint::interchange::results::xapi;
use counterpoint::lrs::pull::{self, Query};
use counterpoint::lrs::{Client, Endpoint, Retry};
use counterpoint::store::{DATA_DIR_ENV, Mode, NewAnswer, Store};
use serde_json::Value;

/// The environment variable with the test LRS's xAPI base URL.
const LRS_URL_ENV: &str = "COUNTERPOINT_LRS_URL";

/// The test LRS's URL; `None` (test skipped, with the reason printed) when it is not set,
/// except under `CI=true`, where that fails.
pub(crate) fn lrs_url() -> Option<String> {
    if let Ok(url) = std::env::var(LRS_URL_ENV) {
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "{LRS_URL_ENV}={url}: the tests talk to loopback only"
        );
        return Some(url);
    }
    let message = format!("{LRS_URL_ENV} is not set (the URL of a local xapi-statements LRS)");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{message}; CI=true requires it (.ci/run starts one)"
    );
    eprintln!("skipped: {message}");
    None
}

/// A home page and learner name no other test uses: statement ids derive from the learner's
/// name, so tests sharing one LRS never send the same id with different content.
pub(crate) fn unique_name(base: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{base} {}-{nanos}", std::process::id())
}

/// A home page for one test.
fn unique_home_page(test: &str) -> String {
    format!("https://{test}.example")
}

/// A database in `dir` with `learner` and `n` answers.
pub(crate) fn populate(dir: &Path, n: usize, learner: &str) {
    let store = Store::open_in(dir).unwrap();
    let ada = store.create_profile(learner, 0).unwrap().id;
    let s = store
        .start_session(ada, Mode::Practice, 1_764_752_400_000)
        .unwrap();
    let answers: Vec<NewAnswer> = (0..n)
        .map(|i| NewAnswer {
            session: s,
            profile: ada,
            bank_id: "iskp".into(),
            bank_version: "1.0.0".into(),
            question_id: format!("q{}", i % 50),
            topic: "t".into(),
            kind: "single".into(),
            response_json: r#"{"kind":"single","value":1}"#.into(),
            score: 1.0,
            time_taken_ms: 1_000,
            answered_ms: 1_764_752_400_000 + i64::try_from(i).unwrap() * 1_000,
        })
        .collect();
    store.import_answers(&answers).unwrap();
}

fn send(data: &Path, url: &str, home_page: &str, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_counterpoint"));
    cmd.args(["results", "send", "--lrs", url, "--home-page", home_page])
        .args(extra)
        .env(DATA_DIR_ENV, data)
        .env_remove("COUNTERPOINT_LRS_AUTH")
        .env("COUNTERPOINT_LRS_AUTH", "test-key:test-secret")
        .stdin(Stdio::null());
    cmd
}

fn run(mut cmd: Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every statement the LRS holds by `learner` of `home_page` (fetched page by page, with
/// the agent filter whose `more` links need the workaround).
pub(crate) fn statements_of(url: &str, home_page: &str, learner: &str) -> Vec<Value> {
    let client = Client::new(Endpoint::parse(url).unwrap(), None, Retry::default());
    let query = Query {
        agent: Some(xapi::actor(learner, home_page)),
        ..Query::default()
    };
    let mut out = Vec::new();
    pull::fetch(&client, &query, &mut |s| out.push(s)).unwrap();
    out
}

/// The ids of the statements that the store in `data` would send (its answers).
fn expected_ids(data: &Path, learner: &str) -> HashSet<String> {
    let store = Store::open_in(data).unwrap();
    let ada = store.profile_by_name(learner).unwrap().unwrap();
    store
        .answers(ada.id)
        .unwrap()
        .iter()
        .map(|r| xapi::statement_id(learner, r))
        .collect()
}

fn ids(statements: &[Value]) -> Vec<String> {
    statements
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn lrs_every_answer_arrives_exactly_once_and_a_resend_adds_nothing() {
    let name = unique_name("Ada Once");
    let learner = name.as_str();
    let Some(url) = lrs_url() else { return };
    let data = tempfile::tempdir().unwrap();
    // More than two pages of 500, so the `more` links are followed.
    populate(data.path(), 1_150, learner);
    let home = unique_home_page("once");
    let (code, out, err) = run(send(data.path(), &url, &home, &["--profile", learner]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sent 1150 statements"), "{out}");
    let held = statements_of(&url, &home, learner);
    let held_ids = ids(&held);
    assert_eq!(held_ids.len(), 1_150);
    let distinct: HashSet<String> = held_ids.into_iter().collect();
    assert_eq!(distinct, expected_ids(data.path(), learner));

    // Again: the outbox sends nothing, the LRS still holds each statement once.
    let (code, out, err) = run(send(data.path(), &url, &home, &["--all-learners"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("sent 0 statements") && out.contains("1150 sent before"),
        "{out}"
    );
    // Without the outbox (a statement file), the LRS deduplicates by id.
    let file = data.path().join("ada.xapi.json");
    let (code, _, err) = run({
        let mut c = Command::new(env!("CARGO_BIN_EXE_counterpoint"));
        c.args([
            "results",
            "export",
            "--profile",
            learner,
            "--format",
            "xapi",
        ])
        .args(["--home-page", &home, "-o"])
        .arg(&file)
        .env(DATA_DIR_ENV, data.path());
        c
    });
    assert_eq!(code, 0, "{err}");
    let empty = tempfile::tempdir().unwrap();
    let (code, out, err) = run(send(empty.path(), &url, &home, &[file.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sent 1150 statements"), "{out}");
    assert_eq!(statements_of(&url, &home, learner).len(), 1_150);
    // The definitions arrive as sent.
    assert!(held[0]["object"]["definition"]["interactionType"] == "choice");
}

#[test]
fn lrs_a_sender_killed_mid_send_resumes_without_loss_or_duplicate() {
    let name = unique_name("Ada Kill");
    let learner = name.as_str();
    let Some(url) = lrs_url() else { return };
    let data = tempfile::tempdir().unwrap();
    populate(data.path(), 3_000, learner);
    let home = unique_home_page("kill");
    let endpoint = Endpoint::parse(&url).unwrap().statements();
    let mut child = send(data.path(), &url, &home, &["--profile", learner])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some batches are acknowledged, while it is sending the next.
    let started = Instant::now();
    let mut acked = 0;
    while acked < 300 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no progress: {acked} acknowledged"
        );
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
        acked = Store::open_in(data.path())
            .and_then(|s| s.acknowledged(&endpoint))
            .map_or(0, |ids| ids.len());
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let before = statements_of(&url, &home, learner).len();
    assert!(before < 3_000, "the sender finished before it was killed");

    let (code, out, err) = run(send(data.path(), &url, &home, &["--profile", learner]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sent before"), "{out}");
    let held = ids(&statements_of(&url, &home, learner));
    assert_eq!(held.len(), 3_000, "no duplicate");
    let distinct: HashSet<String> = held.into_iter().collect();
    assert_eq!(distinct, expected_ids(data.path(), learner), "no loss");
}

#[test]
fn lrs_a_closed_port_or_a_bad_url_exits_2_with_one_line() {
    let name = unique_name("Ada Closed");
    let learner = name.as_str();
    let data = tempfile::tempdir().unwrap();
    populate(data.path(), 3, learner);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let closed = format!("http://127.0.0.1:{port}/xAPI");
    let (code, _, err) = run(send(
        data.path(),
        &closed,
        "https://x.example",
        &["--profile", learner],
    ));
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot connect to the LRS"), "{err}");
    assert!(!err.contains("test-secret"), "{err}");
    let (code, _, err) = run(send(
        data.path(),
        "127.0.0.1/xAPI",
        "https://x.example",
        &["--profile", learner],
    ));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not an LRS URL"), "{err}");
    // Nothing was recorded as sent.
    let store = Store::open_in(data.path()).unwrap();
    assert!(
        store
            .acknowledged(&format!("{closed}/statements"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn lrs_report_pulled_from_the_lrs_equals_the_report_from_files() {
    let Some(url) = lrs_url() else { return };
    let (dir, codes, data, _) = crate::exam_cli::two_attempts();
    let file = dir.path().join("class.xapi.json");
    let (code, _, err) = crate::util::run_cli(
        &[
            "results",
            "export",
            "--exam",
            &codes[0].1,
            "--format",
            "xapi",
            "-o",
        ]
        .into_iter()
        .chain([file.to_str().unwrap(), "--data-dir", &data])
        .collect::<Vec<_>>(),
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let statements: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let exam = statements[0]["object"]["id"].as_str().unwrap().to_owned();
    let (code, _, err) = run(send(
        Path::new(&data),
        &url,
        xapi::IRI_BASE,
        &["--all-learners"],
    ));
    assert_eq!(code, 0, "{err}");
    let (code, from_files, err) =
        crate::util::run_cli(&["report", file.to_str().unwrap()], dir.path());
    assert_eq!(code, 0, "{err}");
    let (code, from_lrs, err) =
        crate::util::run_cli(&["report", "--lrs", &url, "--activity", &exam], dir.path());
    assert_eq!(code, 0, "{err}");
    let without_sources = |text: &str| {
        text.lines()
            .filter(|l| !l.contains(file.to_str().unwrap()) && !l.contains(&url))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_sources(&from_lrs), without_sources(&from_files));
    assert!(
        from_lrs.contains("Ada") || from_lrs.contains("2 attempts"),
        "{from_lrs}"
    );
}
