//! Shared helpers for the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use counterpoint::bank::{self, Loaded};
use counterpoint::model::Bank;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped bank folder.
pub fn shipped_bank_dir() -> PathBuf {
    root().join("questions").join("iskp")
}

/// Loads the shipped ISKP bank from disk.
pub fn shipped() -> Loaded {
    bank::load_dir(&shipped_bank_dir()).expect("questions/iskp is readable")
}

/// The shipped bank, which must load without errors.
pub fn shipped_bank() -> Bank {
    let loaded = shipped();
    let errors: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    loaded
        .bank
        .unwrap_or_else(|| panic!("shipped bank has errors:\n{}", errors.join("\n")))
}

/// Runs the real `counterpoint` binary; returns (exit code, stdout, stderr).
pub fn run_cli(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_counterpoint"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Copies a folder (one level deep, files only) into a new temporary directory.
pub fn copy_bank(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let bank = dir.path().join("iskp");
    std::fs::create_dir(&bank).expect("create bank dir");
    for entry in std::fs::read_dir(src).expect("read bank") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), bank.join(entry.file_name())).expect("copy");
        }
    }
    dir
}
