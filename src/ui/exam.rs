//! The exam screens: "Take an exam" (code or exam file, learner confirmation, instructions,
//! Start), the exam itself (countdown, navigator, the question screen's answer widgets, flags,
//! Submit exam with a confirmation) and the result (score, pass or fail, topics, review).
//! They draw and emit commands; [`crate::app::ActiveExam`] does the work and saves every change.

use std::time::Duration;

use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use super::draft::Draft;
use super::feedback::feedback_ui;
use super::question::{Keys, answer_keys, answer_ui};
use super::state::{Command, ExamResultView, ExamView, ScreenKind, TakeExamForm};
use super::theme;
use crate::app::{ActiveExam, Library};
use crate::course::FeedbackPolicy;
use crate::course::attempt::QuestionStatus;
use crate::course::exam::format_duration;
use crate::engine::{Answered, Grade};
use crate::model::Kind;

/// What each feedback policy means for the learner.
fn policy_text(policy: FeedbackPolicy) -> &'static str {
    match policy {
        FeedbackPolicy::AfterExam => {
            "No feedback during the exam; after it, a review of every question."
        }
        FeedbackPolicy::None => "Only your score is shown at the end.",
        FeedbackPolicy::AfterEach => {
            "Each answer is marked as soon as you give it, and then cannot change."
        }
    }
}

/// `m:ss` (or `h:mm:ss`) for a countdown.
fn clock_text(ms: i64) -> String {
    let s = (ms.max(0) + 999) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// "Take an exam": the code or file, then (once opened) the learner and the instructions.
pub fn take_exam_ui(
    ui: &mut egui::Ui,
    form: &mut TakeExamForm,
    learner: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.heading("Take an exam");
    ui.label("Type the exam code your instructor gave you, or the path of an exam file.");
    ui.horizontal(|ui| {
        let label = ui.label("Exam code or file:");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut form.input)
                    .desired_width(crate::ui::theme::field_width(ui, 320.0, &["Open exam"])),
            )
            .labelled_by(label.id);
        if form.input.is_empty() && form.paper.is_none() && ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let open = ui.add_enabled(
            !form.input.trim().is_empty(),
            egui::Button::new("Open exam"),
        );
        if (entered && !form.input.trim().is_empty()) || open.clicked() {
            commands.push(Command::OpenExam);
        }
    });
    if form.forms.len() > 1 {
        ui.horizontal(|ui| {
            ui.label("Form:");
            for name in &form.forms {
                let picked = form.form.as_ref() == Some(name);
                if ui.radio(picked, format!("Form {name}")).clicked() {
                    form.form = Some(name.clone());
                    commands.push(Command::OpenExam);
                }
            }
        });
    }
    if let Some(error) = &form.error {
        ui.colored_label(theme::wrong(theme::palette(ui)), error);
    }
    let Some(paper) = &form.paper else {
        ui.weak("Codes look like 5GHV-2100-JAH4-1056-5T65-0A; lower case and spaces are fine.");
        return;
    };

    ui.add_space(10.0);
    ui.heading(&paper.exam.title);
    let exam = &paper.exam;
    egui::Grid::new("instructions")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            if let Some(name) = paper.form_name() {
                ui.label("Form");
                ui.label(name);
                ui.end_row();
            }
            ui.label("Questions");
            ui.label(paper.items.len().to_string());
            ui.end_row();
            ui.label("Time");
            ui.label(format_duration(exam.time_limit_s));
            ui.end_row();
            ui.label("Pass mark");
            ui.label(format!("{}%", exam.pass_percent));
            ui.end_row();
            ui.label("Feedback");
            ui.label(policy_text(exam.feedback));
            ui.end_row();
        });
    ui.label(
        "The time starts when you press Start exam and keeps running if you close the app. \
         Every answer is saved as you give it. You can move between questions and flag them \
         for review; when time runs out the exam is submitted.",
    );
    ui.weak("Keys: 1-9 pick a choice, Enter goes to the next question, Tab reaches every button.");

    ui.add_space(8.0);
    let confirm = match learner {
        Some(name) => format!("I am {name}: record this exam under my name"),
        None => "Progress is not saved on this machine: I understand".to_owned(),
    };
    ui.horizontal(|ui| {
        let checkbox = ui.checkbox(&mut form.confirmed, confirm);
        // Once the exam is open, the keyboard goes on to the confirmation, not back to the top.
        if !form.confirmed && ui.memory(|m| m.focused().is_none()) {
            checkbox.request_focus();
        }
        if learner.is_some() && ui.button("Not you? Change learner").clicked() {
            commands.push(Command::Show(ScreenKind::Learners));
        }
    });
    let start = ui.add_enabled(form.confirmed, egui::Button::new("Start exam"));
    if start.clicked() {
        commands.push(Command::StartExam);
    }
}

/// The exam screen at `now_ms`.
pub fn exam_ui(
    ui: &mut egui::Ui,
    view: &mut ExamView,
    exam: &ActiveExam,
    library: &Library,
    now_ms: i64,
    markdown: &mut CommonMarkCache,
    commands: &mut Vec<Command>,
) {
    let attempt = exam.attempt();
    let n = attempt.position();
    let Some(item) = attempt.current() else {
        return;
    };
    let kind = &item.question.kind;
    let typing = matches!(kind, Kind::Numeric { .. } | Kind::Text { .. });
    let nothing_focused = ui.memory(|m| m.focused().is_none());
    let mut keys = answer_keys(ui, typing || view.confirm_submit);
    keys.autofocus = std::mem::take(&mut view.autofocus);
    let (enter, escape) = ui.input_mut(|i| {
        (
            nothing_focused && i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
        )
    });

    // The countdown: repaint when the shown second changes, and only then.
    let remaining = exam.remaining_ms(now_ms);
    let to_next_second = match remaining % 1000 {
        0 => 1000,
        r => r,
    };
    ui.ctx()
        .request_repaint_after(Duration::from_millis(to_next_second.unsigned_abs()));
    let total = attempt.items().len();
    ui.horizontal(|ui| {
        ui.strong(&attempt.exam().title);
        ui.separator();
        ui.label(format!("Question {} of {total}", n + 1));
        ui.separator();
        let text = egui::RichText::new(format!("Time left {}", clock_text(remaining))).strong();
        let text = if remaining < 60_000 {
            text.color(theme::warning(theme::palette(ui)))
        } else {
            text
        };
        ui.label(text);
    });

    navigator_ui(ui, exam, commands);
    ui.separator();

    let status = attempt
        .statuses()
        .get(n)
        .copied()
        .unwrap_or(QuestionStatus {
            answered: false,
            flagged: false,
            locked: true,
        });
    ui.weak(format!(
        "{} \u{b7} difficulty {}",
        item.question.topic, item.question.difficulty
    ));
    CommonMarkViewer::new().show(ui, markdown, &item.question.prompt);
    ui.add_space(6.0);
    let before = view.draft.clone();
    ui.add_enabled_ui(!status.locked && !view.confirm_submit, |ui| {
        answer_ui(ui, item, &mut view.draft, &keys);
    });
    if view.draft != before {
        commands.push(if view.draft.is_started(kind) {
            Command::ExamAnswer(view.draft.response(kind))
        } else {
            Command::ExamClear
        });
    }
    if matches!(kind, Kind::Order { .. })
        && !status.answered
        && !status.locked
        && ui.button("Answer with this order").clicked()
    {
        commands.push(Command::ExamAnswer(view.draft.response(kind)));
    }
    if let (Some(grade), Some(slot)) = (attempt.shown_grade(n), attempt.slot(n))
        && let Some(response) = &slot.response
    {
        ui.separator();
        let answered = Answered {
            response: response.clone(),
            grade,
            time_taken: Duration::from_millis(slot.time_ms.unsigned_abs()),
        };
        // Links to the map and timeline would leave the exam: they are offered after it.
        let mut elsewhere = Vec::new();
        feedback_ui(
            ui,
            library,
            markdown,
            &mut false,
            item,
            &answered,
            &mut elsewhere,
        );
    }

    ui.add_space(8.0);
    if view.confirm_submit {
        submit_confirmation_ui(ui, exam, enter, escape, commands);
        return;
    }
    let last = n + 1 >= total;
    buttons_ui(ui, n, last, status, enter, commands);
}

/// Previous, Next, Flag, Clear, Submit exam; Enter moves on (on the last question: submit).
fn buttons_ui(
    ui: &mut egui::Ui,
    n: usize,
    last: bool,
    status: QuestionStatus,
    enter: bool,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        if ui
            .add_enabled(n > 0, egui::Button::new("Previous question"))
            .clicked()
        {
            commands.push(Command::ExamPrev);
        }
        if ui
            .add_enabled(!last, egui::Button::new("Next question"))
            .clicked()
        {
            commands.push(Command::ExamNext);
        }
        let flag = if status.flagged {
            "Remove flag"
        } else {
            "Flag for review"
        };
        if ui.button(flag).clicked() {
            commands.push(Command::ExamFlag);
        }
        if ui
            .add_enabled(
                status.answered && !status.locked,
                egui::Button::new("Clear answer"),
            )
            .clicked()
        {
            commands.push(Command::ExamClear);
        }
    });
    ui.add_space(8.0);
    if ui.button("Submit exam").clicked() || (enter && last) {
        commands.push(Command::AskSubmitExam);
    } else if enter {
        commands.push(Command::ExamNext);
    }
    ui.weak(
        "Keys: 1-9 pick, Enter next question (on the last: submit), Tab reaches the navigator \
         and the buttons.",
    );
}

/// One button per question: its number, "done" when answered, "flag" when flagged. The
/// accessible name says it in words ("Question 3: answered, flagged").
fn navigator_ui(ui: &mut egui::Ui, exam: &ActiveExam, commands: &mut Vec<Command>) {
    let position = exam.attempt().position();
    ui.horizontal_wrapped(|ui| {
        ui.label("Questions:");
        for (i, status) in exam.attempt().statuses().iter().enumerate() {
            let mut words = Vec::new();
            let mut marks = Vec::new();
            if status.answered {
                marks.push("done");
                words.push("answered");
            } else {
                words.push("not answered");
            }
            if status.flagged {
                marks.push("flag");
                words.push("flagged");
            }
            let text = if marks.is_empty() {
                format!("{}", i + 1)
            } else {
                format!("{}: {}", i + 1, marks.join(", "))
            };
            if i == position {
                words.push("showing");
            }
            let name = format!("Question {}: {}", i + 1, words.join(", "));
            let button = ui
                .add(egui::Button::selectable(i == position, text))
                .on_hover_text(&name);
            button.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::Button, true, i == position, &name)
            });
            if button.clicked() {
                commands.push(Command::ExamGoTo(i));
            }
        }
    });
}

fn numbers(list: &[usize]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Submit the exam?" with the unanswered and flagged questions; Enter submits, Escape goes
/// back.
fn submit_confirmation_ui(
    ui: &mut egui::Ui,
    exam: &ActiveExam,
    enter: bool,
    escape: bool,
    commands: &mut Vec<Command>,
) {
    let check = exam.attempt().submit_check();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong("Submit the exam? Your answers cannot change afterwards.");
        if check.unanswered.is_empty() {
            ui.label("Every question is answered.");
        } else {
            ui.label(format!(
                "Not answered ({}): questions {}",
                check.unanswered.len(),
                numbers(&check.unanswered)
            ));
        }
        if check.flagged.is_empty() {
            ui.label("No question is flagged for review.");
        } else {
            ui.label(format!(
                "Flagged for review ({}): questions {}",
                check.flagged.len(),
                numbers(&check.flagged)
            ));
        }
        ui.horizontal(|ui| {
            if ui.button("Submit exam now").clicked() || enter {
                commands.push(Command::SubmitExam);
            }
            if ui.button("Keep answering").clicked() || escape {
                commands.push(Command::CancelSubmitExam);
            }
        });
        ui.weak("Enter submits, Escape goes back to the questions.");
    });
}

/// The result of the submitted exam: score, pass or fail, time, topics and (when the policy
/// allows) the review of each question; "Save my results".
pub fn exam_result_ui(
    ui: &mut egui::Ui,
    view: &ExamResultView,
    exam: &ActiveExam,
    library: &Library,
    markdown: &mut CommonMarkCache,
    export_dir: &mut String,
    commands: &mut Vec<Command>,
) {
    let attempt = exam.attempt();
    let Some(result) = attempt.result() else {
        return;
    };
    let p = theme::palette(ui);
    ui.heading(format!("Exam result: {}", attempt.exam().title));
    if attempt.record().auto_submitted {
        ui.colored_label(
            theme::warning(p),
            "Time ran out: the exam was submitted automatically.",
        );
    }
    let pass = attempt.exam().pass_percent;
    let (verdict, colour) = if result.passed {
        ("Passed", theme::right(p))
    } else {
        ("Not passed", theme::wrong(p))
    };
    ui.label(
        egui::RichText::new(format!(
            "Score {:.0}% \u{b7} {verdict} (pass mark {pass}%)",
            result.score * 100.0
        ))
        .heading()
        .color(colour),
    );
    let used_s = u32::try_from(result.time_used_ms / 1000).unwrap_or(u32::MAX);
    ui.label(format!(
        "{} of {} questions answered \u{b7} time used {}",
        result.answered,
        result.questions,
        format_duration(used_s)
    ));

    save_ui(ui, view, export_dir, commands);

    if !attempt.may_review() {
        ui.add_space(8.0);
        ui.label("This exam shows only the score: there is no review of the questions.");
        back_ui(ui, commands);
        return;
    }
    ui.add_space(8.0);
    ui.strong("By topic");
    egui::Grid::new("exam_topics")
        .num_columns(3)
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Topic");
            ui.strong("Questions");
            ui.strong("Score");
            ui.end_row();
            for t in &result.topics {
                ui.label(&t.topic);
                ui.label(t.questions.to_string());
                ui.label(format!("{:.0}%", t.mean() * 100.0));
                ui.end_row();
            }
        });
    back_ui(ui, commands);

    ui.add_space(8.0);
    ui.heading("Review");
    for (i, item) in attempt.items().iter().enumerate() {
        let slot = attempt.slot(i);
        ui.separator();
        ui.strong(format!("Question {} \u{b7} {}", i + 1, item.question.topic));
        CommonMarkViewer::new().show(ui, markdown, &item.question.prompt);
        let response = slot.and_then(|s| s.response.as_ref());
        ui.push_id(("review", i), |ui| {
            ui.add_enabled_ui(false, |ui| {
                let mut draft = Draft::from_response(item, response);
                answer_ui(ui, item, &mut draft, &Keys::default());
            });
        });
        if response.is_none() {
            ui.colored_label(theme::wrong(p), "Not answered.");
        }
        let answered = Answered {
            response: response
                .cloned()
                .unwrap_or_else(|| Draft::for_item(item).response(&item.question.kind)),
            grade: Grade {
                score: slot.map_or(0.0, |s| s.score),
            },
            time_taken: Duration::from_millis(slot.map_or(0, |s| s.time_ms).unsigned_abs()),
        };
        ui.push_id(("feedback", i), |ui| {
            feedback_ui(ui, library, markdown, &mut false, item, &answered, commands);
        });
    }
}

fn save_ui(
    ui: &mut egui::Ui,
    view: &ExamResultView,
    export_dir: &mut String,
    commands: &mut Vec<Command>,
) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let label = ui.label("Results folder:");
        ui.add(egui::TextEdit::singleline(export_dir).desired_width(
            crate::ui::theme::field_width(ui, 320.0, &["Save my results"]),
        ))
        .labelled_by(label.id);
        if ui.button("Save my results").clicked() {
            commands.push(Command::SaveExamResults);
        }
    });
    ui.weak("Writes a results file your instructor can read into the class report.");
    if let Some(note) = &view.save_note {
        ui.label(note);
    }
}

fn back_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if ui.button("Back to the start page").clicked() {
        commands.push(Command::Show(ScreenKind::Home));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_rounds_up_to_whole_seconds() {
        assert_eq!(clock_text(0), "0:00");
        assert_eq!(clock_text(1), "0:01");
        assert_eq!(clock_text(59_001), "1:00");
        assert_eq!(clock_text(30 * 60_000), "30:00");
        assert_eq!(clock_text(3_600_000 + 61_000), "1:01:01");
        assert_eq!(clock_text(-5), "0:00");
    }
}
