//! The import and export screen: read a GIFT, Moodle XML, Aiken or CSV file (typed or dropped on
//! the window), see its import log, then save it as a bank; export a loaded bank to GIFT or
//! Moodle XML. A path field, not a file dialog: the dialogs that build with egui 0.37 need GTK or
//! a desktop portal.

use std::path::PathBuf;

use super::state::{Command, TransferView};
use crate::app::{ExportFormat, Library};

/// Draws the import and export screen.
pub fn transfer_ui(
    ui: &mut egui::Ui,
    view: &mut TransferView,
    library: &Library,
    can_save: bool,
    commands: &mut Vec<Command>,
) {
    ui.heading("Import a bank");
    ui.label(
        "A GIFT, Moodle XML, Aiken or CSV file. You can also drop the file on the window. \
         The import log shows before anything is saved.",
    );
    ui.horizontal(|ui| {
        let label = ui.label("File to import:");
        ui.add(
            egui::TextEdit::singleline(&mut view.path)
                .desired_width(crate::ui::theme::field_width(ui, 420.0, &["Read file"])),
        )
        .labelled_by(label.id);
        let path = view.path.trim();
        if ui
            .add_enabled(!path.is_empty(), egui::Button::new("Read file"))
            .clicked()
        {
            commands.push(Command::ReadImport(PathBuf::from(path)));
        }
    });
    if let Some(note) = &view.note {
        ui.label(note);
    }
    if let Some(prepared) = &view.prepared {
        let bank = &prepared.import.bank;
        ui.add_space(6.0);
        ui.strong(format!(
            "Read as {}: \"{}\" (id {}), {} questions.",
            prepared.format.name(),
            bank.title,
            bank.id.0,
            bank.questions.len()
        ));
        ui.label(egui::RichText::new(prepared.import.log.to_string()).monospace());
        ui.checkbox(&mut view.replace, "Replace a saved bank with the same id");
        let save = egui::Button::new(format!("Save to banks/{}", bank.id.0));
        if ui
            .add_enabled(can_save && !bank.questions.is_empty(), save)
            .clicked()
        {
            commands.push(Command::SaveImport);
        }
        if !can_save {
            ui.weak("Saving needs the data folder, which could not be opened.");
        }
    }

    ui.add_space(12.0);
    ui.separator();
    ui.heading("Export a bank");
    let Some(bank) = view
        .export_bank
        .as_ref()
        .and_then(|id| library.bank(id))
        .or_else(|| library.banks.first())
    else {
        ui.label("No question banks were found.");
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label("Bank:");
        for b in &library.banks {
            if ui.selectable_label(b.id == bank.id, &b.title).clicked() {
                view.export_bank = Some(b.id.clone());
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("Format:");
        ui.radio_value(&mut view.export_format, ExportFormat::Gift, "GIFT");
        ui.radio_value(
            &mut view.export_format,
            ExportFormat::MoodleXml,
            "Moodle XML",
        );
    });
    ui.horizontal(|ui| {
        let label = ui.label("Export to:");
        ui.add(
            egui::TextEdit::singleline(&mut view.export_path)
                .desired_width(crate::ui::theme::field_width(ui, 420.0, &["Export"])),
        )
        .labelled_by(label.id);
        let path = view.export_path.trim();
        if ui
            .add_enabled(!path.is_empty(), egui::Button::new("Export"))
            .clicked()
        {
            commands.push(Command::ExportBank(
                bank.id.clone(),
                view.export_format,
                PathBuf::from(path),
            ));
        }
    });
    if let Some(note) = &view.export_note {
        ui.label(note);
    }
}
