//! Exporting a learner's answers: CSV, JSON and xAPI statements (mapping in docs/results.md).
//!
//! ```
//! use counterpoint::interchange::results::{Format, render};
//!
//! let csv = render(Format::Csv, "Ada", &[])?;
//! assert!(String::from_utf8(csv).unwrap().starts_with("answer_id,profile,session_id,"));
//! # Ok::<(), counterpoint::interchange::results::Error>(())
//! ```

mod export;
pub mod uuid;
pub mod xapi;

use std::path::PathBuf;

pub use export::{CSV_HEADER, export, export_with, render, render_with, write_atomically};

/// Errors from exporting results.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Writing the output failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file being written.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The JSON writer failed.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result with the export [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An output format (also the values of `results export --format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One row per answer, with a header.
    Csv,
    /// One object with the profile and an array of answers.
    Json,
    /// A JSON array of xAPI 1.0.3 statements, ready to POST to a Learning Record Store.
    Xapi,
}

impl Format {
    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Xapi => "xapi",
        }
    }

    /// The file name extension of an export in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Xapi => "xapi.json",
        }
    }
}
