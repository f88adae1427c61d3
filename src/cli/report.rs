//! `counterpoint report PATH... [--html FILE] [--csv DIR]`: the class report over results files
//! and xAPI statement files (see docs/report.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::course::report::{self, csv_files, html, text};

/// Builds the report over `paths`, prints it, and writes the HTML page and CSV files if asked.
/// Exit status: 0 when every file was read; 1 when some were skipped or no attempt was found;
/// 2 for a path that does not exist or an output that cannot be written.
pub fn run(paths: &[PathBuf], html_out: Option<&Path>, csv_dir: Option<&Path>) -> ExitCode {
    let missing: Vec<&PathBuf> = paths.iter().filter(|p| !p.exists()).collect();
    if !missing.is_empty() {
        for path in missing {
            eprintln!("counterpoint: {}: no such file or folder", path.display());
        }
        return ExitCode::from(2);
    }
    let (class, skipped) = report::build(paths);
    if class.attempts.is_empty() {
        for s in &skipped {
            eprintln!("counterpoint: skipped {}: {}", s.path.display(), s.reason);
        }
        eprintln!("counterpoint: no exam results found (results files or xAPI statements)");
        return ExitCode::from(1);
    }
    super::write_stdout(&text::render(&class, &skipped));
    if let Some(path) = html_out {
        if let Err(e) = html::write(&class, &skipped, "Class report", path) {
            eprintln!("counterpoint: {e:#}");
            return ExitCode::from(2);
        }
        eprintln!("wrote {}", path.display());
    }
    if let Some(dir) = csv_dir {
        match csv_files::write(&class, dir) {
            Ok(files) => {
                for f in files {
                    eprintln!("wrote {}", f.display());
                }
            }
            Err(e) => {
                eprintln!("counterpoint: {e:#}");
                return ExitCode::from(2);
            }
        }
    }
    if skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "counterpoint: {} file{} skipped (listed under \"Skipped files\")",
            skipped.len(),
            if skipped.len() == 1 { " was" } else { "s were" }
        );
        ExitCode::from(1)
    }
}
