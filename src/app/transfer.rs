//! Import and export inside the app: read a GIFT, Moodle XML, Aiken or CSV file and show its log
//! before anything is saved; save it as a bank folder under `banks/` in the data directory and
//! load it; export a loaded bank to GIFT or Moodle XML.

use std::path::{Path, PathBuf};

use super::Library;
use crate::bank::watch::load_or_report;
use crate::interchange::app_import::{self, PreparedImport};
use crate::interchange::{self, ExportFormat, toml_out};
use crate::model::BankId;

/// Step 1 of an import: reads and converts `path` (the format from its name or contents), dated
/// `date` (`YYYY-MM-DD`). Nothing is written. The error is the text the app shows.
pub fn read_import(path: &Path, date: &str) -> Result<PreparedImport, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    if usize::try_from(size).map_or(true, |s| s > interchange::MAX_IMPORT_BYTES) {
        return Err(format!(
            "{}: {:.1} MB is over the import limit of {} MB",
            path.display(),
            size as f64 / 1_048_576.0,
            interchange::MAX_IMPORT_BYTES / 1_048_576
        ));
    }
    app_import::prepare_import(path, None, date).map_err(|e| e.to_string())
}

/// Step 2: saves the bank as `banks_dir/<id>` (replacing a saved bank with the same id only when
/// `replace`) and loads it into `library`; returns the folder.
pub fn save_import(
    library: &mut Library,
    prepared: &PreparedImport,
    banks_dir: &Path,
    replace: bool,
) -> Result<PathBuf, String> {
    let dir =
        app_import::save_import(&prepared.import, banks_dir, replace).map_err(|e| e.to_string())?;
    library.apply(&dir, load_or_report(&dir));
    Ok(dir)
}

/// Writes the loaded bank `id` to `path` in `format` (through a temporary file renamed over it);
/// returns what the app shows.
pub fn export_bank(
    library: &Library,
    id: &BankId,
    format: ExportFormat,
    path: &Path,
) -> Result<String, String> {
    let bank = library
        .bank(id)
        .ok_or_else(|| format!("no bank with id {} is loaded", id.0))?;
    if path.as_os_str().is_empty() {
        return Err("name the file to write".to_owned());
    }
    let text = interchange::export(format, bank);
    toml_out::write_file_atomic(path, &text).map_err(|e| e.to_string())?;
    Ok(format!(
        "Exported {} questions of {} to {}.",
        bank.questions.len(),
        bank.title,
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIFT: &str = "::Q1:: The sky is blue. {T}\n\n::Q2:: 2 + 2? {=4 ~5 ~3}\n";

    #[test]
    fn an_import_is_read_then_saved_and_loaded_and_exports_back() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("quiz.gift");
        std::fs::write(&file, GIFT).unwrap();
        let prepared = read_import(&file, "2026-01-02").unwrap();
        assert_eq!(prepared.import.log.imported_total(), 2);
        let banks = tmp.path().join("data").join("banks");
        assert!(!banks.exists(), "reading writes nothing");

        let mut library = Library::default();
        let dir = save_import(&mut library, &prepared, &banks, false).unwrap();
        assert!(dir.starts_with(&banks));
        let id = prepared.import.bank.id.clone();
        assert_eq!(library.bank(&id).unwrap().questions.len(), 2);
        assert_eq!(library.error_count(), 0);
        let again = save_import(&mut library, &prepared, &banks, false).unwrap_err();
        assert!(!again.is_empty());
        save_import(&mut library, &prepared, &banks, true).unwrap();

        let out = tmp.path().join("out.gift");
        let note = export_bank(&library, &id, ExportFormat::Gift, &out).unwrap();
        assert!(note.starts_with("Exported 2 questions of "), "{note}");
        let exported = std::fs::read_to_string(&out).unwrap();
        assert!(exported.contains("2 + 2?"), "{exported}");
        let xml = tmp.path().join("out.xml");
        export_bank(&library, &id, ExportFormat::MoodleXml, &xml).unwrap();
        assert!(std::fs::read_to_string(&xml).unwrap().contains("<quiz>"));
        assert!(export_bank(&library, &BankId("nope".into()), ExportFormat::Gift, &out).is_err());
    }

    #[test]
    fn unreadable_and_unknown_files_say_why() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("missing.gift");
        assert!(
            read_import(&missing, "2026-01-02")
                .unwrap_err()
                .contains("missing.gift")
        );
        let notes = tmp.path().join("notes.txt");
        std::fs::write(&notes, "just text").unwrap();
        let why = read_import(&notes, "2026-01-02").unwrap_err();
        assert!(why.contains("cannot tell the format"), "{why}");
    }
}
