//! The class report: reads exam results files and xAPI statement files, and builds Moodle-style
//! quiz statistics (attempts, test statistics with Cronbach's alpha, item analysis with facility
//! and discrimination, topics) and the learning gain between pre and post tests.
//!
//! [`build`] is the entry point for the command line and the app; the renderers turn a
//! [`ClassReport`] into text ([`text::render`]), CSV files ([`csv_files::write`]) or one
//! self-contained HTML page ([`html::render`]). Formats and formulas: `docs/report.md`.
//!
//! ```
//! use counterpoint::course::report;
//!
//! let (report, skipped) = report::build(&[std::path::PathBuf::from("no-such-folder")]);
//! assert!(report.attempts.is_empty());
//! assert_eq!(skipped.len(), 1);
//! ```

pub mod analyse;
pub mod csv_files;
pub mod html;
mod model;
pub mod read;
pub mod stats;
mod svg;
pub mod text;

use std::path::PathBuf;

pub use model::{
    Attempt, ChoiceShare, ClassReport, ExamGain, ExamKey, GainPair, GainStats, ItemFlag,
    ItemResponse, ItemStats, Skipped, TestStats, TopicGain, TopicStats, clock, figure, percent,
    short_item_id,
};

/// Errors from writing report files.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Writing a file or creating the folder failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("CSV: {0}")]
    Csv(#[from] ::csv::Error),
}

/// Result with the report [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Reads the results in `paths` (files, or folders searched for `*.json`) and builds the report.
/// Returns the report and the files that were skipped, each with the reason.
pub fn build(paths: &[PathBuf]) -> (ClassReport, Vec<Skipped>) {
    let input = read::read_all(paths);
    (analyse::analyse(input.attempts, input.notes), input.skipped)
}

/// Builds the report from statements read elsewhere (an LRS) into `reader`; `source` names
/// them in the report.
pub fn build_from(
    reader: read::StatementReader,
    source: &std::path::Path,
) -> (ClassReport, Vec<Skipped>) {
    let input = reader.finish(source);
    (analyse::analyse(input.attempts, input.notes), input.skipped)
}

/// Writes `bytes` to `path` through a temporary file in the same folder renamed over it, so the
/// file is either complete or untouched (the results export's writer).
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    crate::interchange::results::write_atomically(path, bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}
