//! The start page: banks, topics, difficulty, number of questions, Start.

use std::collections::BTreeMap;

use super::state::{Command, HomeForm, ScreenKind, Settings, StartCounts};
use crate::app::Library;
use crate::engine::Filter;

/// Draws the home screen; the form outlives the screen.
pub fn home_ui(
    ui: &mut egui::Ui,
    library: &Library,
    home: &mut HomeForm,
    counts: &StartCounts,
    settings: &Settings,
    has_store: bool,
    commands: &mut Vec<Command>,
) {
    // Enter starts the quiz unless a control has the focus (Enter then presses that control).
    let nothing_focused = ui.memory(|m| m.focused().is_none());
    if nothing_focused && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)) {
        commands.push(Command::Start);
    }
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::E)) {
        commands.push(Command::Show(ScreenKind::TakeExam));
    }
    ui.heading("Practice");
    ui.label("Pick banks and topics, then start. Every answer is explained, with its sources.");
    if library.banks.is_empty() {
        ui.label("No question banks were found.");
    }
    if let Some(summary) = library.problems_summary() {
        ui.horizontal(|ui| {
            ui.colored_label(ui.visuals().warn_fg_color, summary);
            if ui.button("Show problems").clicked() {
                commands.push(Command::Show(ScreenKind::Problems));
            }
        });
    }

    ui.add_space(6.0);
    ui.strong("Question banks");
    for bank in &library.banks {
        let mut ticked = home.banks.contains(&bank.id);
        let label = format!("{} ({} questions)", bank.title, bank.questions.len());
        if ui.checkbox(&mut ticked, label).changed() {
            if ticked {
                home.banks.insert(bank.id.clone());
            } else {
                home.banks.remove(&bank.id);
            }
        }
        if let Some(note) = &bank.content_note {
            ui.indent(("note", &bank.id.0), |ui| {
                ui.small(reflow(note));
            });
        }
    }

    // Topics (with counts) across the ticked banks.
    let mut topics: BTreeMap<String, usize> = BTreeMap::new();
    for bank in library.banks.iter().filter(|b| home.banks.contains(&b.id)) {
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
        let mut ticked = home.topics.contains(topic);
        if ui.checkbox(&mut ticked, format!("{topic} ({n})")).changed() {
            if ticked {
                home.topics.insert(topic.clone());
            } else {
                home.topics.remove(topic);
            }
        }
    }
    home.topics.retain(|t| topics.contains_key(t));

    ui.add_space(6.0);
    ui.strong("Difficulty");
    ui.horizontal(|ui| {
        for (level, label) in [(1, "1 recall"), (2, "2 understanding"), (3, "3 analysis")] {
            let mut ticked = home.difficulties.contains(&level);
            if ui.checkbox(&mut ticked, label).changed() {
                if ticked {
                    home.difficulties.insert(level);
                } else {
                    home.difficulties.remove(&level);
                }
            }
        }
    });

    let available = library.matching_count(&Filter {
        count: None,
        ..home.filter()
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let label = ui.strong("Number of questions");
        ui.add(
            egui::DragValue::new(&mut home.count)
                .range(1..=available.max(1))
                .speed(0.2),
        )
        .labelled_by(label.id);
        ui.weak(format!("of {available} matching"));
    });

    ui.add_space(10.0);
    let start = ui.add_enabled(available > 0, egui::Button::new("Start"));
    if start.clicked() {
        commands.push(Command::Start);
    }
    ui.weak("Press Enter to start. In a quiz: digits pick answers, Enter submits and moves on.");

    if has_store {
        study_ui(ui, library, home, counts, settings, commands);
    }
    exams_ui(ui, commands);
}

/// Take an exam, and the class report for instructors.
fn exams_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.add_space(12.0);
    ui.heading("Exams");
    ui.horizontal(|ui| {
        if ui.button("Take an exam").clicked() {
            commands.push(Command::Show(ScreenKind::TakeExam));
        }
        if ui.button("Class report").clicked() {
            commands.push(Command::Show(ScreenKind::ClassReport));
        }
    });
    ui.weak(
        "Take an exam from the code your instructor gives you (Ctrl+E from here). Instructors: \
         the class report reads a folder of your class's results files.",
    );
}

/// Review of mistakes, the study button with due counts, and the retention setting.
fn study_ui(
    ui: &mut egui::Ui,
    library: &Library,
    home: &HomeForm,
    counts: &StartCounts,
    settings: &Settings,
    commands: &mut Vec<Command>,
) {
    {
        ui.add_space(12.0);
        ui.heading("Review and study");
        let mistakes = counts.mistakes.len();
        let review = ui.add_enabled(
            mistakes > 0,
            egui::Button::new(format!("Review mistakes ({mistakes})")),
        );
        if review.clicked() {
            commands.push(Command::ReviewMistakes);
        }
        ui.weak("Questions you last answered wrong or partly right, until you get each one right.");
        for bank in library.banks.iter().filter(|b| home.banks.contains(&b.id)) {
            let due = counts.due.get(&bank.id.0).copied().unwrap_or(0);
            ui.label(format!("{}: {due} due today", bank.title));
        }
        if ui.button("Study").clicked() {
            commands.push(Command::Study);
        }
        ui.weak(
            "Spaced repetition (FSRS): questions due today first, then new ones from the ticked \
             banks and topics. After each answer, rate your recall: 1 Again, 2 Hard, 3 Good, 4 Easy.",
        );
        let mut retention = settings.retention * 100.0;
        ui.horizontal(|ui| {
            let label = ui.label("Desired retention (%):");
            let slider = ui
                .add(
                    egui::Slider::new(&mut retention, 70.0..=99.0)
                        .integer()
                        .show_value(false),
                )
                .labelled_by(label.id);
            // One control for one value: the slider (arrow keys move it), its value as text.
            ui.label(format!("{retention:.0}%"));
            if slider.changed() {
                commands.push(Command::SetRetention(retention / 100.0));
            }
        });
    }
}

/// `text` with the line breaks inside each paragraph turned into spaces, so it wraps to the
/// column at any text size (a bank's note is written with breaks that suit 100 %); paragraphs,
/// split by a blank line, stay apart.
fn reflow(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::reflow;

    #[test]
    fn reflow_joins_the_lines_of_a_paragraph_and_keeps_paragraphs() {
        assert_eq!(
            reflow("  One line,\nthe same  sentence.\n\nAnother\r\nparagraph.\n"),
            "One line, the same sentence.\n\nAnother paragraph."
        );
    }
}
