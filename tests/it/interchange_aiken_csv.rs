//! Aiken and CSV import, on our fixtures in tests/fixtures/aiken/ and tests/fixtures/csv/.

use counterpoint::interchange::{self, Action, Format, Location};
use counterpoint::model::{Kind, NumericAnswer};

use super::util::{fixture, import_file, kinds};

fn aiken(case: &str) -> interchange::Import {
    import_file(Format::Aiken, &fixture("aiken", case)).unwrap()
}

fn csv(case: &str) -> Result<interchange::Import, interchange::Error> {
    import_file(Format::Csv, &fixture("csv", case))
}

#[test]
fn aiken_help_example() {
    let out = aiken("moodle_help_example.txt");
    assert_eq!(kinds(&out.bank), ["single", "single"]);
    assert!(
        matches!(&out.bank.questions[0].kind, Kind::Single { answer: 3, choices } if choices[3].text == "Must be this one!")
    );
    assert!(
        matches!(&out.bank.questions[1].kind, Kind::Single { answer: 0, choices } if choices.len() == 6)
    );
    assert!(
        out.bank
            .questions
            .iter()
            .all(|q| q.sources[0].id == "import")
    );
}

#[test]
fn aiken_answer_that_is_not_a_choice() {
    let out = aiken("answer_not_a_choice.txt");
    assert_eq!(kinds(&out.bank), ["single"]);
    let reasons = out.log.skip_reasons();
    assert!(
        reasons[0].contains("ANSWER: \"E\" does not name one of the 2 choices"),
        "{reasons:?}"
    );
}

#[test]
fn aiken_missing_answer_lines() {
    let out = aiken("missing_answer_line.txt");
    assert_eq!(kinds(&out.bank), ["single"]);
    let skipped: Vec<(Location, &str)> = out
        .log
        .sorted_entries()
        .into_iter()
        .filter(|e| e.action == Action::Skipped)
        .map(|e| (e.location.clone(), e.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (Location::Line(1), "no ANSWER: line after the choices"),
            (
                Location::Line(10),
                "the file ends before this question's ANSWER: line"
            )
        ]
    );
}

#[test]
fn aiken_multi_line_question_is_joined_and_logged() {
    let out = aiken("multi_line_question.txt");
    assert_eq!(
        out.bank.questions[0].prompt,
        "A question that spans\ntwo lines of text"
    );
    assert!(
        out.log
            .entries
            .iter()
            .any(|e| e.reason.starts_with("question text spans 2 lines"))
    );
}

#[test]
fn csv_all_kinds() {
    let out = csv("all_kinds.csv").unwrap();
    assert_eq!(
        kinds(&out.bank),
        [
            "single",
            "multiple",
            "true_false",
            "order",
            "match",
            "numeric",
            "text"
        ]
    );
    assert_eq!(out.log.skipped(), 0, "{}", out.log);
    let q = &out.bank.questions;
    assert_eq!(q[0].id.0, "des-001");
    assert_eq!(q[0].difficulty, 1);
    assert_eq!(q[0].tags, ["designations", "2016"]);
    assert!(
        matches!(&q[0].kind, Kind::Single { answer: 0, choices } if choices[1].feedback.as_deref() == Some("Not the AG, who"))
    );
    assert_eq!(q[0].sources[0].id, "fn160");
    assert_eq!(
        out.bank.sources["fn160"].citation,
        "U.S. Department of State, \"Terrorist Designations\", 2016."
    );
    assert_eq!(
        out.bank.sources["fn160"].url.as_deref(),
        Some("https://www.state.gov/x")
    );
    assert!(matches!(&q[1].kind, Kind::Multiple { answers, .. } if answers == &[0, 1, 3]));
    assert!(
        matches!(&q[2].kind, Kind::TrueFalse { answer: true, feedback_true: Some(t), .. } if t == "Right, 2015.")
    );
    assert_eq!(q[2].sources[0].id, "import");
    assert!(
        matches!(&q[4].kind, Kind::Match { pairs, distractors } if pairs.len() == 2 && distractors == &["2019"])
    );
    assert_eq!(
        q[5].kind,
        Kind::Numeric {
            answer: NumericAnswer::Exact {
                value: 33.0,
                tolerance: 2.0
            },
            unit: Some("killed".into())
        }
    );
    assert_eq!(
        q[5].content_warning.as_deref(),
        Some("Refers to a bombing and its victims.")
    );
    assert!(matches!(&q[6].kind, Kind::Text { accept } if accept.len() == 2));
}

#[test]
fn csv_semicolon_separated() {
    let out = csv("semicolon_separated.csv").unwrap();
    assert!(
        matches!(&out.bank.questions[0].kind, Kind::Single { answer: 1, choices } if choices[0].text == "a, with comma")
    );
}

#[test]
fn csv_quoted_cells_hold_newlines_commas_and_quotes() {
    let out = csv("multi_line_cells.csv").unwrap();
    let q = &out.bank.questions[0];
    assert_eq!(q.prompt, "A prompt\non two lines");
    assert_eq!(q.explanation, "An explanation\n\nwith a paragraph.");
    assert!(
        matches!(&q.kind, Kind::Single { choices, .. } if choices[1].text == "second \"quoted\"")
    );
}

#[test]
fn csv_bad_rows_are_skipped_with_their_line() {
    let out = csv("bad_rows.csv").unwrap();
    assert_eq!(kinds(&out.bank), ["single"]);
    let skipped: Vec<String> = out
        .log
        .sorted_entries()
        .into_iter()
        .filter(|e| e.action == Action::Skipped)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        skipped,
        [
            "line 2: skipped \"Answer out of range\": answer \"5\" is not one of the 2 options (1 to 2, or A, B, …)",
            "line 3: skipped \"Unknown kind\": unknown kind \"essay\"; expected one of: single, multiple, true_false, order, match, numeric, text",
            "line 4: skipped \"Not a boolean\": answer \"maybe\" is not true or false",
            "line 5: skipped \"Bad difficulty\": difficulty \"7\" is not 1, 2 or 3",
        ]
    );
}

#[test]
fn csv_unknown_column_is_an_error() {
    let err = csv("unknown_column.csv").unwrap_err().to_string();
    assert!(
        err.starts_with("unknown_column.csv:1:1: unknown column \"points\""),
        "{err}"
    );
}
