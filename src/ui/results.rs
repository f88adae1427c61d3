//! The results screen: total, a table by topic, missed questions with explanations.

use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use super::state::Command;
use crate::app::ActiveSession;

/// Draws the results of the session (just finished or ended).
pub fn results_ui(
    ui: &mut egui::Ui,
    active: Option<&ActiveSession>,
    markdown: &mut CommonMarkCache,
    commands: &mut Vec<Command>,
) {
    let Some(session) = active.map(|a| &a.session) else {
        ui.label("No quiz has been taken yet.");
        if ui.button("Back to start").clicked() {
            commands.push(Command::BackToStart);
        }
        return;
    };
    let summary = session.summary();
    ui.heading("Results");
    let body_size = ui
        .style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(17.0, |f| f.size);
    ui.label(
        egui::RichText::new(format!(
            "Score: {:.1} of {} ({:.0}%)",
            summary.score,
            summary.asked,
            summary.fraction() * 100.0
        ))
        // A little larger than body text, so it grows with the learner's text size.
        .size(body_size * 1.2),
    );
    ui.add_space(6.0);
    egui::Grid::new("by_topic")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("Topic");
            ui.strong("Right");
            ui.strong("Score");
            ui.end_row();
            for (topic, t) in &summary.by_topic {
                ui.label(topic);
                ui.label(format!("{} of {}", t.right, t.asked));
                ui.label(format!("{:.0}%", 100.0 * t.score / t.asked.max(1) as f64));
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if !summary.missed.is_empty() && ui.button("Retry missed questions").clicked() {
            commands.push(Command::RetryMissed);
        }
        if ui.button("Back to start").clicked() {
            commands.push(Command::BackToStart);
        }
    });
    if summary.missed.is_empty() {
        ui.label("Every question was answered right.");
        return;
    }
    ui.add_space(8.0);
    ui.heading(format!("Missed questions ({})", summary.missed.len()));
    for &i in &summary.missed {
        let Some(item) = session.quiz.items.get(i) else {
            continue;
        };
        ui.separator();
        CommonMarkViewer::new().show(ui, markdown, &item.question.prompt);
        let score = session.answers.get(i).and_then(Option::as_ref).map_or_else(
            || "not answered".to_owned(),
            |a| format!("score {:.0}%", a.grade.score * 100.0),
        );
        ui.weak(score);
        ui.strong("Answer:");
        for line in item.question.kind.answer_lines() {
            ui.label(line);
        }
        CommonMarkViewer::new().show(ui, markdown, &item.question.explanation);
    }
}
