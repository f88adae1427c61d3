//! The local progress store: SQLite (bundled) in the per-user data directory.
//!
//! Every write that belongs together runs in one transaction; each answer is committed on its own
//! as it is given (WAL mode), so killing the app loses nothing already answered. Time comes in as
//! milliseconds since the Unix epoch (`now_ms`), never read from a clock here.
//!
//! TODO(#4): the bodies below are being implemented; the signatures are the contract the UI uses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite reported an error.
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
    /// FSRS stability, days.
    pub stability: f64,
    /// FSRS difficulty, 1..10.
    pub difficulty: f64,
    /// Next due time, ms since the epoch.
    pub due_ms: i64,
    /// Last review, ms since the epoch.
    pub last_review_ms: i64,
    /// Reviews so far.
    pub reps: u32,
    /// Times forgotten.
    pub lapses: u32,
    /// FSRS card state: 0 new, 1 learning, 2 review, 3 relearning.
    pub state: u8,
    /// Days scheduled at the last review.
    pub scheduled_days: i64,
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

impl Store {
    /// The data directory: `override_dir`, else `$COUNTERPOINT_DATA_DIR`, else the platform's
    /// per-user data directory (the `directories` crate convention).
    pub fn data_dir(override_dir: Option<&Path>) -> PathBuf {
        todo!("#4 {override_dir:?}")
    }

    /// Opens (creating and migrating) the database file `counterpoint.sqlite3` in `dir`.
    pub fn open_in(dir: &Path) -> Result<Self> {
        todo!("#4 {dir:?}")
    }

    /// Opens (creating and migrating) the database at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        todo!("#4 {path:?}")
    }

    /// A fresh in-memory database (tests).
    pub fn open_in_memory() -> Result<Self> {
        todo!("#4")
    }

    /// The schema version in use.
    pub fn schema_version(&self) -> Result<u32> {
        todo!("#4")
    }

    /// All profiles, by name.
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        todo!("#4")
    }

    /// Creates a profile; names are unique and trimmed.
    pub fn create_profile(&self, name: &str, now_ms: i64) -> Result<Profile> {
        todo!("#4 {name} {now_ms}")
    }

    /// Renames a profile.
    pub fn rename_profile(&self, id: ProfileId, name: &str) -> Result<()> {
        todo!("#4 {id:?} {name}")
    }

    /// Deletes a profile and all its sessions, answers and review state (one transaction).
    pub fn delete_profile(&self, id: ProfileId) -> Result<()> {
        todo!("#4 {id:?}")
    }

    /// Marks a profile as used now (it opens by default next time).
    pub fn touch_profile(&self, id: ProfileId, now_ms: i64) -> Result<()> {
        todo!("#4 {id:?} {now_ms}")
    }

    /// The most recently used profile.
    pub fn last_used_profile(&self) -> Result<Option<Profile>> {
        todo!("#4")
    }

    /// Starts a session.
    pub fn start_session(&self, profile: ProfileId, mode: Mode, now_ms: i64) -> Result<SessionId> {
        todo!("#4 {profile:?} {mode:?} {now_ms}")
    }

    /// Marks a session finished.
    pub fn finish_session(&self, session: SessionId, now_ms: i64) -> Result<()> {
        todo!("#4 {session:?} {now_ms}")
    }

    /// Records one answer in its own transaction.
    pub fn record_answer(&self, answer: &NewAnswer) -> Result<i64> {
        todo!("#4 {answer:?}")
    }

    /// Every answer of a profile, oldest first.
    pub fn answers(&self, profile: ProfileId) -> Result<Vec<AnswerRecord>> {
        todo!("#4 {profile:?}")
    }

    /// Questions whose most recent answer by this profile was not fully right: (bank, question).
    pub fn mistakes(&self, profile: ProfileId) -> Result<Vec<(String, String)>> {
        todo!("#4 {profile:?}")
    }

    /// Review state of one question.
    pub fn review_state(
        &self,
        profile: ProfileId,
        bank_id: &str,
        question_id: &str,
    ) -> Result<Option<ReviewState>> {
        todo!("#4 {profile:?} {bank_id} {question_id}")
    }

    /// Stores (inserts or replaces) the review state of one question.
    pub fn set_review_state(&self, profile: ProfileId, state: &ReviewState) -> Result<()> {
        todo!("#4 {profile:?} {state:?}")
    }

    /// Records an answer and the new review state together, in one transaction (study mode).
    pub fn record_review(&self, answer: &NewAnswer, state: &ReviewState) -> Result<i64> {
        todo!("#4 {answer:?} {state:?}")
    }

    /// All review states of a profile.
    pub fn review_states(&self, profile: ProfileId) -> Result<Vec<ReviewState>> {
        todo!("#4 {profile:?}")
    }

    /// Per bank, how many questions with a review state are due at `now_ms`.
    pub fn due_counts(&self, profile: ProfileId, now_ms: i64) -> Result<BTreeMap<String, usize>> {
        todo!("#4 {profile:?} {now_ms}")
    }

    /// Answers per day (UTC) and their mean score, oldest first.
    pub fn daily_stats(&self, profile: ProfileId) -> Result<Vec<DayStat>> {
        todo!("#4 {profile:?}")
    }

    /// Per topic: distinct questions answered and how many were right on their last answer.
    pub fn topic_stats(&self, profile: ProfileId) -> Result<Vec<TopicStat>> {
        todo!("#4 {profile:?}")
    }

    /// A stored setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        todo!("#4 {key}")
    }

    /// Stores a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        todo!("#4 {key} {value}")
    }
}
