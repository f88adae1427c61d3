//! `counterpoint schema`: the JSON Schemas agree with the loader, checked with an independent
//! validator (Python's `jsonschema` on the TOML as `tomllib` parses it, tests/schema/validate.py).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use counterpoint::bank::schema::schema_for;

use super::util::{root, run_cli, shipped_bank_dir};

/// Fixtures of tests/fixtures/check/ with errors that a schema cannot express (they need other
/// files or compare values), so the schema accepts them; every other error fixture must be
/// rejected.
const BEYOND_SCHEMA: [&str; 10] = [
    "answer_out_of_range.toml", // compares the answer with the number of choices
    "duplicate_question_id.toml", // compares entries
    "match_duplicate_pair.toml", // uniqueness of one field across pair tables
    "numeric_min_greater_than_max.toml", // compares two values
    "unknown_source.toml",      // needs sources.toml
    "map_duplicate_ids.toml",   // compares entries
    "map_end_before_start.toml", // compares two values
    "map_unknown_group.toml",   // needs the map's own groups
    "map_unknown_question.toml", // needs the question files
    "map_unknown_source.toml",  // needs sources.toml
];

/// The Python with `jsonschema`, or `None` (with the reason printed) when it is missing outside CI.
fn validator_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema, tomllib"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "python3 with the `jsonschema` package is required in CI (.ci/run installs it)"
        );
        println!("skipped: python3 with `jsonschema` is not installed (pip install jsonschema)");
    }
    ok
}

/// Writes the schemas with the real binary into a temporary folder.
fn write_schemas() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let (code, stdout, stderr) = run_cli(&["schema", "-o", out.to_str().unwrap()], &root());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 7, "{stdout}");
    dir
}

/// Validates each `(schema file, toml file)`; returns the errors per TOML file.
fn validate(schemas: &Path, files: &[(&str, PathBuf)]) -> BTreeMap<PathBuf, Vec<String>> {
    let script = root().join("tests/schema/validate.py");
    let mut cmd = Command::new("python3");
    cmd.arg(script).arg(schemas);
    for (schema, file) in files {
        let mut arg = std::ffi::OsString::from(format!("{schema}="));
        arg.push(file);
        cmd.arg(arg);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut results = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let errors = v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap().to_owned())
            .collect();
        results.insert(PathBuf::from(v["file"].as_str().unwrap()), errors);
    }
    assert_eq!(results.len(), files.len());
    results
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn bank_files(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    toml_files(dir)
        .into_iter()
        .map(|p| (schema_for(&p.file_name().unwrap().to_string_lossy()), p))
        .collect()
}

#[test]
fn the_shipped_bank_and_a_new_bank_validate_against_the_schemas() {
    if !validator_available() {
        return;
    }
    let schemas = write_schemas();
    let s = schemas.path().join("s");
    let mut files = bank_files(&shipped_bank_dir());
    assert!(files.len() >= 4);
    let new_bank = schemas.path().join("new-bank");
    let (code, _, stderr) = run_cli(
        &["new", new_bank.to_str().unwrap(), "--title", "New"],
        &root(),
    );
    assert_eq!(code, 0, "{stderr}");
    files.extend(bank_files(&new_bank));
    for (file, errors) in validate(&s, &files) {
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn schema_rejects_every_schema_level_fixture_and_accepts_the_rest() {
    if !validator_available() {
        return;
    }
    let schemas = write_schemas();
    let fixtures = root().join("tests/fixtures/check");
    let files: Vec<(&str, PathBuf)> = toml_files(&fixtures)
        .into_iter()
        .map(|p| {
            let schema = match p.file_name().unwrap().to_str().unwrap() {
                "_bank.toml" => "bank.schema.json",
                "_sources.toml" => "sources.schema.json",
                n if n.starts_with("map_") => "map.schema.json",
                n if n.starts_with("events_") => "events.schema.json",
                _ => "questions.schema.json",
            };
            (schema, p)
        })
        .collect();
    let results = validate(&schemas.path().join("s"), &files);
    let mut rejected = 0;
    for (file, errors) in &results {
        let name = file.file_name().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        let expects_error = text
            .lines()
            .any(|l| l.contains("# expect:") && l.contains(": error:"));
        if expects_error && !BEYOND_SCHEMA.contains(&name) {
            assert!(
                !errors.is_empty(),
                "{name}: the schema accepts it, the loader does not"
            );
            rejected += 1;
        } else {
            assert!(
                errors.is_empty(),
                "{name}: the loader accepts it, the schema does not: {errors:#?}"
            );
        }
    }
    // Wrong type, unknown key, missing field, unknown kind, too few items, empty text, ...
    assert!(rejected >= 15, "only {rejected} fixtures rejected");
    let reason = |name: &str| results[&fixtures.join(name)].join("\n");
    assert!(reason("wrong_type_difficulty.toml").contains("is not of type 'integer'"));
    assert!(reason("unknown_key_did_you_mean.toml").contains("'promt' was unexpected"));
    assert!(reason("missing_explanation.toml").contains("'explanation' is a required property"));
    assert!(reason("field_of_another_kind.toml").contains("'items' was unexpected"));
}

/// Writes an exam file with `exam new` (every optional part set when `full`).
fn exam_file(dir: &Path, name: &str, full: bool) -> PathBuf {
    let path = dir.join(name);
    let mut args = vec!["exam", "new", "--bank", "iskp", "--questions", "6"];
    args.extend(["--time", "30m", "--pass", "70", "--seed", "5"]);
    if full {
        args.extend(["--forms", "pre,post", "--feedback", "after-each"]);
        args.extend(["--difficulty", "1,2", "--kind", "single,true_false"]);
        args.extend(["--no-shuffle", "--title", "Awareness"]);
    }
    args.extend(["-o", path.to_str().unwrap()]);
    let (code, _, stderr) = run_cli(&args, &root());
    assert_eq!(code, 0, "{stderr}");
    path
}

/// One change to an exam file's TOML table that the reader must refuse.
type Break = fn(&mut toml::Table);

fn sub<'a>(table: &'a mut toml::Table, key: &str) -> &'a mut toml::Table {
    table.get_mut(key).unwrap().as_table_mut().unwrap()
}

#[test]
fn exam_files_from_exam_new_validate_and_broken_ones_are_refused_by_both() {
    if !validator_available() {
        return;
    }
    let schemas = write_schemas();
    let dir = schemas.path();
    let plain = exam_file(dir, "plain.toml", false);
    let full = exam_file(dir, "full.toml", true);
    let text = std::fs::read_to_string(&full).unwrap();
    let base: toml::Table = toml::from_str(&text).unwrap();
    assert!(base.contains_key("codes") && base["blueprint"].get("kinds").is_some());

    let breaks: [(&str, Break); 16] = [
        ("unknown_key", |t| {
            t.insert("colour".into(), "red".into());
        }),
        ("unknown_bank_key", |t| {
            sub(t, "bank").insert("edition".into(), "2".into());
        }),
        ("unknown_blueprint_key", |t| {
            sub(t, "blueprint").insert("topic".into(), "A".into());
        }),
        ("missing_seed", |t| {
            t.remove("seed");
        }),
        ("missing_bank_id", |t| {
            sub(t, "bank").remove("id");
        }),
        ("pass_as_text", |t| {
            t.insert("pass_percent".into(), "70".into());
        }),
        ("pass_over_100", |t| {
            t.insert("pass_percent".into(), 150.into());
        }),
        ("unknown_feedback", |t| {
            t.insert("feedback".into(), "sometimes".into());
        }),
        ("time_in_words", |t| {
            t.insert("time_limit".into(), "30 minutes".into());
        }),
        ("other_format", |t| {
            t.insert("format".into(), "moodle-quiz".into());
        }),
        ("version_2", |t| {
            t.insert("version".into(), 2.into());
        }),
        ("form_in_capitals", |t| {
            t.insert("forms".into(), toml::Value::Array(vec!["Pre".into()]));
        }),
        ("no_questions", |t| {
            sub(t, "blueprint").insert("questions".into(), 0.into());
        }),
        ("unknown_kind", |t| {
            let kinds = toml::Value::Array(vec!["essay".into()]);
            sub(t, "blueprint").insert("kinds".into(), kinds);
        }),
        ("difficulty_4", |t| {
            let levels = toml::Value::Array(vec![4.into()]);
            sub(t, "blueprint").insert("difficulties".into(), levels);
        }),
        ("shuffle_as_text", |t| {
            t.insert("shuffle_choices".into(), "yes".into());
        }),
    ];
    let mut files = vec![("exam.schema.json", plain), ("exam.schema.json", full)];
    for (name, change) in breaks {
        let mut table = base.clone();
        change(&mut table);
        let path = dir.join(format!("{name}.toml"));
        let broken = toml::to_string(&table).unwrap();
        assert!(
            counterpoint::course::Exam::from_toml(&broken, &path).is_err(),
            "{name}: the exam reader accepts it"
        );
        std::fs::write(&path, broken).unwrap();
        files.push(("exam.schema.json", path));
    }
    let results = validate(&dir.join("s"), &files);
    for (file, errors) in &results {
        let name = file.file_stem().unwrap().to_str().unwrap();
        if matches!(name, "plain" | "full") {
            assert!(errors.is_empty(), "{name}: {errors:#?}");
        } else {
            assert!(!errors.is_empty(), "{name}: the schema accepts it");
        }
    }
    let reason = |name: &str| results[&dir.join(format!("{name}.toml"))].join("\n");
    assert!(reason("unknown_key").contains("'colour' was unexpected"));
    assert!(reason("missing_seed").contains("'seed' is a required property"));
}
