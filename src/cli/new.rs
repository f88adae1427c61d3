//! `counterpoint new DIR --title "..." [--id ID]`: create a bank folder to start from.

use std::path::Path;
use std::process::ExitCode;

use crate::bank::scaffold;

/// Creates the bank: 0 when written, 2 when the folder exists, the id or title is bad, or a
/// write fails.
pub fn run(dir: &Path, title: &str, id: Option<&str>) -> ExitCode {
    match scaffold::create(dir, title, id) {
        Ok(id) => {
            super::write_stdout(&format!(
                "created bank \"{id}\" in {}: bank.toml, sources.toml and examples.toml \
                 (one example question of each kind)\nnext: edit the files, then run \
                 `counterpoint check {}`\n",
                dir.display(),
                dir.display()
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("counterpoint new: {e:#}");
            ExitCode::from(2)
        }
    }
}
