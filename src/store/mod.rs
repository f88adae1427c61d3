//! The local progress store: `SQLite` (bundled) in the per-user data directory.
//!
//! Every write that belongs together runs in one transaction; each answer is committed on its own
//! as it is given (WAL mode), so killing the app loses nothing already answered. Time comes in as
//! milliseconds since the Unix epoch (`now_ms`), never read from a clock here.
//!
//! The methods of [`Store`] are grouped by concept: `profile.rs` (learners), `answer.rs` (sessions
//! and answers), `review.rs` (spaced-repetition state), `progress.rs` (the progress screen's
//! queries), `settings.rs`; `migrate.rs` holds the numbered schema migrations. SQL lives in `sql/`.
//!
//! ```
//! use counterpoint::store::{Mode, NewAnswer, Store};
//!
//! let store = Store::open_in_memory()?;
//! let ada = store.create_profile("Ada", 1_700_000_000_000)?;
//! let session = store.start_session(ada.id, Mode::Practice, 1_700_000_000_000)?;
//! store.record_answer(&NewAnswer {
//!     session,
//!     profile: ada.id,
//!     bank_id: "iskp".into(),
//!     bank_version: "1.0.0".into(),
//!     question_id: "origins-1".into(),
//!     topic: "origins".into(),
//!     kind: "single".into(),
//!     response_json: r#"{"kind":"single","value":2}"#.into(),
//!     score: 0.0,
//!     time_taken_ms: 9_500,
//!     answered_ms: 1_700_000_009_500,
//! })?;
//! assert_eq!(store.mistakes(ada.id)?, [("iskp".to_string(), "origins-1".to_string())]);
//! # Ok::<(), counterpoint::store::Error>(())
//! ```

mod answer;
mod attempt;
mod migrate;
mod outbox;
mod profile;
mod progress;
mod review;
mod settings;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::engine::RIGHT_SCORE;

pub use attempt::{AttemptAnswer, NewAttempt, StoredAttempt};

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `SQLite` reported an error.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The data directory could not be created.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A profile with this name exists already.
    #[error("a learner called \"{0}\" exists already")]
    DuplicateProfile(String),
    /// Profile names must not be empty.
    #[error("a learner's name must not be empty")]
    EmptyName,
    /// The database was written by a newer Counterpoint.
    #[error("the progress database has schema version {found}, newer than this app's {supported}")]
    TooNew {
        /// Version in the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
}

/// Result with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A learner profile's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProfileId(pub i64);

/// A quiz session's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionId(pub i64);

/// A learner on this machine (no password: a local course tool).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Id.
    pub id: ProfileId,
    /// Display name, unique.
    pub name: String,
    /// When created (ms since the epoch).
    pub created_ms: i64,
    /// When last opened (ms since the epoch).
    pub last_used_ms: i64,
}

/// What kind of session answers belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Practice with immediate feedback.
    Practice,
    /// Review of earlier mistakes.
    Review,
    /// Spaced-repetition study.
    Study,
}

impl Mode {
    /// Name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Practice => "practice",
            Self::Review => "review",
            Self::Study => "study",
        }
    }
}

/// One answer to record.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAnswer {
    /// Session it belongs to.
    pub session: SessionId,
    /// Learner.
    pub profile: ProfileId,
    /// Bank id.
    pub bank_id: String,
    /// Bank version at the time.
    pub bank_version: String,
    /// Question id.
    pub question_id: String,
    /// Question topic at the time (so progress works even after the bank changes).
    pub topic: String,
    /// Question kind name.
    pub kind: String,
    /// The response as JSON (`engine::Response` serialised).
    pub response_json: String,
    /// Score in 0..1.
    pub score: f64,
    /// Time taken, ms.
    pub time_taken_ms: i64,
    /// When answered, ms since the epoch.
    pub answered_ms: i64,
}

/// A stored answer.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerRecord {
    /// Row id.
    pub id: i64,
    /// The answer as recorded.
    pub answer: NewAnswer,
}

/// Spaced-repetition state of one question for one learner (FSRS memory state).
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewState {
    /// Bank id.
    pub bank_id: String,
    /// Question id.
    pub question_id: String,
    /// The scheduler's memory state (stability, difficulty, due time, ...).
    pub memory: crate::engine::Memory,
}

/// Answers and mean score on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct DayStat {
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    /// Answers given.
    pub answers: usize,
    /// Mean score of those answers.
    pub mean_score: f64,
}

/// How often one learner answered one question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerCount {
    /// Bank id.
    pub bank_id: String,
    /// Question id.
    pub question_id: String,
    /// Answers given to it.
    pub answers: usize,
}

/// Per-topic mastery: share of questions whose last answer was right.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicStat {
    /// Topic.
    pub topic: String,
    /// Distinct questions answered.
    pub questions: usize,
    /// Of those, how many were right on their last answer.
    pub last_right: usize,
}

/// The open database.
pub struct Store {
    conn: rusqlite::Connection,
}

/// Environment variable that overrides the data directory (used by tests).
pub const DATA_DIR_ENV: &str = "COUNTERPOINT_DATA_DIR";

/// The database's file name inside the data directory.
pub const FILE_NAME: &str = "counterpoint.sqlite3";

/// The newest schema version this build knows (the number of migrations in `sql/`).
pub const SCHEMA_VERSION: u32 = migrate::LATEST;

/// How long a write waits for another connection (a second window of the app) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// WAL size (pages of 4 KiB) at which a commit checkpoints by itself. `SQLite`'s default, 1,000
/// pages, made every ~170th answer pay a checkpoint and pushed the insert p99 past 5 ms
/// (docs/performance.md); [`Store::finish_session`] checkpoints instead, and this bound (about
/// 40 MB, some 1,700 answers) only matters if sessions are never finished.
const WAL_AUTOCHECKPOINT_PAGES: u32 = 10_000;

impl Store {
    /// The data directory: `override_dir`, else `$COUNTERPOINT_DATA_DIR`, else the platform's
    /// per-user data directory (the `directories` crate convention).
    ///
    /// If the platform has no home directory, falls back to `counterpoint-data` in the working
    /// directory rather than failing: the app still works and the data stays findable.
    pub fn data_dir(override_dir: Option<&Path>) -> PathBuf {
        if let Some(dir) = override_dir {
            return dir.to_path_buf();
        }
        if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
            return PathBuf::from(dir);
        }
        directories::ProjectDirs::from("org", "Counterpoint", "Counterpoint").map_or_else(
            || PathBuf::from("counterpoint-data"),
            |dirs| dirs.data_dir().to_path_buf(),
        )
    }

    /// The database file in `dir`.
    pub fn path_in(dir: &Path) -> PathBuf {
        dir.join(FILE_NAME)
    }

    /// Opens (creating and migrating) the database file `counterpoint.sqlite3` in `dir`.
    pub fn open_in(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Self::open(&Self::path_in(dir))
    }

    /// Opens (creating and migrating) the database at `path`.
    ///
    /// The connection runs in WAL mode with `synchronous = NORMAL`: a commit is on disk in the
    /// write-ahead log before `record_answer` returns, so killing the app loses nothing already
    /// answered and the file is never corrupted; only a power cut or OS crash can roll back the
    /// last few commits. `FULL` would add an fsync per answer (docs/performance.md has the cost).
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)?;
        Self::set_up(conn)
    }

    /// The database file (`None` for a database in memory).
    pub fn path(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }

    /// A fresh in-memory database (tests).
    pub fn open_in_memory() -> Result<Self> {
        Self::set_up(Connection::open_in_memory()?)
    }

    fn set_up(conn: Connection) -> Result<Self> {
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        migrate::migrate(&conn)?;
        Ok(Self { conn })
    }

    /// The schema version in use.
    pub fn schema_version(&self) -> Result<u32> {
        migrate::user_version(&self.conn)
    }

    /// Copies committed writes from the write-ahead log into the database file, so the log
    /// stays small. [`Store::finish_session`] calls it; the app may also call it when idle. It
    /// does not wait for readers and changes nothing about what is committed.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row(include_str!("sql/checkpoint.sql"), [], |_| Ok(()))?;
        Ok(())
    }

    /// Runs `f` in one write transaction, committed if `f` succeeds and rolled back otherwise.
    ///
    /// `IMMEDIATE` takes the write lock up front, so a second connection waits (busy timeout)
    /// instead of failing half-way when it tries to upgrade a read lock.
    fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// Reads a count column (`usize` has no `FromSql` without rusqlite's `fallible_uint` feature).
fn count_at(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<usize> {
    let n: i64 = row.get(idx)?;
    usize::try_from(n).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(idx, n))
}
