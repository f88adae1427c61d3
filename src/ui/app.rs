//! The eframe app and the per-frame entry point [`app_ui`].

use std::time::Duration;

use super::state::{AppState, Command, Phase, Screen};
use super::{glossary, home, question, results, theme, timeline};
use crate::engine::{Session, quiz_of};

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

/// Draws one frame of the whole app and applies the command a screen emitted.
pub fn app_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let now = ui.input(|i| i.time);
    let mut command = None;
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("Counterpoint");
            ui.separator();
            let in_quiz = state.screen == Screen::Question;
            for (screen, label) in [
                (Screen::Home, "Start page"),
                (Screen::Glossary, "Glossary"),
                (Screen::Timeline, "Timeline"),
            ] {
                let selected = state.screen == screen;
                if ui
                    .add_enabled(!in_quiz, egui::Button::selectable(selected, label))
                    .clicked()
                {
                    command = Some(Command::Show(screen));
                }
            }
            if in_quiz && ui.button("End quiz").clicked() {
                command = Some(Command::Show(Screen::Results));
            }
        });
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.set_max_width(theme::MAX_TEXT_WIDTH);
                let emitted = match state.screen {
                    Screen::Home => home::home_ui(ui, state),
                    Screen::Question => question::question_ui(ui, state),
                    Screen::Results => results::results_ui(ui, state),
                    Screen::Glossary => glossary::glossary_ui(ui, state),
                    Screen::Timeline => timeline::timeline_ui(ui, state),
                };
                command = command.take().or(emitted);
            });
    });
    if let Some(command) = command {
        apply(state, command, now);
        ui.ctx().request_repaint();
    }
}

/// Applies one command to the state.
pub fn apply(state: &mut AppState, command: Command, now: f64) {
    match command {
        Command::Start => {
            if state.matching_count() > 0 {
                state.start_quiz(now);
            }
        }
        Command::ContinueWarning => {
            state.phase = Phase::Answering;
            state.shown_at = now;
        }
        Command::Submit => {
            let Some(session) = state.session.as_mut() else {
                return;
            };
            let Some(item) = session.current() else {
                return;
            };
            let response = state.draft.response(&item.question.kind);
            let taken = Duration::from_secs_f64((now - state.shown_at).max(0.0));
            session.submit(response, taken);
            state.phase = Phase::Feedback;
            state.scroll_to_feedback = true;
        }
        Command::Next => {
            let Some(session) = state.session.as_mut() else {
                return;
            };
            if session.advance() {
                state.enter_question(now);
            } else {
                state.screen = Screen::Results;
            }
        }
        Command::RetryMissed => {
            let Some(session) = state.session.as_ref() else {
                return;
            };
            let quiz = session.retry_missed(state.seed);
            state.seed = state.seed.wrapping_add(1);
            if !quiz.items.is_empty() {
                state.begin(Session::new(quiz), now);
            }
        }
        Command::BackToStart => {
            state.session = None;
            state.screen = Screen::Home;
        }
        Command::Show(screen) => state.screen = screen,
        Command::PractiseEvent(bank_id, event_id) => {
            let Some(bank) = state.bank(&bank_id) else {
                return;
            };
            let Some(event) = bank.events.iter().find(|e| e.id == event_id) else {
                return;
            };
            let items = event
                .questions
                .iter()
                .filter_map(|id| bank.question(id))
                .map(|q| (bank.id.clone(), bank.version.clone(), q.clone()))
                .collect::<Vec<_>>();
            if !items.is_empty() {
                let quiz = quiz_of(items, state.seed);
                state.seed = state.seed.wrapping_add(1);
                state.begin(Session::new(quiz), now);
            }
        }
    }
}
