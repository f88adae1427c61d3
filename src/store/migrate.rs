//! Numbered schema migrations, applied in order; the version lives in `PRAGMA user_version`.
//!
//! Migration N (1-based) is `MIGRATIONS[N - 1]` and takes a database from version N - 1 to N.
//! Each runs in its own transaction together with its version bump, so a crash mid-upgrade leaves
//! the previous version intact. Never edit a released migration: add a new one.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::{Error, Result};

/// The migrations' SQL, in order.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("sql/001_initial.sql"),
    include_str!("sql/002_settings_indexes.sql"),
    include_str!("sql/003_progress_summaries.sql"),
    include_str!("sql/004_answer_counts.sql"),
    include_str!("sql/005_exams.sql"),
    include_str!("sql/006_lrs_outbox.sql"),
];

/// The newest schema version.
#[expect(
    clippy::cast_possible_truncation,
    reason = "a handful of migrations, checked by a test"
)]
pub(super) const LATEST: u32 = MIGRATIONS.len() as u32;

/// The schema version recorded in the file (0 for a new, empty database).
pub(super) fn user_version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Brings the database up to [`LATEST`], refusing a file from a newer build.
pub(super) fn migrate(conn: &Connection) -> Result<()> {
    migrate_to(conn, LATEST)
}

/// Applies the migrations after the file's version up to `target` (tests stop early to build
/// databases of earlier versions).
pub(super) fn migrate_to(conn: &Connection, target: u32) -> Result<()> {
    let found = user_version(conn)?;
    if found > LATEST {
        return Err(Error::TooNew {
            found,
            supported: LATEST,
        });
    }
    for (version, sql) in (1..=target)
        .zip(MIGRATIONS)
        .skip_while(|(v, _)| *v <= found)
    {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        // Another connection may have migrated while this one waited for the lock.
        if user_version(&tx)? >= version {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Mode, NewAnswer, ProfileId, Store};

    /// A database file at `version`, built with the migrations as they were at that version.
    fn database_at(path: &std::path::Path, version: u32) -> Connection {
        let conn = Connection::open(path).unwrap();
        migrate_to(&conn, version).unwrap();
        assert_eq!(user_version(&conn).unwrap(), version);
        conn
    }

    /// Inserts rows with plain SQL that every schema version since 1 accepts.
    fn insert_v1_rows(conn: &Connection) {
        conn.execute_batch(
            "INSERT INTO profiles (id, name, created_ms, last_used_ms) VALUES (1, 'Ada', 0, 5);
             INSERT INTO profiles (id, name, created_ms, last_used_ms) VALUES (2, 'Ben', 0, 9);
             INSERT INTO sessions (id, profile_id, mode, started_ms) VALUES (1, 1, 'practice', 0);
             INSERT INTO answers (session_id, profile_id, bank_id, bank_version, question_id,
                                  topic, kind, response_json, score, time_taken_ms, answered_ms)
             VALUES (1, 1, 'iskp', '1.0.0', 'q1', 'origins', 'single',
                     '{\"kind\":\"single\",\"value\":0}', 0.0, 1000, 86400000),
                    (1, 1, 'iskp', '1.0.0', 'q2', 'origins', 'single',
                     '{\"kind\":\"single\",\"value\":1}', 1.0, 2000, 86400001),
                    (1, 1, 'iskp', '1.0.0', 'q1', 'origins', 'single',
                     '{\"kind\":\"single\",\"value\":1}', 1.0, 3000, 172800000),
                    (1, 1, 'iskp', '1.0.0', 'q3', 'attacks', 'text',
                     '{\"kind\":\"text\",\"value\":\"x\"}', 0.0, 4000, 172800001);
             INSERT INTO review_states VALUES (1, 'iskp', 'q1', 2.5, 5.0, 100, 50, 1, 0, 2, 3);",
        )
        .unwrap();
    }

    #[test]
    fn migrations_are_numbered_consecutively() {
        assert_eq!(LATEST as usize, MIGRATIONS.len());
        const { assert!(LATEST >= 2, "at least one upgrade path is exercised") };
    }

    #[test]
    fn empty_file_migrates_to_latest() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST);
        assert!(store.profiles().unwrap().is_empty());
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn every_earlier_version_migrates_and_keeps_data() {
        for version in 1..LATEST {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.sqlite3");
            let conn = database_at(&path, version);
            insert_v1_rows(&conn);
            if version >= 4 {
                // A real file of version 4 or later keeps its summaries up to date with its
                // answers: build them as migration 4 does (from version 3, migration 4 itself
                // rebuilds them).
                let sql = MIGRATIONS[3];
                let rebuild = &sql[sql.find("DELETE FROM question_last").unwrap()..];
                conn.execute_batch(rebuild).unwrap();
            }
            drop(conn);

            let store = Store::open(&path).unwrap();
            assert_eq!(store.schema_version().unwrap(), LATEST, "from v{version}");
            let ada = ProfileId(1);
            let names: Vec<String> = store
                .profiles()
                .unwrap()
                .into_iter()
                .map(|p| p.name)
                .collect();
            assert_eq!(names, ["Ada", "Ben"], "from v{version}");
            assert_eq!(store.last_used_profile().unwrap().unwrap().name, "Ben");
            let answers = store.answers(ada).unwrap();
            assert_eq!(answers.len(), 4, "from v{version}");
            assert_eq!(
                answers[2].answer.response_json,
                r#"{"kind":"single","value":1}"#
            );
            // The summaries of version 3 are rebuilt from the old answers.
            assert_eq!(
                store.mistakes(ada).unwrap(),
                [("iskp".to_string(), "q3".to_string())],
                "from v{version}"
            );
            let days = store.daily_stats(ada).unwrap();
            assert_eq!(days.len(), 2);
            assert_eq!((days[0].day, days[0].answers), (1, 2));
            assert_eq!((days[1].day, days[1].mean_score), (2, 0.5));
            let topics = store.topic_stats(ada).unwrap();
            assert_eq!(topics.len(), 2);
            assert_eq!((topics[1].questions, topics[1].last_right), (2, 2));
            assert_eq!(store.review_states(ada).unwrap().len(), 1);
            // Version 4 counts the old answers per question.
            let counts = store.answer_counts(ada).unwrap();
            assert_eq!(
                counts
                    .iter()
                    .map(|c| (c.question_id.as_str(), c.answers))
                    .collect::<Vec<_>>(),
                [("q1", 2), ("q2", 1), ("q3", 1)],
                "from v{version}"
            );
            assert_eq!(store.answer_total(ada).unwrap(), 4, "from v{version}");

            // And the upgraded file takes new writes.
            store.set_setting("theme", "dark").unwrap();
            let session = store.start_session(ada, Mode::Review, 200_000_000).unwrap();
            store
                .record_answer(&NewAnswer {
                    session,
                    profile: ada,
                    bank_id: "iskp".into(),
                    bank_version: "1.1.0".into(),
                    question_id: "q3".into(),
                    topic: "attacks".into(),
                    kind: "text".into(),
                    response_json: r#"{"kind":"text","value":"y"}"#.into(),
                    score: 1.0,
                    time_taken_ms: 1,
                    answered_ms: 200_000_000,
                })
                .unwrap();
            assert!(store.mistakes(ada).unwrap().is_empty());
            // Version 4's exam attempts work on the upgraded file.
            store
                .start_attempt(&crate::store::NewAttempt {
                    id: "a1".into(),
                    profile: ada,
                    exam_code: "K7QD".into(),
                    form: None,
                    exam_json: "{}".into(),
                    started_ms: 1,
                    deadline_ms: 2,
                })
                .unwrap();
            assert_eq!(
                store.unfinished_attempt(ada).unwrap().unwrap().attempt.id,
                "a1"
            );
            store.delete_profile(ada).unwrap();
        }
    }

    #[test]
    fn newer_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        let conn = database_at(&path, LATEST);
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        drop(conn);
        let Err(Error::TooNew { found, supported }) = Store::open(&path) else {
            panic!("a newer schema must be refused");
        };
        assert_eq!((found, supported), (LATEST + 1, LATEST));
    }

    #[test]
    fn reopening_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap();
        let ada = store.create_profile("Ada", 1).unwrap();
        store.start_session(ada.id, Mode::Study, 2).unwrap();
        drop(store);
        let store = Store::open_in(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST);
        assert_eq!(store.profiles().unwrap(), [ada]);
    }
}
