//! The frame loop: draws the top bar and the current screen, then applies every command the
//! frame emitted, in order, through the application layer.

use std::time::Duration;

use super::draft::Draft;
use super::state::{
    AppState, Command, LearnersForm, Phase, ProgressView, QuestionView, Screen, ScreenKind,
};
use super::{glossary, home, map, profiles, progress, question, results, theme, timeline};
use crate::app::{
    ActiveSession, MapView, Mode, ProgressData, TimelineView, event_quiz, export_results, map_quiz,
    mistakes_quiz, practice_quiz, study_quiz,
};
use crate::engine::Quiz;

/// The eframe application: owns the state, draws it with [`app_ui`].
pub struct CounterpointApp {
    state: AppState,
}

impl CounterpointApp {
    /// An app over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

impl eframe::App for CounterpointApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        app_ui(ui, &mut self.state);
    }
}

/// Draws one frame of the whole app, then applies the commands it emitted, in order.
pub fn app_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let now = ui.input(|i| i.time);
    let mut commands = Vec::new();
    egui::Panel::top("top_bar").show(ui, |ui| top_bar_ui(ui, state, &mut commands));
    egui::CentralPanel::default().show(ui, |ui| {
        // One scroll position per screen and question, so each starts at the top.
        let position = state.session.as_ref().map_or(0, |s| s.session.position);
        egui::ScrollArea::vertical()
            .id_salt((state.screen.kind(), position))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // The map uses the whole width; text screens keep a readable column.
                if state.screen.kind() != ScreenKind::Map {
                    ui.set_max_width(theme::MAX_TEXT_WIDTH);
                }
                screen_ui(ui, state, &mut commands);
            });
    });
    if !commands.is_empty() {
        for command in commands {
            apply(state, command, now);
        }
        ui.ctx().request_repaint();
    }
}

fn top_bar_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let current = state.screen.kind();
    let in_quiz = current == ScreenKind::Question;
    ui.horizontal(|ui| {
        ui.heading("Counterpoint");
        ui.separator();
        for (screen, label) in [
            (ScreenKind::Home, "Start page"),
            (ScreenKind::Progress, "Progress"),
            (ScreenKind::Glossary, "Glossary"),
            (ScreenKind::Timeline, "Timeline"),
            (ScreenKind::Map, "Map"),
        ] {
            let button = egui::Button::selectable(current == screen, label);
            if ui.add_enabled(!in_quiz, button).clicked() {
                commands.push(Command::Show(screen));
            }
        }
        if in_quiz && ui.button("End quiz").clicked() {
            commands.push(Command::Show(ScreenKind::Results));
        }
        if let Some(profile) = state.learner.profile() {
            let label = format!("Learner: {}", profile.name);
            let button = egui::Button::selectable(current == ScreenKind::Learners, label);
            if ui.add_enabled(!in_quiz, button).clicked() {
                commands.push(Command::Show(ScreenKind::Learners));
            }
        }
    });
    if let Some(note) = state.learner.note() {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
}

/// Draws the current screen. The state is split into the screen's own (mutable) state and the
/// shared state it reads, so no screen takes anything out of the state and puts it back.
fn screen_ui(ui: &mut egui::Ui, state: &mut AppState, commands: &mut Vec<Command>) {
    let AppState {
        library,
        learner,
        screen,
        session,
        home,
        settings,
        counts,
        markdown,
        ..
    } = state;
    match screen {
        Screen::Home => {
            let has_store = learner.store().is_some();
            home::home_ui(ui, library, home, counts, settings, has_store, commands);
        }
        Screen::Question(view) => match session {
            Some(session) => question::question_ui(ui, view, session, library, markdown, commands),
            None => commands.push(Command::Show(ScreenKind::Home)),
        },
        Screen::Results => results::results_ui(ui, session.as_ref(), markdown, commands),
        Screen::Glossary(filter) => glossary::glossary_ui(ui, filter, library),
        Screen::Timeline(view) => timeline::timeline_ui(ui, view, library, commands),
        Screen::Learners(form) => {
            let has_store = learner.store().is_some();
            profiles::profiles_ui(ui, form, learner.profile(), has_store, commands);
        }
        Screen::Map(view) => map::map_ui(ui, view, library, commands),
        Screen::Progress(view) => {
            let name = learner.profile().map(|p| p.name.as_str());
            progress::progress_ui(ui, view, name, &mut settings.export_dir, commands);
        }
    }
}

/// Applies one command to the state.
pub fn apply(state: &mut AppState, command: Command, now: f64) {
    match command {
        Command::Start => {
            if state.matching_count() > 0 {
                let seed = next_seed(state);
                let quiz = practice_quiz(&state.library, &state.home.filter(), seed);
                begin(state, quiz, Mode::Practice, now);
            }
        }
        Command::PractiseTopics(topics) => {
            state.home.topics = topics.into_iter().collect();
            apply(state, Command::Start, now);
        }
        Command::ReviewMistakes => {
            let seed = next_seed(state);
            let quiz = mistakes_quiz(&state.library, &mut state.learner, seed);
            begin(state, quiz, Mode::Review, now);
        }
        Command::Study => {
            let (seed, due_before) = (next_seed(state), state.clock.end_of_today_ms());
            let filter = state.home.filter();
            let quiz = study_quiz(
                &state.library,
                &mut state.learner,
                &filter,
                due_before,
                seed,
            );
            begin(state, quiz, Mode::Study, now);
        }
        Command::PractiseEvent(bank, event) => {
            let seed = next_seed(state);
            let quiz = event_quiz(&state.library, &bank, &event, seed);
            begin(state, quiz, Mode::Practice, now);
        }
        Command::PractiseMap(bank, item) => {
            let seed = next_seed(state);
            let quiz = map_quiz(&state.library, &bank, &item, seed);
            begin(state, quiz, Mode::Practice, now);
        }
        Command::RetryMissed => {
            let seed = next_seed(state);
            if let Some(session) = &state.session {
                let (quiz, mode) = (session.retry_missed(seed), session.mode);
                begin(state, quiz, mode, now);
            }
        }
        Command::ContinueWarning => {
            if let Screen::Question(view) = &mut state.screen {
                view.phase = Phase::Answering;
                view.shown_at = now;
            }
        }
        Command::Submit => submit(state, now),
        Command::Rate(recall) => {
            let retention = state.settings.retention;
            if let Some(session) = &mut state.session {
                session.rate(&mut state.learner, recall, retention);
            }
            apply(state, Command::Next, now);
        }
        Command::Next => {
            let more = state.session.as_mut().is_some_and(ActiveSession::advance);
            if more {
                show_question(state, now);
            } else {
                finish(state);
            }
        }
        Command::BackToStart => {
            finish(state);
            state.session = None;
            show(state, ScreenKind::Home);
        }
        Command::Show(kind) => {
            if state.screen.kind() == ScreenKind::Question {
                finish(state);
            }
            show(state, kind);
        }
        Command::ShowOnMap(..) | Command::ShowOnTimeline(..) => show_linked(state, command),
        Command::SetRetention(r) => state.settings.retention = state.learner.set_retention(r),
        Command::ExportResults(format) => {
            let dir = std::path::PathBuf::from(state.settings.export_dir.trim());
            let note = export_results(&mut state.learner, &dir, format);
            if let Screen::Progress(view) = &mut state.screen {
                view.export_note = Some(note);
            }
        }
        Command::CreateProfile(_)
        | Command::RenameProfile(..)
        | Command::AskDeleteProfile(_)
        | Command::DeleteProfile(_)
        | Command::CancelDelete
        | Command::SwitchProfile(_) => apply_learner(state, &command),
    }
}

/// Learner commands; the learners screen re-reads the list after each.
fn apply_learner(state: &mut AppState, command: &Command) {
    let now_ms = state.clock.now_ms();
    let learner = &mut state.learner;
    let switched = match command {
        Command::CreateProfile(name) => learner.create(name, now_ms).is_some(),
        Command::RenameProfile(id, name) => {
            learner.rename(*id, name);
            false
        }
        Command::DeleteProfile(id) => learner.delete(*id, now_ms),
        Command::SwitchProfile(id) => learner.switch(*id, now_ms).is_some(),
        _ => false,
    };
    if switched {
        state.session = None;
        state.refresh_counts();
    }
    if let Screen::Learners(form) = &mut state.screen {
        form.profiles = state.learner.profiles();
        match command {
            Command::CreateProfile(_) => form.new_name.clear(),
            Command::AskDeleteProfile(id) => form.confirm_delete = Some(*id),
            Command::CancelDelete | Command::DeleteProfile(_) => form.confirm_delete = None,
            _ => {}
        }
        if switched && let Some(p) = state.learner.profile() {
            form.rename_to.clone_from(&p.name);
        }
    }
}

/// The seed for the next quiz (each start gets a new one).
fn next_seed(state: &mut AppState) -> u64 {
    let seed = state.seed;
    state.seed = state.seed.wrapping_add(1);
    seed
}

/// Starts `quiz` (closing any session still open) and shows its first question; an empty quiz
/// changes nothing.
fn begin(state: &mut AppState, quiz: Quiz, mode: Mode, now: f64) {
    let now_ms = state.clock.now_ms();
    let Some(session) = ActiveSession::start(&mut state.learner, quiz, mode, now_ms) else {
        return;
    };
    if let Some(mut old) = state.session.replace(session) {
        old.finish(&mut state.learner, now_ms);
    }
    show_question(state, now);
}

/// Shows the session's current question with a fresh view (warning first, when it has one).
fn show_question(state: &mut AppState, now: f64) {
    let Some(item) = state.session.as_ref().and_then(ActiveSession::current) else {
        state.screen = Screen::Results;
        return;
    };
    state.screen = Screen::Question(QuestionView {
        phase: if item.question.content_warning.is_some() {
            Phase::Warning
        } else {
            Phase::Answering
        },
        draft: Draft::for_item(item),
        shown_at: now,
        scroll_to_feedback: false,
    });
}

/// Grades the draft, records it and shows the feedback.
fn submit(state: &mut AppState, now: f64) {
    let (Screen::Question(view), Some(session)) = (&mut state.screen, &mut state.session) else {
        return;
    };
    let Some(item) = session.current() else {
        return;
    };
    let response = view.draft.response(&item.question.kind);
    let taken = Duration::from_secs_f64((now - view.shown_at).max(0.0));
    let (now_ms, retention) = (state.clock.now_ms(), state.settings.retention);
    if session
        .answer(&mut state.learner, response, taken, now_ms, retention)
        .is_some()
    {
        view.phase = Phase::Feedback;
        view.scroll_to_feedback = true;
    }
}

/// Closes the session in the store and shows the results.
fn finish(state: &mut AppState) {
    state.screen = Screen::Results;
    let now_ms = state.clock.now_ms();
    if let Some(session) = &mut state.session {
        session.finish(&mut state.learner, now_ms);
    }
}

/// "See it on the map / timeline": opens that screen with the item selected, ending a quiz in
/// progress.
fn show_linked(state: &mut AppState, command: Command) {
    let screen = match command {
        Command::ShowOnMap(bank, item) => {
            Screen::Map(MapView::open_at(&state.library, &bank, item))
        }
        Command::ShowOnTimeline(bank, event) => Screen::Timeline(TimelineView::at(bank, event)),
        _ => return,
    };
    if state.screen.kind() == ScreenKind::Question {
        finish(state);
    }
    state.screen = screen;
}

/// Opens a screen with fresh state, reading what it shows once.
fn show(state: &mut AppState, kind: ScreenKind) {
    state.screen = match kind {
        ScreenKind::Home => {
            state.refresh_counts();
            Screen::Home
        }
        ScreenKind::Question => return,
        ScreenKind::Results => Screen::Results,
        ScreenKind::Glossary => Screen::Glossary(String::new()),
        ScreenKind::Timeline => Screen::Timeline(TimelineView::default()),
        ScreenKind::Learners => Screen::Learners(LearnersForm {
            profiles: state.learner.profiles(),
            rename_to: state
                .learner
                .profile()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            ..LearnersForm::default()
        }),
        ScreenKind::Map => Screen::Map(MapView::open(&state.library)),
        ScreenKind::Progress => {
            let now_ms = state.clock.now_ms();
            Screen::Progress(ProgressView {
                data: ProgressData::compute(&state.library, &mut state.learner, now_ms),
                export_note: None,
            })
        }
    };
}
