//! Learner profiles: create, rename, delete (with confirmation), switch. No passwords: this is a
//! local course tool (see README).

use super::state::{AppState, Command};

/// Draws the profiles screen.
pub fn profiles_ui(ui: &mut egui::Ui, state: &mut AppState) -> Option<Command> {
    let mut command = None;
    ui.heading("Learners");
    if state.store.is_none() {
        ui.label("Progress cannot be saved on this machine, so there are no learner profiles.");
        return None;
    }
    ui.label("Each learner's answers and study schedule are kept apart. There are no passwords.");
    // Read from the store when a command changes it (`app::apply`), not every frame.
    let profiles = &state.profiles;
    let current = state.profile.as_ref().map(|p| p.id);
    egui::Grid::new("profiles").striped(true).show(ui, |ui| {
        for p in profiles {
            if Some(p.id) == current {
                ui.strong(format!("{} (current)", p.name));
                ui.label("");
            } else {
                ui.label(&p.name);
                if ui.button(format!("Switch to {}", p.name)).clicked() {
                    command = Some(Command::SwitchProfile(p.id));
                }
            }
            if ui.button(format!("Delete {}", p.name)).clicked() {
                command = Some(Command::AskDeleteProfile(p.id));
            }
            ui.end_row();
        }
    });
    if let Some(id) = state.confirm_delete
        && let Some(p) = profiles.iter().find(|p| p.id == id)
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
                command = Some(Command::DeleteProfile(id));
            }
            if ui.button("Cancel").clicked() {
                command = Some(Command::CancelDelete);
            }
        });
    }
    ui.separator();
    ui.horizontal(|ui| {
        let label = ui.label("New learner:");
        ui.text_edit_singleline(&mut state.new_profile_name)
            .labelled_by(label.id);
        let name = state.new_profile_name.trim().to_owned();
        if ui
            .add_enabled(!name.is_empty(), egui::Button::new("Create"))
            .clicked()
        {
            command = Some(Command::CreateProfile(name));
        }
    });
    if let Some(id) = current {
        ui.horizontal(|ui| {
            let label = ui.label("Rename the current learner:");
            ui.text_edit_singleline(&mut state.rename_to)
                .labelled_by(label.id);
            let name = state.rename_to.trim().to_owned();
            if ui
                .add_enabled(!name.is_empty(), egui::Button::new("Rename"))
                .clicked()
            {
                command = Some(Command::RenameProfile(id, name));
            }
        });
    }
    command
}
