//! The report as plain text for a terminal: aligned tables, one section per part.

use std::fmt::Write as _;

use super::model::{ClassReport, Skipped, clock, figure, percent, short_item_id};
use crate::words::plural;

/// Renders the whole report (and the skipped files) as text.
#[expect(
    clippy::too_many_lines,
    reason = "one section after the other, in the order they are printed"
)]
pub fn render(report: &ClassReport, skipped: &[Skipped]) -> String {
    let mut out = String::new();
    let files: std::collections::BTreeSet<_> = report.attempts.iter().map(|a| &a.file).collect();
    writeln!(
        out,
        "Class report: {} attempt{} from {} file{}, {} skipped",
        report.attempts.len(),
        plural(report.attempts.len()),
        files.len(),
        plural(files.len()),
        skipped.len()
    )
    .ok();

    section(&mut out, "Attempts");
    let rows: Vec<Vec<String>> = report
        .attempts
        .iter()
        .map(|a| {
            vec![
                a.learner.clone(),
                a.exam.label(),
                a.form.clone().unwrap_or_else(|| "–".into()),
                percent(a.score),
                match a.passed {
                    Some(true) => "pass".into(),
                    Some(false) => "fail".into(),
                    None => "–".into(),
                },
                a.time_used_s.map_or_else(|| "–".into(), clock),
                a.items.len().to_string(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            ("learner", false),
            ("exam", false),
            ("form", false),
            ("score", true),
            ("result", false),
            ("time used", true),
            ("questions", true),
        ],
        &rows,
    );

    section(&mut out, "Test statistics");
    let rows: Vec<Vec<String>> = report
        .tests
        .iter()
        .map(|t| {
            vec![
                t.label.clone(),
                t.attempts.to_string(),
                t.mean.map_or_else(|| "–".into(), percent),
                t.median.map_or_else(|| "–".into(), percent),
                t.sd.map_or_else(|| "–".into(), percent),
                figure(t.alpha, 3),
                t.alpha_items.to_string(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            ("group", false),
            ("attempts", true),
            ("mean", true),
            ("median", true),
            ("sd", true),
            ("alpha", true),
            ("alpha items", true),
        ],
        &rows,
    );
    if let Some(all) = report.tests.first() {
        writeln!(out, "\nScore distribution ({})", all.label).ok();
        let max = all.histogram.iter().copied().max().unwrap_or(0).max(1);
        for (bin, count) in all.histogram.iter().enumerate() {
            let label = format!("{:>3}–{:>3}%", bin * 10, (bin + 1) * 10);
            let bar = "#".repeat(count * 40 / max);
            writeln!(out, "  {label} {count:>4} {bar}").ok();
        }
    }

    section(&mut out, "Items");
    let rows: Vec<Vec<String>> = report
        .items
        .iter()
        .map(|i| {
            let choices = i
                .choices
                .iter()
                .map(|c| format!("{}:{:.0}%", c.choice, c.share * 100.0))
                .collect::<Vec<_>>()
                .join(" ");
            vec![
                short_item_id(&i.activity_id),
                i.topic.clone(),
                i.n.to_string(),
                format!("{:.4}", i.facility),
                figure(i.sd, 4),
                figure(i.discrimination, 4),
                choices,
                if i.flags.is_empty() {
                    String::new()
                } else {
                    format!(
                        "CHECK: {}",
                        i.flags
                            .iter()
                            .map(|f| f.reason())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            ("item", false),
            ("topic", false),
            ("n", true),
            ("facility", true),
            ("sd", true),
            ("discrimination", true),
            ("choices picked", false),
            ("check this item", false),
        ],
        &rows,
    );

    section(&mut out, "Topics");
    let rows: Vec<Vec<String>> = report
        .topics
        .iter()
        .map(|t| {
            vec![
                t.topic.clone(),
                t.attempts.to_string(),
                t.responses.to_string(),
                percent(t.mean),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            ("topic", false),
            ("attempts", true),
            ("answers", true),
            ("mean", true),
        ],
        &rows,
    );

    section(&mut out, "Learning gain");
    if report.gains.is_empty() {
        out.push_str("No learner has both a pre and a post attempt of the same exam.\n");
    }
    for gain in &report.gains {
        writeln!(out, "\n{}", gain.exam.label()).ok();
        let mut rows = vec![gain_row("(all topics)", &gain.overall)];
        rows.extend(gain.topics.iter().map(|t| gain_row(&t.topic, &t.stats)));
        table(
            &mut out,
            &[
                ("topic", false),
                ("learners", true),
                ("mean pre", true),
                ("mean post", true),
                ("<g>", true),
                ("left out (pre = 100%)", true),
            ],
            &rows,
        );
        out.push('\n');
        let rows: Vec<Vec<String>> = gain
            .pairs
            .iter()
            .map(|p| {
                vec![
                    p.learner.clone(),
                    percent(p.pre),
                    percent(p.post),
                    figure(p.gain, 3),
                ]
            })
            .collect();
        table(
            &mut out,
            &[
                ("learner", false),
                ("pre", true),
                ("post", true),
                ("g", true),
            ],
            &rows,
        );
    }

    if !report.notes.is_empty() {
        section(&mut out, "Notes");
        for note in &report.notes {
            writeln!(out, "- {note}").ok();
        }
    }
    if !skipped.is_empty() {
        section(&mut out, "Skipped files");
        for s in skipped {
            writeln!(out, "- {}: {}", s.path.display(), s.reason).ok();
        }
    }
    out
}

fn gain_row(topic: &str, g: &super::model::GainStats) -> Vec<String> {
    vec![
        topic.to_string(),
        g.learners.to_string(),
        g.mean_pre.map_or_else(|| "–".into(), percent),
        g.mean_post.map_or_else(|| "–".into(), percent),
        figure(g.mean_gain, 3),
        g.left_out_pre_full.to_string(),
    ]
}

fn section(out: &mut String, title: &str) {
    writeln!(out, "\n{title}\n{}", "=".repeat(title.chars().count())).ok();
}

/// Appends an aligned table; `columns` are (header, right-aligned).
fn table(out: &mut String, columns: &[(&str, bool)], rows: &[Vec<String>]) {
    if rows.is_empty() {
        out.push_str("(none)\n");
        return;
    }
    let mut widths: Vec<usize> = columns.iter().map(|(h, _)| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let header: Vec<String> = columns.iter().map(|(h, _)| (*h).to_string()).collect();
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    for row in std::iter::once(&header)
        .chain(std::iter::once(&rule))
        .chain(rows)
    {
        let mut line = String::new();
        for ((cell, width), (_, right)) in row.iter().zip(&widths).zip(columns) {
            let pad = width.saturating_sub(cell.chars().count());
            if *right {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}
