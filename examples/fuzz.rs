//! The long fuzz run (see `docs/fuzzing.md`):
//!
//! ```text
//! cargo run --release --no-default-features --example fuzz -- --target gift --iterations 1000000 --seed 1
//! ```
//!
//! Options: `--target NAME|all` (`--list` names them), `--iterations N`, `--seed S`,
//! `--slow-ms MS` (default 1000), `--replay FILE` (run one saved input and report its time, the
//! fastest of 3 runs after a warm-up). Prints a
//! progress line every 30 s, then the figures and the peak resident memory (`VmHWM`). Exits 1 when
//! an input panicked or was slow, 2 on a usage error.

#![expect(
    clippy::print_stdout,
    reason = "a command-line tool prints its figures"
)]
#![expect(
    clippy::indexing_slicing,
    reason = "the shared test generator and seed reader index fixed tables"
)]

use std::process::ExitCode;
use std::time::Duration;

#[path = "../tests/it/fuzz_harness/mod.rs"]
mod fuzz_harness;
#[path = "../tests/it/generate.rs"]
mod generate;

use fuzz_harness::{Config, targets};

/// Parsed command line.
struct Args {
    target: String,
    iterations: u64,
    seed: u64,
    slow_ms: u64,
    replay: Option<String>,
    list: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        target: "all".to_owned(),
        iterations: 10_000,
        seed: 1,
        slow_ms: 1000,
        replay: None,
        list: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |v: String| {
            v.replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{flag}: {e}"))
        };
        match flag.as_str() {
            "--target" => args.target = value()?,
            "--iterations" | "--inputs" => args.iterations = number(value()?)?,
            "--seed" => args.seed = number(value()?)?,
            "--slow-ms" => args.slow_ms = number(value()?)?,
            "--replay" => args.replay = Some(value()?),
            "--list" => args.list = true,
            // `cargo bench` and test runners may pass this; nothing to do.
            "--bench" => {}
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}

/// Peak resident set size in KiB (`VmHWM` of `/proc/self/status`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let all = targets::all();
    if args.list {
        for t in &all {
            println!(
                "{:<16} {} ({} inputs under cargo test)",
                t.name, t.about, t.test_inputs
            );
        }
        return ExitCode::SUCCESS;
    }
    let chosen: Vec<_> = all
        .into_iter()
        .filter(|t| args.target == "all" || t.name == args.target)
        .collect();
    if chosen.is_empty() {
        eprintln!("fuzz: no target named {} (see --list)", args.target);
        return ExitCode::from(2);
    }
    if let Some(path) = &args.replay {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("fuzz: cannot read {path}");
            return ExitCode::from(2);
        };
        let mut failed = false;
        for t in &chosen {
            // A warm-up run first (the targets' banks and fixtures are loaded once), then the
            // fastest of three.
            let timed = fuzz_harness::run_one(t, &bytes).and_then(|_| {
                (0..3)
                    .map(|_| fuzz_harness::run_one(t, &bytes))
                    .try_fold(Duration::MAX, |fastest, run| run.map(|d| d.min(fastest)))
            });
            match timed {
                Ok(d) => println!(
                    "{}: ok in {:.1} ms (the fastest of 3 runs after a warm-up)",
                    t.name,
                    d.as_secs_f64() * 1000.0
                ),
                Err(message) => {
                    failed = true;
                    println!("{}: panic: {message}", t.name);
                }
            }
        }
        return if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    let config = Config {
        inputs: args.iterations,
        seed: args.seed,
        slow_after: Duration::from_millis(args.slow_ms),
        hang_after: Duration::from_secs(60),
        crash_dir: targets::crash_dir(),
        progress_every: Some(Duration::from_secs(30)),
    };
    let mut failed = false;
    for t in &chosen {
        let seeds = match (t.seeds)() {
            Ok(s) => s,
            Err(e) => {
                eprintln!("fuzz: {}: seeds: {e}", t.name);
                return ExitCode::from(2);
            }
        };
        let report = fuzz_harness::run(t, &seeds, &config);
        println!("{}", report.summary());
        let findings = fuzz_harness::describe(&report);
        if !findings.is_empty() {
            failed = true;
            println!("{findings}");
        }
    }
    println!(
        "peak RSS (VmHWM): {:.1} MB",
        peak_rss_kib().unwrap_or(0) as f64 / 1024.0
    );
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
