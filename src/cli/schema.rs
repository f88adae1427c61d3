//! `counterpoint schema [-o DIR]`: write the JSON Schemas of the bank files and of exam files.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::bank::schema;

/// Writes every schema into `dir`: 0 when written, 2 when a write fails.
pub fn run(dir: &Path) -> ExitCode {
    match write(dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("counterpoint schema: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn write(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut report = String::new();
    let exam = (
        "exam.schema.json",
        crate::course::schema::exam_file_schema(),
    );
    for (name, value) in schema::schemas().into_iter().chain([exam]) {
        let path = dir.join(name);
        let text = serde_json::to_string_pretty(&value)? + "\n";
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(report, "wrote {}", path.display())?;
    }
    super::write_stdout(&report);
    Ok(())
}
