//! The class report screen: a folder of results files read by
//! [`crate::app::class_report`] into the tables `counterpoint report` prints (attempts, test
//! statistics, items with their flags, topics, learning gain), with `egui_plot` charts, each
//! followed by a table of its figures so nothing is only in a picture.

use egui_plot::{Bar, BarChart, Legend, Plot};

use super::state::{ClassReportView, Command, ScreenKind};
use super::theme;
use crate::course::report::{
    ClassReport, ExamGain, GainStats, clock, figure, percent, short_item_id,
};

/// Draws the class report screen.
pub fn class_report_ui(ui: &mut egui::Ui, view: &mut ClassReportView, commands: &mut Vec<Command>) {
    ui.heading("Class report");
    ui.label(
        "Open a folder of results files (saved with \"Save my results\", or xAPI statement \
         files): the report lists attempts, test statistics, items, topics and learning gain.",
    );
    ui.horizontal(|ui| {
        let label = ui.label("Results folder:");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut view.folder)
                    .desired_width(crate::ui::theme::field_width(ui, 360.0, &["Open folder"])),
            )
            .labelled_by(label.id);
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("Open folder").clicked() || entered {
            commands.push(Command::OpenClassReport);
        }
    });
    for s in &view.skipped {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Skipped {}: {}", s.path.display(), s.reason),
        );
    }
    let Some(report) = &view.report else {
        return;
    };
    let files: std::collections::BTreeSet<_> = report.attempts.iter().map(|a| &a.file).collect();
    ui.strong(format!(
        "{} attempts from {} files, {} skipped",
        report.attempts.len(),
        files.len(),
        view.skipped.len()
    ));
    if report.attempts.is_empty() {
        ui.label("No results in this folder.");
        if ui.button("Back to the start page").clicked() {
            commands.push(Command::Show(ScreenKind::Home));
        }
        return;
    }
    attempts_ui(ui, report);
    tests_ui(ui, report);
    items_ui(ui, report);
    topics_ui(ui, report);
    gains_ui(ui, report);
    if !report.notes.is_empty() {
        ui.add_space(8.0);
        ui.strong("Notes");
        for note in &report.notes {
            ui.label(note);
        }
    }
}

/// A striped table with a header row.
fn table_ui(ui: &mut egui::Ui, id: &str, headers: &[&str], rows: &[Vec<String>]) {
    egui::Grid::new(id)
        .num_columns(headers.len())
        .striped(true)
        .spacing([14.0, 3.0])
        .show(ui, |ui| {
            for h in headers {
                ui.strong(*h);
            }
            ui.end_row();
            for row in rows {
                for cell in row {
                    ui.label(cell);
                }
                ui.end_row();
            }
        });
}

fn dash() -> String {
    "–".to_owned()
}

fn attempts_ui(ui: &mut egui::Ui, report: &ClassReport) {
    ui.add_space(8.0);
    ui.heading("Attempts");
    let rows: Vec<Vec<String>> = report
        .attempts
        .iter()
        .map(|a| {
            vec![
                a.learner.clone(),
                a.exam.label(),
                a.form.clone().unwrap_or_else(dash),
                percent(a.score),
                match a.passed {
                    Some(true) => "pass".into(),
                    Some(false) => "fail".into(),
                    None => dash(),
                },
                a.time_used_s.map_or_else(dash, clock),
                a.items.len().to_string(),
            ]
        })
        .collect();
    table_ui(
        ui,
        "report_attempts",
        &[
            "Learner",
            "Exam",
            "Form",
            "Score",
            "Result",
            "Time used",
            "Questions",
        ],
        &rows,
    );
}

fn tests_ui(ui: &mut egui::Ui, report: &ClassReport) {
    ui.add_space(8.0);
    ui.heading("Test statistics");
    let rows: Vec<Vec<String>> = report
        .tests
        .iter()
        .map(|t| {
            vec![
                t.label.clone(),
                t.attempts.to_string(),
                t.mean.map_or_else(dash, percent),
                t.median.map_or_else(dash, percent),
                t.sd.map_or_else(dash, percent),
                figure(t.alpha, 3),
                t.alpha_items.to_string(),
            ]
        })
        .collect();
    table_ui(
        ui,
        "report_tests",
        &[
            "Group",
            "Attempts",
            "Mean",
            "Median",
            "SD",
            "Cronbach's alpha",
            "Alpha items",
        ],
        &rows,
    );
    let Some(all) = report.tests.first() else {
        return;
    };
    ui.add_space(6.0);
    ui.strong(format!("Score distribution ({})", all.label));
    let bars: Vec<Bar> = all
        .histogram
        .iter()
        .enumerate()
        .map(|(bin, &count)| {
            Bar::new(bin as f64 * 10.0 + 5.0, count as f64)
                .width(9.0)
                .name(format!("{}–{}%", bin * 10, (bin + 1) * 10))
        })
        .collect();
    let [_, bar_colour] = chart_colours(ui);
    Plot::new("report_histogram")
        .height(160.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label("score (%)")
        .y_axis_label("attempts")
        .include_x(0.0)
        .include_x(100.0)
        .include_y(0.0)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("attempts", bars).color(bar_colour));
        });
    let rows: Vec<Vec<String>> = all
        .histogram
        .iter()
        .enumerate()
        .map(|(bin, count)| {
            vec![
                format!("{}–{}%", bin * 10, (bin + 1) * 10),
                count.to_string(),
            ]
        })
        .collect();
    table_ui(ui, "report_histogram_table", &["Score", "Attempts"], &rows);
}

fn items_ui(ui: &mut egui::Ui, report: &ClassReport) {
    ui.add_space(8.0);
    ui.heading("Items");
    ui.weak(
        "Facility: mean item score. Discrimination: correlation of the item score with the \
         rest of the attempt. Items with discrimination below 0.2 or facility below 0.1 or \
         above 0.95 are flagged.",
    );
    let rows: Vec<Vec<String>> = report
        .items
        .iter()
        .map(|i| {
            vec![
                short_item_id(&i.activity_id),
                i.topic.clone(),
                i.n.to_string(),
                format!("{:.4}", i.facility),
                figure(i.sd, 4),
                figure(i.discrimination, 4),
                i.choices
                    .iter()
                    .map(|c| format!("{}:{:.0}%", c.choice, c.share * 100.0))
                    .collect::<Vec<_>>()
                    .join(" "),
                i.flags
                    .iter()
                    .map(|f| f.reason())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    table_ui(
        ui,
        "report_items",
        &[
            "Item",
            "Topic",
            "n",
            "Facility",
            "SD",
            "Discrimination",
            "Choices picked",
            "Check this item",
        ],
        &rows,
    );
}

fn topics_ui(ui: &mut egui::Ui, report: &ClassReport) {
    ui.add_space(8.0);
    ui.heading("Topics");
    let bars: Vec<Bar> = report
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| Bar::new(i as f64 + 1.0, t.mean * 100.0).name(&t.topic))
        .collect();
    let [_, bar_colour] = chart_colours(ui);
    Plot::new("report_topics")
        .height(160.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label("topic (numbered as in the table)")
        .y_axis_label("mean score (%)")
        .include_y(0.0)
        .include_y(100.0)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("mean score", bars).color(bar_colour));
        });
    let rows: Vec<Vec<String>> = report
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                (i + 1).to_string(),
                t.topic.clone(),
                t.attempts.to_string(),
                t.responses.to_string(),
                percent(t.mean),
            ]
        })
        .collect();
    table_ui(
        ui,
        "report_topics_table",
        &["#", "Topic", "Attempts", "Answers", "Mean"],
        &rows,
    );
}

fn gain_row(topic: &str, g: &GainStats) -> Vec<String> {
    vec![
        topic.to_owned(),
        g.learners.to_string(),
        g.mean_pre.map_or_else(dash, percent),
        g.mean_post.map_or_else(dash, percent),
        figure(g.mean_gain, 3),
        g.left_out_pre_full.to_string(),
    ]
}

fn gains_ui(ui: &mut egui::Ui, report: &ClassReport) {
    ui.add_space(8.0);
    ui.heading("Learning gain");
    if report.gains.is_empty() {
        ui.label("No learner has both a pre and a post attempt of the same exam.");
    }
    for (n, gain) in report.gains.iter().enumerate() {
        gain_ui(ui, n, gain);
    }
}

fn gain_ui(ui: &mut egui::Ui, n: usize, gain: &ExamGain) {
    ui.strong(gain.exam.label());
    let mut rows = vec![gain_row("(all topics)", &gain.overall)];
    rows.extend(gain.topics.iter().map(|t| gain_row(&t.topic, &t.stats)));
    table_ui(
        ui,
        &format!("report_gain_{n}"),
        &[
            "Topic",
            "Learners",
            "Mean pre",
            "Mean post",
            "<g>",
            "Left out (pre = 100%)",
        ],
        &rows,
    );
    ui.add_space(4.0);
    ui.label("Pre and post score of each learner");
    let pre: Vec<Bar> = gain
        .pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Bar::new(i as f64 + 1.0 - 0.18, p.pre * 100.0)
                .width(0.35)
                .name(&p.learner)
        })
        .collect();
    let post: Vec<Bar> = gain
        .pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Bar::new(i as f64 + 1.0 + 0.18, p.post * 100.0)
                .width(0.35)
                .name(&p.learner)
        })
        .collect();
    let [first, second] = chart_colours(ui);
    Plot::new(("report_pairs", n))
        .height(180.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .legend(Legend::default())
        .x_axis_label("learner (numbered as in the table)")
        .y_axis_label("score (%)")
        .include_y(0.0)
        .include_y(100.0)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("pre", pre).color(second));
            plot.bar_chart(BarChart::new("post", post).color(first));
        });
    let rows: Vec<Vec<String>> = gain
        .pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                (i + 1).to_string(),
                p.learner.clone(),
                percent(p.pre),
                percent(p.post),
                figure(p.gain, 3),
            ]
        })
        .collect();
    table_ui(
        ui,
        &format!("report_pairs_table_{n}"),
        &["#", "Learner", "Pre", "Post", "g"],
        &rows,
    );
}

/// The theme's two chart colours (the progress charts' too), so bars show in every theme.
fn chart_colours(ui: &egui::Ui) -> [egui::Color32; 2] {
    theme::palette(ui).chart.map(theme::colour)
}
