//! Oversized and deeply nested input is refused with a clear error, quickly, by every importer
//! (the bank TOML limits are in `validator.rs`).

use std::time::{Duration, Instant};

use counterpoint::interchange::{self, Error, Format, MAX_IMPORT_BYTES};

use super::util::{import_options, run_cli};

const FORMATS: [Format; 4] = [Format::Gift, Format::MoodleXml, Format::Aiken, Format::Csv];

#[test]
fn oversized_imports_are_refused_before_parsing() {
    let bytes = vec![b'a'; MAX_IMPORT_BYTES + 1];
    for format in FORMATS {
        let err = interchange::import(format, &bytes, &import_options("big.txt")).unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "big.txt: file is too large (64.0 MB; the limit for an import is 64 MB)"
        );
    }
}

#[test]
fn the_cli_refuses_an_oversized_file_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.gift");
    // A sparse 10 GB file: reading it would take minutes and all the memory.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(10 * 1024 * 1024 * 1024)
        .unwrap();
    let start = Instant::now();
    let (code, _, stderr) = run_cli(
        &["import", "--from", "gift", "huge.gift", "-o", "bank"],
        dir.path(),
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "huge.gift: file is too large (10240.0 MB; the limit for an import is 64 MB)"
        ),
        "{stderr}"
    );
    assert!(start.elapsed() < Duration::from_secs(10));
}

/// Imports `text` in `format`, which must finish within a few seconds even in a debug build.
fn import_quickly(format: Format, text: &str) -> Result<interchange::Import, Error> {
    let start = Instant::now();
    let out = interchange::import(format, text.as_bytes(), &import_options("deep.txt"));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{format:?} took {:?}",
        start.elapsed()
    );
    out
}

#[test]
fn deep_xml_nesting_is_an_error_with_a_position() {
    let text = format!("<quiz>\n{}", "<a>".repeat(100_000));
    let err = import_quickly(Format::MoodleXml, &text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("deep.txt:2:"), "{err}");
    assert!(err.contains("nested too deeply"), "{err}");
}

#[test]
fn deep_nesting_in_text_formats_is_plain_text() {
    // GIFT, Aiken and CSV have no nesting: brackets and tags are text, parsed in one pass.
    let braces = format!("::q:: {} {{=a ~b}}\n", "{".repeat(50_000));
    let _ = import_quickly(Format::Gift, &braces);
    let html = format!(
        "::q::[html]{}x{} {{=a ~b}}\n",
        "<b><i>".repeat(20_000),
        "</i></b>".repeat(20_000)
    );
    let out = import_quickly(Format::Gift, &html).unwrap();
    assert_eq!(out.bank.questions.len(), 1);
    let aiken = format!("{}\nA. a\nB. b\nANSWER: A\n", "[{(".repeat(50_000));
    assert_eq!(
        import_quickly(Format::Aiken, &aiken)
            .unwrap()
            .bank
            .questions
            .len(),
        1
    );
    let csv = format!(
        "kind,prompt,option_1,option_2,answer,explanation\nsingle,\"{}\",a,b,A,x\n",
        "\"\"".repeat(100_000)
    );
    let _ = import_quickly(Format::Csv, &csv);
}

#[test]
fn long_lines_and_many_questions_stay_fast() {
    let line = "x".repeat(4 * 1024 * 1024);
    for format in FORMATS {
        let _ = import_quickly(format, &line);
    }
    let many = "::q:: Is it? {T}\n\n".repeat(20_000);
    assert_eq!(
        import_quickly(Format::Gift, &many)
            .unwrap()
            .bank
            .questions
            .len(),
        20_000
    );
}

/// A sparse file of `len` bytes in `dir`.
fn sparse(dir: &std::path::Path, name: &str, len: u64) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
    path
}

#[test]
fn oversized_exam_results_and_statement_files_are_refused_before_reading() {
    use counterpoint::course::{Exam, ResultsFile, exam, report, results_file};
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let path = sparse(dir.path(), "big.exam.toml", exam::MAX_EXAM_FILE_BYTES + 1);
    let err = Exam::read(&path).unwrap_err().to_string();
    assert!(
        err.ends_with(
            "big.exam.toml: file is too large (1048577 bytes; an exam file is at most 1048576 bytes)"
        ),
        "{err}"
    );
    // Sparse 10 GB files: reading one would take minutes and all the memory.
    let ten_gb = 10 << 30;
    let path = sparse(dir.path(), "results.json", ten_gb);
    let err = ResultsFile::read(&path).unwrap_err().to_string();
    assert!(
        err.ends_with(&format!(
            "results.json: file is too large ({ten_gb} bytes; a results file is at most {} bytes)",
            results_file::MAX_FILE_BYTES
        )),
        "{err}"
    );
    let err = report::read::read_one(&path).unwrap_err();
    assert_eq!(
        err,
        format!(
            "too large ({ten_gb} bytes; at most {})",
            report::read::MAX_FILE_BYTES
        )
    );
    let err = counterpoint::lrs::collect::from_file(
        &path,
        counterpoint::interchange::results::xapi::Options::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains(&format!(
            "results.json: too large ({ten_gb} bytes; at most {})",
            counterpoint::lrs::collect::MAX_FILE_BYTES
        )),
        "{err}"
    );
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn an_overlong_exam_code_is_refused_before_it_is_decoded() {
    use counterpoint::course::code::MAX_CODE_SYMBOLS;
    let start = Instant::now();
    let long = "7".repeat(MAX_CODE_SYMBOLS + 1);
    let err = counterpoint::course::Paper::from_code(&long, &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("too long to be an exam code (more than 4096 characters)"),
        "{err}"
    );
    // The message quotes the start of what was typed, not all of it.
    assert!(
        err.starts_with(&format!("exam code {}…: ", "7".repeat(64))),
        "{err}"
    );
    // A pasted page of text: refused at the 4,097th code character, not read to its end.
    let page = "7".repeat(64 << 20);
    assert!(counterpoint::course::Paper::from_code(&page, &[]).is_err());
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn deep_json_nesting_is_an_error_with_a_position() {
    use counterpoint::course::report::read;
    let path = std::path::Path::new("deep.json");
    for text in [
        format!("[{}", "[".repeat(100_000)),
        format!(
            "{{\"format\":\"counterpoint-exam-results\",\"version\":1,\"x\":{}",
            "{\"a\":".repeat(100_000)
        ),
    ] {
        let start = Instant::now();
        let err = read::read_bytes(text.as_bytes(), path).unwrap_err();
        assert!(err.contains(" at line 1, column "), "{err}");
        let err = counterpoint::lrs::collect::from_slice(
            text.as_bytes(),
            path,
            counterpoint::interchange::results::xapi::Options::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("deep.json:1:"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}
