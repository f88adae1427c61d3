//! Live reload, library side: a watched bank folder is reloaded after an edit, a broken edit
//! keeps the last good bank, and fixing it loads the new version.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use counterpoint::app::Library;
use counterpoint::bank::watch::{BankWatcher, Outcome, Reloaded, THREAD_NAME};
use counterpoint::model::BankId;

const BANK: &str = r#"id = "live"
title = "Live"
description = "A bank for the watcher test."
language = "en"
version = "1"
authors = ["Tests"]
license = "CC0-1.0"
"#;

const SOURCES: &str = r#"[[source]]
id = "s1"
citation = "A source."
"#;

fn question(prompt: &str) -> String {
    format!(
        r#"[[question]]
id = "q1"
topic = "T"
difficulty = 1
kind = "true_false"
prompt = "{prompt}"
answer = true
explanation = "Because."
sources = ["s1"]
"#
    )
}

/// Waits up to 2 s for a reload of `dir` that satisfies `done`.
fn wait_for(watcher: &BankWatcher, dir: &Path, done: impl Fn(&Reloaded) -> bool) -> Reloaded {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let reloaded = watcher
            .recv_timeout(left)
            .unwrap_or_else(|| panic!("no matching reload of {} within 2 s", dir.display()));
        assert_eq!(reloaded.dir, dir);
        if done(&reloaded) {
            return reloaded;
        }
    }
}

fn prompt_of(r: &Reloaded) -> Option<&str> {
    r.loaded
        .bank
        .as_ref()
        .and_then(|b| b.questions.first())
        .map(|q| q.prompt.as_str())
}

#[test]
fn edits_reload_and_errors_keep_the_last_good_bank() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder of banks, as `./questions` is.
    let root = tmp.path().join("questions");
    let dir = root.join("live");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bank.toml"), BANK).unwrap();
    std::fs::write(dir.join("sources.toml"), SOURCES).unwrap();
    std::fs::write(dir.join("q.toml"), question("Old prompt")).unwrap();

    let mut library = Library::default();
    library.apply(&dir, counterpoint::bank::load_dir(&dir).unwrap());
    assert_eq!(library.banks.len(), 1);

    let wakes = Arc::new(AtomicUsize::new(0));
    let thread_names = Arc::new(std::sync::Mutex::new(Vec::new()));
    let watcher = {
        let wakes = Arc::clone(&wakes);
        let names = Arc::clone(&thread_names);
        BankWatcher::start(std::slice::from_ref(&root), move || {
            wakes.fetch_add(1, Ordering::SeqCst);
            let name = std::thread::current().name().map(str::to_owned);
            names.lock().unwrap().push(name);
        })
        .unwrap()
    };

    // 1. Edit the prompt: the new text arrives.
    std::fs::write(dir.join("q.toml"), question("New prompt")).unwrap();
    let reloaded = wait_for(&watcher, &dir, |r| prompt_of(r) == Some("New prompt"));
    let outcome = library.apply(&reloaded.dir, reloaded.loaded);
    assert_eq!(outcome, Outcome::Replaced(BankId("live".into())));
    assert!(library.problems().is_empty());
    assert_eq!(library.banks[0].questions[0].prompt, "New prompt");
    // `wake` runs just after the message is sent, so give it a moment.
    let deadline = Instant::now() + Duration::from_secs(5);
    while thread_names.lock().unwrap().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(wakes.load(Ordering::SeqCst) >= 1);
    // The reload ran on the named thread, not on this one.
    assert!(
        thread_names
            .lock()
            .unwrap()
            .iter()
            .all(|n| n.as_deref() == Some(THREAD_NAME))
    );

    // 2. Break it: diagnostics with a position, and the last good bank stays.
    std::fs::write(
        dir.join("q.toml"),
        question("Broken").replace("difficulty = 1", "difficulty = \"one\""),
    )
    .unwrap();
    let reloaded = wait_for(&watcher, &dir, |r| r.loaded.error_count() > 0);
    let outcome = library.apply(&reloaded.dir, reloaded.loaded);
    assert_eq!(outcome, Outcome::KeptLastGood(BankId("live".into())));
    let shown: Vec<String> = library.problems().iter().map(ToString::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|d| d
                .ends_with("q.toml:4:14: error: `difficulty` must be an integer, found a string")),
        "{shown:?}"
    );
    assert_eq!(library.banks[0].questions[0].prompt, "New prompt");
    assert_eq!(library.error_count(), 1);

    // 3. Fix it: the problem disappears and the fixed text is loaded.
    std::fs::write(dir.join("q.toml"), question("Fixed prompt")).unwrap();
    let reloaded = wait_for(&watcher, &dir, |r| prompt_of(r) == Some("Fixed prompt"));
    let outcome = library.apply(&reloaded.dir, reloaded.loaded);
    assert_eq!(outcome, Outcome::Replaced(BankId("live".into())));
    assert_eq!(library.error_count(), 0);
    assert_eq!(library.banks[0].questions[0].prompt, "Fixed prompt");

    // Editor leftovers next to the bank do not trigger reloads.
    while watcher.recv_timeout(Duration::from_millis(500)).is_some() {}
    std::fs::write(dir.join(".q.toml.swp"), "x").unwrap();
    assert!(watcher.recv_timeout(Duration::from_millis(600)).is_none());
    drop(watcher);
}
