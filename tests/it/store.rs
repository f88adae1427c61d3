//! The progress store against real processes: answers survive SIGKILL of the writer.

use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use counterpoint::store::Store;

/// Answers the writer must report in each round before it is killed.
const REPORTED_PER_ROUND: usize = 200;

/// Runs `counterpoint store-selftest-writer`, which commits answers one by one and prints each id
/// after its commit, kills it with SIGKILL mid-run, and checks that every reported id is in the
/// reopened database, that the summaries agree with the answers and that `SQLite` finds the file
/// intact. Three rounds on the same folder, so a later writer also recovers an earlier one's WAL.
#[test]
fn killed_writer_loses_no_committed_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut reported: Vec<i64> = Vec::new();
    for round in 0..3 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_counterpoint"))
            .arg("store-selftest-writer")
            .arg("--data-dir")
            .arg(dir.path())
            .env_remove(counterpoint::store::DATA_DIR_ENV)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for _ in 0..REPORTED_PER_ROUND {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("round {round}: the writer stopped early"))
                .unwrap();
            reported.push(line.parse().unwrap());
        }
        // `kill` sends SIGKILL on Unix: no destructors, no SQLite shutdown, usually mid-commit.
        child.kill().unwrap();
        // Ids printed before the signal landed were committed too.
        for line in lines.map_while(Result::ok) {
            reported.push(line.parse().unwrap());
        }
        let status = child.wait().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt as _;
            assert_eq!(status.signal(), Some(9), "round {round}: {status:?}");
        }
        #[cfg(not(unix))]
        assert!(!status.success());

        let db = Store::path_in(dir.path());
        let conn = rusqlite::Connection::open(&db).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        drop(conn);

        let store = Store::open_in(dir.path()).unwrap();
        let profile = store.profile_by_name("selftest").unwrap().unwrap();
        let stored: BTreeSet<i64> = store
            .answers(profile.id)
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        let missing: Vec<&i64> = reported.iter().filter(|id| !stored.contains(id)).collect();
        assert!(
            missing.is_empty(),
            "round {round}: {} of {} reported answers missing, e.g. {:?}",
            missing.len(),
            reported.len(),
            &missing[..missing.len().min(5)]
        );
        // At most the one answer whose id was never printed may be extra.
        assert!(stored.len() <= reported.len() + 1, "round {round}");
        // The summaries were committed with each answer, never without it.
        let per_day: usize = store
            .daily_stats(profile.id)
            .unwrap()
            .iter()
            .map(|d| d.answers)
            .sum();
        assert_eq!(per_day, stored.len(), "round {round}");
    }
}
