//! Fuzz targets for the course readers: exam files, exam codes, results files, xAPI statement
//! files (the class report's reader and `results send`'s), and an LRS's answers to
//! `GET statements` (`results pull`). Listed in [`super::targets::all`].

use std::collections::{BTreeMap, BTreeSet};
use std::hint::black_box;
use std::path::Path;
use std::sync::OnceLock;

use counterpoint::course::code::{self, ALPHABET};
use counterpoint::course::report::{self, analyse, html, read, text};
use counterpoint::course::{BankRef, Blueprint, Exam, FeedbackPolicy, Paper, ResultsFile, exam};
use counterpoint::interchange::results::xapi;
use counterpoint::lrs::{self, Endpoint, collect, pull};
use counterpoint::model::Bank;
use serde_json::Value;

use super::json_mutate;
use super::mutate::Grammar;
use super::seeds::{self, Seed};
use super::targets::Target;

// ------------------------------------------------------------------ exams

/// The banks exams are looked up in: the shipped bank and two generated ones.
fn banks() -> &'static [Bank] {
    static BANKS: OnceLock<Vec<Bank>> = OnceLock::new();
    BANKS.get_or_init(|| {
        let mut banks: Vec<Bank> = seeds::shipped_bank().into_iter().collect();
        banks.extend(seeds::generated_banks().into_iter().take(2));
        banks
    })
}

/// Exams over `bank` with every field used: forms or none, topic counts, difficulty and kind
/// filters, minutes and seconds, each feedback policy.
fn sample_exams(bank: &Bank) -> Vec<Exam> {
    let topics: Vec<String> = bank.topic_counts().into_keys().collect();
    let base = Exam {
        title: "ISKP awareness".into(),
        bank: BankRef::of(bank),
        blueprint: Blueprint {
            questions: 4,
            topics: BTreeMap::new(),
            difficulties: BTreeSet::new(),
            kinds: BTreeSet::new(),
        },
        time_limit_s: 600,
        pass_percent: 50,
        feedback: FeedbackPolicy::AfterExam,
        shuffle_choices: true,
        forms: Vec::new(),
        seed: 1,
    };
    let mut out = vec![base.clone()];
    let mut pre_post = base.clone();
    pre_post.forms = vec!["pre".into(), "post".into()];
    pre_post.blueprint.kinds = ["single".to_owned(), "true_false".to_owned()].into();
    pre_post.seed = 11;
    out.push(pre_post);
    let mut by_topic = base.clone();
    by_topic.blueprint.questions = 3;
    by_topic.blueprint.topics = topics.iter().take(2).map(|t| (t.clone(), 1)).collect();
    by_topic.blueprint.difficulties = [1, 2].into();
    by_topic.time_limit_s = 5400;
    by_topic.feedback = FeedbackPolicy::None;
    by_topic.shuffle_choices = false;
    out.push(by_topic);
    let mut three = base.clone();
    three.forms = vec!["a".into(), "b-2".into(), "c_3".into()];
    three.blueprint.questions = 1;
    three.time_limit_s = 90;
    three.pass_percent = 100;
    three.feedback = FeedbackPolicy::AfterEach;
    three.seed = u32::MAX;
    out.push(three);
    let mut hard = base;
    hard.blueprint.questions = 1;
    hard.blueprint.difficulties = [3].into();
    hard.blueprint.kinds = ["order".to_owned(), "match".to_owned(), "numeric".to_owned()].into();
    hard.time_limit_s = 3600 * 3 + 1;
    out.push(hard);
    out
}

/// Every sample exam of every bank, with its forms' codes.
fn sample_codes() -> Vec<(Exam, Vec<exam::FormCode>)> {
    banks()
        .iter()
        .flat_map(|bank| {
            sample_exams(bank)
                .into_iter()
                .filter_map(|e| e.codes(bank).ok().map(|codes| (e, codes)))
        })
        .collect()
}

/// Opens the exam of an exam file as `Paper::from_file` does, every form.
fn exam_file(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let exam = match Exam::from_toml(&text, Path::new("fuzz.exam.toml")) {
        Ok(exam) => exam,
        Err(e) => {
            black_box(e.to_string());
            return;
        }
    };
    let Ok(bank) = exam::find_bank(&exam.bank, banks()) else {
        return;
    };
    for form in exam.form_names() {
        match exam.form_index(form).and_then(|i| exam.paper(bank, i)) {
            Ok(paper) => {
                black_box(paper.listing());
            }
            Err(e) => {
                black_box(e.to_string());
            }
        }
    }
}

fn exam_file_seeds() -> Result<Vec<Seed>, String> {
    let mut out = Vec::new();
    // The example in docs/exams.md.
    let docs = std::fs::read_to_string(seeds::root().join("docs/exams.md"))
        .map_err(|e| format!("docs/exams.md: {e}"))?;
    if let Some(example) = docs
        .split("```toml\n")
        .find(|block| block.starts_with("format = \"counterpoint-exam\""))
        .and_then(|block| block.split("```").next())
    {
        out.push(Seed::text("docs/exams.md", example));
    }
    for (n, (exam, codes)) in sample_codes().into_iter().enumerate() {
        let text = exam.to_toml(&codes).map_err(|e| e.to_string())?;
        out.push(Seed::text(format!("exam-{}.toml", n + 1), text));
    }
    Ok(out)
}

/// Opens the paper of a typed code as "Take an exam" does; then the same characters with the
/// right check character, so that most mutations get past the check into the payload reader.
fn exam_code(bytes: &[u8]) {
    let typed = String::from_utf8_lossy(bytes);
    open_code(&typed);
    if let Some(rechecked) = with_check(&typed) {
        open_code(&rechecked);
    }
}

fn open_code(code: &str) {
    match Paper::from_code(code, banks()) {
        Ok(paper) => {
            black_box(paper.listing());
        }
        Err(e) => {
            black_box(e.to_string());
        }
    }
}

/// `typed` with its last symbol replaced by the check character of the others (`None` when a
/// character is not a code character).
fn with_check(typed: &str) -> Option<String> {
    let mut symbols = Vec::new();
    for c in typed.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            c => c,
        };
        let value = ALPHABET.iter().position(|&a| char::from(a) == c)?;
        symbols.push(u8::try_from(value).ok()?);
    }
    symbols.pop()?;
    symbols.push(code::check_symbol(&symbols));
    Some(
        symbols
            .iter()
            .filter_map(|&s| ALPHABET.get(usize::from(s)).map(|&a| char::from(a)))
            .collect(),
    )
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "every target's seeds function has this type"
)]
fn exam_code_seeds() -> Result<Vec<Seed>, String> {
    let mut out = Vec::new();
    for (n, (_, codes)) in sample_codes().into_iter().enumerate() {
        for (f, c) in codes.into_iter().enumerate() {
            // As typed: lower case, spaces for hyphens, I/L/O for 1/1/0.
            let typed = if f % 2 == 1 {
                c.code.to_lowercase().replace('-', " ").replace('1', "l")
            } else {
                c.code
            };
            out.push(Seed::text(format!("exam-{}-form-{}", n + 1, f + 1), typed));
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ results

/// The attempts of the class fixture, which every fuzzed file is reported with.
fn class_attempts() -> &'static [report::Attempt] {
    static CLASS: OnceLock<Vec<report::Attempt>> = OnceLock::new();
    CLASS.get_or_init(|| {
        read::read_all(&[seeds::root().join("tests/fixtures/report/class")]).attempts
    })
}

/// The class report's reader on one file, then the report built from it and the class fixture,
/// rendered as text and HTML (what `counterpoint report` does).
fn class_report(bytes: &[u8]) {
    match read::read_bytes(bytes, Path::new("fuzz.json")) {
        Ok(attempts) => {
            let mut all = class_attempts().to_vec();
            all.extend(attempts);
            let report = analyse::analyse(all, Vec::new());
            black_box(text::render(&report, &[]));
            black_box(html::render(&report, &[], "fuzz"));
        }
        Err(e) => {
            black_box(e);
        }
    }
}

/// The seeds of a JSON target, parsed (those that are JSON).
fn parsed(cell: &'static OnceLock<Vec<Value>>, seeds: Seeds) -> &'static [Value] {
    cell.get_or_init(|| {
        seeds()
            .unwrap_or_default()
            .iter()
            .filter_map(|s| serde_json::from_slice(&s.bytes).ok())
            .collect()
    })
}

/// Runs `run` on the input, then on the valid JSON the input's bytes make of a seed
/// ([`json_mutate::variant`]), so that mutations reach the readers behind JSON's syntax.
fn with_json_variant(bytes: &[u8], seeds: &'static [Value], run: fn(&[u8])) {
    run(bytes);
    if let Some(v) = json_mutate::variant(bytes, seeds) {
        run(v.to_string().as_bytes());
    }
}

type Seeds = fn() -> Result<Vec<Seed>, String>;

fn results_file(bytes: &[u8]) {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    with_json_variant(bytes, parsed(&SEEDS, results_file_seeds), results_file_once);
}

fn xapi_statements(bytes: &[u8]) {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    with_json_variant(
        bytes,
        parsed(&SEEDS, xapi_statements_seeds),
        xapi_statements_once,
    );
}

fn lrs_response(bytes: &[u8]) {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    with_json_variant(bytes, parsed(&SEEDS, lrs_response_seeds), lrs_response_once);
}

fn results_file_once(bytes: &[u8]) {
    match ResultsFile::from_slice(bytes, Path::new("fuzz.json")) {
        Ok(file) => {
            black_box(file.to_bytes());
        }
        Err(e) => {
            black_box(e.to_string());
        }
    }
    class_report(bytes);
}

fn xapi_statements_once(bytes: &[u8]) {
    class_report(bytes);
    match collect::from_slice(bytes, Path::new("fuzz.json"), xapi::Options::default()) {
        Ok(outgoing) => {
            for o in &outgoing {
                let _ = black_box(
                    o.build(None, xapi::Options::default())
                        .map_err(|e| e.to_string()),
                );
            }
        }
        Err(e) => {
            black_box(e.to_string());
        }
    }
}

fn report_fixtures(keep: impl Fn(&Value) -> bool) -> Result<Vec<Seed>, String> {
    let mut out = Vec::new();
    for dir in ["class", "broken", "other-tool"] {
        for seed in seeds::files(&Path::new("tests/fixtures/report").join(dir), |_| true)? {
            let value = serde_json::from_slice::<Value>(&seed.bytes).ok();
            if value.as_ref().is_none_or(&keep) {
                out.push(seed);
            }
        }
    }
    Ok(out)
}

fn results_file_seeds() -> Result<Vec<Seed>, String> {
    let mut out = report_fixtures(Value::is_object)?;
    // Written again compactly, as another tool might.
    let compact: Vec<Seed> = out
        .iter()
        .filter_map(|s| {
            let v: Value = serde_json::from_slice(&s.bytes).ok()?;
            Some(Seed::text(format!("{} (compact)", s.name), v.to_string()))
        })
        .collect();
    out.extend(compact);
    Ok(out)
}

/// The statements of the statement fixtures, one array per file and one per statement.
fn statement_arrays() -> Result<Vec<(String, Vec<Value>)>, String> {
    let mut out = Vec::new();
    for seed in report_fixtures(Value::is_array)? {
        if let Ok(Value::Array(statements)) = serde_json::from_slice::<Value>(&seed.bytes) {
            out.push((seed.name, statements));
        }
    }
    Ok(out)
}

fn xapi_statements_seeds() -> Result<Vec<Seed>, String> {
    let mut out = report_fixtures(Value::is_array)?;
    for (name, statements) in statement_arrays()? {
        for (i, s) in statements.iter().enumerate().take(12) {
            out.push(Seed::text(
                format!("{name}[{i}]"),
                Value::Array(vec![s.clone()]).to_string(),
            ));
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ LRS answers

/// An LRS's answer to `GET statements` as `results pull` reads it: the error-message reader on
/// the body, then the page (statements and `more` link), the next page's URL, and the class
/// report built from the statements.
fn lrs_response_once(bytes: &[u8]) {
    static ENDPOINT: OnceLock<Option<Endpoint>> = OnceLock::new();
    let text = String::from_utf8_lossy(bytes);
    black_box(lrs::lrs_message(&text));
    let url = "https://lrs.example/xapi/statements?ascending=true&limit=500";
    let page = serde_json::from_str::<Value>(&text)
        .map_err(|e| e.to_string())
        .and_then(|v| pull::read_page(v, url).map_err(|e| e.to_string()));
    let page = match page {
        Ok(page) => page,
        Err(e) => {
            black_box(e);
            return;
        }
    };
    if let Some(endpoint) =
        ENDPOINT.get_or_init(|| Endpoint::parse("https://lrs.example/xapi").ok())
    {
        black_box(pull::next_url(&page.more, url, endpoint));
    }
    let mut reader = read::StatementReader::default();
    for s in page.statements {
        reader.add(s);
    }
    let (report, skipped) = report::build_from(reader, Path::new("https://lrs.example/xapi"));
    black_box(text::render(&report, &skipped));
}

fn lrs_response_seeds() -> Result<Vec<Seed>, String> {
    let mut out = vec![
        Seed::text("error-message", r#"{"message":"Unauthorised"}"#),
        Seed::text(
            "error-warnings",
            r#"{"errorId":"4d1c","warnings":["Problem in 'agent'","limit must be a number"]}"#,
        ),
        Seed::text("empty-page", r#"{"statements":[],"more":""}"#),
    ];
    let mores = [
        "",
        "/xapi/statements?cursor=a%2Bb+c",
        "https://lrs.example/xapi/statements?more=2",
        "statements?agent=[object Object]&cursor=Zm9v",
        "/data/xAPI/statements?sinceId=5",
    ];
    for (n, (name, statements)) in statement_arrays()?.into_iter().enumerate() {
        let more = mores.get(n % mores.len()).copied().unwrap_or_default();
        let page = serde_json::json!({ "statements": statements, "more": more });
        out.push(Seed::text(format!("{name} as a page"), page.to_string()));
        for (i, s) in statements.iter().enumerate().take(6) {
            let more = mores.get(i % mores.len()).copied().unwrap_or_default();
            let page = serde_json::json!({ "statements": [s], "more": more });
            out.push(Seed::text(
                format!("{name}[{i}] as a page"),
                page.to_string(),
            ));
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ grammars

const EXAM_TOML: Grammar = Grammar {
    tokens: &[
        "format = \"counterpoint-exam\"",
        "version = 1",
        "version = 2",
        "time_limit = \"1h30m\"",
        "time_limit = \"0s\"",
        "time_limit = \"99999999999h\"",
        "pass_percent = 255",
        "feedback = \"after-each\"",
        "feedback = \"none\"",
        "shuffle_choices = false",
        "forms = [\"pre\", \"pre\"]",
        "forms = []",
        "seed = 4294967296",
        "[bank]",
        "[blueprint]",
        "[blueprint.topics]",
        "[codes]",
        "questions = 0",
        "questions = 1001",
        "questions = 18446744073709551615",
        "Designations = 9223372036854775807",
        "difficulties = [0, 4]",
        "kinds = [\"essay\"]",
        "content_hash = \"UUU\"",
        "id = \"\"",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "\"\"\"",
        "=",
        ".",
        ",",
        "#",
        "\n",
    ],
    nest: &["[", "{a=", "["],
    utf8_repair_in_4: 3,
};

const EXAM_CODE: Grammar = Grammar {
    tokens: &[
        "-", " ", "\t", "\n", "0", "1", "Z", "z", "I", "L", "O", "U", "*", "0000", "ZZZZ", "7777",
        "8000", "-0-", "--", "\u{00e9}", "\u{0130}",
    ],
    nest: &["Z", "0", "-"],
    utf8_repair_in_4: 3,
};

const JSON: Grammar = Grammar {
    tokens: &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\u0000",
        "\\uD800",
        "\\",
        "null",
        "true",
        "false",
        "-0",
        "1e308",
        "1e999",
        "-1",
        "0.5",
        "18446744073709551616",
        "\"format\":\"counterpoint-exam-results\"",
        "\"version\":1",
        "\"version\":2",
        "\"score\":NaN",
        "\"score\":-1",
        "\"score\":1e300",
        "\"questions\":[]",
        "\"time_used_s\":-5",
        "\"submitted_at\":\"9999-99-99T99:99:99Z\"",
        "\"kind\":\"order\"",
        "\"choices_picked\":[\"99\"]",
        "\"id\":\"x\"",
        "\"registration\":\"r\"",
        "\"timestamp\":\"2026-13-01T00:00:00Z\"",
        "\"duration\":\"PT99999999999H\"",
        "\"duration\":\"P1Y2M3DT4H5M6.7S\"",
        "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"}",
        "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/passed\"}",
        "\"result\":{\"score\":{\"scaled\":2}}",
        "\"response\":\"1[,]2[,]3\"",
        "\"response\":\"a[.]b[,]c[.]d\"",
        "\"more\":\"/x?cursor=%ZZ\"",
        "\"more\":\"?cursor=%E2%82\"",
        "\"statements\":null",
        "\"message\":\"m\"",
        "\"warnings\":[1,[],{}]",
    ],
    nest: &["[", "{\"a\":", "[{\"a\":"],
    utf8_repair_in_4: 3,
};

/// The course targets, in the order `--target all` runs them (after the bank and import ones).
pub fn targets() -> Vec<Target> {
    vec![
        Target {
            name: "exam-file",
            about: "exam files (Exam::from_toml, then every form's paper drawn)",
            grammar: EXAM_TOML,
            seeds: exam_file_seeds,
            run: exam_file,
            test_inputs: 1500,
        },
        Target {
            name: "exam-code",
            about: "exam codes (Paper::from_code), as typed and with the check character fixed",
            grammar: EXAM_CODE,
            seeds: exam_code_seeds,
            run: exam_code,
            test_inputs: 1500,
        },
        Target {
            name: "results-file",
            about: "results files (ResultsFile::from_slice, the class report's reader and report)",
            grammar: JSON,
            seeds: results_file_seeds,
            run: results_file,
            test_inputs: 4000,
        },
        Target {
            name: "xapi-statements",
            about: "xAPI statement files (the class report's reader and report, results send's reader)",
            grammar: JSON,
            seeds: xapi_statements_seeds,
            run: xapi_statements,
            test_inputs: 2500,
        },
        Target {
            name: "lrs-response",
            about: "an LRS's answers to GET statements (lrs_message, pull::read_page and next_url, report)",
            grammar: JSON,
            seeds: lrs_response_seeds,
            run: lrs_response,
            test_inputs: 5000,
        },
    ]
}
