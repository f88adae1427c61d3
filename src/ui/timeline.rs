//! The timeline screen: dated events in order, each linked to its questions.

use super::feedback::sources_ui;
use super::state::Command;
use super::theme;
use crate::app::Library;

/// Draws the timeline, filtered by `filter` (the screen's state).
pub fn timeline_ui(
    ui: &mut egui::Ui,
    filter: &mut String,
    library: &Library,
    commands: &mut Vec<Command>,
) {
    ui.heading("Timeline");
    ui.horizontal(|ui| {
        let label = ui.label("Filter:");
        ui.text_edit_singleline(filter).labelled_by(label.id);
    });
    let filter = filter.to_lowercase();
    let dark = ui.visuals().dark_mode;
    for bank in &library.banks {
        for event in bank.events.iter().filter(|e| {
            filter.is_empty()
                || e.title.to_lowercase().contains(&filter)
                || e.summary.to_lowercase().contains(&filter)
                || e.date.contains(&filter)
        }) {
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.monospace(&event.date);
                ui.strong(&event.title);
            });
            if let Some(warning) = &event.content_warning {
                ui.colored_label(theme::warning(dark), format!("Content warning: {warning}"));
            }
            ui.label(&event.summary);
            ui.push_id(("event", &bank.id.0, &event.id), |ui| {
                ui.horizontal(|ui| {
                    let n = event.questions.len();
                    if n > 0
                        && ui
                            .button(format!("Practise {n} question(s) on this event"))
                            .clicked()
                    {
                        commands.push(Command::PractiseEvent(bank.id.clone(), event.id.clone()));
                    }
                });
                egui::CollapsingHeader::new("Sources").show(ui, |ui| {
                    sources_ui(ui, bank, &event.sources);
                });
            });
        }
    }
}
