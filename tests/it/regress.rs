//! Regression tests for what fuzzing found (`docs/fuzzing.md`), one per finding, with the input as a
//! fixture in `tests/fixtures/regress/` named after the error, or inline.

use std::fmt::Write as _;
use std::path::Path;

use counterpoint::bank::{self, BankFile};

use super::util::root;

/// Loads `name` (bytes) as a question file of a bank with the fixture `bank.toml` and sources.
fn load_question_file(name: &str, bytes: Vec<u8>) -> Vec<String> {
    let check = root().join("tests/fixtures/check");
    let dir = Path::new("b");
    let files = vec![
        BankFile {
            path: dir.join("bank.toml"),
            name: "bank.toml".into(),
            bytes: std::fs::read(check.join("_bank.toml")).unwrap(),
        },
        BankFile {
            path: dir.join("sources.toml"),
            name: "sources.toml".into(),
            bytes: std::fs::read(check.join("_sources.toml")).unwrap(),
        },
        BankFile {
            path: dir.join(name),
            name: name.into(),
            bytes,
        },
    ];
    bank::load_files(dir, files)
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// questions-toml: an error on every line was reported in full, each positioned by a scan from the
/// start of the file (quadratic: a 170 KB input took 3 s). At most 50 are reported now.
#[test]
fn many_syntax_errors_are_capped() {
    let fixture = root().join("tests/fixtures/regress/toml_syntax_error_on_every_line.toml");
    let diags = load_question_file("q.toml", std::fs::read(fixture).unwrap());
    assert_eq!(diags.len(), 51, "{diags:#?}");
    assert_eq!(
        diags[0],
        "b/q.toml:6:1: error: TOML syntax: unquoted keys cannot be empty, expected letters, numbers, `-`, `_`"
    );
    assert_eq!(
        diags[50],
        "b/q.toml:66:1: error: TOML syntax: 69 more syntax errors after line 31 not shown"
    );
}

/// The same at the size fuzzing found it: tens of thousands of errors, still 51 diagnostics, and
/// positions still right.
#[test]
fn tens_of_thousands_of_syntax_errors_are_capped() {
    let mut text = String::from("[[question]]\nid = \"x\"\n");
    for i in 0..20_000 {
        let _ = writeln!(text, "= \"no key {i}\"");
    }
    let diags = load_question_file("big.toml", text.into_bytes());
    assert_eq!(diags.len(), 51);
    assert!(diags[49].starts_with("b/big.toml:28:1: "), "{}", diags[49]);
    assert!(
        diags[50].starts_with(
            "b/big.toml:20003:1: error: TOML syntax: 39949 more syntax errors after line 28"
        ),
        "{}",
        diags[50]
    );
}

/// gift (and csv, aiken): thousands of questions with the same name each tried every `-N` suffix
/// from 2 (quadratic: a 190 KB input took 17-31 s). Suffixes now continue where the last stopped.
#[test]
fn thousands_of_questions_with_one_name_get_numbered_ids() {
    let gift = "::dup:: Is it? {T}\n\n".repeat(3000);
    let out = counterpoint::interchange::import(
        counterpoint::interchange::Format::Gift,
        gift.as_bytes(),
        &super::util::import_options("dup.gift"),
    )
    .unwrap();
    let ids: Vec<&str> = out.bank.questions.iter().map(|q| q.id.0.as_str()).collect();
    assert_eq!(ids.len(), 3000);
    assert_eq!(&ids[..3], ["dup", "dup-2", "dup-3"]);
    assert_eq!(ids[2999], "dup-3000");
    // A later question whose own name is a taken suffix is still numbered apart.
    let gift = "::a:: Q? {T}\n\n::a:: Q? {T}\n\n::a-2:: Q? {T}\n\n::a:: Q? {T}\n";
    let out = counterpoint::interchange::import(
        counterpoint::interchange::Format::Gift,
        gift.as_bytes(),
        &super::util::import_options("dup.gift"),
    )
    .unwrap();
    let ids: Vec<&str> = out.bank.questions.iter().map(|q| q.id.0.as_str()).collect();
    assert_eq!(ids, ["a", "a-2", "a-2-2", "a-3"]);
}

/// gift: thousands of different citations under one source id, each renamed by trying every
/// suffix again (quadratic). Each gets its own id, numbered in order.
#[test]
fn thousands_of_citations_under_one_id_get_numbered_ids() {
    let mut gift = String::new();
    for i in 0..2000 {
        let _ = writeln!(
            gift,
            "::q{i}::Q?{{T####Yes.\\n\\nSources\\:\\n\\n[1] Work {i}.}}\n"
        );
    }
    let out = counterpoint::interchange::import(
        counterpoint::interchange::Format::Gift,
        gift.as_bytes(),
        &super::util::import_options("cites.gift"),
    )
    .unwrap();
    assert_eq!(out.bank.questions.len(), 2000);
    assert_eq!(out.bank.questions[0].sources[0].id, "1");
    assert_eq!(out.bank.questions[1].sources[0].id, "1-2");
    assert_eq!(out.bank.questions[1999].sources[0].id, "1-2000");
    assert_eq!(out.bank.sources["1-2000"].citation, "Work 1999.");
}

/// moodle-xml: HTML with thousands of unfinished tags (`<a href="…` with no `>`): each `<` was
/// parsed as a tag up to the end of the text (quadratic: 100 KB took 5-10 s). A `<` now ends a
/// tag that is not finished, and the rest is text.
#[test]
fn unfinished_html_tags_are_text() {
    use counterpoint::interchange::markup::html_to_markdown;
    let html = "<a href=\"x\" title=\"y ".repeat(3000);
    let mut dropped = Vec::new();
    let md = html_to_markdown(&html, &mut dropped);
    assert!(
        md.starts_with("<a href=\"x\" title=\"y <a href"),
        "{}",
        &md[..60]
    );
    assert_eq!(md.matches("<a href").count(), 3000);
    // A tag with `<` inside is not a tag (editors escape it as `&lt;`); tags around it still are.
    let md = html_to_markdown("<b>x</b> <i title=\"a<b\"> y", &mut dropped);
    assert!(md.starts_with("**x** <i title=\"a"), "{md}");
}
