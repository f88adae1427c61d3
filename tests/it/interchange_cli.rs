//! `counterpoint import` and `export` run as a user would: the real binary on fixtures.

use std::path::Path;

use super::util::{fixture, moodle_fixtures, root, run_cli};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn import_writes_a_bank_that_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("imported");
    let input = fixture("gift", "sources_block.gift");
    let (code, stdout, stderr) = run_cli(
        &[
            "import",
            "--from",
            "gift",
            path(&input),
            "-o",
            path(&out),
            "--date",
            "2026-01-02",
        ],
        &root(),
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.starts_with("imported 1 question(s): 1 numeric; skipped 0; 0 change(s)"),
        "{stdout}"
    );
    assert!(out.join("bank.toml").is_file() && out.join("sources.toml").is_file());
    let (code, stdout, _) = run_cli(&["check", path(&out)], &root());
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.ends_with("0 error(s), 0 warning(s)\n"), "{stdout}");
    let bank = std::fs::read_to_string(out.join("bank.toml")).unwrap();
    assert!(bank.starts_with("id = \"imported\"\n"), "{bank}");
}

#[test]
fn import_refuses_a_non_empty_folder_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bank");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    let input = fixture("aiken", "moodle_help_example.txt");
    let args = ["import", "--from", "aiken", path(&input), "-o", path(&out)];
    let (code, _, stderr) = run_cli(&args, &root());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("folder is not empty; use --force"),
        "{stderr}"
    );
    assert!(out.join("notes.txt").is_file());
    let mut forced = args.to_vec();
    forced.push("--force");
    let (code, stdout, stderr) = run_cli(&forced, &root());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!out.join("notes.txt").exists());
    assert!(out.join("bank.toml").is_file());
}

#[test]
fn import_with_nothing_importable_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bank");
    let input = fixture("gift", "invalid_grade.gift");
    let (code, stdout, stderr) = run_cli(
        &["import", "--from", "gift", path(&input), "-o", path(&out)],
        &root(),
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("skipped \"grades\": invalid grade 33%"),
        "{stdout}"
    );
    assert!(stderr.contains("no question could be imported"), "{stderr}");
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "no temporary folder is left behind");
}

#[test]
fn import_of_a_windows_1252_file_names_the_byte() {
    let Some(dir) = moodle_fixtures() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let input = dir.join("questions_encoding_windows-1252.gift.txt");
    let out = tmp.path().join("bank");
    let (code, _, stderr) = run_cli(
        &["import", "--from", "gift", path(&input), "-o", path(&out)],
        &root(),
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "questions_encoding_windows-1252.gift.txt:15:7: file is not valid UTF-8 (byte 0xF6)"
        ),
        "{stderr}"
    );
}

#[test]
fn export_then_import_the_shipped_bank() {
    let tmp = tempfile::tempdir().unwrap();
    for (format, file) in [("gift", "iskp.gift"), ("moodle-xml", "iskp.xml")] {
        let exported = tmp.path().join(file);
        let (code, stdout, stderr) = run_cli(
            &[
                "export",
                "--to",
                format,
                "questions/iskp",
                "-o",
                path(&exported),
            ],
            &root(),
        );
        assert_eq!(code, 0, "{stdout}{stderr}");
        let expected = format!(
            "exported {} question(s)",
            super::util::shipped_bank().questions.len()
        );
        assert!(stdout.starts_with(&expected), "{stdout}");
        let bank = tmp.path().join(format!("back-{format}"));
        let (code, stdout, stderr) = run_cli(
            &[
                "import",
                "--from",
                format,
                path(&exported),
                "-o",
                path(&bank),
            ],
            &root(),
        );
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(stdout.contains("skipped 0; 0 change(s)"), "{stdout}");
        let (code, stdout, _) = run_cli(&["check", path(&bank)], &root());
        assert_eq!(code, 0, "{stdout}");
    }
}

#[test]
fn export_of_a_broken_bank_fails_with_its_diagnostics() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_cli(
        &[
            "export",
            "--to",
            "gift",
            path(tmp.path()),
            "-o",
            path(&tmp.path().join("x.gift")),
        ],
        &root(),
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("missing `bank.toml`"), "{stderr}");
}
