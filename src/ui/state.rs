//! App state: the banks, the current screen and the session in progress.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui_commonmark::CommonMarkCache;

use super::draft::Draft;
use super::progress::ProgressData;
use crate::bank::{self, embedded};
use crate::engine::{Filter, Recall, Session, build_quiz};
use crate::model::{Bank, BankId};
use crate::store::{Mode, Profile, ProfileId, SessionId, Store};

/// Which screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Bank and topic choice.
    Home,
    /// A question (see [`Phase`]).
    Question,
    /// The end-of-quiz summary.
    Results,
    /// The glossary.
    Glossary,
    /// The timeline of events.
    Timeline,
    /// Learner profiles.
    Profiles,
    /// Progress charts.
    Progress,
}

/// Where the learner is within one question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// A content warning is showing; the question follows after "Continue".
    Warning,
    /// Answering.
    Answering,
    /// The answer was graded; feedback is showing.
    Feedback,
}

/// What a screen asks the app to do. Applied once per frame by [`super::app_ui`].
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Build a quiz from the home form and start it.
    Start,
    /// Leave the content warning and show the question.
    ContinueWarning,
    /// Grade the current draft.
    Submit,
    /// Go to the next question (or the results).
    Next,
    /// Start a new quiz of the questions missed.
    RetryMissed,
    /// Return to the home screen.
    BackToStart,
    /// Show a screen (glossary, timeline, home).
    Show(Screen),
    /// Practise the questions linked to a timeline event.
    PractiseEvent(BankId, String),
    /// Quiz the questions last answered wrong or partly right.
    ReviewMistakes,
    /// Study the questions due for spaced repetition (and new ones).
    Study,
    /// Continue after rating recall in study mode.
    Rate(Recall),
    /// Practise these topics.
    PractiseTopics(Vec<String>),
    /// Create a learner.
    CreateProfile(String),
    /// Rename a learner.
    RenameProfile(ProfileId, String),
    /// Ask to delete a learner (a confirmation follows).
    AskDeleteProfile(ProfileId),
    /// Delete a learner, confirmed.
    DeleteProfile(ProfileId),
    /// Cancel a pending deletion.
    CancelDelete,
    /// Switch to a learner.
    SwitchProfile(ProfileId),
    /// Set the desired retention for study mode.
    SetRetention(f64),
    /// Write the current learner's answers to a file in the export folder.
    ExportResults(crate::interchange::results::Format),
}

/// The home screen's choices.
#[derive(Clone, Debug, Default)]
pub struct HomeForm {
    /// Banks ticked.
    pub banks: BTreeSet<BankId>,
    /// Topics ticked (empty: all).
    pub topics: BTreeSet<String>,
    /// Difficulty levels ticked.
    pub difficulties: BTreeSet<u8>,
    /// Number of questions.
    pub count: usize,
}

/// Everything the app knows.
pub struct AppState {
    /// Loaded banks (those without errors), sorted by title.
    pub banks: Vec<Bank>,
    /// Problems found while loading banks, one line each.
    pub load_problems: Vec<String>,
    /// Current screen.
    pub screen: Screen,
    /// Home form.
    pub home: HomeForm,
    /// The session in progress, if any.
    pub session: Option<Session>,
    /// Phase within the current question.
    pub phase: Phase,
    /// The answer being composed.
    pub draft: Draft,
    /// `egui` time (seconds) when the current question was shown.
    pub shown_at: f64,
    /// Seed for the next quiz; advanced on each start.
    pub seed: u64,
    /// Markdown render cache.
    pub markdown: CommonMarkCache,
    /// Set when feedback first shows, so the panel scrolls into view once.
    pub scroll_to_feedback: bool,
    /// Timeline filter text.
    pub timeline_filter: String,
    /// Glossary filter text.
    pub glossary_filter: String,
    /// The progress database, when it could be opened.
    pub store: Option<Store>,
    /// The current learner.
    pub profile: Option<Profile>,
    /// The last problem with the progress database, shown in the top bar.
    pub store_note: Option<String>,
    /// What the current session is for.
    pub mode: Mode,
    /// The current session's row in the store.
    pub store_session: Option<SessionId>,
    /// Study mode: the rating picked for the current answer (defaults to the one the score implies).
    pub rating: Option<Recall>,
    /// Study mode: the desired retention (0.7..0.99).
    pub retention: f64,
    /// Questions due per bank (refreshed on the start page).
    pub due: std::collections::BTreeMap<String, usize>,
    /// Questions to review: (bank, question) of the last mistakes still in a loaded bank.
    pub mistakes: Vec<(String, String)>,
    /// Progress figures, computed when the progress screen opens.
    pub progress: Option<ProgressData>,
    /// Profile screen: every learner, re-read after each command.
    pub profiles: Vec<Profile>,
    /// Profile screen: the name typed for a new learner.
    pub new_profile_name: String,
    /// Profile screen: the new name typed for the current learner.
    pub rename_to: String,
    /// Profile screen: the learner whose deletion waits for confirmation.
    pub confirm_delete: Option<ProfileId>,
    /// A fixed clock for tests (ms since the epoch); the system clock otherwise.
    pub fake_now_ms: Option<i64>,
    /// Progress screen: the folder results are exported to.
    pub export_dir: String,
    /// Progress screen: what the last export did.
    pub export_note: Option<String>,
}

/// The user's documents folder (or home folder) for exports.
fn default_export_dir() -> String {
    directories::UserDirs::new().map_or_else(
        || ".".to_owned(),
        |d| {
            d.document_dir()
                .unwrap_or_else(|| d.home_dir())
                .display()
                .to_string()
        },
    )
}

/// The setting key for the desired retention.
const RETENTION_KEY: &str = "desired_retention";

impl AppState {
    /// State over `banks`, with quizzes seeded from `seed`.
    pub fn new(banks: Vec<Bank>, load_problems: Vec<String>, seed: u64) -> Self {
        let mut banks = banks;
        banks.sort_by(|a, b| a.title.cmp(&b.title));
        let home = HomeForm {
            banks: banks.iter().map(|b| b.id.clone()).collect(),
            topics: BTreeSet::new(),
            difficulties: [1, 2, 3].into(),
            count: 10,
        };
        Self {
            banks,
            load_problems,
            screen: Screen::Home,
            home,
            session: None,
            phase: Phase::Answering,
            draft: Draft::default(),
            shown_at: 0.0,
            seed,
            markdown: CommonMarkCache::default(),
            scroll_to_feedback: false,
            timeline_filter: String::new(),
            glossary_filter: String::new(),
            store: None,
            profile: None,
            store_note: None,
            mode: Mode::Practice,
            store_session: None,
            rating: None,
            retention: 0.9,
            due: std::collections::BTreeMap::new(),
            mistakes: Vec::new(),
            progress: None,
            profiles: Vec::new(),
            new_profile_name: String::new(),
            rename_to: String::new(),
            confirm_delete: None,
            fake_now_ms: None,
            export_dir: default_export_dir(),
            export_note: None,
        }
    }

    /// Attaches a progress store: opens the last learner (creating a first one when there is
    /// none) and reads the settings.
    #[must_use]
    pub fn with_store(mut self, store: Store) -> Self {
        let now = self.now_ms();
        let result = (|| -> crate::store::Result<()> {
            let profile = match store.last_used_profile()? {
                Some(p) => p,
                None => store.create_profile("Learner 1", now)?,
            };
            store.touch_profile(profile.id, now)?;
            if let Some(r) = store
                .setting(RETENTION_KEY)?
                .and_then(|v| v.parse::<f64>().ok())
            {
                self.retention = r.clamp(0.7, 0.99);
            }
            self.rename_to.clone_from(&profile.name);
            self.profile = Some(profile);
            Ok(())
        })();
        if let Err(e) = result {
            self.store_note = Some(format!("Progress is not saved: {e}"));
        }
        self.store = Some(store);
        self.refresh_counts();
        self.refresh_profiles();
        self
    }

    /// Milliseconds since the epoch, from the fake clock in tests.
    pub fn now_ms(&self) -> i64 {
        self.fake_now_ms.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        })
    }

    /// The end of the learner's current day (local midnight), in ms since the epoch: questions
    /// due before then count as "due today", as in Anki.
    pub fn end_of_today_ms(&self) -> i64 {
        use chrono::{Local, TimeZone as _};
        let now = self.now_ms();
        Local
            .timestamp_millis_opt(now)
            .single()
            .and_then(|t| t.date_naive().succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|midnight| Local.from_local_datetime(&midnight).earliest())
            .map_or(now, |t| t.timestamp_millis())
    }

    /// Runs a store operation for the current learner; a failure is shown, not fatal.
    pub fn with_learner<T>(
        &mut self,
        op: impl FnOnce(&Store, &Profile) -> crate::store::Result<T>,
    ) -> Option<T> {
        let (Some(store), Some(profile)) = (&self.store, &self.profile) else {
            return None;
        };
        match op(store, profile) {
            Ok(v) => Some(v),
            Err(e) => {
                self.store_note = Some(format!("Progress could not be saved: {e}"));
                None
            }
        }
    }

    /// Re-reads the list of learners.
    pub fn refresh_profiles(&mut self) {
        self.profiles = self.with_learner(|s, _| s.profiles()).unwrap_or_default();
    }

    /// Re-reads the due counts and the mistakes list for the start page.
    pub fn refresh_counts(&mut self) {
        let now = self.end_of_today_ms();
        self.due = self
            .with_learner(|s, p| s.due_counts(p.id, now))
            .unwrap_or_default();
        let mistakes = self
            .with_learner(|s, p| s.mistakes(p.id))
            .unwrap_or_default();
        self.mistakes = mistakes
            .into_iter()
            .filter(|(bank, question)| self.find_question(bank, question).is_some())
            .collect();
    }

    /// The question `question` of bank `bank`, when it is loaded.
    pub fn find_question(
        &self,
        bank: &str,
        question: &str,
    ) -> Option<(&Bank, &crate::model::Question)> {
        let b = self.banks.iter().find(|b| b.id.0 == bank)?;
        let q = b.questions.iter().find(|q| q.id.0 == question)?;
        Some((b, q))
    }

    /// Stores the desired retention.
    pub fn set_retention(&mut self, retention: f64) {
        self.retention = retention.clamp(0.7, 0.99);
        let value = self.retention.to_string();
        if let Some(store) = &self.store
            && let Err(e) = store.set_setting(RETENTION_KEY, &value)
        {
            self.store_note = Some(format!("Setting not saved: {e}"));
        }
    }

    /// Loads the built-in banks, then `./questions` (when present), then `extra` folders; a
    /// later bank with the same id replaces an earlier one.
    pub fn load(extra: &[PathBuf], seed: u64) -> Self {
        let mut banks: Vec<Bank> = Vec::new();
        let mut problems = Vec::new();
        let mut add = |loaded: bank::Loaded, problems: &mut Vec<String>| {
            for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
                problems.push(d.to_string());
            }
            if let Some(b) = loaded.bank {
                banks.retain(|old| old.id != b.id);
                banks.push(b);
            }
        };
        for loaded in embedded::load_builtin() {
            add(loaded, &mut problems);
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
                            Ok(loaded) => add(loaded, &mut problems),
                            Err(e) => problems.push(e.to_string()),
                        }
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
        Self::new(banks, problems, seed)
    }

    /// The bank with this id.
    pub fn bank(&self, id: &BankId) -> Option<&Bank> {
        self.banks.iter().find(|b| &b.id == id)
    }

    /// The quiz filter the home form describes.
    pub fn filter(&self) -> Filter {
        Filter {
            banks: self.home.banks.clone(),
            topics: self.home.topics.clone(),
            difficulties: self.home.difficulties.clone(),
            kinds: BTreeSet::new(),
            count: Some(self.home.count.max(1)),
        }
    }

    /// How many questions the home form's filter matches (before the count limit).
    pub fn matching_count(&self) -> usize {
        let filter = Filter {
            count: None,
            ..self.filter()
        };
        self.banks
            .iter()
            .flat_map(|b| b.questions.iter().map(move |q| (b, q)))
            .filter(|(b, q)| filter.accepts(b, q))
            .count()
    }

    /// Starts a practice session on a quiz built from the home form.
    pub fn start_quiz(&mut self, now: f64) {
        let quiz = build_quiz(&self.banks, &self.filter(), self.seed);
        self.seed = self.seed.wrapping_add(1);
        self.begin(Session::new(quiz), Mode::Practice, now);
    }

    /// Shows the first question of `session`, recording the session for the current learner.
    pub fn begin(&mut self, session: Session, mode: Mode, now: f64) {
        let now_ms = self.now_ms();
        if let Some(old) = self.store_session.take() {
            self.with_learner(|s, _| s.finish_session(old, now_ms));
        }
        self.store_session = self.with_learner(|s, p| s.start_session(p.id, mode, now_ms));
        self.mode = mode;
        self.session = Some(session);
        self.screen = Screen::Question;
        self.enter_question(now);
    }

    /// Resets the per-question state for the session's current question.
    pub fn enter_question(&mut self, now: f64) {
        let Some(item) = self.session.as_ref().and_then(|s| s.current()) else {
            self.screen = Screen::Results;
            return;
        };
        self.draft = Draft::for_item(item);
        self.rating = None;
        self.phase = if item.question.content_warning.is_some() {
            Phase::Warning
        } else {
            Phase::Answering
        };
        self.shown_at = now;
    }
}
