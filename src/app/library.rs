//! The bank library: every bank the app offers, loaded from the built-in banks, `./questions`
//! and `--questions` folders, with the problems found on the way.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::bank::{self, Diagnostic, Loaded, embedded};
use crate::engine::Filter;
use crate::model::{Bank, BankId, Question};

/// Something that kept a bank (or a folder of banks) from loading.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// An error in a bank file, with its position.
    Diagnostic(Diagnostic),
    /// A folder that could not be read.
    Folder(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Diagnostic(d) => d.fmt(f),
            Self::Folder(message) => f.write_str(message),
        }
    }
}

/// The loaded banks and what went wrong loading the others.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Loaded banks (those without errors), sorted by title.
    pub banks: Vec<Bank>,
    /// Errors that kept banks out, in loading order.
    pub problems: Vec<Problem>,
}

impl Library {
    /// A library of `banks` (sorted by title here).
    pub fn new(banks: Vec<Bank>, problems: Vec<Problem>) -> Self {
        let mut library = Self { banks, problems };
        library.sort();
        library
    }

    /// The built-in banks, then `./questions` (when it is a folder), then `extra` folders.
    pub fn load(extra: &[PathBuf]) -> Self {
        let mut dirs: Vec<PathBuf> = Vec::new();
        let local = PathBuf::from("questions");
        if local.is_dir() {
            dirs.push(local);
        }
        dirs.extend(extra.iter().cloned());
        Self::load_from(embedded::load_builtin(), &dirs)
    }

    /// `first` (already loaded), then every bank found in `dirs`: a later bank with the same id
    /// replaces an earlier one, so a folder given on the command line overrides a built-in bank.
    /// A bank with errors is left out and its errors are kept in [`Library::problems`].
    pub fn load_from(first: impl IntoIterator<Item = Loaded>, dirs: &[PathBuf]) -> Self {
        let mut library = Self::default();
        for loaded in first {
            library.add(loaded);
        }
        for dir in dirs {
            library.add_folder(dir);
        }
        library.sort();
        library
    }

    /// Loads every bank under `dir` (a bank folder or a folder of banks).
    fn add_folder(&mut self, dir: &Path) {
        match bank::discover(dir) {
            Ok(found) => {
                for d in found {
                    match bank::load_dir(&d) {
                        Ok(loaded) => self.add(loaded),
                        Err(e) => self.problems.push(Problem::Folder(e.to_string())),
                    }
                }
            }
            Err(e) => self.problems.push(Problem::Folder(e.to_string())),
        }
    }

    /// Adds one loaded bank under the replace-by-id policy, keeping its errors.
    pub fn add(&mut self, loaded: Loaded) {
        self.problems.extend(
            loaded
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .map(Problem::Diagnostic),
        );
        if let Some(bank) = loaded.bank {
            self.banks.retain(|old| old.id != bank.id);
            self.banks.push(bank);
        }
    }

    fn sort(&mut self) {
        self.banks.sort_by(|a, b| a.title.cmp(&b.title));
    }

    /// The bank with this id.
    pub fn bank(&self, id: &BankId) -> Option<&Bank> {
        self.banks.iter().find(|b| &b.id == id)
    }

    /// The question `question` of bank `bank`, when it is loaded.
    pub fn find_question(&self, bank: &str, question: &str) -> Option<(&Bank, &Question)> {
        let b = self.banks.iter().find(|b| b.id.0 == bank)?;
        let q = b.questions.iter().find(|q| q.id.0 == question)?;
        Some((b, q))
    }

    /// Every bank id.
    pub fn ids(&self) -> BTreeSet<BankId> {
        self.banks.iter().map(|b| b.id.clone()).collect()
    }

    /// How many questions `filter` accepts (its count limit aside).
    pub fn matching_count(&self, filter: &Filter) -> usize {
        self.banks
            .iter()
            .flat_map(|b| b.questions.iter().map(move |q| (b, q)))
            .filter(|(b, q)| filter.accepts(b, q))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BankId;

    fn bank(id: &str, title: &str, questions: usize) -> Bank {
        let mut b = crate::app::tests::tiny_bank(id, questions);
        b.title = title.to_owned();
        b
    }

    fn loaded(bank: Option<Bank>, errors: usize) -> Loaded {
        Loaded {
            bank,
            diagnostics: (0..errors)
                .map(|i| Diagnostic {
                    path: PathBuf::from("bad/q.toml"),
                    line: i + 1,
                    column: 1,
                    severity: bank::Severity::Error,
                    message: "broken".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_later_bank_replaces_an_earlier_one_with_the_same_id() {
        let library = Library::load_from(
            [
                loaded(Some(bank("a", "Zeta", 2)), 0),
                loaded(Some(bank("b", "Alpha", 1)), 0),
                loaded(Some(bank("a", "Zeta 2", 5)), 0),
            ],
            &[],
        );
        let titles: Vec<&str> = library.banks.iter().map(|b| b.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Alpha", "Zeta 2"],
            "sorted by title, replaced by id"
        );
        assert_eq!(
            library.bank(&BankId("a".into())).unwrap().questions.len(),
            5
        );
        assert!(library.problems.is_empty());
    }

    #[test]
    fn a_bank_with_errors_is_left_out_and_its_errors_kept() {
        let library = Library::load_from(
            [loaded(Some(bank("a", "A", 1)), 0), loaded(None, 2)],
            &[PathBuf::from("no/such/folder")],
        );
        assert_eq!(library.banks.len(), 1);
        assert_eq!(library.problems.len(), 3);
        assert!(
            library.problems[0]
                .to_string()
                .starts_with("bad/q.toml:1:1")
        );
        assert!(matches!(library.problems[2], Problem::Folder(_)));
    }

    #[test]
    fn the_shipped_bank_loads_from_its_folder_and_filters_count() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questions");
        let library = Library::load_from([], &[dir]);
        assert!(library.problems.is_empty(), "{:?}", library.problems);
        let iskp = library.bank(&BankId("iskp".into())).unwrap();
        let all = Filter {
            banks: library.ids(),
            difficulties: [1, 2, 3].into(),
            ..Filter::default()
        };
        assert_eq!(library.matching_count(&all), iskp.questions.len());
        let first = &iskp.questions[0];
        assert!(library.find_question("iskp", &first.id.0).is_some());
        assert!(library.find_question("iskp", "no-such-question").is_none());
    }
}
