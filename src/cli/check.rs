//! `counterpoint check`: load banks and print every diagnostic.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::bank::{self, Diagnostic};

/// Checks `paths`; exit status 0 without errors, 1 with errors, 2 on I/O or usage errors.
pub fn run(paths: &[PathBuf]) -> ExitCode {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut banks = 0;
    let mut questions = 0;
    let mut ids: Vec<(String, PathBuf)> = Vec::new();
    for path in paths {
        let dirs = match bank::discover(path) {
            Ok(dirs) => dirs,
            Err(e) => {
                eprintln!("counterpoint: {e}");
                return ExitCode::from(2);
            }
        };
        for dir in dirs {
            let loaded = match bank::load_dir(&dir) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("counterpoint: {e}");
                    return ExitCode::from(2);
                }
            };
            banks += 1;
            if let Some(b) = &loaded.bank {
                questions += b.questions.len();
                if let Some((_, first)) = ids.iter().find(|(id, _)| id == &b.id.0) {
                    diagnostics.push(Diagnostic {
                        path: dir.join("bank.toml"),
                        line: 1,
                        column: 1,
                        severity: bank::Severity::Error,
                        message: format!("bank id `{}` is also used by {}", b.id, first.display()),
                    });
                }
                ids.push((b.id.0.clone(), dir.clone()));
            }
            diagnostics.extend(loaded.diagnostics);
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let mut out = String::new();
    for d in &diagnostics {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "checked {banks} bank(s), {questions} question(s): {errors} error(s), {warnings} warning(s)"
    );
    super::write_stdout(&out);
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
