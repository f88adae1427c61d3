//! The eframe app and the per-frame entry point [`app_ui`].

use std::time::Duration;

use super::state::{AppState, Command, Phase, Screen};
use super::{glossary, home, profiles, progress, question, results, theme, timeline};
use crate::engine::{Memory, Recall, Session, quiz_of};
use crate::store::{Mode, NewAnswer};

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
                (Screen::Progress, "Progress"),
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
            if let Some(profile) = &state.profile {
                let label = format!("Learner: {}", profile.name);
                if ui
                    .add_enabled(
                        !in_quiz,
                        egui::Button::selectable(state.screen == Screen::Profiles, label),
                    )
                    .clicked()
                {
                    command = Some(Command::Show(Screen::Profiles));
                }
            }
        });
        if let Some(note) = &state.store_note {
            ui.colored_label(ui.visuals().warn_fg_color, note);
        }
    });
    egui::CentralPanel::default().show(ui, |ui| {
        // One scroll position per screen and question, so each starts at the top.
        let position = state.session.as_ref().map_or(0, |s| s.position);
        egui::ScrollArea::vertical()
            .id_salt((state.screen, position))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.set_max_width(theme::MAX_TEXT_WIDTH);
                let emitted = match state.screen {
                    Screen::Home => home::home_ui(ui, state),
                    Screen::Question => question::question_ui(ui, state),
                    Screen::Results => results::results_ui(ui, state),
                    Screen::Glossary => glossary::glossary_ui(ui, state),
                    Screen::Timeline => timeline::timeline_ui(ui, state),
                    Screen::Profiles => profiles::profiles_ui(ui, state),
                    Screen::Progress => progress::progress_ui(ui, state),
                };
                command = command.take().or(emitted);
            });
    });
    if let Some(command) = command {
        apply(state, command, now);
        if state.screen == Screen::Profiles {
            state.refresh_profiles();
        }
        ui.ctx().request_repaint();
    }
}

/// Applies one command to the state.
#[expect(clippy::too_many_lines, reason = "one short arm per command")]
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
            let Some(item) = session.current().cloned() else {
                return;
            };
            let response = state.draft.response(&item.question.kind);
            let taken = Duration::from_secs_f64((now - state.shown_at).max(0.0));
            let Some(answered) = session.submit(response, taken).cloned() else {
                return;
            };
            state.phase = Phase::Feedback;
            state.scroll_to_feedback = true;
            record_answer(state, &item, &answered);
        }
        Command::Rate(recall) => {
            state.rating = Some(recall);
            apply(state, Command::Next, now);
        }
        Command::Next => {
            if state.mode == Mode::Study {
                schedule_current(state);
            }
            let Some(session) = state.session.as_mut() else {
                return;
            };
            if session.advance() {
                state.enter_question(now);
            } else {
                finish(state);
            }
        }
        Command::RetryMissed => {
            let Some(session) = state.session.as_ref() else {
                return;
            };
            let quiz = session.retry_missed(state.seed);
            state.seed = state.seed.wrapping_add(1);
            if !quiz.items.is_empty() {
                let mode = state.mode;
                state.begin(Session::new(quiz), mode, now);
            }
        }
        Command::BackToStart => {
            finish(state);
            state.session = None;
            state.screen = Screen::Home;
            state.refresh_counts();
        }
        Command::Show(screen) => {
            if state.screen == Screen::Question {
                finish(state);
            }
            state.screen = screen;
            match screen {
                Screen::Home => state.refresh_counts(),
                Screen::Progress => state.progress = Some(progress::ProgressData::compute(state)),
                _ => {}
            }
        }
        Command::ReviewMistakes => {
            let items = state
                .mistakes
                .iter()
                .filter_map(|(b, q)| state.find_question(b, q))
                .map(|(b, q)| (b.id.clone(), b.version.clone(), q.clone()))
                .collect::<Vec<_>>();
            if !items.is_empty() {
                let quiz = quiz_of(items, state.seed);
                state.seed = state.seed.wrapping_add(1);
                state.begin(Session::new(quiz), Mode::Review, now);
            }
        }
        Command::Study => {
            let quiz = progress::study_quiz(state);
            state.seed = state.seed.wrapping_add(1);
            if !quiz.items.is_empty() {
                state.begin(Session::new(quiz), Mode::Study, now);
            }
        }
        Command::PractiseTopics(topics) => {
            state.home.topics = topics.into_iter().collect();
            state.start_quiz(now);
        }
        Command::CreateProfile(name) => {
            let now_ms = state.now_ms();
            if let Some(p) = state.with_learner(|s, _| s.create_profile(&name, now_ms)) {
                state.new_profile_name.clear();
                apply(state, Command::SwitchProfile(p.id), now);
            }
        }
        Command::RenameProfile(id, name) => {
            if state
                .with_learner(|s, _| s.rename_profile(id, &name))
                .is_some()
                && let Some(p) = state.profile.as_mut()
                && p.id == id
            {
                name.trim().clone_into(&mut p.name);
            }
        }
        Command::AskDeleteProfile(id) => state.confirm_delete = Some(id),
        Command::CancelDelete => state.confirm_delete = None,
        Command::DeleteProfile(id) => {
            state.confirm_delete = None;
            if state.with_learner(|s, _| s.delete_profile(id)).is_some()
                && state.profile.as_ref().is_some_and(|p| p.id == id)
            {
                // Open the next most recent learner, or a fresh one.
                let now_ms = state.now_ms();
                let next = state.with_learner(|s, _| match s.last_used_profile()? {
                    Some(p) => Ok(p),
                    None => s.create_profile("Learner 1", now_ms),
                });
                if let Some(p) = next {
                    apply(state, Command::SwitchProfile(p.id), now);
                }
            }
        }
        Command::SwitchProfile(id) => {
            let now_ms = state.now_ms();
            let found = state.with_learner(|s, _| {
                s.touch_profile(id, now_ms)?;
                Ok(s.profiles()?.into_iter().find(|p| p.id == id))
            });
            if let Some(Some(p)) = found {
                state.rename_to.clone_from(&p.name);
                state.profile = Some(p);
                state.session = None;
                state.progress = None;
                state.refresh_counts();
            }
        }
        Command::SetRetention(r) => state.set_retention(r),
        Command::ExportResults(format) => export_results(state, format),
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
                state.begin(Session::new(quiz), Mode::Practice, now);
            }
        }
    }
}

/// Stores an answer as soon as it is given (its own transaction).
fn record_answer(
    state: &mut AppState,
    item: &crate::engine::QuizItem,
    answered: &crate::engine::Answered,
) {
    let Some(session) = state.store_session else {
        return;
    };
    let now_ms = state.now_ms();
    let response_json = serde_json::to_string(&answered.response).unwrap_or_default();
    state.with_learner(|s, p| {
        s.record_answer(&NewAnswer {
            session,
            profile: p.id,
            bank_id: item.bank.0.clone(),
            bank_version: item.bank_version.clone(),
            question_id: item.question.id.0.clone(),
            topic: item.question.topic.clone(),
            kind: item.question.kind.name().to_owned(),
            response_json,
            score: answered.grade.score,
            time_taken_ms: i64::try_from(answered.time_taken.as_millis()).unwrap_or(i64::MAX),
            answered_ms: now_ms,
        })
    });
}

/// Study mode: updates the current question's FSRS state with the learner's rating (or the
/// rating the score implies).
fn schedule_current(state: &mut AppState) {
    let Some(session) = &state.session else {
        return;
    };
    let (Some(item), Some(answered)) = (session.current(), session.current_answer()) else {
        return;
    };
    let recall = state
        .rating
        .unwrap_or_else(|| Recall::from_score(answered.grade.score));
    let bank = item.bank.0.clone();
    let question = item.question.id.0.clone();
    let now_ms = state.now_ms();
    let retention = state.retention;
    state.with_learner(|s, p| {
        let memory = s
            .review_state(p.id, &bank, &question)?
            .map_or_else(|| Memory::new_at(now_ms), |r| r.memory);
        let next = memory.review(recall, now_ms, retention);
        s.set_review_state(p.id, &progress::review_state_of(&bank, &question, next))
    });
}

/// Closes the store session, if one is open.
fn finish(state: &mut AppState) {
    state.screen = Screen::Results;
    if let Some(id) = state.store_session.take() {
        let now_ms = state.now_ms();
        state.with_learner(|s, _| s.finish_session(id, now_ms));
    }
}

/// Writes the current learner's answers to `<export folder>/counterpoint-<learner>.<ext>`.
fn export_results(state: &mut AppState, format: crate::interchange::results::Format) {
    use crate::interchange::results::{Format, export};
    let Some(name) = state.profile.as_ref().map(|p| p.name.clone()) else {
        return;
    };
    let Some(answers) = state.with_learner(|s, p| s.answers(p.id)) else {
        return;
    };
    let slug: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let extension = match format {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Xapi => "xapi.json",
    };
    let path = std::path::Path::new(state.export_dir.trim())
        .join(format!("counterpoint-{slug}.{extension}"));
    state.export_note = Some(match export(&path, format, &name, &answers) {
        Ok(()) => format!("Saved {} answers to {}", answers.len(), path.display()),
        Err(e) => format!("Export failed: {e}"),
    });
}
