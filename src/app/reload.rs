//! Live reload: the one owner of reloading banks while the app runs.
//!
//! [`LiveReload::start`] watches the library's folders ([`Library::roots`]: `./questions` and
//! every `--questions DIR`) with [`BankWatcher`]: changes are debounced, each changed bank is
//! parsed on the `bank-reload` thread, and the `wake` callback (the app passes egui's
//! `request_repaint`) runs when a result is ready. The UI calls [`LiveReload::poll`] at the start
//! of a frame: it never blocks, and applies every finished reload to the [`Library`] with its
//! policy (a bank that now has errors keeps its last good version). Nothing repaints unless a
//! reload arrived, so the app stays idle between edits.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use super::Library;
use crate::bank::watch::{self, BankWatcher, Outcome};
use crate::engine::Quiz;
use crate::model::BankId;

/// What one [`LiveReload::poll`] changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reload {
    /// The reloaded bank folders and what each reload did, in arrival order.
    pub outcomes: Vec<(PathBuf, Outcome)>,
}

impl Reload {
    /// Whether anything arrived.
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }

    /// Banks now loaded with new contents (added or replaced).
    pub fn changed_banks(&self) -> BTreeSet<BankId> {
        self.outcomes
            .iter()
            .filter_map(|(_, outcome)| match outcome {
                Outcome::Added(id) | Outcome::Replaced(id) => Some(id.clone()),
                Outcome::KeptLastGood(_) | Outcome::NotLoaded => None,
            })
            .collect()
    }

    /// Banks that were newly added.
    pub fn added_banks(&self) -> BTreeSet<BankId> {
        self.outcomes
            .iter()
            .filter_map(|(_, outcome)| match outcome {
                Outcome::Added(id) => Some(id.clone()),
                _ => None,
            })
            .collect()
    }

    /// Whether a bank `quiz` draws from now has new contents, so the quiz could restart with them.
    pub fn touches(&self, quiz: &Quiz) -> bool {
        let changed = self.changed_banks();
        quiz.items.iter().any(|item| changed.contains(&item.bank))
    }
}

/// Watches the library's folders and hands finished reloads to [`LiveReload::poll`].
#[derive(Debug)]
pub struct LiveReload {
    watcher: BankWatcher,
    /// The folders watched.
    roots: Vec<PathBuf>,
}

impl LiveReload {
    /// Starts watching `library`'s folders; `wake` runs on the reload thread after each bank is
    /// parsed. `Ok(None)` when there is no folder to watch (built-in banks only).
    pub fn start(
        library: &Library,
        wake: impl Fn() + Send + 'static,
    ) -> Result<Option<Self>, watch::Error> {
        Self::start_with(library, watch::DEBOUNCE, wake)
    }

    /// [`LiveReload::start`] with another debounce interval (tests use a short one).
    pub fn start_with(
        library: &Library,
        debounce: Duration,
        wake: impl Fn() + Send + 'static,
    ) -> Result<Option<Self>, watch::Error> {
        let roots = library.roots();
        if roots.is_empty() {
            return Ok(None);
        }
        let watcher = BankWatcher::start_with(&roots, debounce, wake)?;
        Ok(Some(Self { watcher, roots }))
    }

    /// The folders watched.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Applies every reload that has finished to `library` (never blocks).
    pub fn poll(&self, library: &mut Library) -> Reload {
        let mut reload = Reload::default();
        while let Some(reloaded) = self.watcher.try_recv() {
            let outcome = library.apply(&reloaded.dir, reloaded.loaded);
            reload.outcomes.push((reloaded.dir, outcome));
        }
        reload
    }

    /// Waits up to `timeout` for one reload and applies it with everything else that has
    /// arrived (for tests and tools; the UI uses [`LiveReload::poll`]).
    pub fn wait(&self, library: &mut Library, timeout: Duration) -> Reload {
        let mut reload = Reload::default();
        if let Some(reloaded) = self.watcher.recv_timeout(timeout) {
            let outcome = library.apply(&reloaded.dir, reloaded.loaded);
            reload.outcomes.push((reloaded.dir, outcome));
        }
        let more = self.poll(library);
        reload.outcomes.extend(more.outcomes);
        reload
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;

    use super::*;
    use crate::engine::{Filter, build_quiz};

    const BANK: &str = "id = \"live\"\ntitle = \"Live\"\ndescription = \"A bank.\"\n\
                        language = \"en\"\nversion = \"1\"\nauthors = [\"Tests\"]\n\
                        license = \"CC0-1.0\"\n";
    const SOURCES: &str = "[[source]]\nid = \"s1\"\ncitation = \"A source.\"\n";

    fn question(prompt: &str) -> String {
        format!(
            "[[question]]\nid = \"q1\"\ntopic = \"T\"\ndifficulty = 1\nkind = \"true_false\"\n\
             prompt = \"{prompt}\"\nanswer = true\nexplanation = \"Because.\"\nsources = [\"s1\"]\n"
        )
    }

    fn write_bank(dir: &Path, prompt: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("bank.toml"), BANK).unwrap();
        std::fs::write(dir.join("sources.toml"), SOURCES).unwrap();
        std::fs::write(dir.join("q.toml"), question(prompt)).unwrap();
    }

    fn prompt(library: &Library) -> String {
        library
            .find_question("live", "q1")
            .map(|(_, q)| q.prompt.clone())
            .unwrap_or_default()
    }

    /// Polls until `done` holds (5 s at most), as the UI does once per frame.
    fn poll_until(live: &LiveReload, library: &mut Library, done: impl Fn(&Library) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !done(library) {
            assert!(Instant::now() < deadline, "no reload within 5 s");
            live.wait(library, Duration::from_millis(100));
        }
    }

    #[test]
    fn nothing_to_watch_without_folders() {
        let library = Library::new(vec![], vec![]);
        assert!(LiveReload::start(&library, || {}).unwrap().is_none());
    }

    #[test]
    fn edits_are_swapped_in_and_a_broken_bank_keeps_its_last_good_version() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("questions");
        let dir = root.join("live");
        write_bank(&dir, "Old prompt");
        let mut library = Library::load_from([], std::slice::from_ref(&root));
        assert_eq!(prompt(&library), "Old prompt");
        let quiz = build_quiz(
            &library.banks,
            &Filter {
                banks: library.ids(),
                difficulties: [1].into(),
                ..Filter::default()
            },
            1,
        );
        let wakes = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&wakes);
        let live = LiveReload::start_with(&library, Duration::from_millis(50), move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap()
        .unwrap();
        assert_eq!(live.roots(), std::slice::from_ref(&root));
        // Nothing has changed: polling applies nothing.
        assert!(live.poll(&mut library).is_empty());

        std::fs::write(dir.join("q.toml"), question("New prompt")).unwrap();
        poll_until(&live, &mut library, |l| prompt(l) == "New prompt");
        // `wake` runs just after the reload is sent (so a woken UI finds it): the poll can see the
        // reload a moment before the wake lands, so wait for it too.
        let deadline = Instant::now() + Duration::from_secs(5);
        while wakes.load(Ordering::SeqCst) == 0 {
            assert!(Instant::now() < deadline, "the UI was never woken");
            std::thread::sleep(Duration::from_millis(5));
        }
        // The quiz built before keeps its own copy of the question.
        assert_eq!(quiz.items[0].question.prompt, "Old prompt");

        std::fs::write(
            dir.join("q.toml"),
            question("Broken").replace("difficulty = 1", "difficulty = \"one\""),
        )
        .unwrap();
        poll_until(&live, &mut library, |l| l.error_count() > 0);
        assert_eq!(prompt(&library), "New prompt", "last good version kept");
        let shown: Vec<String> = library.problems().iter().map(ToString::to_string).collect();
        assert!(
            shown.iter().any(|p| p
                .ends_with("q.toml:4:14: error: `difficulty` must be an integer, found a string")),
            "{shown:?}"
        );

        std::fs::write(dir.join("q.toml"), question("Fixed prompt")).unwrap();
        poll_until(&live, &mut library, |l| prompt(l) == "Fixed prompt");
        assert_eq!(library.error_count(), 0);
        assert!(library.problems().is_empty());
    }

    #[test]
    fn a_bank_saved_into_a_watched_empty_folder_loads_without_problems_and_reloads() {
        let tmp = tempfile::tempdir().unwrap();
        let banks = tmp.path().join("banks");
        std::fs::create_dir(&banks).unwrap();
        let mut library = Library::load_from([], &[]);
        library.watch_also(banks.clone());
        let live = LiveReload::start_with(&library, Duration::from_millis(50), || {})
            .unwrap()
            .unwrap();
        let file = tmp.path().join("quiz.gift");
        std::fs::write(&file, "::Q1:: The sky is blue. {T}\n").unwrap();
        let prepared = crate::app::read_import(&file, "2026-01-02").unwrap();
        let dir = crate::app::save_import(&mut library, &prepared, &banks, false).unwrap();
        // The writer's temporary folder and the rename arrive as events: none is a problem.
        std::thread::sleep(Duration::from_millis(400));
        live.wait(&mut library, Duration::from_millis(300));
        assert!(library.problems().is_empty(), "{:?}", library.problems());
        let id = prepared.import.bank.id.clone();
        assert!(library.bank(&id).is_some());
        // And an edit of the saved bank reloads it.
        let bank_toml = std::fs::read_to_string(dir.join("bank.toml")).unwrap();
        let edited = bank_toml
            .lines()
            .map(|l| {
                if l.starts_with("title = ") {
                    "title = \"Edited\""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(dir.join("bank.toml"), edited).unwrap();
        poll_until(&live, &mut library, |l| {
            l.bank(&id).is_some_and(|b| b.title == "Edited")
        });
    }

    #[test]
    fn a_reload_touches_a_quiz_only_through_its_banks() {
        let library = Library::new(vec![super::super::tests::tiny_bank("a", 2)], vec![]);
        let quiz = build_quiz(
            &library.banks,
            &Filter {
                banks: library.ids(),
                difficulties: [1].into(),
                ..Filter::default()
            },
            1,
        );
        let other = Reload {
            outcomes: vec![("b".into(), Outcome::Replaced(BankId("b".into())))],
        };
        let broken = Reload {
            outcomes: vec![("a".into(), Outcome::KeptLastGood(BankId("a".into())))],
        };
        let same = Reload {
            outcomes: vec![("a".into(), Outcome::Replaced(BankId("a".into())))],
        };
        assert!(!other.touches(&quiz));
        assert!(
            !broken.touches(&quiz),
            "the last good version is what the quiz has"
        );
        assert!(same.touches(&quiz));
        assert!(same.added_banks().is_empty());
    }
}
