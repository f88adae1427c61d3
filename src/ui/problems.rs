//! The Problems screen: every diagnostic as `PATH:LINE:COL: severity: message`, grouped by file;
//! the selected one shows the lines it points at with a caret, and "Open in editor".

use super::state::{Command, ProblemsView};
use crate::app::{FileProblems, Problem};

/// Draws the Problems screen over `groups` (the library's problems by file).
pub fn problems_ui(
    ui: &mut egui::Ui,
    view: &ProblemsView,
    groups: &[FileProblems],
    commands: &mut Vec<Command>,
) {
    ui.heading("Problems");
    if groups.is_empty() {
        ui.label("No problems: every bank loaded without errors or warnings.");
        return;
    }
    ui.label(
        "Banks with errors are not loaded; a bank that loaded before keeps its last good \
         version until the errors are fixed. Select a problem to see the lines it points at.",
    );
    for group in groups {
        ui.add_space(8.0);
        if group.path.as_os_str().is_empty() {
            ui.strong("Folders and built-in banks");
        } else {
            ui.strong(group.path.display().to_string());
        }
        for problem in &group.problems {
            let Problem::Diagnostic(diag) = problem else {
                ui.colored_label(ui.visuals().error_fg_color, problem.to_string());
                continue;
            };
            let selected = view.selected.as_ref() == Some(diag);
            let text = egui::RichText::new(diag.to_string()).monospace();
            // The selected row keeps the selection's own text colour, which reads on its fill.
            let text = if selected {
                text
            } else if diag.is_error() {
                text.color(ui.visuals().error_fg_color)
            } else {
                text.color(ui.visuals().warn_fg_color)
            };
            if ui.selectable_label(selected, text).clicked() {
                commands.push(Command::SelectProblem(diag.clone()));
            }
            if selected {
                ui.indent(("excerpt", &diag.path, diag.line, diag.column), |ui| {
                    excerpt_ui(ui, view, diag, commands);
                });
            }
        }
    }
}

/// The selected diagnostic's excerpt and its "Open in editor" button.
fn excerpt_ui(
    ui: &mut egui::Ui,
    view: &ProblemsView,
    diag: &crate::bank::Diagnostic,
    commands: &mut Vec<Command>,
) {
    match &view.excerpt {
        Some(Ok(excerpt)) => {
            ui.label(egui::RichText::new(excerpt.render()).monospace());
        }
        Some(Err(why)) => {
            ui.colored_label(ui.visuals().warn_fg_color, why);
        }
        None => {}
    }
    if ui.button("Open in editor").clicked() {
        commands.push(Command::OpenInEditor(diag.path.clone(), diag.line));
    }
    if let Some(note) = &view.note {
        ui.label(note);
    }
}
