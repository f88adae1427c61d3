//! The start page: banks, topics, difficulty, number of questions, Start.

use std::collections::BTreeMap;

use super::state::{AppState, Command};

/// Draws the home screen.
pub fn home_ui(ui: &mut egui::Ui, state: &mut AppState) -> Option<Command> {
    let mut command = None;
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)) {
        command = Some(Command::Start);
    }
    ui.heading("Practice");
    ui.label("Pick banks and topics, then start. Every answer is explained, with its sources.");
    if state.banks.is_empty() {
        ui.label("No question banks were found.");
    }
    for problem in &state.load_problems {
        ui.colored_label(ui.visuals().warn_fg_color, problem);
    }

    ui.add_space(6.0);
    ui.strong("Question banks");
    for bank in &state.banks {
        let mut ticked = state.home.banks.contains(&bank.id);
        let label = format!("{} ({} questions)", bank.title, bank.questions.len());
        if ui.checkbox(&mut ticked, label).changed() {
            if ticked {
                state.home.banks.insert(bank.id.clone());
            } else {
                state.home.banks.remove(&bank.id);
            }
        }
        if let Some(note) = &bank.content_note {
            ui.indent(("note", &bank.id.0), |ui| {
                ui.small(note.trim());
            });
        }
    }

    // Topics (with counts) across the ticked banks.
    let mut topics: BTreeMap<String, usize> = BTreeMap::new();
    for bank in state
        .banks
        .iter()
        .filter(|b| state.home.banks.contains(&b.id))
    {
        for (topic, n) in bank.topic_counts() {
            *topics.entry(topic).or_insert(0) += n;
        }
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.strong("Topics");
        ui.weak("(none ticked means all)");
    });
    for (topic, n) in &topics {
        let mut ticked = state.home.topics.contains(topic);
        if ui.checkbox(&mut ticked, format!("{topic} ({n})")).changed() {
            if ticked {
                state.home.topics.insert(topic.clone());
            } else {
                state.home.topics.remove(topic);
            }
        }
    }
    state.home.topics.retain(|t| topics.contains_key(t));

    ui.add_space(6.0);
    ui.strong("Difficulty");
    ui.horizontal(|ui| {
        for (level, label) in [(1, "1 recall"), (2, "2 understanding"), (3, "3 analysis")] {
            let mut ticked = state.home.difficulties.contains(&level);
            if ui.checkbox(&mut ticked, label).changed() {
                if ticked {
                    state.home.difficulties.insert(level);
                } else {
                    state.home.difficulties.remove(&level);
                }
            }
        }
    });

    let available = state.matching_count();
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let label = ui.strong("Number of questions");
        ui.add(
            egui::DragValue::new(&mut state.home.count)
                .range(1..=available.max(1))
                .speed(0.2),
        )
        .labelled_by(label.id);
        ui.weak(format!("of {available} matching"));
    });

    ui.add_space(10.0);
    let start = ui.add_enabled(available > 0, egui::Button::new("Start"));
    if start.clicked() {
        command = Some(Command::Start);
    }
    ui.weak("Press Enter to start. In a quiz: digits pick answers, Enter submits and moves on.");

    if state.store.is_some() {
        command = study_ui(ui, state).or(command);
    }
    command
}

/// Review of mistakes, the study button with due counts, and the retention setting.
fn study_ui(ui: &mut egui::Ui, state: &AppState) -> Option<Command> {
    let mut command = None;
    {
        ui.add_space(12.0);
        ui.heading("Review and study");
        let mistakes = state.mistakes.len();
        let review = ui.add_enabled(
            mistakes > 0,
            egui::Button::new(format!("Review mistakes ({mistakes})")),
        );
        if review.clicked() {
            command = Some(Command::ReviewMistakes);
        }
        ui.weak("Questions you last answered wrong or partly right, until you get each one right.");
        for bank in state
            .banks
            .iter()
            .filter(|b| state.home.banks.contains(&b.id))
        {
            let due = state.due.get(&bank.id.0).copied().unwrap_or(0);
            ui.label(format!("{}: {due} due today", bank.title));
        }
        if ui.button("Study").clicked() {
            command = Some(Command::Study);
        }
        ui.weak(
            "Spaced repetition (FSRS): questions due today first, then new ones from the ticked \
             banks and topics. After each answer, rate your recall: 1 Again, 2 Hard, 3 Good, 4 Easy.",
        );
        let mut retention = state.retention * 100.0;
        ui.horizontal(|ui| {
            let label = ui.label("Desired retention (%):");
            let slider = ui
                .add(egui::Slider::new(&mut retention, 70.0..=99.0).integer())
                .labelled_by(label.id);
            if slider.changed() {
                command = Some(Command::SetRetention(retention / 100.0));
            }
        });
    }
    command
}
