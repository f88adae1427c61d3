//! The progress screen (charts with `egui_plot`) and the study-mode glue between the FSRS
//! scheduler and the store.

use std::collections::BTreeMap;

use egui_plot::{
    Bar, BarChart, GridMark, Legend, Line, Plot, PlotPoints, Points, uniform_grid_spacer,
};

use super::state::{AppState, Command};
use crate::engine::{DAY_MS, Memory, Quiz, quiz_of};
use crate::store::{DayStat, ReviewState};

/// Figures for the progress screen, computed once when it opens (not every frame).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgressData {
    /// Answers and mean score per day.
    pub daily: Vec<DayStat>,
    /// Per topic: (questions answered, share right on the last answer, mean FSRS recall).
    pub topics: BTreeMap<String, TopicProgress>,
    /// Answers to questions that are no longer in any loaded bank.
    pub orphaned_answers: usize,
    /// All answers.
    pub total_answers: usize,
}

/// Progress on one topic.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopicProgress {
    /// Distinct questions answered.
    pub answered: usize,
    /// Share of those whose last answer was right (0..1).
    pub mastery: f64,
    /// Mean probability of recall of the topic's studied questions (FSRS), if any were studied.
    pub recall: Option<f64>,
}

impl ProgressData {
    /// Reads the current learner's progress from the store.
    pub fn compute(state: &mut AppState) -> Self {
        let now = state.now_ms();
        let daily = state
            .with_learner(|s, p| s.daily_stats(p.id))
            .unwrap_or_default();
        let topic_stats = state
            .with_learner(|s, p| s.topic_stats(p.id))
            .unwrap_or_default();
        let reviews = state
            .with_learner(|s, p| s.review_states(p.id))
            .unwrap_or_default();
        let answers = state
            .with_learner(|s, p| s.answers(p.id))
            .unwrap_or_default();
        let orphaned_answers = answers
            .iter()
            .filter(|a| {
                state
                    .find_question(&a.answer.bank_id, &a.answer.question_id)
                    .is_none()
            })
            .count();
        let mut recall: BTreeMap<String, (f64, usize)> = BTreeMap::new();
        for r in &reviews {
            if let Some((_, q)) = state.find_question(&r.bank_id, &r.question_id) {
                let e = recall.entry(q.topic.clone()).or_insert((0.0, 0));
                e.0 += r.memory.retrievability(now);
                e.1 += 1;
            }
        }
        let topics = topic_stats
            .into_iter()
            .map(|t| {
                let r = recall.get(&t.topic).map(|(sum, n)| sum / *n as f64);
                let progress = TopicProgress {
                    answered: t.questions,
                    mastery: t.last_right as f64 / t.questions.max(1) as f64,
                    recall: r,
                };
                (t.topic, progress)
            })
            .collect();
        Self {
            daily,
            topics,
            orphaned_answers,
            total_answers: answers.len(),
        }
    }

    /// Up to three topics with the lowest mastery, weakest first.
    pub fn weakest(&self) -> Vec<String> {
        let mut topics: Vec<(&String, &TopicProgress)> = self.topics.iter().collect();
        topics.sort_by(|a, b| a.1.mastery.total_cmp(&b.1.mastery).then(a.0.cmp(b.0)));
        topics
            .into_iter()
            .filter(|(_, t)| t.mastery < 1.0)
            .take(3)
            .map(|(name, _)| name.clone())
            .collect()
    }
}

/// The stored form of a scheduler state.
pub fn review_state_of(bank: &str, question: &str, memory: Memory) -> ReviewState {
    ReviewState {
        bank_id: bank.to_owned(),
        question_id: question.to_owned(),
        memory,
    }
}

/// A study quiz: questions due today (most overdue first), then new questions of the ticked
/// banks and topics, up to the home form's question count.
pub fn study_quiz(state: &mut AppState) -> Quiz {
    let now = state.end_of_today_ms();
    let reviews = state
        .with_learner(|s, p| s.review_states(p.id))
        .unwrap_or_default();
    let filter = state.filter();
    let limit = filter.count.unwrap_or(10);
    let mut due: Vec<&ReviewState> = reviews.iter().filter(|r| r.memory.is_due(now)).collect();
    due.sort_by_key(|r| r.memory.due_ms);
    let mut items = Vec::new();
    for r in due {
        if let Some((b, q)) = state.find_question(&r.bank_id, &r.question_id)
            && filter.accepts(b, q)
        {
            items.push((b.id.clone(), b.version.clone(), q.clone()));
        }
    }
    items.truncate(limit);
    if items.len() < limit {
        let studied: std::collections::BTreeSet<(&str, &str)> = reviews
            .iter()
            .map(|r| (r.bank_id.as_str(), r.question_id.as_str()))
            .collect();
        let fresh = crate::engine::build_quiz(
            &state.banks,
            &crate::engine::Filter {
                count: None,
                ..filter.clone()
            },
            state.seed,
        );
        for item in fresh.items {
            if items.len() >= limit {
                break;
            }
            if !studied.contains(&(item.bank.0.as_str(), item.question.id.0.as_str())) {
                items.push((item.bank, item.bank_version, item.question));
            }
        }
    }
    quiz_of(items, state.seed)
}

/// Draws the progress screen.
pub fn progress_ui(ui: &mut egui::Ui, state: &mut AppState) -> Option<Command> {
    let mut command = None;
    ui.heading("Progress");
    let Some(data) = state.progress.clone() else {
        ui.label("No progress yet.");
        return None;
    };
    if let Some(p) = &state.profile {
        ui.label(format!(
            "{}: {} answers in total.",
            p.name, data.total_answers
        ));
    }
    if data.total_answers == 0 {
        ui.label("Answer some questions and your progress shows here.");
        return None;
    }
    if data.orphaned_answers > 0 {
        ui.weak(format!(
            "{} answers are to questions no longer in a bank; they count in the daily figures only.",
            data.orphaned_answers
        ));
    }
    let first_day = data.daily.first().map_or(0, |d| d.day);
    daily_charts_ui(ui, &data.daily, first_day);
    mastery_ui(ui, &data);

    export_ui(ui, state, &mut command);

    let weakest = data.weakest();
    if !weakest.is_empty() {
        ui.add_space(8.0);
        ui.strong("Weakest topics");
        for t in &weakest {
            ui.label(t);
        }
        if ui.button("Practise these").clicked() {
            command = Some(Command::PractiseTopics(weakest));
        }
    }
    command
}

fn daily_charts_ui(ui: &mut egui::Ui, daily: &[DayStat], first_day: i64) {
    // At least a week wide, so one day of answers is a bar, not the whole chart.
    let span = daily.last().map_or(0, |d| d.day - first_day).max(6) as f64;
    ui.strong("Score over time (mean score per day, %)");
    let coordinates: Vec<[f64; 2]> = daily
        .iter()
        .map(|d| [(d.day - first_day) as f64, d.mean_score * 100.0])
        .collect();
    let line: PlotPoints<'_> = coordinates.clone().into();
    let markers: PlotPoints<'_> = coordinates.into();
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
            plot.line(Line::new("Mean score", line));
            plot.points(Points::new("Mean score", markers).radius(3.5));
        });

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
        .show(ui, |plot| plot.bar_chart(BarChart::new("Answers", bars)));
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
            plot.bar_chart(BarChart::new("Last answer right", mastery).horizontal());
            plot.bar_chart(BarChart::new("Recall, FSRS", recall).horizontal());
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
fn export_ui(ui: &mut egui::Ui, state: &mut AppState, command: &mut Option<Command>) {
    use crate::interchange::results::Format;
    ui.add_space(8.0);
    ui.strong("Export my results");
    ui.horizontal(|ui| {
        let label = ui.label("Folder:");
        ui.add(egui::TextEdit::singleline(&mut state.export_dir).desired_width(420.0))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        for (format, label) in [
            (Format::Csv, "Export CSV"),
            (Format::Json, "Export JSON"),
            (Format::Xapi, "Export xAPI"),
        ] {
            if ui.button(label).clicked() {
                *command = Some(Command::ExportResults(format));
            }
        }
    });
    if let Some(note) = &state.export_note {
        ui.label(note);
    }
}

/// A day number (days since 1970-01-01) as `YYYY-MM-DD`.
pub fn day_text(day: i64) -> String {
    chrono::DateTime::from_timestamp_millis(day * DAY_MS)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
