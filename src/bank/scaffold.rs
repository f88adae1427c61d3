//! A new bank folder to start from: `bank.toml`, `sources.toml` and one commented example
//! question of each kind (`counterpoint new`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const BANK_TOML: &str = include_str!("scaffold/bank.toml");
const SOURCES_TOML: &str = include_str!("scaffold/sources.toml");
const EXAMPLES_TOML: &str = include_str!("scaffold/examples.toml");

/// Errors creating a bank folder.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder (or a file of that name) already exists; nothing is overwritten.
    #[error("{}: already exists; `new` only creates a new folder and never overwrites one", .0.display())]
    Exists(PathBuf),
    /// The bank id is not made of lowercase letters, digits and '-'.
    #[error("bank id \"{0}\" may only hold lowercase letters, digits and '-' (e.g. \"my-bank\")")]
    BadId(String),
    /// The title is empty.
    #[error("the title must not be empty")]
    EmptyTitle,
    /// A file or folder could not be written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// The files of a new bank: `(file name, contents)`.
pub fn files(id: &str, title: &str) -> Vec<(&'static str, String)> {
    let bank = BANK_TOML
        .replace("{ID}", &basic_string(id))
        .replace("{TITLE}", &basic_string(title));
    vec![
        ("bank.toml", bank),
        ("sources.toml", SOURCES_TOML.to_owned()),
        ("examples.toml", EXAMPLES_TOML.to_owned()),
    ]
}

/// A bank id made from a folder name: lowercase ASCII letters and digits, other runs as '-'.
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// Whether `id` is a valid bank id (non-empty; lowercase letters, digits and '-').
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Creates the bank folder `dir` (which must not exist) with [`files`]. The id defaults to one
/// made from the folder's name. Returns the id used.
pub fn create(dir: &Path, title: &str, id: Option<&str>) -> Result<String, Error> {
    if title.trim().is_empty() {
        return Err(Error::EmptyTitle);
    }
    let id = match id {
        Some(id) => id.to_owned(),
        None => dir
            .file_name()
            .map(|n| id_from_name(&n.to_string_lossy()))
            .unwrap_or_default(),
    };
    if !is_valid_id(&id) {
        return Err(Error::BadId(id));
    }
    if dir.exists() || dir.symlink_metadata().is_ok() {
        return Err(Error::Exists(dir.to_path_buf()));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    // `create_dir` (not `create_dir_all`) fails if the folder appeared meanwhile.
    std::fs::create_dir(dir).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Exists(dir.to_path_buf())
        } else {
            io(dir)(e)
        }
    })?;
    for (name, text) in files(&id, title) {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    Ok(id)
}

/// A TOML basic string (`"…"`) holding `s`.
fn basic_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{BankFile, load_files};

    fn load(id: &str, title: &str) -> crate::bank::Loaded {
        let files = files(id, title)
            .into_iter()
            .map(|(name, text)| BankFile {
                path: PathBuf::from(name),
                name: name.to_owned(),
                bytes: text.into_bytes(),
            })
            .collect();
        load_files(Path::new(""), files)
    }

    #[test]
    fn the_scaffold_loads_with_no_diagnostics_and_every_kind() {
        let loaded = load("my-bank", "A \"quoted\" title \\ with\ttab");
        let shown: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
        assert!(shown.is_empty(), "{shown:#?}");
        let bank = loaded.bank.unwrap();
        assert_eq!(bank.id.0, "my-bank");
        assert_eq!(bank.title, "A \"quoted\" title \\ with\ttab");
        let mut kinds: Vec<&str> = bank.questions.iter().map(|q| q.kind.name()).collect();
        kinds.sort_unstable();
        let mut all = crate::model::KindName::ALL
            .map(crate::model::KindName::as_str)
            .to_vec();
        all.sort_unstable();
        assert_eq!(kinds, all);
    }

    #[test]
    fn ids_from_folder_names() {
        assert_eq!(id_from_name("My Bank (2026)"), "my-bank-2026");
        assert_eq!(id_from_name("--x--"), "x");
        assert_eq!(id_from_name("Ünï"), "n");
        assert!(is_valid_id("a-1"));
        assert!(!is_valid_id("A"));
        assert!(!is_valid_id(""));
    }
}
