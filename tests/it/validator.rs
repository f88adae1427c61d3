//! Validator fixtures: each file in tests/fixtures/check/ states the diagnostics it must produce
//! in `# expect: LINE:COL: SEVERITY: MESSAGE` comments (a trailing `*` matches any rest).

use std::path::{Path, PathBuf};

use counterpoint::bank::{BankFile, Loaded, load_files};

use super::util::root;

fn fixtures_dir() -> PathBuf {
    root().join("tests/fixtures/check")
}

/// Loads a bank made of the shared bank.toml and sources.toml plus `name` with `bytes`.
/// A fixture named `map_*.toml` or `events_*.toml` is loaded as the bank's `map.toml` or
/// `events.toml` (diagnostics still name the fixture), next to `_questions.toml`.
fn load_with(name: &str, bytes: Vec<u8>) -> Loaded {
    let dir = fixtures_dir();
    let shared = |file: &str, as_name: &str| BankFile {
        path: PathBuf::from(as_name),
        name: as_name.to_owned(),
        bytes: std::fs::read(dir.join(file)).expect("shared fixture"),
    };
    let role = if name.starts_with("map_") {
        Some("map.toml")
    } else if name.starts_with("events_") {
        Some("events.toml")
    } else {
        None
    };
    let mut files = vec![
        shared("_bank.toml", "bank.toml"),
        shared("_sources.toml", "sources.toml"),
        BankFile {
            path: PathBuf::from(name),
            name: role.unwrap_or(name).to_owned(),
            bytes,
        },
    ];
    if role.is_some() {
        files.push(shared("_questions.toml", "questions.toml"));
    }
    load_files(Path::new(""), files)
}

fn rendered(loaded: &Loaded, file: &str) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .filter_map(|d| d.strip_prefix(&format!("{file}:")).map(str::to_owned))
        .collect()
}

fn matches(expected: &str, actual: &str) -> bool {
    match expected.strip_suffix('*') {
        Some(prefix) => actual.starts_with(prefix),
        None => expected == actual,
    }
}

#[test]
fn every_fixture_gives_exactly_its_expected_diagnostics() {
    let mut cases = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("fixture text");
        let expected: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect();
        let loaded = load_with(&name, text.clone().into_bytes());
        let mut actual = rendered(&loaded, &name);
        actual.sort();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort_unstable();
        let ok = actual.len() == expected_sorted.len()
            && expected_sorted
                .iter()
                .all(|e| actual.iter().any(|a| matches(e, a)));
        let others: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.path != Path::new(&name))
            // A fixture whose only question is broken cites nothing, so `s1` goes uncited.
            .filter(|d| d.message != "source `s1` is never cited" || expected.is_empty())
            .map(ToString::to_string)
            .collect();
        if !ok || !others.is_empty() {
            failures.push(format!(
                "{name}:\n  expected {expected_sorted:?}\n  actual   {actual:?}\n  other files {others:?}"
            ));
        }
        if expected.is_empty() {
            assert!(loaded.bank.is_some(), "{name} should load");
        } else if expected.iter().any(|e| e.contains(": error: ")) {
            assert!(loaded.bank.is_none(), "{name} has errors, so no bank");
        }
        cases += 1;
    }
    assert!(cases >= 20, "only {cases} fixtures found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_utf8_is_reported_at_the_bad_byte() {
    let mut bytes = b"[[question]]\nid = \"q\xC3\xA9\"\nprompt = \"bad \xFF here\"\n".to_vec();
    bytes.extend_from_slice(b"\n");
    let loaded = load_with("q.toml", bytes);
    assert_eq!(
        rendered(&loaded, "q.toml"),
        vec!["3:15: error: file is not valid UTF-8 (byte 0xFF); save it as UTF-8"]
    );
}

#[test]
fn binary_garbage_gives_errors_not_a_panic() {
    // A deterministic pseudo-random byte soup, and every truncation of a valid file.
    let mut x: u32 = 12345;
    let garbage: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            x.to_le_bytes()[2]
        })
        .collect();
    let loaded = load_with("q.toml", garbage);
    assert!(loaded.error_count() >= 1);

    let valid = std::fs::read(fixtures_dir().join("valid_all_kinds.toml")).unwrap();
    for cut in (0..valid.len()).step_by(7) {
        let loaded = load_with("q.toml", valid[..cut].to_vec());
        // Every prefix either loads or reports errors with positions inside the file.
        for d in &loaded.diagnostics {
            assert!(d.line >= 1 && d.column >= 1);
        }
    }
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let text = format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let loaded = load_with("q.toml", text.into_bytes());
    let diags = rendered(&loaded, "q.toml");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].starts_with("1:"), "{diags:?}");
    assert!(diags[0].contains("nested more than 64 levels"));
}

#[test]
fn huge_files_are_refused() {
    let text = format!("# {}\n", "x".repeat(50 * 1024 * 1024));
    let loaded = load_with("q.toml", text.into_bytes());
    assert_eq!(
        rendered(&loaded, "q.toml"),
        vec!["1:1: error: file is too large (50.0 MB; the limit is 8 MB)"]
    );
}

#[test]
fn uncited_source_is_a_warning() {
    let dir = fixtures_dir();
    let question = std::fs::read(dir.join("valid_all_kinds.toml")).unwrap();
    let mut sources = std::fs::read_to_string(dir.join("_sources.toml")).unwrap();
    sources.push_str("\n[[source]]\nid = \"unused\"\ncitation = \"Never cited.\"\n");
    let files = vec![
        BankFile {
            path: "bank.toml".into(),
            name: "bank.toml".into(),
            bytes: std::fs::read(dir.join("_bank.toml")).unwrap(),
        },
        BankFile {
            path: "sources.toml".into(),
            name: "sources.toml".into(),
            bytes: sources.into_bytes(),
        },
        BankFile {
            path: "q.toml".into(),
            name: "q.toml".into(),
            bytes: question,
        },
    ];
    let loaded = load_files(Path::new(""), files);
    assert_eq!(
        rendered(&loaded, "sources.toml"),
        vec!["8:6: warning: source `unused` is never cited"]
    );
    assert!(
        loaded.bank.is_some(),
        "warnings do not stop the bank loading"
    );
}
