//! Exporting the current learner's results to a file named after them.

use std::path::{Path, PathBuf};

use super::Learner;
use crate::interchange::results::{Format, export};

/// The file an export of `learner`'s answers goes to in `dir`:
/// `counterpoint-<learner>.<ext>`, with every character that is not a letter or digit of the
/// name replaced by `-`, so any learner name makes one safe file name.
pub fn export_path(dir: &Path, learner: &str, format: Format) -> PathBuf {
    let slug: String = learner
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    dir.join(format!("counterpoint-{slug}.{}", format.extension()))
}

/// Writes the current learner's answers to [`export_path`] in `dir`; returns a sentence saying
/// what happened (the UI shows it as is).
pub fn export_results(learner: &mut Learner, dir: &Path, format: Format) -> String {
    let Some(name) = learner.profile().map(|p| p.name.clone()) else {
        return "There is no learner to export.".to_owned();
    };
    let Some(answers) = learner.with(|s, p| s.answers(p.id)) else {
        return learner
            .note()
            .unwrap_or("Progress is not saved on this machine.")
            .to_owned();
    };
    let path = export_path(dir, &name, format);
    match export(&path, format, &name, &answers) {
        Ok(()) => format!("Saved {} answers to {}", answers.len(), path.display()),
        Err(e) => format!("Export failed: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn export_names_are_safe_and_carry_the_format() {
        let dir = Path::new("out");
        assert_eq!(
            export_path(dir, "Ada Lovelace", Format::Csv),
            dir.join("counterpoint-Ada-Lovelace.csv")
        );
        assert_eq!(
            export_path(dir, "../../etc/x", Format::Xapi),
            dir.join("counterpoint-------etc-x.xapi.json")
        );
        assert_eq!(
            export_path(dir, "Zoë", Format::Json),
            dir.join("counterpoint-Zoë.json")
        );
    }

    #[test]
    fn export_writes_the_file_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let mut learner = Learner::open(Store::open_in_memory().unwrap(), 1);
        let note = export_results(&mut learner, dir.path(), Format::Json);
        let path = dir.path().join("counterpoint-Learner-1.json");
        assert_eq!(note, format!("Saved 0 answers to {}", path.display()));
        assert!(
            std::fs::read_to_string(path)
                .unwrap()
                .contains("\"Learner 1\"")
        );
        let bad = export_results(&mut learner, &dir.path().join("missing"), Format::Csv);
        assert!(bad.starts_with("Export failed"), "{bad}");
        let nobody = export_results(&mut Learner::without_store(None), dir.path(), Format::Csv);
        assert_eq!(nobody, "There is no learner to export.");
    }
}
