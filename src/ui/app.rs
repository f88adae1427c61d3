//! The frame loop: draws the top bar and the current screen, then applies every command the
//! frame emitted, in order, through the application layer.

use std::time::Duration;

use super::draft::Draft;
use super::state::{
    AppState, BrowserView, ClassReportView, Command, ExamResultView, ExamView, LearnersForm, Phase,
    Preview, ProblemsView, ProgressView, QuestionView, Screen, ScreenKind, TakeExamForm,
    TransferView,
};
use super::{
    a11y, browser, class_report, exam, glossary, help, home, map, problems, profiles, progress,
    question, results, settings, theme, timeline, transfer,
};
use crate::app::{
    ActiveExam, ActiveSession, Appearance, Learner, MapView, ProgressData, QuizStart, TextSize,
    Theme, TimelineView, class_report as read_class_report, export_results, file_forms, open_paper,
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
    // The reload thread wakes egui when a bank is parsed; swapping it in is a move.
    state.poll_reload();
    // A background send wakes egui after each batch and at the end; its outcome is read here.
    if state.repaint.is_none() {
        state.repaint = Some(ui.ctx().clone());
    }
    state.lrs.poll();
    tick_exam(state);
    let mut commands = Vec::new();
    theme::apply_changes(ui.ctx(), state.settings.appearance);
    a11y::window_title(ui.ctx(), &window_title(state));
    commands.extend(text_size_keys(ui, state.settings.appearance));
    // F1 opens the help; Esc closes it, or else goes back (read before the screens, which
    // leave Esc alone).
    if help::keys_ui(ui, state.screen.kind()) {
        commands.extend(back(state));
    }
    // A file dropped on the window is read for import (not during a quiz).
    let dropped = ui.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf()));
    if let Some(path) = dropped
        && !matches!(state.screen.kind(), ScreenKind::Question | ScreenKind::Exam)
    {
        commands.push(Command::ReadImport(path));
    }
    egui::Panel::top("top_bar").show(ui, |ui| top_bar_ui(ui, state, &mut commands));
    egui::CentralPanel::default().show(ui, |ui| {
        // One scroll position per screen and question, so each starts at the top.
        let position = state.session.as_ref().map_or(0, |s| s.session.position);
        egui::ScrollArea::vertical()
            .id_salt((state.screen.kind(), position))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // The map uses the whole width; text screens keep a readable column, never
                // wider than the window (at 200 % the column's 1,640 points would run past the
                // edge of a 1280-pixel window and cut lines off), and clear of the scroll bar,
                // which egui draws over the content's right edge.
                if state.screen.kind() != ScreenKind::Map {
                    let scroll = &ui.spacing().scroll;
                    let bar = scroll.bar_width + scroll.bar_inner_margin + scroll.bar_outer_margin;
                    let width = theme::max_text_width(ui.ctx()).min(ui.available_width() - bar);
                    ui.set_max_width(width);
                }
                screen_ui(ui, state, &mut commands);
                scroll_to_focus(ui);
            });
    });
    if !commands.is_empty() {
        for command in commands {
            apply(state, command, now);
        }
        ui.ctx().request_repaint();
    }
}

/// Scrolls the page to a control that has just taken the focus (Tab) when it is not wholly in
/// view: egui leaves it below the window, with its focus outline unseen. Only controls on the page
/// count (not the top bar), and only once per focus change, so the learner can scroll away.
fn scroll_to_focus(ui: &egui::Ui) {
    let seen = egui::Id::unique("counterpoint_focus_scrolled_to");
    let focused = ui.ctx().memory(egui::Memory::focused);
    let before = ui
        .ctx()
        .data(|d| d.get_temp::<Option<egui::Id>>(seen))
        .flatten();
    if focused == before {
        return;
    }
    ui.ctx().data_mut(|d| d.insert_temp(seen, focused));
    if let Some(response) = focused.and_then(|id| ui.ctx().read_response(id))
        && ui.min_rect().contains(response.rect.center())
        && !ui.clip_rect().contains_rect(response.rect)
    {
        response.scroll_to_me(None);
    }
}

/// Where Esc goes: back to the start page from every screen but the start page and a
/// question (a quiz ends with "End quiz"; Esc there closes an open list or leaves a text field).
fn back(state: &AppState) -> Option<Command> {
    match (&state.screen, state.screen.kind()) {
        (Screen::Learners(form), _) if form.confirm_delete.is_some() => Some(Command::CancelDelete),
        // An exam is left only by submitting it; its Esc closes the submit confirmation.
        (_, ScreenKind::Home | ScreenKind::Question | ScreenKind::Exam) => None,
        (_, ScreenKind::Results) => Some(Command::BackToStart),
        _ => Some(Command::Show(ScreenKind::Home)),
    }
}

/// The window's title: the app and the screen ("Counterpoint: Question 3 of 10").
fn window_title(state: &AppState) -> String {
    let screen = match state.screen.kind() {
        ScreenKind::Home => "Start page".to_owned(),
        ScreenKind::Question => state.session.as_ref().map_or_else(
            || "Question".to_owned(),
            |s| {
                let total = s.session.quiz.items.len();
                format!("Question {} of {total}", s.session.position + 1)
            },
        ),
        ScreenKind::Results => "Results".to_owned(),
        ScreenKind::Glossary => "Glossary".to_owned(),
        ScreenKind::Timeline => "Timeline".to_owned(),
        ScreenKind::Learners => "Learners".to_owned(),
        ScreenKind::Progress => "Progress".to_owned(),
        ScreenKind::Map => "Map".to_owned(),
        ScreenKind::Problems => "Problems".to_owned(),
        ScreenKind::Browser => "Bank browser".to_owned(),
        ScreenKind::Transfer => "Import / export".to_owned(),
        ScreenKind::TakeExam => "Take an exam".to_owned(),
        ScreenKind::Exam => state.exam.as_ref().map_or_else(
            || "Exam".to_owned(),
            |e| {
                let a = e.attempt();
                format!("Exam question {} of {}", a.position() + 1, a.items().len())
            },
        ),
        ScreenKind::ExamResult => "Exam result".to_owned(),
        ScreenKind::ClassReport => "Class report".to_owned(),
        ScreenKind::Settings => "Settings".to_owned(),
    };
    format!("Counterpoint: {screen}")
}

/// Ctrl + (or Ctrl =), Ctrl - and Ctrl 0: larger, smaller and default text.
fn text_size_keys(ui: &egui::Ui, current: Appearance) -> Option<Command> {
    use egui::{Key, Modifiers};
    let size = ui.input_mut(|i| {
        if i.consume_key(Modifiers::COMMAND, Key::Num0) {
            Some(TextSize::default())
        } else if i.consume_key(Modifiers::COMMAND, Key::Plus)
            || i.consume_key(Modifiers::COMMAND, Key::Equals)
        {
            Some(current.text_size.larger())
        } else if i.consume_key(Modifiers::COMMAND, Key::Minus) {
            Some(current.text_size.smaller())
        } else {
            None
        }
    })?;
    (size != current.text_size).then_some(Command::SetAppearance(Appearance {
        text_size: size,
        ..current
    }))
}

/// The theme menu and the text size buttons, at the end of the top bar.
fn display_ui(ui: &mut egui::Ui, current: Appearance, commands: &mut Vec<Command>) {
    // One menu, so the top bar keeps to one line.
    ui.menu_button("Display", |ui| {
        ui.strong("Theme");
        for theme in Theme::ALL {
            if ui.radio(current.theme == theme, theme.label()).clicked() {
                commands.push(Command::SetAppearance(Appearance { theme, ..current }));
            }
        }
        ui.separator();
        let size = current.text_size;
        ui.label(format!("Text {}%", size.percent()));
        let smaller = ui.add_enabled(
            size.percent() > TextSize::MIN,
            egui::Button::new("Smaller text (Ctrl -)"),
        );
        if smaller.clicked() {
            commands.push(Command::SetAppearance(Appearance {
                text_size: size.smaller(),
                ..current
            }));
        }
        let larger = ui.add_enabled(
            size.percent() < TextSize::MAX,
            egui::Button::new("Larger text (Ctrl +)"),
        );
        if larger.clicked() {
            commands.push(Command::SetAppearance(Appearance {
                text_size: size.larger(),
                ..current
            }));
        }
    });
}

/// Lets the clock submit the exam at its deadline (the exam screen asks for a repaint then),
/// and shows the result.
fn tick_exam(state: &mut AppState) {
    if state.screen.kind() != ScreenKind::Exam {
        return;
    }
    let now_ms = state.clock.now_ms();
    if let Some(exam) = &mut state.exam
        && exam.tick(&mut state.learner, now_ms)
    {
        state.screen = Screen::ExamResult(ExamResultView::default());
    }
}

fn top_bar_ui(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let current = state.screen.kind();
    let in_quiz = matches!(current, ScreenKind::Question | ScreenKind::Exam);
    ui.horizontal_wrapped(|ui| {
        ui.heading("Counterpoint");
        ui.separator();
        for (screen, label) in [
            (ScreenKind::Home, "Start page"),
            (ScreenKind::Progress, "Progress"),
            (ScreenKind::Glossary, "Glossary"),
            (ScreenKind::Timeline, "Timeline"),
            (ScreenKind::Map, "Map"),
            (ScreenKind::Browser, "Bank browser"),
            (ScreenKind::Transfer, "Import / export"),
            (ScreenKind::Settings, "Settings"),
        ] {
            let button = egui::Button::selectable(current == screen, label);
            if ui.add_enabled(!in_quiz, button).clicked() {
                commands.push(Command::Show(screen));
            }
        }
        let count = state.library.problems().len();
        let button = egui::Button::selectable(
            current == ScreenKind::Problems,
            format!("Problems ({count})"),
        );
        if ui.add_enabled(!in_quiz, button).clicked() {
            commands.push(Command::Show(ScreenKind::Problems));
        }
        if current == ScreenKind::Question && ui.button("End quiz").clicked() {
            commands.push(Command::Show(ScreenKind::Results));
        }
        if let Some(profile) = state.learner.profile() {
            let label = format!("Learner: {}", profile.name);
            let button = egui::Button::selectable(current == ScreenKind::Learners, label);
            if ui.add_enabled(!in_quiz, button).clicked() {
                commands.push(Command::Show(ScreenKind::Learners));
            }
        }
        display_ui(ui, state.settings.appearance, commands);
    });
    if let Some(note) = state.learner.note() {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
    if let Some(note) = &state.live.note {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
    if current == ScreenKind::Question && state.preview.is_some() {
        ui.label("Trying one question: nothing is recorded.");
    }
    if current == ScreenKind::Question && state.live.quiz_outdated {
        ui.horizontal(|ui| {
            ui.label("The question banks changed since this quiz started.");
            if ui.button("Restart with the changes").clicked() {
                commands.push(Command::RestartWithChanges);
            }
        });
    }
    if let Some(note) = &state.exam_note {
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
        exam,
        clock,
        lrs,
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
        Screen::TakeExam(form) => {
            let name = learner.profile().map(|p| p.name.as_str());
            exam::take_exam_ui(ui, form, name, commands);
        }
        Screen::Exam(view) => match exam {
            Some(active) => {
                let now_ms = clock.now_ms();
                exam::exam_ui(ui, view, active, library, now_ms, markdown, commands);
            }
            None => commands.push(Command::Show(ScreenKind::Home)),
        },
        Screen::ExamResult(view) => match exam {
            Some(active) => exam::exam_result_ui(
                ui,
                view,
                active,
                library,
                markdown,
                &mut settings.export_dir,
                commands,
            ),
            None => commands.push(Command::Show(ScreenKind::Home)),
        },
        Screen::ClassReport(view) => class_report::class_report_ui(ui, view, commands),
        Screen::Settings => {
            let name = learner.profile().map(|p| p.name.as_str());
            settings::settings_ui(ui, lrs, name, commands);
        }
        Screen::Browser(view) => browser::browser_ui(ui, view, library, commands),
        Screen::Transfer(view) => {
            let can_save = settings.banks_dir.is_some();
            transfer::transfer_ui(ui, view, library, can_save, commands);
        }
        Screen::Problems(view) => {
            let groups = crate::app::problems_by_file(library);
            problems::problems_ui(ui, view, &groups, commands);
        }
    }
}

/// Opens the app on a question of the bank loaded from `dir` (`counterpoint preview`): the
/// question tried alone, or the bank browser on that bank without a question id; the Problems
/// screen when that bank did not load.
pub fn open_preview(state: &mut AppState, dir: &std::path::Path, question: Option<&str>) {
    let Some(bank) = state.library.bank_in(dir).cloned() else {
        show(state, ScreenKind::Problems);
        return;
    };
    state.screen = Screen::Browser(BrowserView {
        bank: Some(bank.clone()),
        selected: question.map(str::to_owned),
        ..BrowserView::default()
    });
    if let Some(question) = question {
        apply(state, Command::TryQuestion(bank, question.to_owned()), 0.0);
    }
}

/// Applies one command to the state.
pub fn apply(state: &mut AppState, command: Command, now: f64) {
    match command {
        Command::Start => {
            if state.matching_count() > 0 {
                begin(state, QuizStart::practice(state.home.filter()), now);
            }
        }
        Command::PractiseTopics(topics) => {
            state.home.topics = topics.into_iter().collect();
            apply(state, Command::Start, now);
        }
        Command::ReviewMistakes => begin(state, QuizStart::mistakes(), now),
        Command::Study => begin(state, QuizStart::study(state.home.filter()), now),
        Command::PractiseEvent(bank, event) => begin(state, QuizStart::event(bank, event), now),
        Command::PractiseMap(bank, item) => begin(state, QuizStart::map(bank, item), now),
        Command::RetryMissed => {
            if let Some(session) = &state.session {
                begin(state, QuizStart::retry_missed(session), now);
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
            let learner = learner_of(&mut state.preview, &mut state.learner);
            if let Some(session) = &mut state.session {
                session.rate(learner, recall, retention);
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
        Command::BackToStart => back_to_start(state),
        Command::Show(kind) => leave_for(state, kind),
        Command::ShowOnMap(..) | Command::ShowOnTimeline(..) => show_linked(state, command),
        Command::SetRetention(r) => state.settings.retention = state.learner.set_retention(r),
        Command::SetAppearance(appearance) => {
            state.settings.appearance = appearance;
            state.learner.set_appearance(appearance);
        }
        Command::ExportResults(format) => {
            let dir = std::path::PathBuf::from(state.settings.export_dir.trim());
            let note = export_results(&mut state.learner, &dir, format);
            if let Screen::Progress(view) = &mut state.screen {
                view.export_note = Some(note);
            }
        }
        Command::OpenExam
        | Command::StartExam
        | Command::ExamAnswer(_)
        | Command::ExamClear
        | Command::ExamFlag
        | Command::ExamGoTo(_)
        | Command::ExamNext
        | Command::ExamPrev
        | Command::AskSubmitExam
        | Command::CancelSubmitExam
        | Command::SubmitExam
        | Command::SaveExamResults
        | Command::OpenClassReport => apply_exam_command(state, command),
        Command::SaveLrs => {
            state.lrs.save(&state.learner);
        }
        Command::SendToLrs => {
            let ctx = state.repaint.clone();
            let wake = move || {
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            };
            let banks = &state.library.banks;
            state.lrs.send_now(&state.learner, banks, state.clock, wake);
        }
        Command::CreateProfile(_)
        | Command::RenameProfile(..)
        | Command::AskDeleteProfile(_)
        | Command::DeleteProfile(_)
        | Command::CancelDelete
        | Command::SwitchProfile(_) => apply_learner(state, &command),
        Command::SelectProblem(_)
        | Command::OpenInEditor(..)
        | Command::TryQuestion(..)
        | Command::RestartWithChanges
        | Command::ReadImport(_)
        | Command::SaveImport
        | Command::ExportBank(..) => apply_authoring(state, command, now),
    }
}

/// Ends the session and shows the start page.
fn back_to_start(state: &mut AppState) {
    finish(state);
    state.session = None;
    show(state, ScreenKind::Home);
}

/// Shows the screen `kind`, ending a quiz in progress first.
fn leave_for(state: &mut AppState, kind: ScreenKind) {
    let tried = state.preview.is_some();
    if state.screen.kind() == ScreenKind::Question {
        finish(state);
    }
    // "End quiz" on a tried question goes back to the browser, which `finish` showed.
    if !(tried && kind == ScreenKind::Results) {
        show(state, kind);
    }
}

/// The authoring commands: Problems, the browser's tried question, live reload's restart, import
/// and export.
fn apply_authoring(state: &mut AppState, command: Command, now: f64) {
    match command {
        Command::SelectProblem(diag) => {
            if let Screen::Problems(view) = &mut state.screen {
                view.excerpt = Some(crate::app::problem_excerpt(&diag));
                view.selected = Some(diag);
                view.note = None;
            }
        }
        Command::OpenInEditor(path, line) => {
            let note = crate::app::open_in_editor(&path, line, state.settings.editor.as_deref());
            if let Screen::Problems(view) = &mut state.screen {
                view.note = Some(note);
            }
        }
        Command::TryQuestion(bank, question) => {
            let start = QuizStart::try_question(bank.clone(), question.clone());
            let seed = next_seed(state);
            let quiz = start.build(&state.library, &mut state.learner, 0, seed);
            if quiz.items.is_empty() {
                return;
            }
            if state.preview.is_none() {
                let back_to = match &state.screen {
                    Screen::Browser(view) => view.clone(),
                    _ => BrowserView {
                        bank: Some(bank),
                        selected: Some(question),
                        ..BrowserView::default()
                    },
                };
                // Close a real session first, with the real learner.
                finish(state);
                state.session = None;
                state.preview = Some(Preview {
                    learner: Learner::without_store(None),
                    back: back_to,
                });
            }
            start_quiz(state, start, quiz, now);
        }
        Command::ReadImport(path) => {
            if state.screen.kind() != ScreenKind::Transfer {
                show(state, ScreenKind::Transfer);
            }
            let read = crate::app::read_import(&path, &state.clock.today());
            if let Screen::Transfer(view) = &mut state.screen {
                view.path = path.display().to_string();
                match read {
                    Ok(prepared) => {
                        view.prepared = Some(std::sync::Arc::new(prepared));
                        view.note = None;
                    }
                    Err(why) => {
                        view.prepared = None;
                        view.note = Some(why);
                    }
                }
            }
        }
        Command::SaveImport => save_import(state),
        Command::ExportBank(bank, format, path) => {
            let note = crate::app::export_bank(&state.library, &bank, format, &path)
                .unwrap_or_else(|why| format!("Not exported: {why}"));
            if let Screen::Transfer(view) = &mut state.screen {
                view.export_note = Some(note);
            }
        }
        Command::RestartWithChanges => {
            if let Some(start) = state.live.started_with.clone() {
                begin(state, start, now);
            }
        }
        _ => {}
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
        state.settings.appearance = state.learner.appearance();
        state.exam = None;
        state.refresh_counts();
        // The settings screen shows the new learner's section, not the last one's edits.
        state.lrs.reopen(&state.learner);
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

/// Saves the import that was read under `banks/` and loads it.
fn save_import(state: &mut AppState) {
    let (Screen::Transfer(view), Some(banks_dir)) = (&mut state.screen, &state.settings.banks_dir)
    else {
        return;
    };
    let Some(prepared) = view.prepared.clone() else {
        return;
    };
    match crate::app::save_import(&mut state.library, &prepared, banks_dir, view.replace) {
        Ok(dir) => {
            let bank = &prepared.import.bank;
            view.note = Some(format!(
                "Saved to {} and loaded: {} questions.",
                dir.display(),
                bank.questions.len()
            ));
            view.prepared = None;
            state.home.banks.insert(bank.id.clone());
        }
        Err(why) => view.note = Some(format!("Not saved: {why}")),
    }
}

/// The learner a session records with: a learner without a store while a question is tried.
fn learner_of<'a>(preview: &'a mut Option<Preview>, learner: &'a mut Learner) -> &'a mut Learner {
    match preview {
        Some(p) => &mut p.learner,
        None => learner,
    }
}

/// Exam and class report commands.
fn apply_exam_command(state: &mut AppState, command: Command) {
    match command {
        Command::OpenExam | Command::StartExam => apply_take_exam(state, &command),
        Command::ExamAnswer(_)
        | Command::ExamClear
        | Command::ExamFlag
        | Command::ExamGoTo(_)
        | Command::ExamNext
        | Command::ExamPrev
        | Command::AskSubmitExam
        | Command::CancelSubmitExam
        | Command::SubmitExam => apply_exam(state, command),
        Command::SaveExamResults => {
            let dir = std::path::PathBuf::from(state.settings.export_dir.trim());
            let note = match &state.exam {
                Some(exam) => match exam.save_results(&dir) {
                    Ok(path) => format!("Saved your results to {}", path.display()),
                    Err(e) => format!("Saving failed: {e}"),
                },
                None => "There is no exam to save.".to_owned(),
            };
            if let Screen::ExamResult(view) = &mut state.screen {
                view.save_note = Some(note);
            }
        }
        Command::OpenClassReport => {
            if let Screen::ClassReport(view) = &mut state.screen {
                let folder = std::path::PathBuf::from(view.folder.trim());
                let (report, skipped) = read_class_report(&folder);
                view.report = Some(report);
                view.skipped = skipped;
            }
        }
        _ => {}
    }
}

/// "Take an exam": open the code or file typed, then start the paper opened.
fn apply_take_exam(state: &mut AppState, command: &Command) {
    let Screen::TakeExam(form) = &mut state.screen else {
        return;
    };
    match command {
        Command::OpenExam => {
            form.forms = file_forms(&form.input);
            if form.form.as_ref().is_some_and(|f| !form.forms.contains(f)) {
                form.form = None;
            }
            form.confirmed = false;
            match open_paper(&state.library, &form.input, form.form.as_deref()) {
                Ok(paper) => {
                    form.paper = Some(paper);
                    form.error = None;
                }
                Err(e) => {
                    form.paper = None;
                    form.error = Some(e.to_string());
                }
            }
        }
        Command::StartExam => {
            if !form.confirmed {
                return;
            }
            let Some(paper) = form.paper.take() else {
                return;
            };
            let now_ms = state.clock.now_ms();
            let exam = ActiveExam::start(&mut state.learner, paper, now_ms);
            state.screen = Screen::Exam(ExamView::of(&exam));
            state.exam = Some(exam);
        }
        _ => {}
    }
}

/// Carries out an exam screen command: every change is saved by the application layer at once;
/// a move shows the other question with its saved answer.
fn apply_exam(state: &mut AppState, command: Command) {
    let now_ms = state.clock.now_ms();
    let (Screen::Exam(view), Some(exam)) = (&mut state.screen, &mut state.exam) else {
        return;
    };
    let learner = &mut state.learner;
    let cleared = command == Command::ExamClear;
    // A refused change (a locked answer, a question that does not exist) changes nothing; the
    // screen shows the attempt as it is.
    let _refused = match command {
        Command::ExamAnswer(response) => exam.answer(learner, response, now_ms),
        Command::ExamClear => exam.clear_answer(learner, now_ms),
        Command::ExamFlag => exam.toggle_flag(learner, now_ms),
        Command::ExamGoTo(n) => exam.go_to(learner, n, now_ms),
        Command::ExamNext => exam.next(learner, now_ms),
        Command::ExamPrev => exam.prev(learner, now_ms),
        Command::AskSubmitExam => {
            view.confirm_submit = true;
            Ok(())
        }
        Command::CancelSubmitExam => {
            view.confirm_submit = false;
            Ok(())
        }
        Command::SubmitExam => exam.submit(learner, now_ms),
        _ => Ok(()),
    };
    if exam.is_submitted() {
        state.screen = Screen::ExamResult(ExamResultView::default());
    } else if exam.attempt().position() != view.draft_for || cleared {
        let confirm = view.confirm_submit;
        *view = ExamView {
            confirm_submit: confirm,
            ..ExamView::of(exam)
        };
    }
}

/// The seed for the next quiz (each start gets a new one).
fn next_seed(state: &mut AppState) -> u64 {
    let seed = state.seed;
    state.seed = state.seed.wrapping_add(1);
    seed
}

/// Builds the quiz `start` describes from the library as it is and starts it.
fn begin(state: &mut AppState, start: QuizStart, now: f64) {
    let (seed, due_before) = (next_seed(state), state.clock.end_of_today_ms());
    let quiz = start.build(&state.library, &mut state.learner, due_before, seed);
    start_quiz(state, start, quiz, now);
}

/// Starts `quiz`, built from `start` (closing any session still open), remembers `start` for
/// "Restart with the changes" and shows the first question; an empty quiz changes nothing.
fn start_quiz(state: &mut AppState, start: QuizStart, quiz: Quiz, now: f64) {
    let now_ms = state.clock.now_ms();
    // A real quiz ends a tried question.
    if !start.is_tried_question() && state.preview.take().is_some() {
        state.session = None;
    }
    let learner = learner_of(&mut state.preview, &mut state.learner);
    let Some(session) = ActiveSession::start(learner, quiz, start.mode, now_ms) else {
        return;
    };
    if let Some(mut old) = state.session.replace(session) {
        old.finish(learner, now_ms);
    }
    state.live.started_with = Some(start);
    state.live.quiz_outdated = false;
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
        .answer(
            learner_of(&mut state.preview, &mut state.learner),
            response,
            taken,
            now_ms,
            retention,
        )
        .is_some()
    {
        view.phase = Phase::Feedback;
        view.scroll_to_feedback = true;
    }
}

/// Closes the session in the store and shows the results; a tried question goes back to the
/// browser instead.
fn finish(state: &mut AppState) {
    if let Some(preview) = state.preview.take() {
        state.session = None;
        state.screen = Screen::Browser(preview.back);
        return;
    }
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
        ScreenKind::Problems => Screen::Problems(ProblemsView::default()),
        ScreenKind::Browser => Screen::Browser(BrowserView::default()),
        ScreenKind::Transfer => Screen::Transfer(TransferView::default()),
        ScreenKind::TakeExam => Screen::TakeExam(TakeExamForm::default()),
        ScreenKind::Exam => match &state.exam {
            Some(exam) if !exam.is_submitted() => Screen::Exam(ExamView::of(exam)),
            _ => return,
        },
        ScreenKind::ExamResult => match &state.exam {
            Some(exam) if exam.is_submitted() => Screen::ExamResult(ExamResultView::default()),
            _ => return,
        },
        ScreenKind::Settings => {
            // The saved settings are re-read; a send in progress goes on.
            state.lrs.reopen(&state.learner);
            Screen::Settings
        }
        ScreenKind::ClassReport => Screen::ClassReport(ClassReportView {
            folder: state.settings.export_dir.clone(),
            ..ClassReportView::default()
        }),
        ScreenKind::Progress => {
            let now_ms = state.clock.now_ms();
            Screen::Progress(ProgressView {
                data: ProgressData::compute(&state.library, &mut state.learner, now_ms),
                export_note: None,
            })
        }
    };
}
