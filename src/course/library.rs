//! The banks an exam can draw from: the built-in banks, then `./questions`, then extra folders,
//! a later bank replacing an earlier one with the same id (as the app loads them).

use std::path::PathBuf;

use crate::bank::{self, embedded};
use crate::model::{Bank, BankId};

/// The loaded banks and the problems met on the way.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Banks that loaded without errors, in load order.
    pub banks: Vec<Bank>,
    /// Banks that did not load, one line each (`PATH:LINE:COL: error: ...`).
    pub problems: Vec<String>,
}

impl Library {
    /// Loads the built-in banks, `./questions` when it exists, and every folder of `extra`.
    pub fn load(extra: &[PathBuf]) -> Self {
        let mut library = Self::default();
        for loaded in embedded::load_builtin() {
            library.add(loaded);
        }
        let mut dirs: Vec<PathBuf> = Vec::new();
        if PathBuf::from("questions").is_dir() {
            dirs.push(PathBuf::from("questions"));
        }
        dirs.extend(extra.iter().cloned());
        for dir in dirs {
            match bank::discover(&dir) {
                Ok(found) => {
                    for d in found {
                        match bank::load_dir(&d) {
                            Ok(loaded) => library.add(loaded),
                            Err(e) => library.problems.push(e.to_string()),
                        }
                    }
                }
                Err(e) => library.problems.push(e.to_string()),
            }
        }
        library
    }

    fn add(&mut self, loaded: bank::Loaded) {
        for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
            self.problems.push(d.to_string());
        }
        if let Some(b) = loaded.bank {
            self.banks.retain(|old| old.id != b.id);
            self.banks.push(b);
        }
    }

    /// The bank with this id.
    pub fn bank(&self, id: &str) -> Option<&Bank> {
        self.banks.iter().find(|b| b.id == BankId(id.to_owned()))
    }
}
