//! `counterpoint check` and `stats` run as a user would: the real binary, exit codes, output.

use super::util::{copy_bank, root, run_cli};

#[test]
fn shipped_questions_check_clean() {
    let (code, out, err) = run_cli(&["check", "questions/"], &root());
    assert_eq!(code, 0, "{out}{err}");
    let last = out.lines().last().unwrap();
    assert!(last.ends_with(": 0 error(s), 0 warning(s)"), "{out}");
    assert_eq!(out.lines().count(), 1, "no diagnostics expected:\n{out}");
}

#[test]
fn missing_path_is_a_usage_error() {
    let (code, _, err) = run_cli(&["check", "no/such/dir"], &root());
    assert_eq!(code, 2);
    assert!(err.contains("no/such/dir"), "{err}");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let (code, _, _) = run_cli(&["check", "--frobnicate"], &root());
    assert_eq!(code, 2);
}

/// Corrupts one file of a copy of the shipped bank and checks the reported position.
fn corrupt(file: &str, edit: impl FnOnce(&str) -> (String, String)) -> (i32, String, String) {
    let tmp = copy_bank(&root().join("questions/iskp"));
    let path = tmp.path().join("iskp").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let (changed, expected_prefix) = edit(&text);
    std::fs::write(&path, changed).unwrap();
    let (code, out, err) = run_cli(&["check", "."], tmp.path());
    (code, out + &err, expected_prefix)
}

#[test]
fn duplicated_id_points_at_the_second_id() {
    let (code, out, expected) = corrupt("history.toml", |text| {
        let value_at = text.find("\"hist-002\"").unwrap();
        let changed = text.replacen("\"hist-002\"", "\"hist-001\"", 1);
        let (line, col) = counterpoint::bank::diagnostic::line_col(&changed, value_at);
        let expected =
            format!("./iskp/history.toml:{line}:{col}: error: duplicate question id `hist-001`");
        (changed, expected)
    });
    assert_eq!(code, 1);
    assert!(out.contains(&expected), "expected {expected}\n{out}");
}

#[test]
fn missing_source_points_at_the_citation() {
    let (code, out, expected) = corrupt("leadership.toml", |text| {
        let at = text.find("sources = [\"").unwrap() + "sources = [".len();
        let mut changed = text.to_owned();
        changed.insert_str(at, "\"fn999\", ");
        let (line, col) = counterpoint::bank::diagnostic::line_col(&changed, at);
        (
            changed,
            format!("./iskp/leadership.toml:{line}:{col}: error: unknown source `fn999`"),
        )
    });
    assert_eq!(code, 1);
    assert!(out.contains(&expected), "expected {expected}\n{out}");
}

#[test]
fn answer_out_of_range_points_at_the_value() {
    let (code, out, expected) = corrupt("humanitarian.toml", |text| {
        // The first single-choice question's `answer = N`.
        let kind = text.find("kind = \"single\"").unwrap();
        let rel = text[kind..].find("\nanswer = ").unwrap();
        let value_at = kind + rel + "\nanswer = ".len();
        let end = value_at + text[value_at..].find('\n').unwrap();
        let mut changed = text.to_owned();
        changed.replace_range(value_at..end, "99");
        let (line, col) = counterpoint::bank::diagnostic::line_col(&changed, value_at);
        (
            changed,
            format!("./iskp/humanitarian.toml:{line}:{col}: error: answer 99 is out of range"),
        )
    });
    assert_eq!(code, 1);
    assert!(out.contains(&expected), "expected {expected}\n{out}");
}

#[test]
fn truncated_file_reports_a_syntax_error_without_panicking() {
    let (code, out, _) = corrupt("designations.toml", |text| {
        // Cut in the middle of a string value inside a table.
        let at = text.find("prompt = \"").unwrap() + "prompt = \"".len() + 5;
        (text[..at].to_owned(), String::new())
    });
    assert_eq!(code, 1, "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("./iskp/designations.toml:"))
        .unwrap();
    assert!(line.contains(": error: TOML syntax:"), "{line}");
}

#[test]
fn garbage_bytes_exit_1_not_101() {
    let tmp = copy_bank(&root().join("questions/iskp"));
    let bytes: Vec<u8> = (0u32..20_000)
        .map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()[1])
        .collect();
    std::fs::write(tmp.path().join("iskp/attacks.toml"), bytes).unwrap();
    let (code, out, err) = run_cli(&["check", "."], tmp.path());
    assert_eq!(code, 1, "{out}{err}");
}

#[test]
fn stats_counts_questions() {
    let (code, out, err) = run_cli(&["stats", "questions/"], &root());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("by topic:") && out.contains("by kind:") && out.contains("by difficulty:")
    );
    assert!(out.contains("why/how questions:"));
}

#[test]
fn map_relation_to_an_unknown_group_points_at_the_id() {
    // Issue #12: map.toml is checked like the rest of the bank, with PATH:LINE:COL.
    let (code, out, expected) = corrupt("map.toml", |text| {
        let at = text.find("to = \"islamic-state\"").unwrap() + "to = ".len();
        let changed = text.replacen("to = \"islamic-state\"", "to = \"islamic-stat\"", 1);
        let (line, col) = counterpoint::bank::diagnostic::line_col(&changed, at);
        let expected = format!(
            "./iskp/map.toml:{line}:{col}: error: unknown group `islamic-stat`: no `[[group]]` has this id; did you mean `islamic-state`?"
        );
        (changed, expected)
    });
    assert_eq!(code, 1);
    assert!(out.contains(&expected), "expected {expected}\n{out}");
}
