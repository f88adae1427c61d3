//! App state: what outlives a screen (the library, the learner, the session, settings, caches)
//! and the current screen, which carries its own view state.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use egui_commonmark::CommonMarkCache;

use super::draft::Draft;
use crate::app::BrowseFilter;
use crate::app::{
    ActiveExam, ActiveSession, Appearance, Clock, Learner, Library, LiveReload, LrsSection,
    MapItem, MapView, Problem, Profile, ProfileId, ProgressData, QuizStart, Store, TimelineView,
};
use crate::app::{ExportFormat, PreparedImport};
use crate::bank::{Diagnostic, Excerpt};
use crate::course::Paper;
use crate::course::report::{ClassReport, Skipped};
use crate::engine::{Filter, Recall, Response};
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
    /// Every diagnostic of the loaded folders, grouped by file.
    Problems(ProblemsView),
    /// The questions of a bank, with search, filters and "Try this question".
    Browser(BrowserView),
    /// Import a file as a bank (its log first), export a bank.
    Transfer(TransferView),
    /// "Take an exam": code or exam file, learner confirmation, instructions, Start.
    TakeExam(TakeExamForm),
    /// The exam being taken ([`AppState::exam`]).
    Exam(ExamView),
    /// The result of the exam just submitted ([`AppState::exam`]).
    ExamResult(ExamResultView),
    /// The class report of a folder of results files.
    ClassReport(ClassReportView),
    /// Settings: "Send results to an LRS" (its state outlives the screen: [`AppState::lrs`]).
    Settings,
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
    /// [`Screen::Problems`].
    Problems,
    /// [`Screen::Browser`].
    Browser,
    /// [`Screen::Transfer`].
    Transfer,
    /// [`Screen::TakeExam`].
    TakeExam,
    /// [`Screen::Exam`].
    Exam,
    /// [`Screen::ExamResult`].
    ExamResult,
    /// [`Screen::ClassReport`].
    ClassReport,
    /// [`Screen::Settings`].
    Settings,
}

impl ScreenKind {
    /// Every screen, for tests that visit them all (the accessibility tree test). A new screen
    /// is added here; [`ScreenKind::index`] makes the compiler ask for it.
    pub const ALL: [Self; 16] = [
        Self::Home,
        Self::Question,
        Self::Results,
        Self::Glossary,
        Self::Timeline,
        Self::Learners,
        Self::Progress,
        Self::Map,
        Self::Problems,
        Self::Browser,
        Self::Transfer,
        Self::TakeExam,
        Self::Exam,
        Self::ExamResult,
        Self::ClassReport,
        Self::Settings,
    ];

    /// The screen's position in [`ScreenKind::ALL`] (an exhaustive match, so a new variant
    /// cannot be forgotten there).
    pub fn index(self) -> usize {
        match self {
            Self::Home => 0,
            Self::Question => 1,
            Self::Results => 2,
            Self::Glossary => 3,
            Self::Timeline => 4,
            Self::Learners => 5,
            Self::Progress => 6,
            Self::Map => 7,
            Self::Problems => 8,
            Self::Browser => 9,
            Self::Transfer => 10,
            Self::TakeExam => 11,
            Self::Exam => 12,
            Self::ExamResult => 13,
            Self::ClassReport => 14,
            Self::Settings => 15,
        }
    }
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
            Self::Problems(_) => ScreenKind::Problems,
            Self::Browser(_) => ScreenKind::Browser,
            Self::Transfer(_) => ScreenKind::Transfer,
            Self::TakeExam(_) => ScreenKind::TakeExam,
            Self::Exam(_) => ScreenKind::Exam,
            Self::ExamResult(_) => ScreenKind::ExamResult,
            Self::ClassReport(_) => ScreenKind::ClassReport,
            Self::Settings => ScreenKind::Settings,
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

/// The Problems screen's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProblemsView {
    /// The diagnostic selected, whose excerpt shows.
    pub selected: Option<Diagnostic>,
    /// Its excerpt, read from the file when selected (or why the file could not be read).
    pub excerpt: Option<Result<Excerpt, String>>,
    /// What "Open in editor" did.
    pub note: Option<String>,
}

/// The bank browser's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BrowserView {
    /// The bank listed (none: the first).
    pub bank: Option<BankId>,
    /// Search text, kinds and difficulties.
    pub filter: BrowseFilter,
    /// The question whose details show.
    pub selected: Option<String>,
}

/// The import and export screen's state.
#[derive(Clone, Debug)]
pub struct TransferView {
    /// The file to import, as typed or dropped.
    pub path: String,
    /// The file read and converted, waiting to be saved (its log shows).
    pub prepared: Option<Arc<PreparedImport>>,
    /// Replace a saved bank with the same id.
    pub replace: bool,
    /// What the last import step did (or why it failed).
    pub note: Option<String>,
    /// The bank to export (none: the first).
    pub export_bank: Option<BankId>,
    /// The export format.
    pub export_format: ExportFormat,
    /// The file to export to.
    pub export_path: String,
    /// What the last export did.
    pub export_note: Option<String>,
}

impl Default for TransferView {
    fn default() -> Self {
        Self {
            path: String::new(),
            prepared: None,
            replace: false,
            note: None,
            export_bank: None,
            export_format: ExportFormat::Gift,
            export_path: String::new(),
            export_note: None,
        }
    }
}

/// The "Take an exam" screen's state.
#[derive(Clone, Debug, Default)]
pub struct TakeExamForm {
    /// The exam code or exam-file path typed.
    pub input: String,
    /// The forms of the exam file typed (empty for a code).
    pub forms: Vec<String>,
    /// The form picked among them.
    pub form: Option<String>,
    /// Why the last "Open exam" failed.
    pub error: Option<String>,
    /// The paper opened: its instructions show, and Start takes it.
    pub paper: Option<Paper>,
    /// The learner confirmed that the exam is taken under their name.
    pub confirmed: bool,
}

/// The exam screen's state.
#[derive(Clone, Debug, PartialEq)]
pub struct ExamView {
    /// The answer shown for the current question (the saved answer when it has one).
    pub draft: Draft,
    /// The question (0-based) the draft belongs to; a move shows the other question's answer.
    pub draft_for: usize,
    /// A text field may take the focus once, when the question is first shown.
    pub autofocus: bool,
    /// The submit confirmation is showing.
    pub confirm_submit: bool,
}

impl ExamView {
    /// The view of `exam`'s current question, with its saved answer.
    pub fn of(exam: &ActiveExam) -> Self {
        let attempt = exam.attempt();
        let n = attempt.position();
        let draft = attempt.current().map_or_else(Draft::default, |item| {
            Draft::from_response(item, attempt.slot(n).and_then(|s| s.response.as_ref()))
        });
        Self {
            draft,
            draft_for: n,
            autofocus: true,
            confirm_submit: false,
        }
    }
}

/// A question being tried from the browser: its session records nothing.
pub struct Preview {
    /// A learner with no store, used for the tried question instead of the real one.
    pub learner: Learner,
    /// The browser to return to.
    pub back: BrowserView,
}

/// The result screen's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExamResultView {
    /// What "Save my results" did.
    pub save_note: Option<String>,
}

/// The class report screen's state.
#[derive(Clone, Debug, Default)]
pub struct ClassReportView {
    /// The folder typed.
    pub folder: String,
    /// The report of the folder last opened.
    pub report: Option<ClassReport>,
    /// Files of that folder that were not results, each with why.
    pub skipped: Vec<Skipped>,
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
    /// Change the current learner's theme and text size (kept per learner).
    SetAppearance(Appearance),
    /// Write the current learner's answers to a file in the export folder.
    ExportResults(ResultsFormat),
    /// Select a diagnostic on the Problems screen and show its excerpt.
    SelectProblem(Diagnostic),
    /// Open a file at a line in the user's editor.
    OpenInEditor(PathBuf, usize),
    /// Read a file to import and show its log (nothing is saved yet).
    ReadImport(PathBuf),
    /// Save the import that was read as a bank under `banks/` and load it.
    SaveImport,
    /// Write a loaded bank to a file.
    ExportBank(BankId, ExportFormat, PathBuf),
    /// Answer one question of a bank and see its feedback, recording nothing.
    TryQuestion(BankId, String),
    /// Start the quiz in progress again with the banks as they are now (after a live reload).
    RestartWithChanges,
    /// Open the exam code or exam file typed on "Take an exam" (with the form picked).
    OpenExam,
    /// Start the exam opened on "Take an exam".
    StartExam,
    /// Set the current exam question's answer (saved at once).
    ExamAnswer(Response),
    /// Clear the current exam question's answer.
    ExamClear,
    /// Flag or unflag the current exam question.
    ExamFlag,
    /// Show exam question N (0-based).
    ExamGoTo(usize),
    /// Show the next exam question.
    ExamNext,
    /// Show the previous exam question.
    ExamPrev,
    /// Show the submit confirmation (unanswered and flagged questions).
    AskSubmitExam,
    /// Close the submit confirmation and keep answering.
    CancelSubmitExam,
    /// Submit the exam, confirmed.
    SubmitExam,
    /// Write the submitted exam's results file to the export folder.
    SaveExamResults,
    /// Read the folder typed on the class report screen.
    OpenClassReport,
    /// Save the "Send results to an LRS" settings (and a newly typed secret).
    SaveLrs,
    /// Save them, then send the current learner's answers and exam attempts to the LRS.
    SendToLrs,
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
    /// The editor for "Open in editor": `$VISUAL`, else `$EDITOR`, read at start-up (none: the
    /// system opener).
    pub editor: Option<String>,
    /// Where imported banks are saved (`banks/` in the data directory; none: saving is off).
    pub banks_dir: Option<PathBuf>,
    /// The current learner's theme and text size, kept in the store per learner.
    pub appearance: Appearance,
}

/// The start page's counts, re-read when it opens (not every frame).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartCounts {
    /// Questions due today per bank.
    pub due: BTreeMap<String, usize>,
    /// The last mistakes still in a loaded bank: (bank, question).
    pub mistakes: Vec<(String, String)>,
}

/// Live reload: the watcher, and what a reload means for the quiz in progress.
#[derive(Debug, Default)]
pub struct Live {
    /// The folder watcher (none with built-in banks only, or when it could not start).
    pub reload: Option<LiveReload>,
    /// Why the watcher could not start, shown on the top bar.
    pub note: Option<String>,
    /// A bank the quiz in progress draws from has changed since the quiz started.
    pub quiz_outdated: bool,
    /// What the quiz in progress was built from, built again by "Restart with the changes".
    pub started_with: Option<QuizStart>,
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
    /// The exam being taken, or just submitted (the result screen shows it).
    pub exam: Option<ActiveExam>,
    /// Why an unfinished exam could not be resumed.
    pub exam_note: Option<String>,
    /// Markdown render cache.
    pub markdown: CommonMarkCache,
    /// Live reload of the bank folders.
    pub live: Live,
    /// Set while a question is tried from the browser.
    pub preview: Option<Preview>,
    /// "Send results to an LRS": settings, secret and the send in progress (it outlives the
    /// settings screen, so a send goes on while other screens show).
    pub lrs: LrsSection,
    /// The egui context, kept at the first frame so a background send can request a repaint.
    pub repaint: Option<egui::Context>,
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
                editor: std::env::var("VISUAL")
                    .or_else(|_| std::env::var("EDITOR"))
                    .ok()
                    .filter(|e| !e.trim().is_empty()),
                banks_dir: None,
                appearance: Appearance::default(),
            },
            counts: StartCounts::default(),
            seed,
            clock: Clock::System,
            exam: None,
            exam_note: None,
            markdown: CommonMarkCache::default(),
            live: Live::default(),
            preview: None,
            lrs: LrsSection::default(),
            repaint: None,
        }
    }

    /// Starts watching the library's folders; `wake` (egui's `request_repaint`) runs when a
    /// reloaded bank is ready. A watcher that cannot start leaves a note on the top bar.
    pub fn start_live_reload(&mut self, wake: impl Fn() + Send + 'static) {
        match LiveReload::start(&self.library, wake) {
            Ok(reload) => self.live.reload = reload,
            Err(e) => self.live.note = Some(format!("Live reload is off: {e}")),
        }
    }

    /// Applies the reloads that have finished (never blocks; called at the start of a frame).
    /// Returns whether anything changed.
    pub fn poll_reload(&mut self) -> bool {
        let Some(live) = &self.live.reload else {
            return false;
        };
        let reload = live.poll(&mut self.library);
        if reload.is_empty() {
            return false;
        }
        self.home.banks.extend(reload.added_banks());
        let ids = self.library.ids();
        self.home.banks.retain(|id| ids.contains(id));
        let in_quiz = matches!(self.screen, Screen::Question(_));
        if in_quiz
            && let Some(session) = &self.session
            && reload.touches(&session.session.quiz)
        {
            self.live.quiz_outdated = true;
        }
        match &mut self.screen {
            Screen::Home => self.refresh_counts(),
            // The glossary and the timeline read the library every frame; the map keeps a
            // layout, computed again when its bank changed.
            Screen::Map(view) => {
                view.reloaded(&self.library, &reload);
            }
            Screen::Problems(view) => {
                // The file changed: re-read the excerpt, or drop a diagnostic that is gone.
                let still = view.selected.as_ref().is_some_and(|d| {
                    self.library
                        .problems()
                        .iter()
                        .any(|p| p.diagnostic() == Some(d))
                });
                if still {
                    view.excerpt = view.selected.as_ref().map(crate::app::problem_excerpt);
                } else {
                    view.selected = None;
                    view.excerpt = None;
                }
            }
            _ => {}
        }
        true
    }

    /// Attaches a progress store: opens the last learner (creating a first one when there is
    /// none) and reads the settings.
    #[must_use]
    pub fn with_store(mut self, store: Store) -> Self {
        self.learner = Learner::open(store, self.clock.now_ms());
        self.settings.retention = self.learner.retention();
        self.settings.appearance = self.learner.appearance();
        self.lrs = LrsSection::open(&self.learner);
        self.refresh_counts();
        self.resume_exam();
        self
    }

    /// Brings back the learner's unfinished exam (at start-up and on switching learner) with
    /// its stored deadline: the exam screen if time is left, its result if time ran out while
    /// the app was closed.
    pub fn resume_exam(&mut self) {
        let now_ms = self.clock.now_ms();
        match ActiveExam::resume(&mut self.learner, &self.library, now_ms) {
            None => {}
            Some(Ok(exam)) => {
                self.screen = if exam.is_submitted() {
                    Screen::ExamResult(ExamResultView::default())
                } else {
                    Screen::Exam(ExamView::of(&exam))
                };
                self.exam = Some(exam);
            }
            Some(Err(e)) => self.exam_note = Some(format!("An unfinished exam cannot resume: {e}")),
        }
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

    /// The exam screen's state, when it is showing.
    pub fn exam_view(&self) -> Option<&ExamView> {
        match &self.screen {
            Screen::Exam(view) => Some(view),
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
