//! Watching bank folders and reloading a bank when its files change (the library side of live
//! reload).
//!
//! [`BankWatcher::start`] watches folders (a bank folder, or a folder of banks) with `notify`.
//! Changes are debounced ([`DEBOUNCE`]): once the files have been quiet that long, every bank that
//! changed is reloaded with [`load_dir`] on a named thread, never on the caller's, and each result
//! arrives as a [`Reloaded`] message; after each message the `wake` callback runs (the app passes
//! `ctx.request_repaint`). [`merge_loaded`] is the loading policy: a later bank replaces an
//! earlier one with the same id, and a bank that now has errors keeps its last good version
//! loaded while its diagnostics are reported. `app::Library` applies it, at start-up and to every
//! [`Reloaded`] message (`app::LiveReload`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

use super::diagnostic::{Diagnostic, Severity};
use super::load::{Loaded, load_dir};
use crate::model::{Bank, BankId};

/// How long the files must be quiet before a changed bank is reloaded. Editors write a file in
/// several steps (truncate, write, rename, chmod); this waits for the last.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Name of the thread that reloads banks.
pub const THREAD_NAME: &str = "bank-reload";

/// A bank folder was reloaded after its files changed.
#[derive(Debug)]
pub struct Reloaded {
    /// The bank folder.
    pub dir: PathBuf,
    /// The result: the bank when it has no errors, and every diagnostic.
    pub loaded: Loaded,
}

/// Errors starting a watcher.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file-system watcher could not be created or could not watch a folder.
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        /// The folder (empty when the watcher itself failed).
        path: PathBuf,
        /// The cause.
        source: notify::Error,
    },
    /// The reload thread could not be started.
    #[error("cannot start the bank reload thread: {0}")]
    Thread(std::io::Error),
}

/// What the notify callback hands to the reload thread.
enum Message {
    /// Paths that changed.
    Changed(Vec<PathBuf>),
    /// The watcher is being dropped.
    Stop,
}

/// Watches bank folders and reloads changed banks on its own thread. Dropping it stops watching.
pub struct BankWatcher {
    /// Kept alive for as long as the folders are watched.
    watcher: Option<notify::RecommendedWatcher>,
    control: Sender<Message>,
    thread: Option<JoinHandle<()>>,
    reloaded: Receiver<Reloaded>,
}

impl std::fmt::Debug for BankWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BankWatcher").finish_non_exhaustive()
    }
}

impl BankWatcher {
    /// Starts watching `roots` (each a bank folder or a folder of bank folders, recursively).
    /// `wake` runs on the reload thread after each [`Reloaded`] message is sent.
    pub fn start(roots: &[PathBuf], wake: impl Fn() + Send + 'static) -> Result<Self, Error> {
        Self::start_with(roots, DEBOUNCE, wake)
    }

    /// [`BankWatcher::start`] with another debounce interval.
    pub fn start_with(
        roots: &[PathBuf],
        debounce: Duration,
        wake: impl Fn() + Send + 'static,
    ) -> Result<Self, Error> {
        let (control, changes) = mpsc::channel();
        let (reloaded_tx, reloaded) = mpsc::channel();
        let to_thread = control.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                if matches!(event.kind, EventKind::Access(_)) {
                    return;
                }
                to_thread.send(Message::Changed(event.paths)).ok();
            })
            .map_err(|source| Error::Watch {
                path: PathBuf::new(),
                source,
            })?;
        for root in roots {
            watcher
                .watch(root, RecursiveMode::Recursive)
                .map_err(|source| Error::Watch {
                    path: root.clone(),
                    source,
                })?;
        }
        let roots = roots.to_vec();
        let thread = std::thread::Builder::new()
            .name(THREAD_NAME.to_owned())
            .spawn(move || reload_loop(&roots, debounce, &changes, &reloaded_tx, &wake))
            .map_err(Error::Thread)?;
        Ok(Self {
            watcher: Some(watcher),
            control,
            thread: Some(thread),
            reloaded,
        })
    }

    /// The next reload that has arrived, if any (never blocks; call it once per frame).
    pub fn try_recv(&self) -> Option<Reloaded> {
        self.reloaded.try_recv().ok()
    }

    /// Waits up to `timeout` for the next reload.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Reloaded> {
        self.reloaded.recv_timeout(timeout).ok()
    }
}

impl Drop for BankWatcher {
    fn drop(&mut self) {
        // Stop the notifications first, then the thread (after the reload it may be doing).
        drop(self.watcher.take());
        self.control.send(Message::Stop).ok();
        if let Some(thread) = self.thread.take() {
            thread.join().ok();
        }
    }
}

/// The reload thread: waits for changes, lets them settle, reloads each changed bank.
fn reload_loop(
    roots: &[PathBuf],
    debounce: Duration,
    changes: &Receiver<Message>,
    out: &Sender<Reloaded>,
    wake: &dyn Fn(),
) {
    let mut known: BTreeSet<PathBuf> = roots.iter().flat_map(|r| banks_under(r)).collect();
    let forms = root_forms(roots);
    loop {
        let Ok(Message::Changed(first)) = changes.recv() else {
            return;
        };
        let mut dirty: BTreeSet<PathBuf> = BTreeSet::new();
        let mut note = |paths: Vec<PathBuf>| {
            dirty.extend(
                paths
                    .iter()
                    .filter_map(|p| bank_of(roots, &known, &as_given(&forms, p))),
            );
        };
        note(first);
        loop {
            match changes.recv_timeout(debounce) {
                Ok(Message::Changed(paths)) => note(paths),
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        for dir in dirty {
            // A bank folder that was removed or renamed away (an import's temporary folder, once
            // renamed to its place) has nothing to reload; the library keeps what it had.
            if !dir.join("bank.toml").is_file() {
                continue;
            }
            let loaded = load_or_report(&dir);
            known.insert(dir.clone());
            if out.send(Reloaded { dir, loaded }).is_err() {
                return;
            }
            wake();
        }
    }
}

/// Each root with the absolute forms notify may report its paths in (made absolute, and with
/// symbolic links resolved), so events can be mapped back to the root as the caller gave it.
fn root_forms(roots: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
    let mut forms = Vec::new();
    for root in roots {
        for abs in [std::path::absolute(root).ok(), root.canonicalize().ok()]
            .into_iter()
            .flatten()
        {
            forms.push((root.clone(), abs));
        }
    }
    forms
}

/// `path` (as notify reports it: absolute) under the root it belongs to, as the caller gave that
/// root (`./questions` stays relative), so reloads name the folders the library loaded.
fn as_given(forms: &[(PathBuf, PathBuf)], path: &Path) -> PathBuf {
    for (root, abs) in forms {
        if let Ok(rest) = path.strip_prefix(abs) {
            return if rest.as_os_str().is_empty() {
                root.clone()
            } else {
                root.join(rest)
            };
        }
    }
    path.to_path_buf()
}

/// Loads a bank folder; a folder that cannot be read gives a [`Loaded`] with one error.
pub fn load_or_report(dir: &Path) -> Loaded {
    load_dir(dir).unwrap_or_else(|e| Loaded {
        bank: None,
        diagnostics: vec![Diagnostic {
            path: dir.join("bank.toml"),
            line: 1,
            column: 1,
            severity: Severity::Error,
            message: e.to_string(),
        }],
    })
}

/// The bank folders under `root`: `root` itself when it holds `bank.toml`, else its sub-folders
/// that do.
fn banks_under(root: &Path) -> Vec<PathBuf> {
    if root.join("bank.toml").is_file() {
        return vec![root.to_path_buf()];
    }
    std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.join("bank.toml").is_file() && !is_hidden(p))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the folder's name starts with a dot: editors' and writers' temporary folders (an
/// import's `.ID.tmp-PID`), never banks.
fn is_hidden(dir: &Path) -> bool {
    dir.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The bank folder a changed `path` belongs to, if the change can matter: a `.toml` file in a bank
/// folder, or a bank folder itself (created, renamed or removed). Editor swap and backup files are
/// ignored.
fn bank_of(roots: &[PathBuf], known: &BTreeSet<PathBuf>, path: &Path) -> Option<PathBuf> {
    let is_toml = path.extension().is_some_and(|e| e == "toml");
    for root in roots {
        let Ok(rest) = path.strip_prefix(root) else {
            continue;
        };
        let mut parts = rest.components();
        let bank = if known.contains(root) || root.join("bank.toml").is_file() {
            root.clone()
        } else {
            let Some(first) = parts.next() else { continue };
            root.join(first)
        };
        let in_bank = path.parent() == Some(bank.as_path()) && is_toml;
        let is_bank_itself = path == bank;
        let known_bank = known.contains(&bank) || bank.join("bank.toml").is_file();
        if (in_bank || is_bank_itself) && known_bank && !is_hidden(&bank) {
            return Some(bank);
        }
    }
    None
}

/// What applying a load result did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new bank was added.
    Added(BankId),
    /// The bank replaced an earlier one (same id, or the earlier version from the same folder).
    Replaced(BankId),
    /// The bank has errors; the last good version loaded from the same folder stays.
    KeptLastGood(BankId),
    /// The bank has errors and no earlier version from that folder is loaded.
    NotLoaded,
}

/// The result of [`merge_loaded`].
#[derive(Debug)]
pub struct Merge {
    /// What happened to the list of banks.
    pub outcome: Outcome,
    /// The load's diagnostics (errors and warnings), for the Problems panel.
    pub diagnostics: Vec<Diagnostic>,
}

/// Merges a load result into `banks` with the loading policy: a bank without errors replaces the
/// bank with the same id (and `previous`, the id this folder's bank had before, when it changed),
/// or is added at the end; a bank with errors changes nothing, so the last good version stays.
pub fn merge_loaded(banks: &mut Vec<Bank>, previous: Option<&BankId>, loaded: Loaded) -> Merge {
    let Loaded { bank, diagnostics } = loaded;
    let outcome = match bank {
        Some(bank) => {
            let id = bank.id.clone();
            if let Some(old) = previous.filter(|old| **old != id) {
                banks.retain(|b| &b.id != old);
            }
            if let Some(slot) = banks.iter_mut().find(|b| b.id == id) {
                *slot = bank;
                Outcome::Replaced(id)
            } else {
                banks.push(bank);
                if previous.is_some() {
                    Outcome::Replaced(id)
                } else {
                    Outcome::Added(id)
                }
            }
        }
        None => match previous {
            Some(id) if banks.iter().any(|b| &b.id == id) => Outcome::KeptLastGood(id.clone()),
            _ => Outcome::NotLoaded,
        },
    };
    Merge {
        outcome,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_event_paths_map_back_to_a_relative_root() {
        let forms = vec![(
            PathBuf::from("questions"),
            PathBuf::from("/srv/course/questions"),
        )];
        assert_eq!(
            as_given(&forms, Path::new("/srv/course/questions/iskp/q.toml")),
            PathBuf::from("questions/iskp/q.toml")
        );
        assert_eq!(
            as_given(&forms, Path::new("/srv/course/questions")),
            PathBuf::from("questions")
        );
        assert_eq!(
            as_given(&forms, Path::new("/elsewhere/q.toml")),
            PathBuf::from("/elsewhere/q.toml")
        );
        let cwd = std::env::current_dir().unwrap();
        let forms = root_forms(&[PathBuf::from("src")]);
        assert!(forms.contains(&(PathBuf::from("src"), cwd.join("src"))));
    }

    #[test]
    fn only_toml_files_of_bank_folders_count() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        let bank_dir = root.join("one");
        std::fs::create_dir(&bank_dir).unwrap();
        std::fs::write(bank_dir.join("bank.toml"), "").unwrap();
        let known = BTreeSet::new();
        let roots = vec![root.clone()];
        assert_eq!(
            bank_of(&roots, &known, &bank_dir.join("q.toml")),
            Some(bank_dir.clone())
        );
        assert_eq!(bank_of(&roots, &known, &bank_dir.join(".q.toml.swp")), None);
        // A writer's hidden temporary bank folder next to the banks.
        let tmp_bank = root.join(".one.tmp-1");
        std::fs::create_dir(&tmp_bank).unwrap();
        std::fs::write(tmp_bank.join("bank.toml"), "").unwrap();
        assert_eq!(bank_of(&roots, &known, &tmp_bank.join("q.toml")), None);
        assert_eq!(bank_of(&roots, &known, &tmp_bank), None);
        assert_eq!(bank_of(&roots, &known, &bank_dir.join("4913")), None);
        assert_eq!(bank_of(&roots, &known, &root.join("other/q.toml")), None);
        assert_eq!(
            bank_of(&roots, &known, Path::new("/elsewhere/q.toml")),
            None
        );
        // A root that is itself a bank.
        let roots = vec![bank_dir.clone()];
        assert_eq!(
            bank_of(&roots, &known, &bank_dir.join("q.toml")),
            Some(bank_dir.clone())
        );
        assert_eq!(banks_under(&root), vec![bank_dir.clone()]);
        assert_eq!(banks_under(&bank_dir), vec![bank_dir]);
    }
}
