//! The progress screen: charts with `egui_plot` of figures the application layer reads once
//! when the screen opens ([`crate::app::ProgressData`]), and the results export.

use egui_plot::{
    Bar, BarChart, GridMark, Legend, Line, Plot, PlotPoints, Points, uniform_grid_spacer,
};

use super::state::{Command, ProgressView};
use super::theme;
use crate::app::ProgressData;
use crate::engine::DAY_MS;
use crate::interchange::results::Format;

/// Draws the progress screen of learner `name` from the figures in `view`.
pub fn progress_ui(
    ui: &mut egui::Ui,
    view: &ProgressView,
    name: Option<&str>,
    export_dir: &mut String,
    commands: &mut Vec<Command>,
) {
    ui.heading("Progress");
    let data = &view.data;
    if let Some(name) = name {
        ui.label(format!("{name}: {} answers in total.", data.total_answers));
    }
    if data.total_answers == 0 {
        ui.label("Answer some questions and your progress shows here.");
        return;
    }
    if data.orphaned_answers > 0 {
        ui.weak(format!(
            "{} answers are to questions no longer in a bank; they count in the daily figures only.",
            data.orphaned_answers
        ));
    }
    let first_day = data.daily.first().map_or(0, |d| d.day);
    daily_charts_ui(ui, data, first_day);
    mastery_ui(ui, data);

    export_ui(ui, export_dir, view.export_note.as_deref(), commands);

    let weakest = data.weakest();
    if !weakest.is_empty() {
        ui.add_space(8.0);
        ui.strong("Weakest topics");
        for t in &weakest {
            ui.label(t);
        }
        if ui.button("Practise these").clicked() {
            commands.push(Command::PractiseTopics(weakest));
        }
    }
}

/// Each chart is followed by its figures in words, and the daily figures by a table, for
/// anyone who cannot see the chart.
fn daily_charts_ui(ui: &mut egui::Ui, data: &ProgressData, first_day: i64) {
    let daily = &data.daily;
    let summary = data.daily_summary();
    // At least a week wide, so one day of answers is a bar, not the whole chart.
    let span = daily.last().map_or(0, |d| d.day - first_day).max(6) as f64;
    ui.strong("Score over time (mean score per day, %)");
    let coordinates: Vec<[f64; 2]> = daily
        .iter()
        .map(|d| [(d.day - first_day) as f64, d.mean_score * 100.0])
        .collect();
    let line: PlotPoints<'_> = coordinates.clone().into();
    let markers: PlotPoints<'_> = coordinates.into();
    let [first, second] = theme::palette(ui).chart.map(theme::colour);
    Plot::new("score_over_time")
        .height(180.0)
        .include_x(-0.5)
        .include_x(span + 0.5)
        .include_y(0.0)
        .include_y(100.0)
        .x_grid_spacer(uniform_grid_spacer(|_| [1.0, 7.0, 28.0]))
        .x_axis_formatter(move |mark, range| day_tick(first_day, &mark, range))
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(Line::new("Mean score", line).color(first));
            plot.points(Points::new("Mean score", markers).radius(3.5).color(first));
        });
    if let Some(s) = &summary {
        ui.label(format!(
            "In words: mean score {:.0}% on {}, the first day with answers, and {:.0}% on {}, \
             the last; highest {:.0}% on {}, lowest {:.0}% on {}.",
            s.first.mean_score * 100.0,
            day_text(s.first.day),
            s.last.mean_score * 100.0,
            day_text(s.last.day),
            s.best.mean_score * 100.0,
            day_text(s.best.day),
            s.worst.mean_score * 100.0,
            day_text(s.worst.day),
        ));
    }

    ui.strong("Answers per day");
    let bars: Vec<Bar> = daily
        .iter()
        .map(|d| {
            Bar::new((d.day - first_day) as f64, d.answers as f64)
                .width(0.8)
                .name(day_text(d.day))
        })
        .collect();
    Plot::new("answers_per_day")
        .height(160.0)
        .include_x(-0.5)
        .include_x(span + 0.5)
        .include_y(0.0)
        .x_grid_spacer(uniform_grid_spacer(|_| [1.0, 7.0, 28.0]))
        .x_axis_formatter(move |mark, range| day_tick(first_day, &mark, range))
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("Answers", bars).color(second));
        });
    if let Some(s) = &summary {
        ui.label(format!(
            "In words: {} answers on {} days from {} to {}; the most, {}, on {}.",
            s.answers,
            s.days,
            day_text(s.first.day),
            day_text(s.last.day),
            s.busiest.answers,
            day_text(s.busiest.day),
        ));
    }
    egui::CollapsingHeader::new("Daily figures as a table")
        .id_salt("daily_table")
        .show(ui, |ui| {
            egui::Grid::new("daily_grid").striped(true).show(ui, |ui| {
                ui.strong("Day");
                ui.strong("Answers");
                ui.strong("Mean score");
                ui.end_row();
                for d in daily {
                    ui.label(day_text(d.day));
                    ui.label(d.answers.to_string());
                    ui.label(format!("{:.0}%", d.mean_score * 100.0));
                    ui.end_row();
                }
            });
        });
}

/// A date label for whole-day ticks: every day on short ranges, weekly ticks on longer ones.
fn day_tick(first_day: i64, mark: &GridMark, range: &std::ops::RangeInclusive<f64>) -> String {
    let step = axis_step(mark.value);
    let whole = (mark.value - step as f64).abs() < 0.01;
    let wide = range.end() - range.start() > 10.0;
    if whole && (!wide || mark.step_size >= 7.0) {
        day_text(first_day + step)
    } else {
        String::new()
    }
}

fn mastery_ui(ui: &mut egui::Ui, data: &ProgressData) {
    ui.strong("Mastery per topic (%)");
    let names: Vec<String> = data.topics.keys().cloned().collect();
    let [first, second] = theme::palette(ui).chart.map(theme::colour);
    let n = names.len();
    // Topics run down the chart, first at the top, each with its two bars.
    let row = |i: usize| (n - 1 - i) as f64;
    let mastery: Vec<Bar> = data
        .topics
        .iter()
        .enumerate()
        .map(|(i, (name, t))| {
            Bar::new(row(i) + 0.2, t.mastery * 100.0)
                .width(0.38)
                .name(name)
        })
        .collect();
    let recall: Vec<Bar> = data
        .topics
        .iter()
        .enumerate()
        .filter_map(|(i, (name, t))| {
            t.recall
                .map(|r| Bar::new(row(i) - 0.2, r * 100.0).width(0.38).name(name))
        })
        .collect();
    Plot::new("mastery_per_topic")
        .height(40.0 + 34.0 * n as f32)
        .include_x(0.0)
        .include_x(100.0)
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .legend(Legend::default())
        .y_axis_min_width(230.0)
        .y_grid_spacer(move |_| {
            (0..n)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_formatter(move |mark, _| {
            usize::try_from(axis_step(mark.value))
                .ok()
                .filter(|&i| i < n)
                .and_then(|i| names.get(n - 1 - i).cloned())
                .unwrap_or_default()
        })
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("Last answer right", mastery)
                    .horizontal()
                    .color(first),
            );
            plot.bar_chart(
                BarChart::new("Recall, FSRS", recall)
                    .horizontal()
                    .color(second),
            );
        });
    egui::Grid::new("topic_table").striped(true).show(ui, |ui| {
        ui.strong("Topic");
        ui.strong("Questions answered");
        ui.strong("Last answer right");
        ui.strong("Recall (FSRS)");
        ui.end_row();
        for (name, t) in &data.topics {
            ui.label(name);
            ui.label(t.answered.to_string());
            ui.label(format!("{:.0}%", t.mastery * 100.0));
            ui.label(t.recall.map_or_else(
                || "not studied".to_owned(),
                |r| format!("{:.0}%", r * 100.0),
            ));
            ui.end_row();
        }
    });
}

/// The nearest whole step of a plot axis value (axis values here are small day or row indices).
#[expect(
    clippy::cast_possible_truncation,
    reason = "clamped to a small range first"
)]
fn axis_step(x: f64) -> i64 {
    x.round().clamp(-1.0e6, 1.0e6) as i64
}

/// Export of the learner's answers as CSV, JSON or xAPI statements (see docs/results.md).
fn export_ui(
    ui: &mut egui::Ui,
    export_dir: &mut String,
    note: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.add_space(8.0);
    ui.strong("Export my results");
    ui.horizontal(|ui| {
        let label = ui.label("Folder:");
        ui.add(
            egui::TextEdit::singleline(export_dir).desired_width(crate::ui::theme::field_width(
                ui,
                420.0,
                &[],
            )),
        )
        .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        for (format, label) in [
            (Format::Csv, "Export CSV"),
            (Format::Json, "Export JSON"),
            (Format::Xapi, "Export xAPI"),
        ] {
            if ui.button(label).clicked() {
                commands.push(Command::ExportResults(format));
            }
        }
    });
    if let Some(note) = note {
        ui.label(note);
    }
}

/// A day number (days since 1970-01-01) as `YYYY-MM-DD`.
pub fn day_text(day: i64) -> String {
    chrono::DateTime::from_timestamp_millis(day * DAY_MS)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
