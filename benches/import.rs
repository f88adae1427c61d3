//! Import benchmark: a generated 10,000-question GIFT file and the same bank as Moodle XML.
//!
//! `cargo bench --no-default-features --bench import` reports questions per second (criterion's
//! throughput) and then the peak memory of one import, measured in a child process as the
//! `VmHWM` (peak resident set) of `/proc/self/status`, next to a child that only reads the file.
//! Figures are recorded in `docs/performance.md`.

#![expect(clippy::print_stdout, reason = "a benchmark prints its figures")]
#![expect(
    clippy::indexing_slicing,
    reason = "the shared test generator indexes its word lists"
)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use counterpoint::interchange::{self, ExportFormat, Format, ImportOptions};
use criterion::{Criterion, Throughput};

#[path = "../tests/it/generate.rs"]
mod generate;

/// Questions in the generated bank.
const QUESTIONS: usize = 10_000;

/// Set in the child process: `import:<format>:<path>` or `read:<path>`.
const CHILD_ENV: &str = "COUNTERPOINT_BENCH_CHILD";

/// When set to a folder, the bench only writes the generated files there (`bench.gift`,
/// `bench.xml`) and exits: the input for timing `counterpoint import` and other tools on the same
/// file (docs/performance.md).
const WRITE_ENV: &str = "COUNTERPOINT_BENCH_WRITE";

fn options() -> ImportOptions {
    ImportOptions::for_file("bench", "2026-01-01")
}

fn format_named(name: &str) -> Format {
    if name == "gift" {
        Format::Gift
    } else {
        Format::MoodleXml
    }
}

/// Peak resident set size of this process in KiB, from `/proc/self/status`.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The child: one import (or only the read), then its peak memory and time on stdout.
fn child(spec: &str) {
    let (mode, rest) = spec.split_once(':').unwrap_or(("read", spec));
    let (format, path) = if mode == "import" {
        rest.split_once(':').unwrap_or(("gift", rest))
    } else {
        ("", rest)
    };
    let start = Instant::now();
    let bytes = std::fs::read(path).unwrap_or_default();
    let mut questions = 0;
    if mode == "import"
        && let Ok(imported) = interchange::import(format_named(format), &bytes, &options())
    {
        questions = imported.bank.questions.len();
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "peak_kib={} questions={questions} seconds={seconds:.3} bytes={}",
        peak_rss_kib().unwrap_or(0),
        bytes.len()
    );
}

fn run_child(spec: &str) -> String {
    let Ok(exe) = std::env::current_exe() else {
        return "no executable".to_owned();
    };
    Command::new(exe).env(CHILD_ENV, spec).output().map_or_else(
        |e| e.to_string(),
        |o| String::from_utf8_lossy(&o.stdout).trim().to_owned(),
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_default();
    path
}

fn main() {
    if let Ok(spec) = std::env::var(CHILD_ENV) {
        child(&spec);
        return;
    }
    let bank = generate::bank(7, QUESTIONS);
    let gift = interchange::export(ExportFormat::Gift, &bank);
    let xml = interchange::export(ExportFormat::MoodleXml, &bank);
    if let Some(dir) = std::env::var_os(WRITE_ENV) {
        let dir = PathBuf::from(dir);
        for (name, text) in [("bench.gift", &gift), ("bench.xml", &xml)] {
            println!("wrote {}", write(&dir, name, text).display());
        }
        return;
    }
    let mut c = Criterion::default().sample_size(10).configure_from_args();
    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Elements(QUESTIONS as u64));
    group.bench_function("gift_10k_questions", |b| {
        b.iter(|| interchange::import(Format::Gift, black_box(gift.as_bytes()), &options()));
    });
    group.bench_function("moodle_xml_10k_questions", |b| {
        b.iter(|| interchange::import(Format::MoodleXml, black_box(xml.as_bytes()), &options()));
    });
    group.finish();
    c.final_summary();

    let dir = std::env::temp_dir().join(format!("counterpoint-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let gift_path = write(&dir, "bench.gift", &gift);
    let xml_path = write(&dir, "bench.xml", &xml);
    for (name, path) in [("gift", &gift_path), ("moodle-xml", &xml_path)] {
        let shown = path.display();
        let read = run_child(&format!("read:{shown}"));
        let import = run_child(&format!("import:{name}:{shown}"));
        println!("peak memory, {name}: import {import}; read only {read}");
    }
    std::fs::remove_dir_all(&dir).unwrap_or_default();
}
