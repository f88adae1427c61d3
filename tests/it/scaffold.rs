//! `counterpoint new`: a bank folder that `check` passes with no diagnostics, never overwriting.

use super::util::run_cli;

#[test]
fn new_bank_passes_check_with_no_errors_or_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run_cli(&["new", "mybank", "--title", "Test"], tmp.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("created bank \"mybank\""), "{stdout}");
    let dir = tmp.path().join("mybank");
    for file in ["bank.toml", "sources.toml", "examples.toml"] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let (code, stdout, stderr) = run_cli(&["check", "mybank"], tmp.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stdout,
        "checked 1 bank(s), 7 question(s): 0 error(s), 0 warning(s)\n"
    );
}

#[test]
fn id_and_title_are_written_and_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_cli(
        &["new", "b", "--title", "Say \"hi\"", "--id", "my-id"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    let bank = std::fs::read_to_string(tmp.path().join("b/bank.toml")).unwrap();
    assert!(bank.contains("id = \"my-id\""), "{bank}");
    assert!(bank.contains(r#"title = "Say \"hi\"""#), "{bank}");
    let (code, _, stderr) = run_cli(&["new", "c", "--title", "T", "--id", "Bad Id"], tmp.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("bank id \"Bad Id\" may only hold"),
        "{stderr}"
    );
    assert!(!tmp.path().join("c").exists());
}

#[test]
fn an_existing_folder_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("taken");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let (code, stdout, stderr) = run_cli(&["new", "taken", "--title", "T"], tmp.path());
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("taken: already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!dir.join("bank.toml").exists());
    // An empty folder is not taken over either.
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let (code, _, _) = run_cli(&["new", "empty", "--title", "T"], tmp.path());
    assert_eq!(code, 2);
    // Missing --title is a usage error.
    let (code, _, _) = run_cli(&["new", "x"], tmp.path());
    assert_eq!(code, 2);
}
