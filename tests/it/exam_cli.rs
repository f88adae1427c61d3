//! `counterpoint exam new|show` and `results export --exam` through the real binary (issue 9).

use std::collections::BTreeSet;
use std::path::Path;

use counterpoint::app::Library;
use counterpoint::course::attempt::persist;
use counterpoint::course::{Attempt, Exam, ResultsFile};
use counterpoint::engine::Response;
use counterpoint::model::Kind;
use counterpoint::store::Store;
use serde_json::Value;

use crate::util::{copy_bank, run_cli, shipped_bank_dir};

const NEW: [&str; 16] = [
    "exam",
    "new",
    "--bank",
    "iskp",
    "--questions",
    "20",
    "--topic",
    "Designations=5",
    "--time",
    "30m",
    "--pass",
    "70",
    "--forms",
    "pre,post",
    "--seed",
    "42",
];

/// `exam new` with `extra` arguments, run in `cwd`; returns the (form, code) lines.
fn new_exam(cwd: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let args: Vec<&str> = NEW.iter().copied().chain(extra.iter().copied()).collect();
    let (status, out, err) = run_cli(&args, cwd);
    assert_eq!(status, 0, "{err}");
    out.lines()
        .map(|l| {
            let (form, code) = l.split_once('\t').unwrap();
            (form.to_owned(), code.to_owned())
        })
        .collect()
}

fn show(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let args: Vec<&str> = ["exam", "show"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    run_cli(&args, cwd)
}

fn question_ids(listing: &str) -> BTreeSet<String> {
    listing
        .lines()
        .map(|l| l.split('\t').nth(2).unwrap().to_owned())
        .collect()
}

#[test]
fn two_forms_share_no_question_and_show_is_identical_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let codes = new_exam(dir.path(), &["-o", "exam.toml"]);
    let forms: Vec<&str> = codes.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(forms, ["pre", "post"]);
    let code_shape =
        regex::Regex::new(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{1,4})+$").unwrap();
    for (_, code) in &codes {
        assert!(code_shape.is_match(code), "{code}");
    }
    // The same options give the same codes.
    assert_eq!(new_exam(dir.path(), &[]), codes);

    let mut listings = Vec::new();
    for (_, code) in &codes {
        let (status, first, err) = show(dir.path(), &[code]);
        assert_eq!(status, 0, "{err}");
        let (_, second, _) = show(dir.path(), &[&code.to_lowercase()]);
        assert_eq!(first, second);
        assert_eq!(first.lines().count(), 20);
        for (i, line) in first.lines().enumerate() {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "{line}");
            assert_eq!(cols[0], (i + 1).to_string());
            assert_eq!(cols[1], "iskp");
            assert!(cols[3] == "-" || cols[3].split(',').all(|c| c.parse::<usize>().is_ok()));
        }
        let designations = first.lines().filter(|l| l.contains("\tdes-")).count();
        assert_eq!(designations, 5, "{first}");
        listings.push(first);
    }
    assert!(question_ids(&listings[0]).is_disjoint(&question_ids(&listings[1])));

    // The exam file shows the same papers.
    for (i, (form, _)) in codes.iter().enumerate() {
        let (status, out, err) = show(dir.path(), &["exam.toml", "--form", form]);
        assert_eq!(status, 0, "{err}");
        assert_eq!(out, listings[i]);
    }
    let (status, _, err) = show(dir.path(), &["exam.toml"]);
    assert_eq!(status, 2);
    assert!(err.contains("--form"), "{err}");
}

#[test]
fn a_changed_character_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, code) = new_exam(dir.path(), &[]).remove(0);
    let mut changed = 0;
    for (i, c) in code.char_indices().filter(|(_, c)| *c != '-') {
        let other = if c == 'X' { 'Y' } else { 'X' };
        let mut typo = code.clone();
        typo.replace_range(i..=i, &other.to_string());
        let (status, out, err) = show(dir.path(), &[&typo]);
        assert_eq!(status, 1, "{typo}: {out}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("mistyped"), "{err}");
        changed += 1;
    }
    assert!(changed >= 20);
    let (status, _, err) = show(dir.path(), &["5GHV-2100-JAH4-1056-5T6U-0A"]);
    assert_eq!(status, 1);
    assert!(err.contains("'U'"), "{err}");
}

#[test]
fn a_code_for_another_bank_version_says_which_version_it_needs() {
    let banks = copy_bank(&shipped_bank_dir());
    let toml = banks.path().join("iskp").join("bank.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replacen("version = \"1.0.0\"", "version = \"1.1.0\"", 1),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bank_dir = banks.path().to_str().unwrap();
    let (_, code) = new_exam(dir.path(), &["--bank-dir", bank_dir]).remove(0);
    // With the newer bank it shows; with only the built-in 1.0.0 it names what it needs.
    let (status, _, err) = show(dir.path(), &[&code, "--questions", bank_dir]);
    assert_eq!(status, 0, "{err}");
    let (status, out, err) = show(dir.path(), &[&code]);
    assert_eq!(status, 1);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("needs bank \"iskp\" version 1.1.0") && err.contains("has version 1.0.0"),
        "{err}"
    );
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "a table of cases, formatted one argument per line"
)]
fn bad_requests_exit_1_or_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], i32, &str); 7] = [
        (
            &[
                "exam",
                "new",
                "--bank",
                "iskp",
                "--questions",
                "40",
                "--topic",
                "Relationships with other groups=40",
                "--time",
                "30m",
                "--pass",
                "70",
            ],
            1,
            "has 26",
        ),
        (
            &[
                "exam",
                "new",
                "--bank",
                "iskp",
                "--questions",
                "200",
                "--forms",
                "pre,post",
                "--time",
                "30m",
                "--pass",
                "70",
            ],
            1,
            "needs 400 questions",
        ),
        (
            &[
                "exam",
                "new",
                "--bank",
                "nope",
                "--questions",
                "5",
                "--time",
                "30m",
                "--pass",
                "70",
            ],
            1,
            "unknown bank \"nope\"",
        ),
        (
            &[
                "exam",
                "new",
                "--bank",
                "iskp",
                "--questions",
                "5",
                "--topic",
                "Nope=1",
                "--time",
                "30m",
                "--pass",
                "70",
            ],
            1,
            "no topic \"Nope\"",
        ),
        (
            &[
                "exam",
                "new",
                "--bank",
                "iskp",
                "--questions",
                "5",
                "--time",
                "30",
                "--pass",
                "70",
            ],
            2,
            "--time",
        ),
        (
            &[
                "exam",
                "new",
                "--bank",
                "iskp",
                "--questions",
                "5",
                "--time",
                "30m",
                "--pass",
                "170",
            ],
            2,
            "170",
        ),
        (
            &["exam", "show", "no-such-exam.toml"],
            2,
            "no-such-exam.toml",
        ),
    ];
    for (args, want, needle) in cases {
        let (status, out, err) = run_cli(args, dir.path());
        assert_eq!(status, want, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        if want == 1 {
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
}

/// Takes form `code` as `learner` in the database in `data`: answers every other question
/// (choice kinds right, others with an empty answer) and submits.
pub(crate) fn take(data: &Path, learner: &str, code: &str, t0: i64) -> String {
    let library = Library::load(&[]);
    let (exam, form) = Exam::from_code(code, &library.banks).unwrap();
    let bank = library
        .bank(&counterpoint::model::BankId("iskp".into()))
        .unwrap();
    let paper = exam.paper(bank, form).unwrap();
    let store = Store::open_in(data).unwrap();
    let profile = match store.profile_by_name(learner).unwrap() {
        Some(p) => p,
        None => store.create_profile(learner, t0).unwrap(),
    };
    let mut attempt = Attempt::start(learner, paper, t0);
    store
        .start_attempt(&attempt.new_attempt_row(profile.id))
        .unwrap();
    for n in (0..attempt.items().len()).step_by(2) {
        let c = attempt
            .go_to(n, t0 + 1_000 * i64::try_from(n).unwrap())
            .unwrap();
        persist(&store, &attempt, c).unwrap();
        let response = match &attempt.items()[n].question.kind {
            Kind::Single { answer, .. } => Response::Single(Some(*answer)),
            Kind::Multiple { answers, .. } => Response::Multiple(answers.clone()),
            Kind::TrueFalse { answer, .. } => Response::TrueFalse(Some(*answer)),
            Kind::Order { items } => Response::Order((0..items.len()).collect()),
            Kind::Match { pairs, .. } => Response::Match((0..pairs.len()).map(Some).collect()),
            Kind::Numeric { .. } => Response::Numeric(String::new()),
            Kind::Text { .. } => Response::Text(String::new()),
        };
        let c = attempt
            .answer(response, t0 + 1_000 * i64::try_from(n).unwrap() + 500)
            .unwrap();
        persist(&store, &attempt, c).unwrap();
    }
    let c = attempt.submit(t0 + 600_000).unwrap();
    persist(&store, &attempt, c).unwrap();
    attempt.record().id.clone()
}

/// An exam with two learners' attempts of its pre form: (temp dir, codes, data dir, ids).
pub(crate) fn two_attempts() -> (
    tempfile::TempDir,
    Vec<(String, String)>,
    String,
    [String; 2],
) {
    let dir = tempfile::tempdir().unwrap();
    let codes = new_exam(dir.path(), &[]);
    let data = dir.path().join("data");
    let t0 = 1_764_752_400_000;
    let ada = take(&data, "Ada", &codes[0].1, t0);
    let ben = take(&data, "Ben", &codes[0].1, t0 + 5);
    let data = data.to_str().unwrap().to_owned();
    (dir, codes, data, [ada, ben])
}

#[test]
fn results_export_writes_a_results_file_per_attempt() {
    let (dir, codes, data, [ada, _]) = two_attempts();
    let data_arg = data.as_str();
    let (status, _, err) = run_cli(
        &[
            "results",
            "export",
            "--exam",
            &codes[0].1,
            "--profile",
            "Ada",
            "-o",
            "ada.json",
            "--data-dir",
            data_arg,
        ],
        dir.path(),
    );
    assert_eq!(status, 0, "{err}");
    let file = ResultsFile::read(&dir.path().join("ada.json")).unwrap();
    assert_eq!(file.attempt_id, ada);
    assert_eq!(file.learner, "Ada");
    assert_eq!(file.exam.code, codes[0].1);
    assert_eq!(file.exam.form.as_deref(), Some("pre"));
    assert_eq!(file.questions.len(), 20);
    assert_eq!(file.time_used_s, 600);
    assert!(file.questions[1].response.is_none());
    assert!(file.score > 0.0 && file.score <= 0.5);

    // Two attempts and a file: refused; a folder: one file each.
    let (status, _, err) = run_cli(
        &[
            "results",
            "export",
            "--exam",
            &codes[0].1,
            "-o",
            "both.json",
            "--data-dir",
            data_arg,
        ],
        dir.path(),
    );
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("2 attempts"), "{err}");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let (status, out, err) = run_cli(
        &[
            "results",
            "export",
            "--exam",
            &codes[0].1,
            "-o",
            "out",
            "--data-dir",
            data_arg,
        ],
        dir.path(),
    );
    assert_eq!(status, 0, "{err}");
    assert_eq!(out.lines().count(), 2);
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        2
    );

    // No attempt of the other form.
    let (status, _, err) = run_cli(
        &[
            "results",
            "export",
            "--exam",
            &codes[1].1,
            "-o",
            "x.json",
            "--data-dir",
            data_arg,
        ],
        dir.path(),
    );
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("no submitted attempt"), "{err}");
}

#[test]
fn results_export_xapi_has_one_registration_per_attempt() {
    let (dir, codes, data, [ada, ben]) = two_attempts();
    let xapi = |name: &str| {
        let (status, _, err) = run_cli(
            &[
                "results",
                "export",
                "--exam",
                &codes[0].1,
                "--format",
                "xapi",
                "-o",
                name,
                "--data-dir",
                &data,
            ],
            dir.path(),
        );
        assert_eq!(status, 0, "{err}");
        std::fs::read_to_string(dir.path().join(name)).unwrap()
    };
    let first = xapi("a.json");
    assert_eq!(first, xapi("b.json"));
    let statements: Vec<Value> = serde_json::from_str(&first).unwrap();
    assert_eq!(statements.len(), 2 * (20 + 3));
    let registrations: BTreeSet<&str> = statements
        .iter()
        .map(|s| s["context"]["registration"].as_str().unwrap())
        .collect();
    assert_eq!(registrations, BTreeSet::from([ada.as_str(), ben.as_str()]));
    let verbs: Vec<&str> = statements
        .iter()
        .map(|s| s["verb"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(verbs[0], "http://adlnet.gov/expapi/verbs/attempted");
    // The answered statements pass the same xAPI checks as the answer export.
    let checker = crate::results::XapiChecker::new();
    for s in statements
        .iter()
        .filter(|s| s["verb"]["id"].as_str().unwrap().ends_with("/answered"))
    {
        checker.check(s);
    }
    // Every statement passes Learning Locker's validator, and questions carry their text.
    if let Some(warnings) = crate::util::xapi_validation_warnings(&statements) {
        assert!(warnings.is_empty(), "{}", warnings.join("\n"));
    }
    assert!(statements[1]["object"]["definition"]["description"]["en"].is_string());
    assert!(statements[1]["object"]["definition"]["correctResponsesPattern"].is_array());
    assert_eq!(verbs[21], "http://adlnet.gov/expapi/verbs/completed");
    assert!(verbs[22].ends_with("/passed") || verbs[22].ends_with("/failed"));
}
