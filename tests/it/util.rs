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

/// A folder of `../shared/` (beside the repository, found from the manifest directory only)
/// that holds `marker`. When it is missing the caller's test is skipped with a printed reason,
/// except under `CI=true`, where a missing shared folder fails the test and names the folder:
/// CI must never pass a test that checked nothing.
pub fn shared_folder(relative: &str, marker: &str) -> Option<PathBuf> {
    let dir = root().join("../shared").join(relative);
    if dir.join(marker).is_file() {
        return Some(dir);
    }
    let message = format!(
        "the shared fixtures folder ../shared/{relative} (looked for {}) is missing",
        dir.join(marker).display()
    );
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{message}; CI=true requires it"
    );
    eprintln!("skipped: {message}");
    None
}

/// Moodle's own GIFT and XML test files (GPL-3.0, kept outside the repository in
/// `../shared/fixtures/moodle`). See [`shared_folder`] for what happens when they are absent.
pub fn moodle_fixtures() -> Option<PathBuf> {
    shared_folder("fixtures/moodle", "EXPECTATIONS.md")
}

/// Runs `counterpoint import --from gift INPUT -o cli-bank --date 2026-01-02` in `dir`, checks it
/// succeeded and returns what it printed (the import log).
pub fn cli_import_gift(input: &Path, dir: &Path) -> String {
    let (code, stdout, stderr) = run_cli(
        &[
            "import",
            "--from",
            "gift",
            input.to_str().unwrap(),
            "-o",
            "cli-bank",
            "--date",
            "2026-01-02",
        ],
        dir,
    );
    assert_eq!(code, 0, "{stderr}");
    stdout
}

/// One of our own interchange fixtures, `tests/fixtures/<format>/<case>`.
pub fn fixture(format: &str, case: &str) -> PathBuf {
    root().join("tests/fixtures").join(format).join(case)
}

/// Import options with a fixed date, for stable output.
pub fn import_options(file: &str) -> counterpoint::interchange::ImportOptions {
    counterpoint::interchange::ImportOptions::for_file(file, "2026-01-02")
}

/// Imports a file with the library.
pub fn import_file(
    format: counterpoint::interchange::Format,
    path: &Path,
) -> Result<counterpoint::interchange::Import, counterpoint::interchange::Error> {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    counterpoint::interchange::import(format, &bytes, &import_options(&name))
}

/// Kind names of a bank's questions, in order.
pub fn kinds(bank: &Bank) -> Vec<&'static str> {
    bank.questions.iter().map(|q| q.kind.name()).collect()
}

/// The environment variable naming the `node_modules` folder with the npm packages the xAPI
/// tests use (`xapi-validation`, `xapi-statements`); `.ci/run` installs them and sets it.
pub const NODE_MODULES_ENV: &str = "COUNTERPOINT_NODE_MODULES";

/// The `node_modules` folder of [`NODE_MODULES_ENV`] when it holds `package` and `node` runs.
/// Otherwise the caller's test is skipped with a printed reason, except under `CI=true`, where
/// it fails naming what is missing.
pub fn node_modules(package: &str) -> Option<PathBuf> {
    let missing = match std::env::var_os(NODE_MODULES_ENV) {
        None => format!("{NODE_MODULES_ENV} is not set (the node_modules folder with {package})"),
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let node_runs = Command::new("node")
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success());
            if !dir.join(package).join("package.json").is_file() {
                format!(
                    "{NODE_MODULES_ENV}={} has no {package} (npm install {package})",
                    dir.display()
                )
            } else if !node_runs {
                "node is not installed (it runs the npm packages)".to_owned()
            } else {
                return Some(dir);
            }
        }
    };
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{missing}; CI=true requires it"
    );
    eprintln!("skipped: {missing}");
    None
}

/// Validates `statements` with Learning Locker's `xapi-validation` (npm) through node; returns
/// one line per warning, `index: path: name`, empty when all are valid. `None` when the
/// package is not available (see [`node_modules`]).
pub fn xapi_validation_warnings(statements: &[serde_json::Value]) -> Option<Vec<String>> {
    let modules = node_modules("xapi-validation")?;
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("statements.json");
    std::fs::write(&input, serde_json::to_vec(statements).expect("JSON")).expect("write");
    let script = r"
        const [modules, input] = process.argv.slice(1);
        const validate = require(require('path').join(modules, 'xapi-validation')).default;
        const statements = JSON.parse(require('fs').readFileSync(input, 'utf8'));
        statements.forEach((s, i) => {
            for (const w of validate(s)) {
                console.log(`${i}: ${w.path.join('.')}: ${w.name} ${JSON.stringify(w.data)}`);
            }
        });
    ";
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(&modules)
        .arg(&input)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}
