//! The settings screen: "Send results to an LRS" (off by default; docs/lrs.md, "In the app").

use super::state::Command;
use crate::app::LrsSection;
use crate::interchange::results::xapi::IRI_BASE;

/// Draws the settings screen. Every field and button is disabled until sending is turned on,
/// and while a send runs; the send's progress and outcome show below them.
pub fn settings_ui(
    ui: &mut egui::Ui,
    section: &mut LrsSection,
    learner: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.heading("Settings");
    ui.add_space(8.0);
    ui.strong("Send results to an LRS");
    let whose = learner.unwrap_or("the current learner");
    ui.label(format!(
        "A Learning Record Store (LRS) keeps an organisation's learning records. When this is on, \
         \u{201c}Send now\u{201d} sends {whose}'s answers and exam attempts to it, each only once. \
         Nothing leaves this machine unless you turn it on and press \u{201c}Send now\u{201d}."
    ));
    let sending = section.is_sending();
    let toggle = ui.add_enabled(
        !sending,
        egui::Checkbox::new(&mut section.settings.enabled, "Send results to an LRS"),
    );
    if toggle.changed() {
        commands.push(Command::SaveLrs);
    }
    let on = section.settings.enabled;
    ui.add_enabled_ui(on && !sending, |ui| {
        egui::Grid::new("lrs_settings")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let settings = &mut section.settings;
                let address = egui::TextEdit::singleline(&mut settings.endpoint)
                    .hint_text("https://lrs.example.org/xapi");
                field_row(ui, "LRS address:", address);
                field_row(ui, "Key:", egui::TextEdit::singleline(&mut settings.key));
                let hint = if section.secret_saved {
                    "saved; type a new one to replace it"
                } else {
                    ""
                };
                let secret = egui::TextEdit::singleline(&mut section.secret)
                    .password(true)
                    .hint_text(hint);
                field_row(ui, "Secret:", secret);
                let home_page =
                    egui::TextEdit::singleline(&mut settings.home_page).hint_text(IRI_BASE);
                field_row(ui, "Organisation's URL:", home_page);
            });
        ui.label(
            "The organisation's URL names the learners' accounts in the LRS (the account's \
             home page). The secret is kept in a file only you can read.",
        );
        ui.horizontal(|ui| {
            if ui.button("Save settings").clicked() {
                commands.push(Command::SaveLrs);
            }
            if ui.button("Send now").clicked() {
                commands.push(Command::SendToLrs);
            }
        });
    });
    if let Some(progress) = section.progress()
        && sending
    {
        let fraction = if progress.total == 0 {
            0.0
        } else {
            progress.sent as f32 / progress.total as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(crate::ui::theme::field_width(ui, 420.0, &[]))
                .text(format!(
                    "Sending: {} of {} statements",
                    progress.sent, progress.total
                )),
        );
    }
    if let Some(outcome) = section.outcome() {
        ui.label(outcome);
    }
    match &section.note {
        Some(note) if note.is_problem() => {
            ui.colored_label(ui.visuals().warn_fg_color, note.text());
        }
        Some(note) => {
            ui.label(note.text());
        }
        None => {}
    }
}

/// A label and its field, the field named by the label.
fn field_row(ui: &mut egui::Ui, label: &str, field: egui::TextEdit<'_>) {
    let label = ui.label(label);
    ui.add(field.desired_width(crate::ui::theme::field_width(ui, 380.0, &[])))
        .labelled_by(label.id);
    ui.end_row();
}
