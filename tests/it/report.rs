//! `counterpoint report` through the real binary on the fixtures in `tests/fixtures/report/`:
//! a class of results files plus one learner as xAPI statements, another tool's statements, and
//! broken files that must be named and skipped.

use std::path::PathBuf;

use counterpoint::course::report;

use crate::util::{root, run_cli};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/report")
}

fn dir(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

#[test]
fn class_report_reads_results_files_and_xapi() {
    let out = tempfile::tempdir().unwrap();
    let csv_dir = out.path().join("csv");
    let html = out.path().join("report.html");
    let (code, stdout, stderr) = run_cli(
        &[
            "report",
            &dir("class"),
            "--csv",
            csv_dir.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ],
        out.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("Class report: 6 attempts from 5 files, 0 skipped"),
        "{stdout}"
    );
    // Ada 0.625 → 1 (g = 1), Ben 0.25 → 0.625 (g = 0.5), Cy (xAPI) 0.5 → 0.75 (g = 0.5).
    assert!(
        stdout.contains("(all topics)         3     45.8%      79.2%  0.667"),
        "{stdout}"
    );

    let items = std::fs::read_to_string(csv_dir.join("items.csv")).unwrap();
    let lines: Vec<&str> = items.lines().collect();
    assert_eq!(lines[0], "item,n,facility,sd,discrimination");
    assert_eq!(lines.len(), 9, "{items}");
    // des-001: Ada 1, Ben 0, Cy 1 (mean 2/3); rest = 1.5, 1, 1 → r = 0.5.
    assert_eq!(
        lines[1],
        "https://counterpoint.invalid/banks/iskp/questions/des-001,3,0.6667,0.5774,0.5000"
    );
    // des-003: everybody right: no spread, so no discrimination.
    assert_eq!(
        lines[3],
        "https://counterpoint.invalid/banks/iskp/questions/des-003,3,1.0000,0.0000,"
    );
    let mut sorted = lines[1..].to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, lines[1..]);

    let gain = std::fs::read_to_string(csv_dir.join("gain.csv")).unwrap();
    assert_eq!(
        gain.lines().collect::<Vec<_>>(),
        [
            "exam,bank,topic,learners,mean_pre,mean_post,mean_gain,left_out_pre_full",
            "ISKP awareness,iskp,(all),3,0.4583,0.7917,0.6667,0",
            "ISKP awareness,iskp,Designations,3,0.5000,0.8333,0.7500,1",
            "ISKP awareness,iskp,History,3,0.4167,0.7500,0.6667,0",
        ]
    );
    let attempts = std::fs::read_to_string(csv_dir.join("attempts.csv")).unwrap();
    assert!(attempts.starts_with(
        "attempt,learner,exam,bank,code,form,score,passed,time_used_s,questions,file\n"
    ));
    assert!(
        attempts.contains(
            "0d5e7f88-3b5c-5a4d-9e33-2c6d5e4f3a04,Cy,ISKP awareness,iskp,K7QD-2M9X-4F,pre,0.5000,false,900,4,"
        ),
        "{attempts}"
    );
    let topics = std::fs::read_to_string(csv_dir.join("topics.csv")).unwrap();
    assert_eq!(
        topics,
        "topic,attempts,answers,mean\nDesignations,6,12,0.6667\nHistory,6,12,0.5833\n"
    );

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        page.matches("<svg").count(),
        4,
        "histogram, topics, pairs, topic pre/post"
    );
    for forbidden in [
        "<script",
        "http://",
        "https://fonts",
        "@import",
        "<link",
        "src=",
    ] {
        let bad = page
            .lines()
            .filter(|l| {
                l.contains(forbidden) && !l.contains("xmlns=\"http://www.w3.org/2000/svg\"")
            })
            .collect::<Vec<_>>();
        assert!(bad.is_empty(), "{forbidden}: {bad:?}");
    }
    assert!(page.contains("@page { size: A4"));
    // No leftover temporary files next to the outputs.
    let names: Vec<String> = std::fs::read_dir(&csv_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn broken_files_are_named_and_skipped() {
    let (code, stdout, stderr) = run_cli(&["report", &dir("class"), &dir("broken")], &root());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("6 files were skipped"), "{stderr}");
    for (file, reason) in [
        ("truncated.json", "truncated JSON at line 44, column 34"),
        (
            "edited-score.json",
            "score is 7, not a score between 0 and 1",
        ),
        ("version-2.json", "unknown results file version 2"),
        ("practice-export.json", "format \"counterpoint-results\""),
        ("notes.json", "not JSON"),
        ("numbers.json", "expected struct Statement"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} not named:\n{stdout}"));
        assert!(line.contains(reason), "{line}");
    }
    // The good files are still reported.
    assert!(stdout.contains("6 attempts"), "{stdout}");
}

#[test]
fn nothing_to_report_and_missing_paths() {
    let (code, _, stderr) = run_cli(&["report", &dir("broken")], &root());
    assert_eq!(code, 1);
    assert!(stderr.contains("no exam results found"), "{stderr}");
    assert!(stderr.contains("truncated.json"), "{stderr}");
    let (code, _, stderr) = run_cli(&["report", "no/such/folder"], &root());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no/such/folder: no such file or folder"),
        "{stderr}"
    );
    let (code, _, _) = run_cli(&["report"], &root());
    assert_eq!(code, 2, "a path is required");
}

#[test]
fn another_tools_statements_are_attempts_per_registration() {
    let (class, skipped) = report::build(&[fixtures().join("other-tool")]);
    assert!(skipped.is_empty(), "{skipped:?}");
    let learners: Vec<&str> = class.attempts.iter().map(|a| a.learner.as_str()).collect();
    assert_eq!(
        learners,
        ["dana@example.org", "eli@example.org", "fay@example.org"]
    );
    // raw/max scores, no completed statement: the attempt score is the mean of the items.
    assert!((class.attempts[0].score - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        class.attempts[0].exam.title,
        "https://lms.example.org/quiz/7"
    );
    let q1 = &class.items[0];
    assert_eq!(q1.activity_id, "https://lms.example.org/quiz/7/q1");
    let shares: Vec<(&str, usize)> = q1
        .choices
        .iter()
        .map(|c| (c.choice.as_str(), c.count))
        .collect();
    assert_eq!(shares, [("a", 2), ("b", 1)]);
    assert!(class.gains.is_empty());
    assert_eq!(
        class.notes.len(),
        1,
        "the 'experienced' statements: {:?}",
        class.notes
    );
}

#[test]
fn the_same_attempt_twice_is_counted_once() {
    let file = fixtures().join("class/ada-pre.json");
    let copy_dir = tempfile::tempdir().unwrap();
    let copy = copy_dir.path().join("ada-pre-copy.json");
    std::fs::copy(&file, &copy).unwrap();
    let (class, skipped) = report::build(&[file, copy.clone()]);
    assert_eq!(class.attempts.len(), 1);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].path, copy);
    assert!(
        skipped[0].reason.contains("already read from"),
        "{:?}",
        skipped[0]
    );
}

#[test]
fn every_truncation_of_a_results_file_is_skipped_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    for (name, source) in [
        ("r.json", "class/ben-post.json"),
        ("x.json", "class/cy-xapi.json"),
    ] {
        let bytes = std::fs::read(fixtures().join(source)).unwrap();
        let path = dir.path().join(name);
        for cut in (0..bytes.len() - 2).step_by(97) {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            let (class, skipped) = report::build(std::slice::from_ref(&path));
            assert!(class.attempts.is_empty(), "{source} cut at {cut}");
            assert_eq!(skipped.len(), 1, "{source} cut at {cut}");
        }
    }
}
