//! Learner profiles: create, rename, delete (with confirmation), switch. No passwords: this is a
//! local course tool (see README).

use super::state::{Command, LearnersForm};
use crate::app::Profile;

/// Draws the learners screen from its form (the list is read when a command changes it, not
/// every frame).
pub fn profiles_ui(
    ui: &mut egui::Ui,
    form: &mut LearnersForm,
    current: Option<&Profile>,
    has_store: bool,
    commands: &mut Vec<Command>,
) {
    ui.heading("Learners");
    if !has_store {
        ui.label("Progress cannot be saved on this machine, so there are no learner profiles.");
        return;
    }
    ui.label("Each learner's answers and study schedule are kept apart. There are no passwords.");
    let current = current.map(|p| p.id);
    egui::Grid::new("profiles").striped(true).show(ui, |ui| {
        for p in &form.profiles {
            if Some(p.id) == current {
                ui.strong(format!("{} (current)", p.name));
                ui.label("");
            } else {
                ui.label(&p.name);
                if ui.button(format!("Switch to {}", p.name)).clicked() {
                    commands.push(Command::SwitchProfile(p.id));
                }
            }
            if ui.button(format!("Delete {}", p.name)).clicked() {
                commands.push(Command::AskDeleteProfile(p.id));
            }
            ui.end_row();
        }
    });
    if let Some(id) = form.confirm_delete
        && let Some(p) = form.profiles.iter().find(|p| p.id == id)
    {
        ui.separator();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Delete {} and all of their answers and study progress? This cannot be undone.",
                p.name
            ),
        );
        ui.horizontal(|ui| {
            if ui.button("Yes, delete").clicked() {
                commands.push(Command::DeleteProfile(id));
            }
            if ui.button("Cancel").clicked() {
                commands.push(Command::CancelDelete);
            }
        });
    }
    ui.separator();
    ui.horizontal(|ui| {
        let label = ui.label("New learner:");
        ui.text_edit_singleline(&mut form.new_name)
            .labelled_by(label.id);
        let name = form.new_name.trim().to_owned();
        if ui
            .add_enabled(!name.is_empty(), egui::Button::new("Create"))
            .clicked()
        {
            commands.push(Command::CreateProfile(name));
        }
    });
    if let Some(id) = current {
        ui.horizontal(|ui| {
            let label = ui.label("Rename the current learner:");
            ui.text_edit_singleline(&mut form.rename_to)
                .labelled_by(label.id);
            let name = form.rename_to.trim().to_owned();
            if ui
                .add_enabled(!name.is_empty(), egui::Button::new("Rename"))
                .clicked()
            {
                commands.push(Command::RenameProfile(id, name));
            }
        });
    }
}
