//! Sending 100,000 statements to a local Learning Record Store (issue 10, item 5): a progress
//! database with 100,000 answers of one learner (single-choice questions of the built-in ISKP
//! bank, so every statement carries its full definition), sent by the release binary
//! `counterpoint results send` as a child process; then sent again (all skipped by the outbox).
//!
//! `cargo bench --no-default-features --bench lrs_send` prints statements per second, the child's
//! CPU time and its peak resident memory (from `/usr/bin/time -v` when present, else the child's
//! `VmHWM` polled from `/proc`), the LRS's version and the machine's load. Target: peak memory
//! under 100 MB. Figures are recorded in `docs/performance.md` ("Sending to an LRS").
//!
//! The LRS: `COUNTERPOINT_LRS_URL` (as the tests use), else, when `COUNTERPOINT_NODE_MODULES`
//! names the `node_modules` where npm installed `xapi-statements` (`.ci/run` does), this bench
//! starts it in memory on a free `127.0.0.1` port and stops it by its PID at the end. Without
//! either it prints why and measures nothing. Traffic goes only to `127.0.0.1`.

#![expect(clippy::print_stdout, reason = "a benchmark prints its figures")]

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use counterpoint::app::Library;
use counterpoint::lrs::{Client, Endpoint, Retry};
use counterpoint::model::Kind;
use counterpoint::store::{DATA_DIR_ENV, Mode, NewAnswer, Store};

const ANSWERS: usize = 100_000;
const TARGET_MB: f64 = 100.0;
const HOME_PAGE: &str = "https://bench.example";

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// The LRS started by this bench, killed (by its own PID) when dropped, and the folder it runs
/// in (it writes `storage/accessLogs/` into its working folder).
struct Node {
    child: Child,
    _cwd: tempfile::TempDir,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The LRS's base URL, and the node process when this bench started it.
fn lrs() -> Result<Option<(String, Option<Node>)>> {
    if let Ok(url) = std::env::var("COUNTERPOINT_LRS_URL") {
        if !url.starts_with("http://127.0.0.1:") {
            return Err(format!("COUNTERPOINT_LRS_URL={url}: loopback only").into());
        }
        return Ok(Some((url, None)));
    }
    let Some(modules) = std::env::var_os("COUNTERPOINT_NODE_MODULES") else {
        return Ok(None);
    };
    let script = Path::new(&modules).join("xapi-statements/dist/index.js");
    if !script.is_file() {
        return Err(format!(
            "{} is missing (npm xapi-statements@5.0.1)",
            script.display()
        )
        .into());
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let cwd = tempfile::tempdir()?;
    let child = Command::new("node")
        .arg(&script)
        .current_dir(cwd.path())
        .envs([
            ("MODELS_REPO", "memory"),
            ("STORAGE_REPO", "memory"),
            ("AUTH_REPO", "test"),
            ("EVENTS_REPO", "test"),
            ("WINSTON_CONSOLE_LEVEL", "warning"),
        ])
        .env("EXPRESS_PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let node = Node { child, _cwd: cwd };
    let url = format!("http://127.0.0.1:{port}/xAPI");
    let started = Instant::now();
    while about(&url).is_err() {
        if started.elapsed() > Duration::from_secs(60) {
            return Err(format!("the LRS did not start at {url} within 60 s").into());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Ok(Some((url, Some(node))))
}

/// `GET {url}/about`: the LRS's xAPI versions.
fn about(url: &str) -> Result<String> {
    let endpoint = Endpoint::parse(url)?;
    let client = Client::new(endpoint.clone(), None, Retry::default());
    let value = client.get_json(&format!("{}/about", endpoint.base()))?;
    Ok(value
        .get("version")
        .map_or_else(|| value.to_string(), ToString::to_string))
}

/// A database in `dir` with `learner` and [`ANSWERS`] answers to the built-in bank's
/// single-choice questions.
fn populate(dir: &Path, learner: &str) -> Result<()> {
    let library = Library::load(&[]);
    let bank = library
        .banks
        .iter()
        .find(|b| b.id.0 == "iskp")
        .ok_or("the built-in iskp bank is missing")?;
    let questions: Vec<&counterpoint::model::Question> = bank
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Single { .. }))
        .collect();
    if questions.is_empty() {
        return Err("the iskp bank has no single-choice question".into());
    }
    let store = Store::open_in(dir)?;
    let profile = store.create_profile(learner, 0)?.id;
    let t0: i64 = 1_764_752_400_000;
    let session = store.start_session(profile, Mode::Practice, t0)?;
    let bank_id: Arc<str> = Arc::from(bank.id.0.as_str());
    let mut answers = Vec::with_capacity(ANSWERS);
    for (i, q) in (0..ANSWERS).zip(questions.iter().cycle()) {
        let value = i % 3;
        answers.push(NewAnswer {
            session,
            profile,
            bank_id: bank_id.to_string(),
            bank_version: bank.version.clone(),
            question_id: q.id.0.clone(),
            topic: q.topic.clone(),
            kind: "single".into(),
            response_json: format!(r#"{{"kind":"single","value":{value}}}"#),
            score: if matches!(q.kind, Kind::Single { answer, .. } if answer == value) {
                1.0
            } else {
                0.0
            },
            time_taken_ms: 4_000,
            answered_ms: t0 + i64::try_from(i)? * 1_000,
        });
    }
    store.import_answers(&answers)?;
    Ok(())
}

/// One run of the sender's figures.
struct Run {
    seconds: f64,
    stdout: String,
    peak_kib: Option<u64>,
    cpu_seconds: Option<f64>,
}

/// `counterpoint results send --lrs URL --profile LEARNER`, under `/usr/bin/time -v` when it
/// exists, else with the child's `VmHWM` polled every 10 ms.
fn send(data: &Path, url: &str, learner: &str) -> Result<Run> {
    let time_v = Path::new("/usr/bin/time");
    let bin = env!("CARGO_BIN_EXE_counterpoint");
    let mut cmd = if time_v.is_file() {
        let mut c = Command::new(time_v);
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(["results", "send", "--lrs", url, "--profile", learner])
        .args(["--home-page", HOME_PAGE])
        .env(DATA_DIR_ENV, data)
        .env("COUNTERPOINT_LRS_AUTH", "bench-key:bench-secret")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut polled: Option<u64> = None;
    while child.try_wait()?.is_none() {
        if let Some(kib) = vm_hwm_kib(&status_file) {
            polled = Some(polled.map_or(kib, |p| p.max(kib)));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output()?;
    let seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        return Err(format!("results send failed ({}): {stderr}", out.status).into());
    }
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(str::trim)
    };
    let (peak_kib, cpu_seconds) = if time_v.is_file() {
        let kib = field("Maximum resident set size (kbytes):").and_then(|v| v.parse().ok());
        let user: Option<f64> = field("User time (seconds):").and_then(|v| v.parse().ok());
        let system: Option<f64> = field("System time (seconds):").and_then(|v| v.parse().ok());
        (kib, user.zip(system).map(|(u, s)| u + s))
    } else {
        (polled, None)
    };
    Ok(Run {
        seconds,
        stdout,
        peak_kib,
        cpu_seconds,
    })
}

fn vm_hwm_kib(status: &Path) -> Option<u64> {
    std::fs::read_to_string(status)
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".into(),
        |l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}

fn report(label: &str, run: &Run, statements: usize) {
    let rate = statements as f64 / run.seconds;
    println!(
        "{label}: {} in {:.1} s{}",
        run.stdout.trim(),
        run.seconds,
        if statements > 0 {
            format!(", {rate:.0} statements/s")
        } else {
            String::new()
        }
    );
    if let Some(cpu) = run.cpu_seconds {
        println!("  sender CPU (user + system): {cpu:.1} s");
    }
    match run.peak_kib {
        Some(kib) => {
            let mb = kib as f64 * 1024.0 / 1e6;
            println!(
                "  sender peak RSS: {kib} kB = {:.1} MiB = {mb:.1} MB (target < {TARGET_MB} MB: {})",
                kib as f64 / 1024.0,
                if mb < TARGET_MB { "met" } else { "MISSED" }
            );
        }
        None => println!("  sender peak RSS: not measured"),
    }
}

fn main() -> Result<()> {
    let Some((url, node)) = lrs()? else {
        println!(
            "lrs_send skipped: set COUNTERPOINT_LRS_URL (a local xapi-statements LRS) or \
             COUNTERPOINT_NODE_MODULES (where npm installed xapi-statements; see .ci/run)"
        );
        return Ok(());
    };
    let version = about(&url)?;
    let dir = tempfile::tempdir()?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    // New statement ids on every run, so a shared LRS never holds them already.
    let learner = format!("Bench {}-{nanos}", std::process::id());
    let made = Instant::now();
    populate(dir.path(), &learner)?;
    println!(
        "lrs_send: {ANSWERS} answers written in {:.1} s; LRS {url} (xapi-statements{}, xAPI {version}); load before: {}",
        made.elapsed().as_secs_f64(),
        if node.is_some() {
            ", started by this bench"
        } else {
            ""
        },
        load()
    );
    let first = send(dir.path(), &url, &learner)?;
    if !first.stdout.contains(&format!("sent {ANSWERS} statements")) {
        return Err(format!("unexpected output: {}", first.stdout).into());
    }
    report("first send", &first, ANSWERS);
    let again = send(dir.path(), &url, &learner)?;
    report("second send (all in the outbox)", &again, 0);
    println!("load after: {}", load());
    drop(node);
    Ok(())
}
