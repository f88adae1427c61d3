//! The question screen: content warning, prompt, one answer widget per kind, Submit/Next.

use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use super::draft::Draft;
use super::feedback::feedback_ui;
use super::state::{Command, Phase, QuestionView, ScreenKind};
use super::{a11y, theme};
use crate::app::{ActiveSession, Library, Mode};
use crate::engine::{QuizItem, Recall};
use crate::model::Kind;

/// Keys pressed this frame that the question screen (and the exam screen, which shares its
/// answer widgets) reacts to.
#[derive(Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "one flag per key, read once per frame"
)]
pub(super) struct Keys {
    enter: bool,
    digit: Option<usize>,
    up: bool,
    down: bool,
    left: bool,
    right: bool,
    /// Give an empty text field the keyboard focus (the question screen always does; the exam
    /// screen only when a question is first shown, so Tab can leave the field).
    pub(super) autofocus: bool,
}

fn read_keys(ui: &egui::Ui, typing: bool) -> Keys {
    let enter = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
    Keys {
        enter,
        autofocus: true,
        ..answer_keys(ui, typing)
    }
}

/// The answer widgets' keys (digits pick, arrows move), none while `typing`; Enter is left
/// alone.
pub(super) fn answer_keys(ui: &egui::Ui, typing: bool) -> Keys {
    use egui::Key;
    let mut keys = Keys::default();
    ui.input_mut(|i| {
        if typing {
            return;
        }
        let digits = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        for (n, key) in digits.into_iter().enumerate() {
            if i.consume_key(egui::Modifiers::NONE, key) {
                keys.digit = Some(n);
            }
        }
        keys.up = i.consume_key(egui::Modifiers::NONE, Key::ArrowUp);
        keys.down = i.consume_key(egui::Modifiers::NONE, Key::ArrowDown);
        keys.left = i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft);
        keys.right = i.consume_key(egui::Modifiers::NONE, Key::ArrowRight);
    });
    keys
}

/// Draws the current question of the session.
pub fn question_ui(
    ui: &mut egui::Ui,
    view: &mut QuestionView,
    active: &ActiveSession,
    library: &Library,
    markdown: &mut CommonMarkCache,
    commands: &mut Vec<Command>,
) {
    let session = &active.session;
    let Some(item) = session.current() else {
        commands.push(Command::Show(ScreenKind::Results));
        return;
    };
    let kind = &item.question.kind;
    let typing = matches!(kind, Kind::Numeric { .. } | Kind::Text { .. });
    let keys = read_keys(ui, typing || view.phase != Phase::Answering);
    let total = session.quiz.items.len();
    ui.horizontal(|ui| {
        ui.strong(format!("Question {} of {}", session.position + 1, total));
        ui.weak(format!(
            "{} \u{b7} difficulty {}",
            item.question.topic, item.question.difficulty
        ));
    });
    ui.separator();
    let command = match view.phase {
        Phase::Warning => warning_ui(ui, item, keys.enter),
        Phase::Answering => {
            CommonMarkViewer::new().show(ui, markdown, &item.question.prompt);
            ui.add_space(6.0);
            answer_ui(ui, item, &mut view.draft, &keys);
            ui.add_space(8.0);
            let ready = view.draft.is_started(kind);
            let submit = ui.add_enabled(ready, egui::Button::new("Submit"));
            ui.weak(hint(kind));
            (submit.clicked() || (keys.enter && ready)).then_some(Command::Submit)
        }
        Phase::Feedback => {
            CommonMarkViewer::new().show(ui, markdown, &item.question.prompt);
            ui.add_space(6.0);
            ui.add_enabled_ui(false, |ui| {
                answer_ui(ui, item, &mut view.draft.clone(), &Keys::default());
            });
            ui.separator();
            let answered = session.current_answer();
            if let Some(answered) = answered {
                let scroll = &mut view.scroll_to_feedback;
                feedback_ui(ui, library, markdown, scroll, item, answered, commands);
            }
            ui.add_space(8.0);
            if active.mode == Mode::Study {
                let implied = answered.map_or(Recall::Again, |a| Recall::from_score(a.grade.score));
                rating_ui(ui, implied, keys.enter)
            } else {
                let last = session.position + 1 >= total;
                let label = if last { "See results" } else { "Next question" };
                let next = ui.button(label);
                (next.clicked() || keys.enter).then_some(Command::Next)
            }
        }
    };
    commands.extend(command);
}

/// Study mode: Again/Hard/Good/Easy buttons (keys 1-4); Space or Enter continues with the
/// rating `picked`, the one the score implies.
fn rating_ui(ui: &mut egui::Ui, picked: Recall, enter: bool) -> Option<Command> {
    let mut command = None;
    let space = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Space));
    let keys = [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
    ];
    for (key, recall) in keys.into_iter().zip(Recall::ALL) {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key)) {
            command = Some(Command::Rate(recall));
        }
    }
    ui.strong("How well did you recall it?");
    ui.horizontal(|ui| {
        for (n, recall) in Recall::ALL.into_iter().enumerate() {
            let label = format!("{} {}", n + 1, recall.label());
            if ui
                .add(egui::Button::selectable(picked == recall, label))
                .clicked()
            {
                command = Some(Command::Rate(recall));
            }
        }
    });
    ui.weak(format!(
        "Keys 1-4 rate and continue; Space or Enter continues with \"{}\".",
        picked.label()
    ));
    if command.is_none() && (space || enter) {
        command = Some(Command::Rate(picked));
    }
    command
}

fn hint(kind: &Kind) -> &'static str {
    match kind {
        Kind::Single { .. } => "Keys: 1-9 pick a choice, Enter submits.",
        Kind::Multiple { .. } => "Keys: 1-9 tick or untick a choice, Enter submits.",
        Kind::TrueFalse { .. } => "Keys: 1 True, 2 False, Enter submits.",
        Kind::Order { .. } => "Keys: 1-9 select an item, Up/Down move it, Enter submits.",
        Kind::Match { .. } => "Keys: 1-9 select a row, Left/Right change its match, Enter submits.",
        Kind::Numeric { .. } | Kind::Text { .. } => "Type your answer, Enter submits.",
    }
}

fn warning_ui(ui: &mut egui::Ui, item: &QuizItem, enter: bool) -> Option<Command> {
    ui.colored_label(
        theme::warning(theme::palette(ui)),
        egui::RichText::new("Content warning").strong(),
    );
    if let Some(warning) = &item.question.content_warning {
        ui.label(warning);
    }
    ui.label("The question is shown after you continue.");
    let go = ui.button("Continue");
    (go.clicked() || enter).then_some(Command::ContinueWarning)
}

/// The answer widget for the item's kind. Disabled (read-only) in the feedback phase.
pub(super) fn answer_ui(ui: &mut egui::Ui, item: &QuizItem, draft: &mut Draft, keys: &Keys) {
    let order = &item.display_order;
    match &item.question.kind {
        Kind::Single { choices, .. } => {
            if let Some(&picked) = keys.digit.and_then(|d| order.get(d)) {
                draft.single = Some(picked);
            }
            for (pos, &i) in order.iter().enumerate() {
                let Some(choice) = choices.get(i) else {
                    continue;
                };
                let label = format!("{}. {}", pos + 1, choice.text);
                if ui.radio(draft.single == Some(i), label).clicked() {
                    draft.single = Some(i);
                }
            }
        }
        Kind::Multiple { choices, .. } => {
            if let Some(&picked) = keys.digit.and_then(|d| order.get(d))
                && !draft.multiple.remove(&picked)
            {
                draft.multiple.insert(picked);
            }
            ui.weak("Select all that apply.");
            for (pos, &i) in order.iter().enumerate() {
                let Some(choice) = choices.get(i) else {
                    continue;
                };
                let mut ticked = draft.multiple.contains(&i);
                let label = format!("{}. {}", pos + 1, choice.text);
                if ui.checkbox(&mut ticked, label).changed() {
                    if ticked {
                        draft.multiple.insert(i);
                    } else {
                        draft.multiple.remove(&i);
                    }
                }
            }
        }
        Kind::TrueFalse { .. } => {
            match keys.digit {
                Some(0) => draft.true_false = Some(true),
                Some(1) => draft.true_false = Some(false),
                _ => {}
            }
            if ui
                .radio(draft.true_false == Some(true), "1. True")
                .clicked()
            {
                draft.true_false = Some(true);
            }
            if ui
                .radio(draft.true_false == Some(false), "2. False")
                .clicked()
            {
                draft.true_false = Some(false);
            }
        }
        Kind::Order { items } => order_ui(ui, items, draft, keys),
        Kind::Match { pairs, distractors } => match_ui(ui, item, pairs, distractors, draft, keys),
        Kind::Numeric { unit, .. } => {
            ui.horizontal(|ui| {
                let label = ui.label("Your answer:");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut draft.text).desired_width(
                        crate::ui::theme::field_width(
                            ui,
                            160.0,
                            &[unit.as_deref().unwrap_or_default()],
                        ),
                    ))
                    .labelled_by(label.id);
                focus_when_empty(ui, &field, &draft.text, keys.autofocus);
                if let Some(unit) = unit {
                    ui.label(unit);
                }
            });
        }
        Kind::Text { .. } => {
            ui.horizontal(|ui| {
                let label = ui.label("Your answer:");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut draft.text)
                            .desired_width(crate::ui::theme::field_width(ui, 360.0, &[])),
                    )
                    .labelled_by(label.id);
                focus_when_empty(ui, &field, &draft.text, keys.autofocus);
            });
        }
    }
}

fn focus_when_empty(ui: &egui::Ui, field: &egui::Response, text: &str, autofocus: bool) {
    if autofocus && ui.is_enabled() && text.is_empty() && !field.has_focus() {
        field.request_focus();
    }
}

fn order_ui(ui: &mut egui::Ui, items: &[String], draft: &mut Draft, keys: &Keys) {
    if let Some(d) = keys.digit.filter(|&d| d < draft.order.len()) {
        draft.selected_row = Some(d);
    }
    if let Some(row) = draft.selected_row {
        if keys.up {
            draft.move_item(row, -1);
        } else if keys.down {
            draft.move_item(row, 1);
        }
    }
    ui.weak("Put the items in order, first at the top.");
    let mut moves: Option<(usize, isize)> = None;
    let n = draft.order.len();
    for (row, &i) in draft.order.iter().enumerate() {
        let Some(text) = items.get(i) else { continue };
        ui.horizontal(|ui| {
            // The buttons say "Up" and "Down"; a screen reader hears which item they move.
            let up = ui
                .add_enabled(row > 0, egui::Button::new("Up"))
                .on_hover_text("Move up");
            a11y::name(&up, format!("Move {text} up"));
            if up.clicked() {
                moves = Some((row, -1));
            }
            let down = ui
                .add_enabled(row + 1 < n, egui::Button::new("Down"))
                .on_hover_text("Move down");
            a11y::name(&down, format!("Move {text} down"));
            if down.clicked() {
                moves = Some((row, 1));
            }
            let selected = draft.selected_row == Some(row);
            // Wraps within the column (at 200 % a long item ran past the window).
            let item =
                ui.add(egui::Button::selectable(selected, format!("{}. {text}", row + 1)).wrap());
            a11y::name(&item, format!("{} of {n}: {text}", row + 1));
            if item.clicked() {
                moves = None;
                draft.selected_row = Some(row);
            }
        });
    }
    if let Some((row, delta)) = moves {
        draft.move_item(row, delta);
    }
}

fn match_ui(
    ui: &mut egui::Ui,
    item: &QuizItem,
    pairs: &[crate::model::Pair],
    distractors: &[String],
    draft: &mut Draft,
    keys: &Keys,
) {
    let option_text = |o: usize| -> &str {
        pairs
            .get(o)
            .map(|p| p.right.as_str())
            .or_else(|| distractors.get(o - pairs.len().min(o)).map(String::as_str))
            .unwrap_or("")
    };
    let options = &item.display_order;
    if let Some(d) = keys.digit.filter(|&d| d < pairs.len()) {
        draft.selected_row = Some(d);
    }
    if let Some(row) = draft.selected_row
        && (keys.left || keys.right)
        && let Some(slot) = draft.matches.get_mut(row)
    {
        // Cycle through "not chosen" and the options in display order.
        let pos = slot.and_then(|o| options.iter().position(|&x| x == o));
        let len = options.len() + 1;
        let current = pos.map_or(0, |p| p + 1);
        let next = if keys.right {
            (current + 1) % len
        } else {
            (current + len - 1) % len
        };
        *slot = next.checked_sub(1).and_then(|p| options.get(p).copied());
    }
    ui.weak("Match each item on the left with one on the right.");
    egui::Grid::new(("match", &item.question.id.0))
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (row, pair) in pairs.iter().enumerate() {
                let selected = draft.selected_row == Some(row);
                let left = ui.selectable_label(selected, format!("{}. {}", row + 1, pair.left));
                if left.clicked() {
                    draft.selected_row = Some(row);
                }
                let Some(slot) = draft.matches.get_mut(row) else {
                    continue;
                };
                let shown = slot.map_or("(choose)", option_text).to_owned();
                let combo = egui::ComboBox::from_id_salt(("match_row", row))
                    .selected_text(shown)
                    .width(340.0)
                    // A long match wraps inside the box instead of widening it past the window.
                    .wrap()
                    .show_ui(ui, |ui| {
                        ui.selectable_value(slot, None, "(choose)");
                        for &o in options {
                            ui.selectable_value(slot, Some(o), option_text(o));
                        }
                    })
                    .response;
                // Named after its left item; its value is the match picked.
                a11y::name(&combo, pair.left.clone());
                ui.end_row();
            }
        });
}
