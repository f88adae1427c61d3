//! The banks shipped in `questions/`, embedded at build time by `build.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::load::{BankFile, Loaded, load_files};

mod generated {
    include!(concat!(env!("OUT_DIR"), "/embedded_banks.rs"));
}

/// Loads every built-in bank. Diagnostics name the files as `questions/<bank>/<file>`.
pub fn load_builtin() -> Vec<Loaded> {
    let mut by_bank: BTreeMap<&str, Vec<BankFile>> = BTreeMap::new();
    for (bank, name, bytes) in generated::FILES {
        by_bank.entry(bank).or_default().push(BankFile {
            path: Path::new("questions").join(bank).join(name),
            name: (*name).to_owned(),
            bytes: bytes.to_vec(),
        });
    }
    by_bank
        .into_iter()
        .map(|(bank, files)| load_files(&PathBuf::from("questions").join(bank), files))
        .collect()
}
