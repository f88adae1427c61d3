//! Loading and validating a 10,000-question bank against a bare `toml` parse of the same files.
//!
//! `cargo bench --no-default-features --bench load` writes the generated 10,000-question bank
//! (`tests/it/generate.rs`, seed 7) as TOML texts in memory (`toml_out::bank_files`, the files
//! `counterpoint import` writes), then times, alternating run by run:
//! - `bank::load_files` on those texts: parse, read and validate every question, the cross-file
//!   checks (what `counterpoint check`, the app and live reload run, minus reading the disk);
//! - `toml::from_str::<toml::Table>` of every file, one after the other (the bare parse);
//! - the same bare parse spread over the loader's threads (up to 4, files chunked the same way),
//!   since the loader parses the files of a large bank on threads.
//!
//! Each timed run ends when its result is built (the loaded bank, or every file's table); the
//! result is dropped outside the timing, so both sides hold the whole bank's data at the end.
//!
//! It prints the median wall time of each, the process CPU time (user + sys, from
//! `/proc/self/stat`) per run of each, and the ratios. Figures are in `docs/performance.md`.

#![expect(clippy::print_stdout, reason = "a benchmark prints its figures")]
#![expect(
    clippy::indexing_slicing,
    reason = "the shared test generator indexes its word lists; medians index sorted samples"
)]
#![expect(clippy::unwrap_used, reason = "a benchmark stops on any setup failure")]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use counterpoint::bank::{BankFile, load_files};
use counterpoint::interchange::toml_out;

#[path = "../tests/it/generate.rs"]
mod generate;

/// Questions in the generated bank.
const QUESTIONS: usize = 10_000;
/// Timed runs of each of the three.
const RUNS: usize = 15;

/// CPU time (user + sys) of this process so far, from `/proc/self/stat` (clock ticks of 10 ms).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of stat; here 12 and 13 (state is index 0).
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

fn bare_parse(texts: &[(String, String)]) -> Vec<toml::Table> {
    texts
        .iter()
        .map(|(_, t)| toml::from_str::<toml::Table>(t).unwrap())
        .collect()
}

fn bare_parse_threads(texts: &[(String, String)]) -> Vec<toml::Table> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(4)
        .min(texts.len());
    let chunk = texts.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = texts
            .chunks(chunk)
            .map(|c| scope.spawn(move || bare_parse(c)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let bank = generate::bank(7, QUESTIONS);
    let texts = toml_out::bank_files(&bank);
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let files: Vec<BankFile> = texts
        .iter()
        .map(|(name, text)| BankFile {
            path: PathBuf::from(name),
            name: name.clone(),
            bytes: text.clone().into_bytes(),
        })
        .collect();
    println!(
        "bank: {QUESTIONS} questions in {} files, {:.1} MB of TOML",
        texts.len(),
        bytes as f64 / 1_048_576.0
    );
    // One untimed run of each, which also checks the bank loads cleanly.
    let loaded = load_files(Path::new("bench"), files.clone());
    assert_eq!(
        loaded.diagnostics.len(),
        0,
        "{:?}",
        loaded.diagnostics.first()
    );
    assert_eq!(loaded.bank.map(|b| b.questions.len()), Some(QUESTIONS));
    black_box(bare_parse(&texts));

    let (mut load_wall, mut bare_wall, mut threads_wall) = (Vec::new(), Vec::new(), Vec::new());
    let (mut load_cpu, mut bare_cpu, mut threads_cpu) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for _ in 0..RUNS {
        // Each result is dropped after its time is taken: loading ends when the bank (or the
        // tables) are built, and both sides hold the whole bank's data in memory at that point.
        let input = files.clone();
        let (c, t) = (cpu_time(), Instant::now());
        let loaded = black_box(load_files(Path::new("bench"), black_box(input)));
        load_wall.push(t.elapsed());
        load_cpu += cpu_time().saturating_sub(c);
        drop(loaded);

        let (c, t) = (cpu_time(), Instant::now());
        let tables = black_box(bare_parse(black_box(&texts)));
        bare_wall.push(t.elapsed());
        bare_cpu += cpu_time().saturating_sub(c);
        drop(tables);

        let (c, t) = (cpu_time(), Instant::now());
        let tables = black_box(bare_parse_threads(black_box(&texts)));
        threads_wall.push(t.elapsed());
        threads_cpu += cpu_time().saturating_sub(c);
        drop(tables);
    }
    let runs = u32::try_from(RUNS).unwrap_or(1);
    let (load_cpu, bare_cpu, threads_cpu) = (load_cpu / runs, bare_cpu / runs, threads_cpu / runs);
    let (load, bare, threads) = (median(load_wall), median(bare_wall), median(threads_wall));
    println!("median wall time of {RUNS} runs; CPU time (user + sys) per run");
    println!(
        "  bank::load_files (load + validate): wall {:.1} ms, CPU {:.1} ms",
        ms(load),
        ms(load_cpu)
    );
    println!(
        "  toml::from_str::<Table>, one thread: wall {:.1} ms, CPU {:.1} ms",
        ms(bare),
        ms(bare_cpu)
    );
    println!(
        "  toml::from_str::<Table>, threads:    wall {:.1} ms, CPU {:.1} ms",
        ms(threads),
        ms(threads_cpu)
    );
    println!(
        "ratio load / bare parse: wall {:.2}x (one thread), {:.2}x (threads); CPU {:.2}x",
        load.as_secs_f64() / bare.as_secs_f64(),
        load.as_secs_f64() / threads.as_secs_f64(),
        load_cpu.as_secs_f64() / bare_cpu.as_secs_f64().max(1e-9),
    );
}
