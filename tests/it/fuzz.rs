//! The bounded fuzz run: every target for a fixed number of inputs (about a minute in all in a
//! debug build), failing on any panic with the input printed and saved under
//! `target/fuzz-crashes/`. The long run is `examples/fuzz.rs` (see `docs/fuzzing.md`).

use std::time::Duration;

use super::fuzz_harness::{self, Config, targets};

/// Runs target `name` for its bounded count; `COUNTERPOINT_FUZZ_INPUTS` overrides the count.
fn bounded(name: &str) {
    let target = targets::all().into_iter().find(|t| t.name == name).unwrap();
    let seeds = (target.seeds)().unwrap_or_else(|e| panic!("{name}: seeds: {e}"));
    assert!(!seeds.is_empty(), "{name}: no seeds");
    let inputs = std::env::var("COUNTERPOINT_FUZZ_INPUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(target.test_inputs);
    let config = Config {
        inputs,
        seed: 1,
        slow_after: Duration::from_secs(1),
        hang_after: Duration::from_secs(60),
        crash_dir: targets::crash_dir(),
        progress_every: None,
    };
    let report = fuzz_harness::run(&target, &seeds, &config);
    println!("{}", report.summary());
    // Debug builds are several times slower than the release long run, where the 1 s limit
    // applies; here slow inputs are only reported.
    if report.slow_count > 0 {
        println!("{}", fuzz_harness::describe(&report));
    }
    assert_eq!(
        report.panic_count,
        0,
        "{}\n{}",
        report.summary(),
        fuzz_harness::describe(&report)
    );
    assert_eq!(report.inputs, inputs);
}

#[test]
fn fuzz_gift() {
    bounded("gift");
}

#[test]
fn fuzz_moodle_xml() {
    bounded("moodle-xml");
}

#[test]
fn fuzz_aiken() {
    bounded("aiken");
}

#[test]
fn fuzz_csv() {
    bounded("csv");
}

#[test]
fn fuzz_bank_toml() {
    bounded("bank-toml");
}

#[test]
fn fuzz_sources_toml() {
    bounded("sources-toml");
}

#[test]
fn fuzz_questions_toml() {
    bounded("questions-toml");
}

#[test]
fn fuzz_glossary_toml() {
    bounded("glossary-toml");
}

#[test]
fn fuzz_events_toml() {
    bounded("events-toml");
}

#[test]
fn fuzz_map_toml() {
    bounded("map-toml");
}

#[test]
fn fuzz_exam_file() {
    bounded("exam-file");
}

#[test]
fn fuzz_exam_code() {
    bounded("exam-code");
}

#[test]
fn fuzz_results_file() {
    bounded("results-file");
}

#[test]
fn fuzz_xapi_statements() {
    bounded("xapi-statements");
}

#[test]
fn fuzz_lrs_response() {
    bounded("lrs-response");
}

#[test]
fn every_target_has_a_test_and_real_seeds() {
    let names: Vec<&str> = targets::all().iter().map(|t| t.name).collect();
    let source = include_str!("fuzz.rs");
    for name in &names {
        assert!(
            source.contains(&format!("bounded(\"{name}\")")),
            "target {name} has no bounded test in tests/it/fuzz.rs"
        );
    }
    for target in targets::all() {
        assert!(!target.about.is_empty());
        let seeds = (target.seeds)().unwrap();
        assert!(seeds.len() >= 5, "{}: {} seeds", target.name, seeds.len());
    }
}

#[test]
fn a_panicking_target_is_caught_saved_and_reported() {
    let mut target = targets::all().into_iter().next().unwrap();
    target.name = "selftest";
    target.run = |bytes| {
        assert!(!bytes.contains(&b'!'), "found a bang");
    };
    let seeds = vec![
        fuzz_harness::seeds::Seed::text("s", "no bang"),
        fuzz_harness::seeds::Seed::text("t", "a bang!"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        inputs: 2,
        seed: 9,
        slow_after: Duration::from_secs(1),
        hang_after: Duration::from_secs(60),
        crash_dir: dir.path().to_path_buf(),
        progress_every: None,
    };
    let report = fuzz_harness::run(&target, &seeds, &config);
    assert_eq!((report.inputs, report.panic_count), (2, 1));
    let finding = &report.panics[0];
    assert!(
        finding.message.contains("found a bang"),
        "{}",
        finding.message
    );
    assert_eq!(finding.iteration, 1);
    let saved = std::fs::read(finding.saved.as_ref().unwrap()).unwrap();
    assert_eq!(saved, b"a bang!");
    assert!(fuzz_harness::describe(&report).contains("\"a bang!\""));
}
