//! App state: the banks, the current screen and the session in progress.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui_commonmark::CommonMarkCache;

use super::draft::Draft;
use crate::bank::{self, embedded};
use crate::engine::{Filter, Session, build_quiz};
use crate::model::{Bank, BankId};

/// Which screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

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

    /// Starts a session on a quiz built from the home form.
    pub fn start_quiz(&mut self, now: f64) {
        let quiz = build_quiz(&self.banks, &self.filter(), self.seed);
        self.seed = self.seed.wrapping_add(1);
        self.begin(Session::new(quiz), now);
    }

    /// Shows the first question of `session`.
    pub fn begin(&mut self, session: Session, now: f64) {
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
        self.phase = if item.question.content_warning.is_some() {
            Phase::Warning
        } else {
            Phase::Answering
        };
        self.shown_at = now;
    }
}
