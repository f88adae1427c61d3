//! `counterpoint results export` on a real database, and the xAPI output checked against the
//! xAPI 1.0.3 statement structure.

use std::path::Path;
use std::process::Command;

use counterpoint::engine::Response;
use counterpoint::interchange::results::{CSV_HEADER, xapi};
use counterpoint::store::{DATA_DIR_ENV, Mode, NewAnswer, ProfileId, SessionId, Store};
use regex::Regex;
use serde_json::Value;

/// 2024-03-01T09:00:00Z.
const T0: i64 = 1_709_283_600_000;

fn answer(
    session: SessionId,
    profile: ProfileId,
    question_id: &str,
    kind: &str,
    response: &Response,
    score: f64,
    offset_ms: i64,
) -> NewAnswer {
    NewAnswer {
        session,
        profile,
        bank_id: "iskp".into(),
        bank_version: "1.0.0".into(),
        question_id: question_id.into(),
        topic: "recruitment".into(),
        kind: kind.into(),
        response_json: serde_json::to_string(response).unwrap(),
        score,
        time_taken_ms: 12_500 + offset_ms,
        answered_ms: T0 + offset_ms * 1000,
    }
}

/// A database in `dir` with "Ada Lovelace" (one answer of every kind, plus one of a kind this
/// build does not know) and "Ben" (one answer).
fn populate(dir: &Path) -> usize {
    let store = Store::open_in(dir).unwrap();
    let ada = store.create_profile("Ada Lovelace", T0).unwrap().id;
    let s = store.start_session(ada, Mode::Practice, T0).unwrap();
    let answers = [
        answer(
            s,
            ada,
            "q-single",
            "single",
            &Response::Single(Some(2)),
            1.0,
            1,
        ),
        answer(s, ada, "q-none", "single", &Response::Single(None), 0.0, 2),
        answer(
            s,
            ada,
            "q-multiple",
            "multiple",
            &Response::Multiple(vec![0, 3]),
            0.5,
            3,
        ),
        answer(
            s,
            ada,
            "q-tf",
            "true_false",
            &Response::TrueFalse(Some(false)),
            1.0,
            4,
        ),
        answer(
            s,
            ada,
            "q-order",
            "order",
            &Response::Order(vec![1, 0, 2]),
            0.5,
            5,
        ),
        answer(
            s,
            ada,
            "q-match",
            "match",
            &Response::Match(vec![Some(1), None, Some(0)]),
            0.0,
            6,
        ),
        answer(
            s,
            ada,
            "q numeric/1",
            "numeric",
            &Response::Numeric("2015".into()),
            1.0,
            7,
        ),
        answer(
            s,
            ada,
            "q-text",
            "text",
            &Response::Text("Khorasan".into()),
            1.0,
            8,
        ),
        answer(
            s,
            ada,
            "q-old",
            "essay",
            &Response::Text("removed kind".into()),
            0.0,
            9,
        ),
    ];
    for a in &answers {
        store.record_answer(a).unwrap();
    }
    store.finish_session(s, T0 + 10_000).unwrap();
    let ben = store.create_profile("Ben", T0).unwrap().id;
    let s = store.start_session(ben, Mode::Review, T0).unwrap();
    store
        .record_answer(&answer(
            s,
            ben,
            "q-ben",
            "single",
            &Response::Single(Some(0)),
            1.0,
            1,
        ))
        .unwrap();
    answers.len()
}

/// Runs the real binary with `args` and no `COUNTERPOINT_DATA_DIR` unless `env_dir` is given.
fn run(args: &[&str], env_dir: Option<&Path>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_counterpoint"));
    cmd.args(args).env_remove(DATA_DIR_ENV);
    if let Some(dir) = env_dir {
        cmd.env(DATA_DIR_ENV, dir);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn export(data: &Path, format: &str, out: &Path) -> (i32, String, String) {
    run(
        &[
            "--data-dir",
            data.to_str().unwrap(),
            "results",
            "export",
            "--profile",
            "Ada Lovelace",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    )
}

#[test]
fn cli_exports_csv() {
    let data = tempfile::tempdir().unwrap();
    let n = populate(data.path());
    let out = data.path().join("ada.csv");
    let (code, stdout, stderr) = export(data.path(), "csv", &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("exported 9 answers of Ada Lovelace"),
        "{stdout}"
    );
    let mut reader = csv::Reader::from_path(&out).unwrap();
    assert_eq!(reader.headers().unwrap(), CSV_HEADER.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), n);
    assert!(rows.iter().all(|r| &r[1] == "Ada Lovelace"));
    assert_eq!(&rows[0][5], "q-single");
    assert_eq!(&rows[0][8], r#"{"kind":"single","value":2}"#);
    assert_eq!(&rows[0][12], "2024-03-01T09:00:01.000Z");
}

#[test]
fn cli_exports_json() {
    let data = tempfile::tempdir().unwrap();
    let n = populate(data.path());
    let out = data.path().join("ada.json");
    let (code, _, stderr) = export(data.path(), "json", &out);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["format"], "counterpoint-results");
    assert_eq!(v["profile"], "Ada Lovelace");
    let answers = v["answers"].as_array().unwrap();
    assert_eq!(answers.len(), n);
    assert_eq!(
        answers[5]["response"]["value"],
        serde_json::json!([1, null, 0])
    );
    assert_eq!(answers[2]["score"], 0.5);
}

#[test]
fn cli_exports_valid_xapi() {
    let data = tempfile::tempdir().unwrap();
    let n = populate(data.path());
    let out = data.path().join("ada.xapi.json");
    let (code, _, stderr) = export(data.path(), "xapi", &out);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let statements = v.as_array().unwrap();
    assert_eq!(statements.len(), n);
    let checker = XapiChecker::new();
    for s in statements {
        checker.check(s);
    }
    let types: Vec<&str> = statements
        .iter()
        .map(|s| {
            s["object"]["definition"]["interactionType"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        types,
        [
            "choice",
            "choice",
            "choice",
            "true-false",
            "sequencing",
            "matching",
            "numeric",
            "fill-in",
            "other"
        ]
    );
    let responses: Vec<&str> = statements
        .iter()
        .map(|s| s["result"]["response"].as_str().unwrap())
        .collect();
    assert_eq!(
        responses,
        [
            "2",
            "",
            "0[,]3",
            "false",
            "1[,]0[,]2",
            "0[.]1[,]2[.]0",
            "2015",
            "Khorasan",
            "removed kind"
        ]
    );
    assert_eq!(
        statements[6]["object"]["id"],
        "https://counterpoint.invalid/banks/iskp/questions/q%20numeric%2F1"
    );
    assert_eq!(statements[0]["result"]["duration"], "PT12.501S");
    assert_eq!(statements[0]["result"]["success"], true);
    assert_eq!(statements[2]["result"]["success"], false);
    assert_eq!(statements[0]["actor"]["account"]["name"], "Ada Lovelace");
    if let Some(warnings) = crate::util::xapi_validation_warnings(statements) {
        assert!(warnings.is_empty(), "{}", warnings.join("\n"));
    }

    // Exporting again gives identical statements, ids included, so an LRS can deduplicate.
    let (code, _, _) = export(data.path(), "xapi", &out);
    assert_eq!(code, 0);
    let again: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(again, v);
}

#[test]
fn cli_reads_the_data_dir_from_the_environment() {
    let data = tempfile::tempdir().unwrap();
    populate(data.path());
    let out = data.path().join("ada.csv");
    let (code, _, stderr) = run(
        &[
            "results",
            "export",
            "--profile",
            "Ben",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ],
        Some(data.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(csv::Reader::from_path(&out).unwrap().records().count(), 1);
}

#[test]
fn cli_export_errors_exit_2_and_write_nothing() {
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("out.csv");
    // No database: none is created.
    let (code, _, stderr) = export(data.path(), "csv", &out);
    assert_eq!(code, 2);
    assert!(stderr.contains("no progress database"), "{stderr}");
    assert!(!Store::path_in(data.path()).exists());

    populate(data.path());
    let (code, _, stderr) = run(
        &[
            "--data-dir",
            data.path().to_str().unwrap(),
            "results",
            "export",
            "--profile",
            "Nobody",
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("learners: Ada Lovelace, Ben"), "{stderr}");
    assert!(!out.exists());

    let (code, _, stderr) = export(data.path(), "yaml", &out);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = export(data.path(), "csv", &data.path().join("no/such/dir.csv"));
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/dir.csv"), "{stderr}");
}

/// The library's statements for odd inputs pass the same checks.
#[test]
fn xapi_statements_for_edge_cases_are_valid() {
    let checker = XapiChecker::new();
    let record =
        |kind: &str, response: &str, score: f64, ms: i64| counterpoint::store::AnswerRecord {
            id: 1,
            answer: NewAnswer {
                session: SessionId(1),
                profile: ProfileId(1),
                bank_id: "b".into(),
                bank_version: "0".into(),
                question_id: "..".into(),
                topic: String::new(),
                kind: kind.into(),
                response_json: response.into(),
                score,
                time_taken_ms: ms,
                answered_ms: 0,
            },
        };
    for (kind, response, score, ms) in [
        ("single", "not json", 0.0, 0),
        ("numeric", r#"{"kind":"numeric","value":"-1.5e3"}"#, 1.0, 1),
        ("numeric", r#"{"kind":"numeric","value":"1e300"}"#, 1.0, 1),
        ("numeric", r#"{"kind":"numeric","value":"twenty"}"#, 0.0, 1),
        (
            "match",
            r#"{"kind":"match","value":[null,null]}"#,
            0.25,
            3_600_000,
        ),
        (
            "multiple",
            r#"{"kind":"multiple","value":[]}"#,
            f64::NAN,
            -20,
        ),
    ] {
        checker.check(&xapi::statement(
            "Zoë \"Z\" O'Neil",
            &record(kind, response, score, ms),
        ));
    }
}

/// Checks a statement against the xAPI 1.0.3 statement rules that apply to what Counterpoint
/// writes (Data section 2.4): required properties, one inverse functional identifier, absolute
/// IRIs, language maps, UUIDs, ISO 8601 durations and timestamps, score ranges, interaction types
/// and the response pattern of each interaction type.
pub(crate) struct XapiChecker {
    iri: Regex,
    uuid: Regex,
    duration: Regex,
    timestamp: Regex,
    language_tag: Regex,
    version: Regex,
}

/// Top-level statement properties (Data 2.4).
const STATEMENT_PROPERTIES: [&str; 11] = [
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
];

/// The interaction types of Data 2.4.4.1.
const INTERACTION_TYPES: [&str; 10] = [
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];

impl XapiChecker {
    pub(crate) fn new() -> Self {
        Self {
            // scheme "://" then no whitespace (RFC 3987 absolute IRI, loosely).
            iri: Regex::new(r"^[A-Za-z][A-Za-z0-9+.\-]*://[^ \t\r\n]+$").unwrap(),
            uuid: Regex::new(
                r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
            )
            .unwrap(),
            duration: Regex::new(
                r"^P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$",
            )
            .unwrap(),
            timestamp: Regex::new(
                r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$",
            )
            .unwrap(),
            language_tag: Regex::new(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$").unwrap(),
            version: Regex::new(r"^1\.0\.[0-9]+$").unwrap(),
        }
    }

    pub(crate) fn check(&self, s: &Value) {
        let ctx = s.to_string();
        let obj = s.as_object().unwrap();
        for key in obj.keys() {
            assert!(
                STATEMENT_PROPERTIES.contains(&key.as_str()),
                "unknown property {key}: {ctx}"
            );
        }
        for key in ["actor", "verb", "object"] {
            assert!(obj.contains_key(key), "missing {key}: {ctx}");
        }
        assert!(self.uuid.is_match(s["id"].as_str().unwrap()), "id: {ctx}");
        let version = s["version"].as_str().unwrap();
        assert!(self.version.is_match(version), "{ctx}");
        self.check_actor(&s["actor"], &ctx);
        self.assert_iri(&s["verb"]["id"], &ctx);
        self.assert_language_map(&s["verb"]["display"], &ctx);
        let interaction = self.check_object(&s["object"], &ctx);
        self.check_result(&s["result"], interaction, &ctx);
        self.check_context(&s["context"], &ctx);
        let timestamp = s["timestamp"].as_str().unwrap();
        assert!(
            self.timestamp.is_match(timestamp),
            "timestamp {timestamp}: {ctx}"
        );
    }

    /// An Agent with exactly one inverse functional identifier, here an account.
    fn check_actor(&self, actor: &Value, ctx: &str) {
        assert_eq!(actor["objectType"], "Agent", "{ctx}");
        let identifiers = ["mbox", "mbox_sha1sum", "openid", "account"]
            .iter()
            .filter(|k| actor.get(**k).is_some())
            .count();
        assert_eq!(identifiers, 1, "actor needs one identifier: {ctx}");
        self.assert_iri(&actor["account"]["homePage"], ctx);
        let name = actor["account"]["name"].as_str().unwrap();
        assert!(!name.is_empty(), "{ctx}");
    }

    /// An interaction activity; returns its interaction type.
    fn check_object<'a>(&self, object: &'a Value, ctx: &str) -> &'a str {
        assert_eq!(object["objectType"], "Activity", "{ctx}");
        self.assert_iri(&object["id"], ctx);
        let definition = &object["definition"];
        self.assert_iri(&definition["type"], ctx);
        self.assert_language_map(&definition["name"], ctx);
        let interaction = definition["interactionType"].as_str().unwrap();
        assert!(
            INTERACTION_TYPES.contains(&interaction),
            "interactionType: {ctx}"
        );
        interaction
    }

    fn check_result(&self, result: &Value, interaction: &str, ctx: &str) {
        let score = &result["score"];
        let scaled = score["scaled"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&scaled), "scaled: {ctx}");
        let raw = score["raw"].as_f64().unwrap();
        let min = score["min"].as_f64().unwrap();
        let max = score["max"].as_f64().unwrap();
        assert!(
            min < max && (min..=max).contains(&raw),
            "raw/min/max: {ctx}"
        );
        assert!(result["success"].is_boolean(), "{ctx}");
        let duration = result["duration"].as_str().unwrap();
        assert!(
            self.duration.is_match(duration) && duration != "P" && !duration.ends_with('T'),
            "duration {duration}: {ctx}"
        );
        if let Some(response) = result.get("response") {
            assert_response(interaction, response.as_str().unwrap(), ctx);
        }
    }

    fn check_context(&self, context: &Value, ctx: &str) {
        let registration = context["registration"].as_str().unwrap();
        assert!(self.uuid.is_match(registration), "{ctx}");
        for parent in context["contextActivities"]["parent"].as_array().unwrap() {
            self.assert_iri(&parent["id"], ctx);
        }
        for key in context["extensions"].as_object().unwrap().keys() {
            assert!(self.iri.is_match(key), "extension key {key}: {ctx}");
        }
    }

    fn assert_iri(&self, v: &Value, ctx: &str) {
        let iri = v.as_str().unwrap_or_else(|| panic!("IRI missing: {ctx}"));
        assert!(self.iri.is_match(iri), "not an absolute IRI: {iri}: {ctx}");
    }

    fn assert_language_map(&self, v: &Value, ctx: &str) {
        let map = v
            .as_object()
            .unwrap_or_else(|| panic!("language map missing: {ctx}"));
        assert!(!map.is_empty(), "{ctx}");
        for (tag, text) in map {
            assert!(self.language_tag.is_match(tag), "language tag {tag}: {ctx}");
            assert!(text.is_string(), "{ctx}");
        }
    }
}

/// Response patterns of xAPI 1.0.3 Data 2.4.4.1 (interaction types): ids joined by `[,]`,
/// match pairs as `source[.]target`, numbers for numeric, true/false for true-false.
fn assert_response(interaction: &str, response: &str, ctx: &str) {
    let id = r"[^\[\], \t]+";
    let pattern = match interaction {
        "true-false" => "^(true|false)?$".to_string(),
        "choice" | "sequencing" => format!(r"^({id}(\[,\]{id})*)?$"),
        "matching" => format!(r"^({id}\[\.\]{id}(\[,\]{id}\[\.\]{id})*)?$"),
        "numeric" => r"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$".to_string(),
        _ => return,
    };
    assert!(
        Regex::new(&pattern).unwrap().is_match(response),
        "{interaction} response {response:?}: {ctx}"
    );
}
