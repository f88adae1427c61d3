//! The bank library: every bank the app offers, loaded from the built-in banks, `./questions`
//! and `--questions` folders, with the problems found on the way.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::bank::watch::{Outcome, merge_loaded};
use crate::bank::{self, Diagnostic, Loaded, embedded};
use crate::engine::Filter;
use crate::model::{Bank, BankId, Question};
use crate::words::plural;

/// A problem found loading banks: a diagnostic with its position (error or warning), or a folder
/// that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A diagnostic in a bank file, with its position.
    Diagnostic(Diagnostic),
    /// A folder that could not be read.
    Folder(String),
}

impl Problem {
    /// Whether this problem keeps a bank out (every folder problem does; a diagnostic when it
    /// is an error).
    pub fn is_error(&self) -> bool {
        match self {
            Self::Diagnostic(d) => d.is_error(),
            Self::Folder(_) => true,
        }
    }

    /// The diagnostic, when this is one.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            Self::Diagnostic(d) => Some(d),
            Self::Folder(_) => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Diagnostic(d) => d.fmt(f),
            Self::Folder(message) => f.write_str(message),
        }
    }
}

/// The loaded banks, the folder each came from, and the current problems of each folder.
///
/// This is the one owner of the loading policy, at start-up and on live reload
/// ([`Library::apply`], [`super::LiveReload`]): a later bank replaces an earlier one with the
/// same id; a bank with errors is left out, or, when its folder had loaded before, its last
/// good version stays loaded while its diagnostics are reported.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Loaded banks (those without errors), sorted by title.
    pub banks: Vec<Bank>,
    /// Bank folder → id of the bank loaded from it.
    origins: BTreeMap<PathBuf, BankId>,
    /// Source (a bank folder, a root folder, or empty for problems given at construction) → its
    /// current problems.
    problems: BTreeMap<PathBuf, Vec<Problem>>,
    /// The folders given to [`Library::load_from`]: what live reload watches.
    roots: Vec<PathBuf>,
}

impl Library {
    /// A library of `banks` (sorted by title here) with `problems` that belong to no folder.
    pub fn new(banks: Vec<Bank>, problems: Vec<Problem>) -> Self {
        let mut library = Self {
            banks,
            ..Self::default()
        };
        if !problems.is_empty() {
            library.problems.insert(PathBuf::new(), problems);
        }
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
    /// A bank with errors is left out and its problems are kept ([`Library::problems`]).
    pub fn load_from(first: impl IntoIterator<Item = Loaded>, dirs: &[PathBuf]) -> Self {
        let mut library = Self::default();
        for loaded in first {
            library.add(loaded);
        }
        for dir in dirs {
            library.add_folder(dir);
        }
        library.roots = dirs.to_vec();
        library.sort();
        library
    }

    /// Loads every bank under `dir` (a bank folder or a folder of banks).
    fn add_folder(&mut self, dir: &Path) {
        match bank::discover(dir) {
            Ok(found) => {
                for d in found {
                    let loaded = bank::watch::load_or_report(&d);
                    self.apply(&d, loaded);
                }
            }
            Err(e) => {
                self.problems
                    .insert(dir.to_path_buf(), vec![Problem::Folder(e.to_string())]);
            }
        }
    }

    /// Adds one loaded bank that belongs to no folder (a built-in bank) under the replace-by-id
    /// policy, keeping its problems.
    pub fn add(&mut self, loaded: Loaded) {
        let Loaded { bank, diagnostics } = loaded;
        if !diagnostics.is_empty() {
            self.problems
                .entry(PathBuf::new())
                .or_default()
                .extend(diagnostics.into_iter().map(Problem::Diagnostic));
        }
        if let Some(bank) = bank {
            self.banks.retain(|old| old.id != bank.id);
            self.banks.push(bank);
            self.sort();
        }
    }

    /// Applies a load result of the bank folder `dir` (at start-up or after its files changed):
    /// a bank without errors replaces the bank with the same id (and the bank this folder gave
    /// before, if its id changed); a bank with errors leaves the last good version in place. The
    /// folder's problems become the load's diagnostics.
    pub fn apply(&mut self, dir: &Path, loaded: Loaded) -> Outcome {
        let previous = self.origins.get(dir).cloned();
        let merge = merge_loaded(&mut self.banks, previous.as_ref(), loaded);
        if let Outcome::Added(id) | Outcome::Replaced(id) = &merge.outcome {
            self.origins.insert(dir.to_path_buf(), id.clone());
        }
        let problems: Vec<Problem> = merge
            .diagnostics
            .into_iter()
            .map(Problem::Diagnostic)
            .collect();
        if problems.is_empty() {
            self.problems.remove(dir);
        } else {
            self.problems.insert(dir.to_path_buf(), problems);
        }
        self.sort();
        merge.outcome
    }

    /// Whether `dir` is a bank folder or a folder holding at least one.
    pub fn has_banks(dir: &Path) -> bool {
        bank::discover(dir).is_ok_and(|found| !found.is_empty())
    }

    /// Adds `dir` to the folders live reload watches without loading it now (an empty folder of
    /// banks, such as `banks/` in the data folder, which is not a problem to report).
    pub fn watch_also(&mut self, dir: PathBuf) {
        if !self.roots.contains(&dir) {
            self.roots.push(dir);
        }
    }

    /// The folders live reload watches (the `dirs` given to [`Library::load_from`]) that exist.
    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.iter().filter(|r| r.is_dir()).cloned().collect()
    }

    /// Every current problem: those of no folder first, then by file and position.
    pub fn problems(&self) -> Vec<&Problem> {
        let mut all: Vec<&Problem> = self.problems.values().flatten().collect();
        all.sort_by(|a, b| {
            let key = |p: &Problem| {
                p.diagnostic()
                    .map(|d| (d.path.clone(), d.line, d.column))
                    .unwrap_or_default()
            };
            key(a).cmp(&key(b))
        });
        all
    }

    /// How many problems are errors.
    pub fn error_count(&self) -> usize {
        self.problems
            .values()
            .flatten()
            .filter(|p| p.is_error())
            .count()
    }

    /// The start page's line about problems ("1 problem loading banks (1 error)."), or `None`
    /// when every bank loaded cleanly.
    pub fn problems_summary(&self) -> Option<String> {
        let problems = self.problems.values().flatten().count();
        let errors = self.error_count();
        (problems > 0).then(|| {
            format!(
                "{problems} problem{} loading banks ({errors} error{}).",
                plural(problems),
                plural(errors)
            )
        })
    }

    fn sort(&mut self) {
        self.banks.sort_by(|a, b| a.title.cmp(&b.title));
    }

    /// The bank with this id.
    pub fn bank(&self, id: &BankId) -> Option<&Bank> {
        self.banks.iter().find(|b| &b.id == id)
    }

    /// The folder the bank `id` was loaded from (none for a built-in bank).
    pub fn folder_of(&self, id: &BankId) -> Option<&Path> {
        self.origins
            .iter()
            .find(|(_, origin)| *origin == id)
            .map(|(dir, _)| dir.as_path())
    }

    /// The id of the bank loaded from the folder `dir` (or from the folder of the file `dir`).
    pub fn bank_in(&self, dir: &Path) -> Option<&BankId> {
        let dir = if dir.is_file() { dir.parent()? } else { dir };
        if let Some(id) = self.origins.get(dir) {
            return Some(id);
        }
        let want = dir.canonicalize().ok()?;
        self.origins
            .iter()
            .find(|(d, _)| d.canonicalize().ok().as_ref() == Some(&want))
            .map(|(_, id)| id)
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
        assert!(library.problems().is_empty());
    }

    #[test]
    fn a_bank_with_errors_is_left_out_and_its_errors_kept() {
        let library = Library::load_from(
            [loaded(Some(bank("a", "A", 1)), 0), loaded(None, 2)],
            &[PathBuf::from("no/such/folder")],
        );
        assert_eq!(library.banks.len(), 1);
        let problems = library.problems();
        assert_eq!(problems.len(), 3);
        assert!(matches!(problems[0], Problem::Folder(_)), "folders first");
        assert!(problems[1].to_string().starts_with("bad/q.toml:1:1"));
        assert_eq!(library.error_count(), 3);
        assert_eq!(
            library.problems_summary().as_deref(),
            Some("3 problems loading banks (3 errors).")
        );
    }

    #[test]
    fn the_problems_summary_counts_in_words_that_agree() {
        let clean = Library::load_from([loaded(Some(bank("a", "A", 1)), 0)], &[]);
        assert_eq!(clean.problems_summary(), None);
        let one = Library::load_from([loaded(None, 1)], &[]);
        assert_eq!(
            one.problems_summary().as_deref(),
            Some("1 problem loading banks (1 error).")
        );
    }

    #[test]
    fn the_shipped_bank_loads_from_its_folder_and_filters_count() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questions");
        let library = Library::load_from([], &[dir]);
        assert!(library.problems().is_empty(), "{:?}", library.problems());
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

    fn ok(id: &str, title: &str) -> Loaded {
        loaded(Some(bank(id, title, 1)), 0)
    }

    fn titles(lib: &Library) -> Vec<(&str, &str)> {
        lib.banks
            .iter()
            .map(|b| (b.id.0.as_str(), b.title.as_str()))
            .collect()
    }

    #[test]
    fn a_folder_s_bank_replaces_a_built_in_bank_with_the_same_id() {
        let mut lib = Library::load_from([ok("a", "built-in"), ok("b", "other")], &[]);
        let outcome = lib.apply(Path::new("q/a"), ok("a", "local"));
        assert_eq!(outcome, Outcome::Replaced(BankId("a".into())));
        assert_eq!(titles(&lib), vec![("a", "local"), ("b", "other")]);
        assert_eq!(lib.folder_of(&BankId("a".into())), Some(Path::new("q/a")));
        assert_eq!(lib.folder_of(&BankId("b".into())), None);
    }

    #[test]
    fn errors_keep_the_last_good_version_until_fixed() {
        let mut lib = Library::default();
        let dir = Path::new("q/a");
        lib.apply(dir, ok("a", "v1"));
        let outcome = lib.apply(dir, loaded(None, 1));
        assert_eq!(outcome, Outcome::KeptLastGood(BankId("a".into())));
        assert_eq!(titles(&lib), vec![("a", "v1")]);
        assert_eq!(lib.error_count(), 1);
        assert_eq!(lib.problems().len(), 1);
        let outcome = lib.apply(dir, ok("a", "v2"));
        assert_eq!(outcome, Outcome::Replaced(BankId("a".into())));
        assert_eq!(lib.error_count(), 0);
        assert!(lib.problems().is_empty());
        assert_eq!(titles(&lib), vec![("a", "v2")]);
    }

    #[test]
    fn a_broken_new_bank_is_not_loaded_and_a_renamed_one_replaces_its_old_id() {
        let mut lib = Library::default();
        assert_eq!(
            lib.apply(Path::new("q/new"), loaded(None, 2)),
            Outcome::NotLoaded
        );
        assert!(lib.banks.is_empty());
        assert_eq!(lib.problems().len(), 2);
        let dir = Path::new("q/a");
        lib.apply(dir, ok("a", "v1"));
        let outcome = lib.apply(dir, ok("a2", "renamed"));
        assert_eq!(outcome, Outcome::Replaced(BankId("a2".into())));
        assert_eq!(titles(&lib), vec![("a2", "renamed")]);
    }

    #[test]
    fn an_empty_folder_is_watched_without_a_problem() {
        let tmp = tempfile::tempdir().unwrap();
        let empty = tmp.path().join("banks");
        std::fs::create_dir(&empty).unwrap();
        assert!(!Library::has_banks(&empty));
        let mut library = Library::load_from([], &[]);
        library.watch_also(empty.clone());
        library.watch_also(empty.clone());
        assert_eq!(library.roots(), vec![empty]);
        assert!(library.problems().is_empty());
        let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questions");
        assert!(Library::has_banks(&shipped));
    }

    #[test]
    fn warnings_are_problems_but_not_errors() {
        let mut lib = Library::default();
        let mut with_warning = ok("a", "A");
        with_warning.diagnostics.push(Diagnostic {
            path: PathBuf::from("q/a/q.toml"),
            line: 2,
            column: 3,
            severity: bank::Severity::Warning,
            message: "unused".into(),
        });
        lib.apply(Path::new("q/a"), with_warning);
        assert_eq!(lib.banks.len(), 1);
        assert_eq!(lib.error_count(), 0);
        assert_eq!(
            lib.problems()[0].to_string(),
            "q/a/q.toml:2:3: warning: unused"
        );
    }
}
