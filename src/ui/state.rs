//! App state: what outlives a screen (the library, the learner, the session, settings, caches)
//! and the current screen, which carries its own view state.

use std::collections::{BTreeMap, BTreeSet};

use egui_commonmark::CommonMarkCache;

use super::draft::Draft;
use crate::app::{
    ActiveSession, Clock, Learner, Library, MapItem, MapView, Problem, Profile, ProfileId,
    ProgressData, Store, TimelineView,
};
use crate::engine::{Filter, Recall};
use crate::interchange::results::Format as ResultsFormat;
use crate::model::{Bank, BankId};

/// Which screen is showing, with that screen's own state: leaving a screen drops it.
#[derive(Clone, Debug)]
pub enum Screen {
    /// Bank and topic choice (its form outlives the screen: [`AppState::home`]).
    Home,
    /// A question of the session in progress.
    Question(QuestionView),
    /// The end-of-quiz summary of the session.
    Results,
    /// The glossary, with its filter text.
    Glossary(String),
    /// The timeline: its picture's type filter, the selected event and the list's filter text.
    Timeline(TimelineView),
    /// Learner profiles.
    Learners(LearnersForm),
    /// Progress charts.
    Progress(ProgressView),
    /// The relationship map, with its year, selection, pan and zoom.
    Map(MapView),
}

/// A screen without its state: what the top bar links to and tests compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScreenKind {
    /// [`Screen::Home`].
    Home,
    /// [`Screen::Question`].
    Question,
    /// [`Screen::Results`].
    Results,
    /// [`Screen::Glossary`].
    Glossary,
    /// [`Screen::Timeline`].
    Timeline,
    /// [`Screen::Learners`].
    Learners,
    /// [`Screen::Progress`].
    Progress,
    /// [`Screen::Map`].
    Map,
}

impl Screen {
    /// Which screen this is.
    pub fn kind(&self) -> ScreenKind {
        match self {
            Self::Home => ScreenKind::Home,
            Self::Question(_) => ScreenKind::Question,
            Self::Results => ScreenKind::Results,
            Self::Glossary(_) => ScreenKind::Glossary,
            Self::Timeline(_) => ScreenKind::Timeline,
            Self::Learners(_) => ScreenKind::Learners,
            Self::Progress(_) => ScreenKind::Progress,
            Self::Map(_) => ScreenKind::Map,
        }
    }
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

/// The question screen's state.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionView {
    /// Warning, answering or feedback.
    pub phase: Phase,
    /// The answer being composed.
    pub draft: Draft,
    /// `egui` time (seconds) when the question was shown, for the time taken.
    pub shown_at: f64,
    /// Set when feedback first shows, so the panel scrolls into view once.
    pub scroll_to_feedback: bool,
}

/// The learners screen's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LearnersForm {
    /// Every learner, read when the screen opens and after each command.
    pub profiles: Vec<Profile>,
    /// The name typed for a new learner.
    pub new_name: String,
    /// The new name typed for the current learner.
    pub rename_to: String,
    /// The learner whose deletion waits for confirmation.
    pub confirm_delete: Option<ProfileId>,
}

/// The progress screen's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgressView {
    /// The figures, read once when the screen opens.
    pub data: ProgressData,
    /// What the last export did.
    pub export_note: Option<String>,
}

/// What a screen asks the app to do. Every command of a frame is applied, in order, after
/// drawing (see [`super::app_ui`]).
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
    /// Show a screen (ending a quiz in progress).
    Show(ScreenKind),
    /// Practise the questions linked to a timeline event.
    PractiseEvent(BankId, String),
    /// Practise the questions linked to a group or relation of a bank's map.
    PractiseMap(BankId, MapItem),
    /// Open the map with this group or relation selected ("See it on the map").
    ShowOnMap(BankId, MapItem),
    /// Open the timeline with this event selected ("See it on the timeline").
    ShowOnTimeline(BankId, String),
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
    ExportResults(ResultsFormat),
}

/// The home screen's choices; kept while other screens show.
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

impl HomeForm {
    /// The quiz filter the form describes.
    pub fn filter(&self) -> Filter {
        Filter {
            banks: self.banks.clone(),
            topics: self.topics.clone(),
            difficulties: self.difficulties.clone(),
            kinds: BTreeSet::new(),
            count: Some(self.count.max(1)),
        }
    }
}

/// Settings that outlive screens.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Study mode: the desired retention (0.7..0.99), kept in the store.
    pub retention: f64,
    /// The folder results are exported to.
    pub export_dir: String,
}

/// The start page's counts, re-read when it opens (not every frame).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartCounts {
    /// Questions due today per bank.
    pub due: BTreeMap<String, usize>,
    /// The last mistakes still in a loaded bank: (bank, question).
    pub mistakes: Vec<(String, String)>,
}

/// Everything that outlives a screen.
pub struct AppState {
    /// The banks on offer and the problems loading them.
    pub library: Library,
    /// The progress store and the current learner.
    pub learner: Learner,
    /// The current screen and its state.
    pub screen: Screen,
    /// The session in progress (or just finished, for the results screen).
    pub session: Option<ActiveSession>,
    /// The start page's form.
    pub home: HomeForm,
    /// Retention and export folder.
    pub settings: Settings,
    /// Due and mistake counts for the start page.
    pub counts: StartCounts,
    /// Seed for the next quiz; advanced on each start.
    pub seed: u64,
    /// Where "now" comes from (fixed in tests).
    pub clock: Clock,
    /// Markdown render cache.
    pub markdown: CommonMarkCache,
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

impl AppState {
    /// State over `banks` (no progress store), with quizzes seeded from `seed`.
    pub fn new(banks: Vec<Bank>, problems: Vec<Problem>, seed: u64) -> Self {
        Self::over(Library::new(banks, problems), seed)
    }

    /// State over a loaded library (no progress store), with quizzes seeded from `seed`.
    pub fn over(library: Library, seed: u64) -> Self {
        let home = HomeForm {
            banks: library.ids(),
            topics: BTreeSet::new(),
            difficulties: [1, 2, 3].into(),
            count: 10,
        };
        Self {
            library,
            learner: Learner::default(),
            screen: Screen::Home,
            session: None,
            home,
            settings: Settings {
                retention: crate::app::DEFAULT_RETENTION,
                export_dir: default_export_dir(),
            },
            counts: StartCounts::default(),
            seed,
            clock: Clock::System,
            markdown: CommonMarkCache::default(),
        }
    }

    /// Attaches a progress store: opens the last learner (creating a first one when there is
    /// none) and reads the settings.
    #[must_use]
    pub fn with_store(mut self, store: Store) -> Self {
        self.learner = Learner::open(store, self.clock.now_ms());
        self.settings.retention = self.learner.retention();
        self.refresh_counts();
        self
    }

    /// Re-reads the due counts and the mistakes list for the start page.
    pub fn refresh_counts(&mut self) {
        let end_of_today = self.clock.end_of_today_ms();
        self.counts = StartCounts {
            due: self
                .learner
                .with(|s, p| s.due_counts(p.id, end_of_today))
                .unwrap_or_default(),
            mistakes: crate::app::mistakes(&self.library, &mut self.learner),
        };
    }

    /// How many questions the home form's filter matches (before the count limit).
    pub fn matching_count(&self) -> usize {
        self.library.matching_count(&Filter {
            count: None,
            ..self.home.filter()
        })
    }

    /// The question screen's state, when a question is showing.
    pub fn question_view(&self) -> Option<&QuestionView> {
        match &self.screen {
            Screen::Question(view) => Some(view),
            _ => None,
        }
    }

    /// The phase of the question showing, if any.
    pub fn phase(&self) -> Option<Phase> {
        self.question_view().map(|v| v.phase)
    }

    /// The answer being composed, when a question is showing (tests fill it in directly).
    pub fn draft_mut(&mut self) -> Option<&mut Draft> {
        match &mut self.screen {
            Screen::Question(view) => Some(&mut view.draft),
            _ => None,
        }
    }

    /// The progress screen's figures, when it is showing.
    pub fn progress(&self) -> Option<&ProgressData> {
        match &self.screen {
            Screen::Progress(view) => Some(&view.data),
            _ => None,
        }
    }
}
