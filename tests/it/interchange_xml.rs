//! Moodle XML import: every file of Moodle's own XML fixtures (counts, kinds, skips) and our
//! fixtures in `tests/fixtures/moodle_xml/` (one concern each).

use counterpoint::interchange::{self, Action, Error, Format, Location};
use counterpoint::model::{Kind, NumericAnswer};

use super::util::{fixture, import_file, kinds, moodle_fixtures};

/// Imports one of Moodle's XML fixtures.
fn moodle(name: &str) -> Option<interchange::Import> {
    let dir = moodle_fixtures()?;
    Some(import_file(Format::MoodleXml, &dir.join(name)).unwrap())
}

fn topics(out: &interchange::Import) -> Vec<&str> {
    out.bank
        .questions
        .iter()
        .map(|q| q.topic.as_str())
        .collect()
}

#[test]
fn broken_cloze_questions_are_all_skipped() {
    let Some(out) = moodle("broken_cloze_questions.xml") else {
        return;
    };
    assert!(out.bank.questions.is_empty());
    assert_eq!(out.log.skipped(), 5);
    assert!(
        out.log
            .skip_reasons()
            .iter()
            .all(|r| r.contains("cloze (multianswer)"))
    );
}

#[test]
fn categories_in_reverse_order() {
    let Some(out) = moodle("categories_reverse_order.xml") else {
        return;
    };
    assert_eq!(kinds(&out.bank), ["text"]);
    assert_eq!(topics(&out), ["Sigma"]);
    assert!(matches!(&out.bank.questions[0].kind, Kind::Text { accept } if accept == &["yes"]));
    assert_eq!(
        out.log.skip_reasons(),
        ["essay questions have no automatic grading"]
    );
    let skipped = out.log.sorted_entries()[1];
    assert!(
        matches!(&skipped.location, Location::Element { path, line: 14, .. } if path == "/quiz/question[2]"),
        "{skipped:?}"
    );
}

#[test]
fn category_with_description() {
    let Some(out) = moodle("category_with_description.xml") else {
        return;
    };
    assert_eq!(kinds(&out.bank), ["true_false"]);
    assert_eq!(topics(&out), ["Alpha"]);
    assert_eq!(out.bank.questions[0].prompt, "Testing Alpha Question");
    assert!(matches!(
        out.bank.questions[0].kind,
        Kind::TrueFalse { answer: true, .. }
    ));
}

#[test]
fn invalid_grades_are_rejected() {
    let Some(out) = moodle("error_invalid_grades.xml") else {
        return;
    };
    assert!(out.bank.questions.is_empty());
    let reasons = out.log.skip_reasons();
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0].starts_with("invalid grade 33% for answer \"2\""),
        "{reasons:?}"
    );
}

#[test]
fn export_category() {
    let Some(out) = moodle("export_category.xml") else {
        return;
    };
    assert_eq!(kinds(&out.bank), ["true_false"]);
    assert_eq!(topics(&out), ["Alpha"]);
}

#[test]
fn html_characters_in_idnumbers_are_decoded() {
    let Some(out) = moodle("html_chars_in_idnumbers.xml") else {
        return;
    };
    assert_eq!(out.bank.questions[0].id.0, "T & F");
    assert_eq!(topics(&out), ["Alpha"]);
}

#[test]
fn multianswer_is_skipped() {
    let Some(out) = moodle("multianswer.xml") else {
        return;
    };
    assert!(out.bank.questions.is_empty());
    assert_eq!(
        out.log.skip_reasons(),
        ["cloze (multianswer) questions are not supported"]
    );
}

#[test]
fn multichoice_with_embedded_files() {
    let Some(out) = moodle("multichoice.xml") else {
        return;
    };
    assert_eq!(kinds(&out.bank), ["single"]);
    assert_eq!(topics(&out), ["Default for testhead / Multichoice"]);
    let q = &out.bank.questions[0];
    assert_eq!(
        q.prompt,
        "Listen to this greeting:\n\nWhat language is being spoken?"
    );
    match &q.kind {
        Kind::Single { choices, answer } => {
            let texts: Vec<&str> = choices.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(texts, ["English", "French", "German", "Danish"]);
            assert_eq!(*answer, 1);
            assert_eq!(choices[1].feedback.as_deref(), Some("Yes, well done!"));
        }
        other => panic!("{other:?}"),
    }
    let files = out
        .log
        .entries
        .iter()
        .filter(|e| e.reason.starts_with("embedded file"))
        .count();
    assert_eq!(files, 5, "{}", out.log);
}

#[test]
fn nested_categories_join_with_slashes() {
    let Some(out) = moodle("nested_categories.xml") else {
        return;
    };
    assert_eq!(topics(&out), ["Delta / Epsilon / Zeta"]);
}

#[test]
fn nested_categories_with_questions() {
    let Some(out) = moodle("nested_categories_with_questions.xml") else {
        return;
    };
    assert_eq!(kinds(&out.bank), ["true_false"; 4]);
    assert_eq!(
        topics(&out),
        ["Iota", "Iota / Kappa", "Iota / Kappa / Lambda", "Iota / Mu"]
    );
    assert_eq!(out.log.skipped(), 1);
}

#[test]
fn old_format_file() {
    let Some(out) = moodle("old_format_file.xml") else {
        return;
    };
    assert_eq!(kinds(&out.bank), ["true_false", "true_false"]);
    assert_eq!(topics(&out), ["Pi", "Pi / Rho"]);
}

#[test]
fn old_image_tag_sample() {
    let Some(out) = moodle("sample_questions_with_old_image_tag.xml") else {
        return;
    };
    assert_eq!(kinds(&out.bank), ["single"]);
    let q = &out.bank.questions[0];
    assert!(q.prompt.contains("\"image\" field"), "{}", q.prompt);
    assert!(
        matches!(&q.kind, Kind::Single { answer: 2, choices } if choices[0].text == "wrong answer")
    );
    assert_eq!(out.log.skipped(), 1);
    assert!(
        out.log
            .entries
            .iter()
            .any(|e| e.reason.starts_with("old-style <image>"))
    );
}

#[test]
fn truefalse_file() {
    let Some(out) = moodle("truefalse.xml") else {
        return;
    };
    assert_eq!(kinds(&out.bank), ["true_false", "true_false"]);
    let answers: Vec<bool> = out
        .bank
        .questions
        .iter()
        .map(|q| matches!(q.kind, Kind::TrueFalse { answer: true, .. }))
        .collect();
    assert_eq!(answers, [false, true]);
    assert_eq!(
        out.bank.questions[0].explanation,
        "For further information, see the [documentation about Moodle](http://docs.moodle.org/en/About_Moodle)."
    );
    assert!(matches!(
        &out.bank.questions[0].kind,
        Kind::TrueFalse { feedback_false: Some(f), .. } if f == "Your answer is correct."
    ));
}

// ---- Our fixtures ----

fn ours(case: &str) -> Result<interchange::Import, Error> {
    import_file(Format::MoodleXml, &fixture("moodle_xml", case))
}

#[test]
fn ordering_follows_the_fractions() {
    let out = ours("ordering.xml").unwrap();
    assert_eq!(
        out.bank.questions[0].kind,
        Kind::Order {
            items: vec![
                "Hafiz Saeed Khan".into(),
                "Abdul Hasib Logari".into(),
                "Abu Saeed Ghaleb".into()
            ]
        }
    );
}

#[test]
fn numerical_units_are_ignored_with_a_message() {
    let out = ours("numerical_units.xml").unwrap();
    assert_eq!(
        out.bank.questions[0].kind,
        Kind::Numeric {
            answer: NumericAnswer::Exact {
                value: 12.0,
                tolerance: 0.5
            },
            unit: None
        }
    );
    assert!(
        out.log
            .entries
            .iter()
            .any(|e| e.reason.starts_with("units ignored (km)"))
    );
}

#[test]
fn unknown_types_are_skipped_by_name() {
    let out = ours("unknown_type.xml").unwrap();
    assert_eq!(kinds(&out.bank), ["true_false"]);
    assert_eq!(
        out.log.skip_reasons(),
        [
            "unsupported question type \"calculated\"",
            "question without a type attribute",
            "description questions have no automatic grading"
        ]
    );
}

#[test]
fn invalid_fraction_is_skipped() {
    let out = ours("invalid_fraction.xml").unwrap();
    assert!(out.bank.questions.is_empty());
    assert_eq!(
        out.log.skip_reasons(),
        ["answer 1 has fraction \"lots\", which is not a number"]
    );
}

#[test]
fn case_sensitive_short_answer_is_logged() {
    let out = ours("shortanswer_case_sensitive.xml").unwrap();
    assert!(
        matches!(&out.bank.questions[0].kind, Kind::Text { accept } if accept == &["Voice of Khorasan"])
    );
    let changes: Vec<&str> = out
        .log
        .entries
        .iter()
        .filter(|e| e.action == Action::Changed)
        .map(|e| e.reason.as_str())
        .collect();
    assert_eq!(
        changes,
        [
            "partial-credit answer \"Voice\" (50%) dropped",
            "Moodle matched case-sensitively; Counterpoint ignores case"
        ]
    );
}

#[test]
fn single_with_partial_credit_keeps_the_full_answer() {
    let out = ours("single_with_partial_credit.xml").unwrap();
    assert!(matches!(
        out.bank.questions[0].kind,
        Kind::Single { answer: 1, .. }
    ));
    assert!(
        out.log
            .entries
            .iter()
            .any(|e| e.reason.contains("was worth 50%"))
    );
}

#[test]
fn matching_extra_answer_is_a_distractor() {
    let out = ours("matching_with_extra_answer.xml").unwrap();
    match &out.bank.questions[0].kind {
        Kind::Match { pairs, distractors } => {
            assert_eq!(pairs[0].left, "Khan");
            assert_eq!(pairs[1].right, "2017");
            assert_eq!(distractors, &["2018"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn html_sources_block_tags_and_idnumber() {
    let out = ours("sources_block_html.xml").unwrap();
    let q = &out.bank.questions[0];
    assert_eq!(q.id.0, "hist-001");
    assert_eq!(q.topic, "History and phases");
    assert_eq!(q.difficulty, 1);
    assert_eq!(q.tags, ["founding"]);
    assert_eq!(q.content_warning.as_deref(), Some("Refers to violence."));
    assert_eq!(q.prompt, "ISKP formed in 2015.");
    assert_eq!(q.explanation, "It was announced in *January* 2015.");
    assert_eq!(q.sources[0].id, "fn15");
    let s = &out.bank.sources["fn15"];
    assert_eq!(s.citation, "Rassler, *CTC Sentinel*.");
    assert_eq!(s.url.as_deref(), Some("https://ctc.westpoint.edu/x"));
}

#[test]
fn a_file_that_is_not_a_quiz_is_an_error() {
    let err = ours("not_a_quiz.xml").unwrap_err().to_string();
    assert_eq!(
        err,
        "not_a_quiz.xml:2:1: not a Moodle XML question file: the root element is <html>, not <quiz>"
    );
}

#[test]
fn mismatched_tags_are_a_syntax_error_with_a_position() {
    let err = ours("malformed_mismatched_tags.xml")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("malformed_mismatched_tags.xml:4:"), "{err}");
    assert!(err.contains("XML syntax"), "{err}");
}

#[test]
fn doctype_external_entities_are_refused() {
    let err = ours("doctype_external_entity.xml").unwrap_err().to_string();
    assert!(
        err.starts_with("doctype_external_entity.xml:2:1: the DOCTYPE declares entities; DTDs and entity declarations are refused"),
        "{err}"
    );
}

#[test]
fn billion_laughs_is_refused_at_once() {
    let start = std::time::Instant::now();
    let err = ours("doctype_billion_laughs.xml").unwrap_err().to_string();
    assert!(
        err.starts_with("doctype_billion_laughs.xml:2:1: the DOCTYPE declares entities"),
        "{err}"
    );
    // Refused before any expansion: far below the time a billion "lol"s would take.
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
}

#[test]
fn undeclared_entities_stay_as_written() {
    let xml = "<quiz><question type=\"truefalse\"><questiontext format=\"plain_text\">\
               <text>Is &secret; expanded? &lt;no&gt;</text></questiontext>\
               <answer fraction=\"0\"><text>true</text></answer>\
               <answer fraction=\"100\"><text>false</text></answer></question></quiz>";
    let out = counterpoint::interchange::import(
        Format::MoodleXml,
        xml.as_bytes(),
        &super::util::import_options("e.xml"),
    )
    .unwrap();
    assert_eq!(out.bank.questions[0].prompt, "Is &secret; expanded? <no>");
}
