//! `counterpoint export`: write a bank folder as GIFT or Moodle XML.

use std::path::Path;
use std::process::ExitCode;

use crate::bank;
use crate::interchange::{self, ExportFormat, toml_out};

/// Exports the bank in `dir` to `output`: 0 on success, 1 when the bank has errors, 2 for I/O.
pub fn run(format: ExportFormat, dir: &Path, output: &Path) -> ExitCode {
    let loaded = match bank::load_dir(dir) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("counterpoint: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(bank) = loaded.bank else {
        for d in &loaded.diagnostics {
            eprintln!("{d}");
        }
        eprintln!(
            "counterpoint: {}: the bank has {} error(s); fix them before exporting",
            dir.display(),
            loaded.error_count()
        );
        return ExitCode::from(1);
    };
    let text = interchange::export(format, &bank);
    if let Err(e) = toml_out::write_file_atomic(output, &text) {
        eprintln!("counterpoint: {e:#}");
        return ExitCode::from(2);
    }
    super::write_stdout(&format!(
        "exported {} question(s) of bank \"{}\" to {}\n",
        bank.questions.len(),
        bank.id,
        output.display()
    ));
    ExitCode::SUCCESS
}
