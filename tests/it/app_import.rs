//! The in-app import in two steps: the log first, then the bank saved under `banks/`.

use counterpoint::interchange::Format;
use counterpoint::interchange::app_import::{
    self, Error, banks_dir, guess_format, prepare_import, save_import,
};

use super::util::{cli_import_gift, fixture, moodle_fixtures, run_cli};

#[test]
fn moodle_gift_file_gives_the_cli_s_counts_and_a_bank_that_passes_check() {
    let Some(moodle) = moodle_fixtures() else {
        return; // moodle_fixtures() fails the test itself when CI=true
    };
    let input = moodle.join("questions.gift.txt");
    let prepared = prepare_import(&input, None, "2026-01-02").unwrap();
    assert_eq!(prepared.format, Format::Gift);
    // Moodle reads 9; the essay has no automatic grading and is skipped, as in `counterpoint import`.
    assert_eq!(prepared.import.log.imported_total(), 8);
    assert_eq!(prepared.import.log.skipped(), 1);

    // Same log as `counterpoint import`.
    let tmp = tempfile::tempdir().unwrap();
    let stdout = cli_import_gift(&input, tmp.path());
    assert!(
        stdout.starts_with(&prepared.import.log.to_string()),
        "{stdout}\nvs\n{}",
        prepared.import.log
    );

    // Nothing was written yet; saving writes banks/<id> and it passes `check`.
    let data = tmp.path().join("data");
    let banks = banks_dir(&data);
    assert!(!banks.exists());
    let dir = save_import(&prepared.import, &banks, false).unwrap();
    assert_eq!(dir, banks.join("questions"));
    let (code, stdout, _) = run_cli(&["check", dir.to_str().unwrap()], tmp.path());
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("8 question(s): 0 error(s)"), "{stdout}");

    // A second save does not replace it unless asked to.
    let again = save_import(&prepared.import, &banks, false).unwrap_err();
    assert!(matches!(again, Error::Import(_)), "{again}");
    assert!(again.to_string().contains("folder is not empty"), "{again}");
    save_import(&prepared.import, &banks, true).unwrap();
}

#[test]
fn formats_are_guessed_for_our_fixtures() {
    for (format, file) in [
        (Format::Aiken, fixture("aiken", "moodle_help_example.txt")),
        (Format::Csv, fixture("csv", "all_kinds.csv")),
    ] {
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(
            guess_format(&file, &bytes),
            Some(format),
            "{}",
            file.display()
        );
        let prepared = prepare_import(&file, None, "2026-01-02").unwrap();
        assert!(prepared.import.log.imported_total() > 0);
    }
}

#[test]
fn unknown_or_empty_input_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes.txt");
    std::fs::write(&notes, "no questions here").unwrap();
    let err = prepare_import(&notes, None, "2026-01-02").unwrap_err();
    assert!(matches!(err, app_import::Error::UnknownFormat(_)));
    assert!(
        err.to_string()
            .contains("notes.txt: cannot tell the format"),
        "{err}"
    );

    // Read as GIFT, it holds only a description: the log is there, saving is refused.
    let prepared = prepare_import(&notes, Some(Format::Gift), "2026-01-02").unwrap();
    assert_eq!(prepared.import.log.imported_total(), 0);
    let err = save_import(&prepared.import, tmp.path(), false).unwrap_err();
    assert!(
        err.to_string().contains("no question could be imported"),
        "{err}"
    );

    let missing = prepare_import(&tmp.path().join("absent.gift"), None, "2026-01-02").unwrap_err();
    assert!(matches!(missing, app_import::Error::Read { .. }));
}
