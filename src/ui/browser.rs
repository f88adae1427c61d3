//! The bank browser: every question of a bank, searched by id, topic, tag and text and filtered
//! by kind and difficulty; the selected question's details and "Try this question".

use super::state::{BrowserView, Command};
use crate::app::{BrowseFilter, Library, browse};
use crate::model::KindName;

/// Rows listed at most, so a 10,000-question bank stays quick to draw; the search narrows it.
const MAX_ROWS: usize = 200;

/// Draws the bank browser.
pub fn browser_ui(
    ui: &mut egui::Ui,
    view: &mut BrowserView,
    library: &Library,
    commands: &mut Vec<Command>,
) {
    ui.heading("Bank browser");
    let Some(bank) = view
        .bank
        .as_ref()
        .and_then(|id| library.bank(id))
        .or_else(|| library.banks.first())
    else {
        ui.label("No question banks were found.");
        return;
    };
    if library.banks.len() > 1 {
        ui.horizontal_wrapped(|ui| {
            ui.strong("Bank:");
            for b in &library.banks {
                if ui.selectable_label(b.id == bank.id, &b.title).clicked() {
                    view.bank = Some(b.id.clone());
                    view.selected = None;
                }
            }
        });
    } else {
        ui.strong(&bank.title);
    }

    filter_ui(ui, &mut view.filter);
    let listed = browse(bank, &view.filter);
    ui.label(format!(
        "{} of {} questions",
        listed.len(),
        bank.questions.len()
    ));
    ui.separator();
    for question in listed.iter().take(MAX_ROWS) {
        let first_line = question.prompt.lines().next().unwrap_or_default();
        let row = format!(
            "{} \u{b7} {} \u{b7} {} \u{b7} difficulty {}: {first_line}",
            question.id.0,
            question.topic,
            question.kind.kind_name().as_str(),
            question.difficulty
        );
        let selected = view.selected.as_deref() == Some(question.id.0.as_str());
        if ui.selectable_label(selected, row).clicked() {
            view.selected = if selected {
                None
            } else {
                Some(question.id.0.clone())
            };
        }
        if selected {
            ui.indent(("details", &question.id.0), |ui| {
                ui.label(&question.prompt);
                if !question.tags.is_empty() {
                    ui.weak(format!("Tags: {}", question.tags.join(", ")));
                }
                for line in question.kind.answer_lines() {
                    ui.label(format!("Answer: {line}"));
                }
                ui.weak(&question.explanation);
                if ui.button("Try this question").clicked() {
                    commands.push(Command::TryQuestion(bank.id.clone(), question.id.0.clone()));
                }
                ui.weak("Answer it and see its feedback; nothing is recorded.");
            });
        }
    }
    if listed.len() > MAX_ROWS {
        ui.weak(format!(
            "{} more: narrow the search to see them.",
            listed.len() - MAX_ROWS
        ));
    }
}

/// The search field and the kind and difficulty boxes.
fn filter_ui(ui: &mut egui::Ui, filter: &mut BrowseFilter) {
    ui.horizontal(|ui| {
        let label = ui.label("Search:");
        ui.add(egui::TextEdit::singleline(&mut filter.search).hint_text("id, topic, tag or text"))
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Kinds:");
        for kind in KindName::ALL {
            let mut ticked = filter.kinds.contains(&kind);
            if ui.checkbox(&mut ticked, kind.as_str()).changed() {
                if ticked {
                    filter.kinds.insert(kind);
                } else {
                    filter.kinds.remove(&kind);
                }
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("Difficulty:");
        for level in 1..=3u8 {
            let mut ticked = filter.difficulties.contains(&level);
            if ui
                .checkbox(&mut ticked, format!("Difficulty {level}"))
                .changed()
            {
                if ticked {
                    filter.difficulties.insert(level);
                } else {
                    filter.difficulties.remove(&level);
                }
            }
        }
        ui.weak("(none ticked means all)");
    });
}
