//! Class report benchmark: 1,000 attempts × 40 questions as 40,000 `answered` xAPI statements
//! (plus `attempted`, `completed` and `passed`/`failed` per attempt) in 10 files, then
//! `counterpoint report DIR --csv DIR --html FILE` with the real release binary.
//!
//! `cargo bench --no-default-features --bench report` prints the generated size, the wall-clock
//! time of the whole command (best and median of 5 runs), the time of `report::build` alone in
//! this process, and the peak resident memory of one run of the command (from `/usr/bin/time -v`
//! when present, else the child's `VmHWM` read by a re-run of this bench in library mode).
//! Targets: under 2 s and under 300 MB. Figures are recorded in `docs/performance.md`.

#![expect(clippy::print_stdout, reason = "a benchmark prints its figures")]
#![expect(
    clippy::indexing_slicing,
    reason = "fixed tables indexed modulo their length"
)]

use std::error::Error;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use counterpoint::course::report;
use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

const LEARNERS: usize = 500;
const QUESTIONS: usize = 40;
const FILES: usize = 10;
const RUNS: usize = 5;
const BASE: &str = "https://counterpoint.invalid";
/// Set in the child process: the folder to report on in library mode.
const CHILD_ENV: &str = "COUNTERPOINT_REPORT_BENCH_CHILD";

fn ext(name: &str) -> String {
    format!("{BASE}/xapi/extensions/{name}")
}

/// One attempt's statements, as the exam side exports them (docs/exam-contract: one
/// registration per attempt).
fn attempt(
    rng: &mut ChaCha8Rng,
    learner: usize,
    form: &str,
    ability: f64,
) -> Vec<serde_json::Value> {
    let code = if form == "pre" {
        "K7QD-2M9X-4F"
    } else {
        "M3XR-8K2P-7Q"
    };
    let exam = format!("{BASE}/exams/{code}");
    let registration = format!(
        "00000000-0000-5000-8000-{:06}{:06}",
        learner,
        usize::from(form == "post")
    );
    let actor = json!({ "objectType": "Agent", "name": format!("Learner {learner:04}"),
        "account": { "homePage": BASE, "name": format!("Learner {learner:04}") } });
    let context = |topic: Option<&str>| {
        let mut extensions = json!({ ext("exam-code"): code, ext("exam-form"): form,
            ext("bank-version"): "1.0.0" });
        if let (Some(topic), Some(map)) = (topic, extensions.as_object_mut()) {
            map.insert(ext("topic"), json!(topic));
            map.insert(ext("kind"), json!("single"));
        }
        json!({ "registration": registration, "platform": "Counterpoint",
            "contextActivities": { "parent": [{ "objectType": "Activity", "id": exam }] },
            "extensions": extensions })
    };
    let exam_object = json!({ "objectType": "Activity", "id": exam, "definition": {
        "type": "http://adlnet.gov/expapi/activities/assessment",
        "name": { "en-US": "ISKP awareness" } } });
    let verb = |v: &str| {
        json!({ "id": format!("http://adlnet.gov/expapi/verbs/{v}"),
        "display": { "en-US": v } })
    };
    let mut out = vec![json!({ "id": format!("{registration}-a"), "actor": actor,
        "verb": verb("attempted"), "object": exam_object, "context": context(None),
        "timestamp": "2026-12-03T09:00:00.000Z", "version": "1.0.3" })];
    let mut total = 0.0;
    let offset = if form == "pre" { 0 } else { QUESTIONS };
    for q in 0..QUESTIONS {
        let question = offset + q;
        let difficulty = (question % 10) as f64 / 12.0;
        let right = rng.random::<f64>() < (ability - difficulty + 0.5).clamp(0.05, 0.98);
        let score = if right { 1.0 } else { 0.0 };
        total += score;
        let pick = if right { 2 } else { rng.random_range(0..4_u32) };
        out.push(json!({
            "id": format!("{registration}-q{q}"),
            "actor": actor,
            "verb": verb("answered"),
            "object": { "objectType": "Activity",
                "id": format!("{BASE}/banks/iskp/questions/q-{question:03}"),
                "definition": { "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                    "interactionType": "choice", "name": { "und": format!("iskp / q-{question:03}") } } },
            "result": { "score": { "scaled": score, "raw": score, "min": 0, "max": 1 },
                "success": right, "completion": true, "response": pick.to_string(),
                "duration": "PT21.5S" },
            "context": context(Some(["Designations", "History", "Recruitment", "Propaganda"][q % 4])),
            "timestamp": format!("2026-12-03T09:{:02}:00.000Z", q + 1),
            "version": "1.0.3",
        }));
    }
    let scaled = total / QUESTIONS as f64;
    for v in ["completed", if scaled >= 0.7 { "passed" } else { "failed" }] {
        out.push(
            json!({ "id": format!("{registration}-{v}"), "actor": actor, "verb": verb(v),
            "object": exam_object, "context": context(None),
            "result": { "score": { "scaled": scaled }, "success": scaled >= 0.7,
                "completion": true, "duration": "PT15M" },
            "timestamp": "2026-12-03T09:45:00.000Z", "version": "1.0.3" }),
        );
    }
    out
}

/// Writes the statement files; returns (files, statements, bytes).
fn generate(dir: &Path) -> Result<(usize, usize, u64), Box<dyn Error>> {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let (mut statements, mut bytes) = (0, 0);
    let per_file = LEARNERS / FILES;
    for file in 0..FILES {
        let mut all = Vec::new();
        for learner in file * per_file..(file + 1) * per_file {
            let ability = rng.random::<f64>();
            all.extend(attempt(&mut rng, learner, "pre", ability * 0.7));
            all.extend(attempt(&mut rng, learner, "post", ability));
        }
        statements += all.len();
        let path = dir.join(format!("statements-{file:02}.json"));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        serde_json::to_writer_pretty(&mut out, &all)?;
        out.flush()?;
        bytes += std::fs::metadata(&path)?.len();
    }
    Ok((FILES, statements, bytes))
}

fn peak_rss_kib() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn run_cli(args: &[&Path]) -> Result<f64, Box<dyn Error>> {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_counterpoint"))
        .arg("report")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let seconds = start.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("report exited with {status}").into());
    }
    Ok(seconds)
}

/// One run of the command under `/usr/bin/time -v` (when installed): CPU time and peak memory.
fn time_v(args: &[&Path]) -> Result<(), Box<dyn Error>> {
    let time_v = Path::new("/usr/bin/time");
    if time_v.is_file() {
        let out = Command::new(time_v)
            .arg("-v")
            .arg(env!("CARGO_BIN_EXE_counterpoint"))
            .arg("report")
            .args(args)
            .stdout(Stdio::null())
            .output()?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let kib: Option<u64> = stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse().ok());
        let seconds = |label: &str| -> f64 {
            stderr
                .lines()
                .find_map(|l| l.trim().strip_prefix(label))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(f64::NAN)
        };
        println!(
            "CPU time of the command: user {:.2} s + system {:.2} s; load average {}",
            seconds("User time (seconds):"),
            seconds("System time (seconds):"),
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
        if let Some(kib) = kib {
            println!(
                "peak resident memory of the command (/usr/bin/time -v): {:.1} MB (target < 300 MB: {})",
                kib as f64 / 1024.0,
                if kib < 300 * 1024 { "met" } else { "MISSED" }
            );
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        let (class, skipped) = report::build(&[PathBuf::from(dir)]);
        let text = report::text::render(&class, &skipped);
        let html = report::html::render(&class, &skipped, "Class report");
        println!(
            "peak_kib={} attempts={} chars={}",
            peak_rss_kib().unwrap_or(0),
            class.attempts.len(),
            text.len() + html.len()
        );
        return Ok(());
    }
    // `cargo bench` passes `--bench`; a plain `cargo test --benches` run only checks it builds.
    if !std::env::args().any(|a| a == "--bench") {
        return Ok(());
    }
    let temp = tempfile::tempdir()?;
    let data = temp.path().join("statements");
    std::fs::create_dir(&data)?;
    let start = Instant::now();
    let (files, statements, bytes) = generate(&data)?;
    println!(
        "generated {statements} statements ({} attempts × {QUESTIONS} questions) in {files} files, \
         {:.1} MB, in {:.2} s",
        LEARNERS * 2,
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );

    let csv = temp.path().join("csv");
    let html = temp.path().join("report.html");
    let args = [
        data.as_path(),
        Path::new("--csv"),
        &csv,
        Path::new("--html"),
        &html,
    ];
    let mut times = Vec::new();
    for _ in 0..RUNS {
        times.push(run_cli(&args)?);
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(RUNS / 2).copied().unwrap_or(f64::NAN);
    let best = times.first().copied().unwrap_or(f64::NAN);
    println!(
        "counterpoint report (text + CSV + HTML), {RUNS} runs: best {best:.3} s, median {median:.3} s \
         (target < 2 s: {})",
        if median < 2.0 { "met" } else { "MISSED" }
    );

    let start = Instant::now();
    let (class, skipped) = report::build(std::slice::from_ref(&data));
    println!(
        "report::build in this process: {:.3} s ({} attempts, {} items, {} skipped)",
        start.elapsed().as_secs_f64(),
        class.attempts.len(),
        class.items.len(),
        skipped.len()
    );
    drop(class);

    time_v(&args)?;
    let exe = std::env::current_exe()?;
    let child = Command::new(exe).env(CHILD_ENV, &data).output()?;
    println!(
        "library child (build + text + HTML): {}",
        String::from_utf8_lossy(&child.stdout).trim()
    );
    Ok(())
}
