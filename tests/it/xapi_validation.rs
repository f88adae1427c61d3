//! Exported xAPI statements with their questions' definitions, validated by Learning Locker's
//! `xapi-validation` (npm, through node; see `util::node_modules`).

use std::path::Path;

use counterpoint::engine::Response;
use counterpoint::interchange::results::xapi;
use counterpoint::model::{Kind, KindName, NumericAnswer, Question};
use counterpoint::store::{DATA_DIR_ENV, Mode, NewAnswer, Store};
use serde_json::Value;

use crate::util::{run_cli, shipped_bank, xapi_validation_warnings};

/// 2024-03-01T09:00:00Z.
const T0: i64 = 1_709_283_600_000;

/// The right response to `question`.
fn right_response(question: &Question) -> Response {
    match &question.kind {
        Kind::Single { answer, .. } => Response::Single(Some(*answer)),
        Kind::Multiple { answers, .. } => Response::Multiple(answers.clone()),
        Kind::TrueFalse { answer, .. } => Response::TrueFalse(Some(*answer)),
        Kind::Order { items } => Response::Order((0..items.len()).collect()),
        Kind::Match { pairs, .. } => Response::Match((0..pairs.len()).map(Some).collect()),
        Kind::Numeric { answer, .. } => Response::Numeric(match *answer {
            NumericAnswer::Exact { value, .. } => value.to_string(),
            NumericAnswer::Range { min, .. } => min.to_string(),
        }),
        Kind::Text { accept } => Response::Text(accept[0].clone()),
    }
}

/// A database in `dir` with learner "Ada" who answered the first shipped question of every
/// kind right, one question that is not in any bank, and one whose bank version is older than
/// the loaded one. Returns the answered questions (shipped ones only), in order.
fn populate(dir: &Path) -> Vec<Question> {
    let bank = shipped_bank();
    let questions: Vec<Question> = KindName::ALL
        .iter()
        .map(|k| {
            bank.questions
                .iter()
                .find(|q| q.kind.kind_name() == *k)
                .unwrap()
                .clone()
        })
        .collect();
    let store = Store::open_in(dir).unwrap();
    let ada = store.create_profile("Ada", T0).unwrap().id;
    let s = store.start_session(ada, Mode::Practice, T0).unwrap();
    let answer = |q: &Question, version: &str, i: i64| NewAnswer {
        session: s,
        profile: ada,
        bank_id: bank.id.0.clone(),
        bank_version: version.into(),
        question_id: q.id.0.clone(),
        topic: q.topic.clone(),
        kind: q.kind.name().into(),
        response_json: serde_json::to_string(&right_response(q)).unwrap(),
        score: 1.0,
        time_taken_ms: 10_000 + i,
        answered_ms: T0 + i * 60_000,
    };
    for (i, q) in (0..).zip(&questions) {
        store.record_answer(&answer(q, &bank.version, i)).unwrap();
    }
    let mut gone = answer(&questions[0], &bank.version, 10);
    gone.question_id = "no-such-question".into();
    store.record_answer(&gone).unwrap();
    store
        .record_answer(&answer(&questions[1], "0.0.1-old", 11))
        .unwrap();
    questions
}

fn export(data: &Path, extra: &[&str]) -> (i32, Vec<Value>, String) {
    let out = data.join("ada.xapi.json");
    let mut args = vec![
        "--data-dir",
        data.to_str().unwrap(),
        "results",
        "export",
        "--profile",
        "Ada",
        "--format",
        "xapi",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, _, stderr) = run_cli(&args, data);
    let statements = std::fs::read_to_string(&out)
        .map(|text| serde_json::from_str(&text).unwrap())
        .unwrap_or_default();
    (code, statements, stderr)
}

#[test]
fn xapi_export_describes_each_question_and_passes_xapi_validation() {
    let data = tempfile::tempdir().unwrap();
    let questions = populate(data.path());
    let (code, statements, stderr) = export(
        data.path(),
        &["--home-page", "https://learning.example.org"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(statements.len(), questions.len() + 2);
    let checker = crate::results::XapiChecker::new();
    for (s, q) in statements.iter().zip(&questions) {
        checker.check(s);
        let d = &s["object"]["definition"];
        let kind = q.kind.name();
        assert_eq!(
            s["actor"]["account"]["homePage"], "https://learning.example.org",
            "{kind}"
        );
        assert_eq!(
            d["description"]["en"],
            xapi::plain_text(&q.prompt),
            "{kind}"
        );
        let name = d["name"]["en"].as_str().unwrap();
        assert!(
            !name.is_empty() && name.chars().count() <= xapi::NAME_MAX_CHARS,
            "{kind}: {name}"
        );
        assert!(!d["description"]["en"].as_str().unwrap().contains("**"));
        let patterns = d["correctResponsesPattern"].as_array().unwrap();
        let response = s["result"]["response"].as_str().unwrap();
        match &q.kind {
            // A right answer is the pattern, in the same syntax.
            Kind::Single { choices, .. } | Kind::Multiple { choices, .. } => {
                assert_eq!(patterns[0], response, "{kind}");
                let ids: Vec<&str> = d["choices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_str().unwrap())
                    .collect();
                assert_eq!(ids.len(), choices.len());
                assert_eq!(ids[0], "0");
                assert_eq!(
                    d["choices"][1]["description"]["en"],
                    xapi::plain_text(&choices[1].text)
                );
            }
            Kind::TrueFalse { .. } | Kind::Order { .. } => assert_eq!(patterns[0], response),
            Kind::Match { pairs, distractors } => {
                assert_eq!(patterns[0], response);
                assert_eq!(d["source"].as_array().unwrap().len(), pairs.len());
                assert_eq!(
                    d["target"].as_array().unwrap().len(),
                    pairs.len() + distractors.len()
                );
            }
            Kind::Numeric { .. } => assert!(!patterns.is_empty()),
            Kind::Text { accept } => assert_eq!(patterns.len(), accept.len()),
        }
    }
    // Not loaded, or loaded at another version: the ids and the interaction type only.
    for s in &statements[questions.len()..] {
        checker.check(s);
        let d = &s["object"]["definition"];
        assert!(d.get("correctResponsesPattern").is_none(), "{d}");
        assert!(d["name"]["und"].as_str().unwrap().starts_with("iskp / "));
    }
    if let Some(warnings) = xapi_validation_warnings(&statements) {
        assert!(warnings.is_empty(), "{}", warnings.join("\n"));
    }
}

#[test]
fn xapi_home_page_must_be_an_absolute_url() {
    let data = tempfile::tempdir().unwrap();
    populate(data.path());
    let (code, _, stderr) = export(data.path(), &["--home-page", "example.org"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not an absolute http(s) URL"), "{stderr}");
    // From the environment when the option is absent.
    let out = data.path().join("env.json");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_counterpoint"))
        .args([
            "results",
            "export",
            "--profile",
            "Ada",
            "--format",
            "xapi",
            "-o",
        ])
        .arg(&out)
        .env(DATA_DIR_ENV, data.path())
        .env("COUNTERPOINT_HOME_PAGE", "https://org.example")
        .status()
        .unwrap();
    assert!(status.success());
    let statements: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        statements[0]["actor"]["account"]["homePage"],
        "https://org.example"
    );
}
