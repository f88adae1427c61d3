//! The report as CSV files: `items.csv`, `attempts.csv`, `topics.csv` and `gain.csv`, each
//! written atomically. Columns are documented in `docs/report.md`.

use std::path::{Path, PathBuf};

use super::model::ClassReport;
use super::{Error, Result, write_atomically};

/// Header of `items.csv`.
pub const ITEMS_HEADER: [&str; 5] = ["item", "n", "facility", "sd", "discrimination"];
/// Header of `attempts.csv`.
pub const ATTEMPTS_HEADER: [&str; 11] = [
    "attempt",
    "learner",
    "exam",
    "bank",
    "code",
    "form",
    "score",
    "passed",
    "time_used_s",
    "questions",
    "file",
];
/// Header of `topics.csv`.
pub const TOPICS_HEADER: [&str; 4] = ["topic", "attempts", "answers", "mean"];
/// Header of `gain.csv`.
pub const GAIN_HEADER: [&str; 8] = [
    "exam",
    "bank",
    "topic",
    "learners",
    "mean_pre",
    "mean_post",
    "mean_gain",
    "left_out_pre_full",
];

/// The topic written in `gain.csv` for the overall row of an exam.
pub const ALL_TOPICS: &str = "(all)";

fn f4(v: f64) -> String {
    format!("{v:.4}")
}

fn opt4(v: Option<f64>) -> String {
    v.map(f4).unwrap_or_default()
}

fn to_bytes<const N: usize>(header: [&str; N], rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    let mut w = ::csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row)?;
    }
    w.into_inner()
        .map_err(|e| Error::Csv(::csv::Error::from(e.into_error())))
}

/// `items.csv`: one row per item, by activity id.
pub fn items_csv(report: &ClassReport) -> Result<Vec<u8>> {
    let rows = report
        .items
        .iter()
        .map(|i| {
            vec![
                i.activity_id.clone(),
                i.n.to_string(),
                f4(i.facility),
                opt4(i.sd),
                opt4(i.discrimination),
            ]
        })
        .collect();
    to_bytes(ITEMS_HEADER, rows)
}

/// `attempts.csv`: one row per attempt.
pub fn attempts_csv(report: &ClassReport) -> Result<Vec<u8>> {
    let rows = report
        .attempts
        .iter()
        .map(|a| {
            vec![
                a.id.clone(),
                a.learner.clone(),
                a.exam.title.clone(),
                a.exam.bank_id.clone(),
                a.code.clone().unwrap_or_default(),
                a.form.clone().unwrap_or_default(),
                f4(a.score),
                a.passed.map(|p| p.to_string()).unwrap_or_default(),
                a.time_used_s.map(|t| format!("{t:.0}")).unwrap_or_default(),
                a.items.len().to_string(),
                a.file.display().to_string(),
            ]
        })
        .collect();
    to_bytes(ATTEMPTS_HEADER, rows)
}

/// `topics.csv`: one row per topic.
pub fn topics_csv(report: &ClassReport) -> Result<Vec<u8>> {
    let rows = report
        .topics
        .iter()
        .map(|t| {
            vec![
                t.topic.clone(),
                t.attempts.to_string(),
                t.responses.to_string(),
                f4(t.mean),
            ]
        })
        .collect();
    to_bytes(TOPICS_HEADER, rows)
}

/// `gain.csv`: per exam, a row for all topics (`(all)`) and one per topic.
pub fn gain_csv(report: &ClassReport) -> Result<Vec<u8>> {
    let mut rows = Vec::new();
    for gain in &report.gains {
        let row = |topic: &str, g: &super::model::GainStats| {
            vec![
                gain.exam.title.clone(),
                gain.exam.bank_id.clone(),
                topic.to_string(),
                g.learners.to_string(),
                opt4(g.mean_pre),
                opt4(g.mean_post),
                opt4(g.mean_gain),
                g.left_out_pre_full.to_string(),
            ]
        };
        rows.push(row(ALL_TOPICS, &gain.overall));
        for t in &gain.topics {
            rows.push(row(&t.topic, &t.stats));
        }
    }
    to_bytes(GAIN_HEADER, rows)
}

/// Writes the four files into `dir` (created if missing); returns their paths.
pub fn write(report: &ClassReport, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let files = [
        ("items.csv", items_csv(report)?),
        ("attempts.csv", attempts_csv(report)?),
        ("topics.csv", topics_csv(report)?),
        ("gain.csv", gain_csv(report)?),
    ];
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomically(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}
