//! The glossary screen: every term of the loaded banks, filterable.

use super::a11y;
use super::feedback::sources_ui;
use crate::app::Library;

/// Draws the glossary, filtered by `filter` (the screen's state).
pub fn glossary_ui(ui: &mut egui::Ui, filter: &mut String, library: &Library) {
    ui.heading("Glossary");
    ui.horizontal(|ui| {
        let label = ui.label("Filter:");
        ui.text_edit_singleline(filter).labelled_by(label.id);
    });
    let filter = filter.to_lowercase();
    let mut shown = 0;
    for bank in &library.banks {
        let mut terms: Vec<_> = bank
            .glossary
            .iter()
            .filter(|t| {
                filter.is_empty()
                    || t.term.to_lowercase().contains(&filter)
                    || t.definition.to_lowercase().contains(&filter)
                    || t.aliases.iter().any(|a| a.to_lowercase().contains(&filter))
            })
            .collect();
        terms.sort_by_key(|t| t.term.to_lowercase());
        for term in terms {
            shown += 1;
            ui.separator();
            ui.strong(&term.term);
            if !term.aliases.is_empty() {
                ui.weak(format!("also: {}", term.aliases.join(", ")));
            }
            ui.label(&term.definition);
            ui.push_id(("gloss", &bank.id.0, &term.term), |ui| {
                let sources = egui::CollapsingHeader::new("Sources").show(ui, |ui| {
                    sources_ui(ui, bank, &term.sources);
                });
                a11y::name(
                    &sources.header_response,
                    format!("Sources for {}", term.term),
                );
            });
        }
    }
    if shown == 0 {
        ui.label("No terms match.");
    }
}
