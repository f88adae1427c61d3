//! Importing a file into the app's own `banks/` folder in two steps, so the import log can be
//! shown before anything is saved: [`prepare_import`] reads and converts the file (guessing its
//! format from the name and contents), [`save_import`] writes the checked bank folder.

use std::path::{Path, PathBuf};

use super::{Format, Import, ImportOptions, toml_out};

/// The folder of imported banks inside the data directory.
pub const BANKS_DIR: &str = "banks";

/// Errors of [`prepare_import`] and [`save_import`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Neither the file's name nor its contents say which format it is in.
    #[error(
        "{}: cannot tell the format (GIFT, Moodle XML, Aiken or CSV); name it .gift, .xml, .csv or .txt",
        .0.display()
    )]
    UnknownFormat(PathBuf),
    /// The import itself failed (not UTF-8, not parseable, nothing to import, write failed).
    #[error(transparent)]
    Import(#[from] super::Error),
}

/// A converted file waiting to be saved.
#[derive(Debug)]
pub struct PreparedImport {
    /// The format the file was read as.
    pub format: Format,
    /// The bank and its log (counts per kind, every skipped or changed question with its line or
    /// element path and the reason). The caller may change the bank's id or title before saving.
    pub import: Import,
}

/// The `banks/` folder of a data directory.
pub fn banks_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(BANKS_DIR)
}

/// The format of a file, from its name (`.xml`, `.csv`, `.gift`, `.gift.txt`) or else its
/// contents (`.txt` and unknown extensions): `None` when neither tells.
pub fn guess_format(path: &Path, bytes: &[u8]) -> Option<Format> {
    let lower = |s: Option<&std::ffi::OsStr>| {
        s.map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    let ext = lower(path.extension());
    let inner = lower(path.file_stem().map(Path::new).and_then(Path::extension));
    match (ext.as_str(), inner.as_str()) {
        ("xml", _) => return Some(Format::MoodleXml),
        ("csv", _) => return Some(Format::Csv),
        ("gift", _) | ("txt", "gift") => return Some(Format::Gift),
        _ => {}
    }
    sniff(bytes)
}

/// The format the contents look like.
fn sniff(bytes: &[u8]) -> Option<Format> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(64 * 1024))?);
    let start = head.trim_start();
    if start.starts_with("<?xml") || start.starts_with("<quiz") {
        return Some(Format::MoodleXml);
    }
    let first_line = start.lines().next().unwrap_or_default().to_lowercase();
    let header: Vec<&str> = first_line.split([',', ';']).map(str::trim).collect();
    if header.contains(&"prompt") && header.contains(&"kind") {
        return Some(Format::Csv);
    }
    let aiken_answer = head
        .lines()
        .any(|l| l.trim_start().strip_prefix("ANSWER:").is_some());
    if aiken_answer && !head.contains('{') {
        return Some(Format::Aiken);
    }
    if head.contains('{') && head.contains('}') {
        return Some(Format::Gift);
    }
    None
}

/// Step 1: reads `path` and converts it (`format`, or the guessed one), dated `date`
/// (`YYYY-MM-DD`, written into the import source's citation). Nothing is written. A file with
/// no importable question still gives its log ([`save_import`] then refuses it).
pub fn prepare_import(
    path: &Path,
    format: Option<Format>,
    date: &str,
) -> Result<PreparedImport, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let format = format
        .or_else(|| guess_format(path, &bytes))
        .ok_or_else(|| Error::UnknownFormat(path.to_path_buf()))?;
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let opts = ImportOptions::for_file(&file_name, date);
    let import = super::import(format, &bytes, &opts)?;
    Ok(PreparedImport { format, import })
}

/// Step 2: writes the bank as `banks_dir/<bank id>` (checked against the loader's rules before
/// anything is replaced; see [`toml_out::write_bank_dir`]) and returns that folder. An existing
/// non-empty folder is replaced only when `replace` is set.
pub fn save_import(import: &Import, banks_dir: &Path, replace: bool) -> Result<PathBuf, Error> {
    if import.bank.questions.is_empty() {
        return Err(super::Error::NoQuestions(import.bank.title.clone()).into());
    }
    let dir = banks_dir.join(&import.bank.id.0);
    toml_out::write_bank_dir(&import.bank, &dir, replace)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names_then_contents() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(guess_format(&p("a.XML"), b""), Some(Format::MoodleXml));
        assert_eq!(guess_format(&p("a.csv"), b""), Some(Format::Csv));
        assert_eq!(guess_format(&p("q.gift.txt"), b""), Some(Format::Gift));
        assert_eq!(guess_format(&p("q.gift"), b""), Some(Format::Gift));
        let aiken = b"What?\nA. one\nB. two\nANSWER: B\n";
        assert_eq!(guess_format(&p("q.txt"), aiken), Some(Format::Aiken));
        let gift = b"::Q1:: 2+2? {=4 ~5}\n";
        assert_eq!(guess_format(&p("q.txt"), gift), Some(Format::Gift));
        let xml = b"\xEF\xBB\xBF  <?xml version=\"1.0\"?><quiz></quiz>";
        assert_eq!(guess_format(&p("export"), xml), Some(Format::MoodleXml));
        let csv = b"id;kind;prompt;answer\n";
        assert_eq!(guess_format(&p("sheet.txt"), csv), Some(Format::Csv));
        assert_eq!(guess_format(&p("notes.txt"), b"just text"), None);
    }
}
