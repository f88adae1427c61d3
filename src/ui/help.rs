//! The keyboard help (F1 or ?): a window over the current screen listing its shortcuts.

use super::state::ScreenKind;

fn open_id() -> egui::Id {
    egui::Id::unique("counterpoint_help_open")
}

/// Whether the help is showing.
pub fn is_open(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(open_id())).unwrap_or(false)
}

/// Whether "?" was typed this frame outside a text field (where it is just typed). egui gets a
/// typed "?" twice: as the key `Questionmark` (with Shift on most layouts) and as the text "?".
/// Only the text counts: it is there on every keyboard layout, and counting the key too would
/// open and close the help at once when the two come in different frames (as in `egui_kittest`).
fn question_mark(ui: &egui::Ui) -> bool {
    !ui.ctx().text_edit_focused()
        && ui.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::Text(text) if text == "?"))
        })
}

/// Reads F1 or ? (show or hide the help) and Esc (hide the help), and draws the help when it is
/// showing. Returns whether Esc should go back: it was pressed with no help and no list open.
pub fn keys_ui(ui: &mut egui::Ui, screen: ScreenKind) -> bool {
    use egui::{Key, Modifiers};
    let ctx = ui.ctx().clone();
    let was_open = is_open(&ctx);
    let f1 = ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) | question_mark(ui);
    let esc = ui.input(|i| i.key_pressed(Key::Escape));
    let mut open = was_open != f1;
    let mut go_back = false;
    if esc {
        if was_open {
            open = false;
            ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        } else {
            go_back = !egui::Popup::is_any_open(&ctx);
        }
    }
    if open {
        let mut close = false;
        egui::Window::new("Keyboard shortcuts")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .show(&ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (keys, action) in shortcuts(screen) {
                        ui.strong(keys);
                        ui.label(action);
                        ui.end_row();
                    }
                });
                let button = ui.button("Close help");
                if !was_open {
                    // The focus moves into the help, so a screen reader reads it.
                    button.request_focus();
                }
                close = button.clicked();
            });
        open = !close;
    }
    if open != was_open {
        ctx.data_mut(|d| d.insert_temp(open_id(), open));
        ctx.request_repaint();
    }
    go_back
}

/// The shortcuts of `screen`, then those that work everywhere.
pub fn shortcuts(screen: ScreenKind) -> Vec<(&'static str, &'static str)> {
    let mut list = screen_shortcuts(screen);
    list.extend([
        ("Tab, Shift+Tab", "Go to the next or previous control"),
        (
            "Space, Enter",
            "Press the focused button or tick the focused box",
        ),
        (
            "Ctrl +, Ctrl -, Ctrl 0",
            "Larger, smaller or default text size",
        ),
        (
            "F1 or ?",
            "Show or hide this help (? not while typing in a text field)",
        ),
        ("Esc", "Close this help"),
    ]);
    list
}

/// What `screen` adds to the shortcuts that work everywhere (one match arm per screen, so a new
/// screen cannot be left without its help).
pub fn screen_shortcuts(screen: ScreenKind) -> Vec<(&'static str, &'static str)> {
    const BACK: (&str, &str) = ("Esc", "Back to the start page");
    match screen {
        ScreenKind::Home => vec![("Enter", "Start the quiz"), ("Ctrl+E", "Take an exam")],
        ScreenKind::Question => vec![
            (
                "1 to 9",
                "Pick or tick a choice; select an item to order or a row to match",
            ),
            ("Up, Down", "Move the selected item up or down"),
            ("Left, Right", "Change the match of the selected row"),
            ("Enter", "Submit the answer, then go to the next question"),
            ("1 to 4", "Study mode, after an answer: rate your recall"),
            ("End quiz (top bar)", "Stop the quiz and see the results"),
        ],
        ScreenKind::Exam => vec![
            ("1 to 9", "Pick or tick a choice (as in a quiz)"),
            (
                "Enter",
                "Next question; on the last, open the submit confirmation; there, submit",
            ),
            ("Esc", "Close the submit confirmation"),
        ],
        ScreenKind::Map => vec![
            (
                "Tab",
                "Go through the groups and relations, line by line from the top",
            ),
            (
                "Enter, Space",
                "Open the card of the focused group or relation",
            ),
            ("Left, Right", "Show the year before or after"),
            BACK,
        ],
        ScreenKind::TakeExam => vec![("Enter", "In the code field: open the exam"), BACK],
        ScreenKind::ClassReport => {
            vec![
                ("Enter", "In the folder field: open the class report"),
                BACK,
            ]
        }
        ScreenKind::Learners => vec![
            BACK,
            ("Esc", "While a deletion waits for confirmation: cancel it"),
        ],
        ScreenKind::Settings => vec![
            (
                "Tab, Space",
                "Reach and tick \u{201c}Send results to an LRS\u{201d}, then its fields",
            ),
            BACK,
        ],
        ScreenKind::Results
        | ScreenKind::Glossary
        | ScreenKind::Timeline
        | ScreenKind::Progress
        | ScreenKind::Problems
        | ScreenKind::Browser
        | ScreenKind::Transfer
        | ScreenKind::ExamResult => vec![BACK],
    }
}
