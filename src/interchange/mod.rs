//! Moving banks and results to and from other formats.
//!
//! Question banks travel to and from Moodle: [`gift`] and [`moodle_xml`] both ways, [`aiken`] and
//! [`csv`] in. Each importer parses its format into [`Imported`] questions plus an [`ImportLog`];
//! [`assemble`] turns those into a [`Bank`], and [`toml_out`] writes the bank
//! folder. See `docs/interchange.md` for the mapping of every field.

pub mod aiken;
pub mod app_import;
mod assemble;
pub mod csv;
pub mod gift;
pub mod log;
pub mod markup;
pub mod moodle;
pub mod moodle_xml;
pub mod results;
pub mod sources_block;
pub mod toml_out;

use std::path::PathBuf;

pub use assemble::{
    DEFAULT_DIFFICULTY, IMPORT_SOURCE_ID, Import, ImportOptions, Imported, NO_EXPLANATION, Parsed,
    assemble, check_kind, slug,
};
pub use log::{Action, ImportLog, Location, LogEntry};

use crate::model::Bank;

/// The formats questions can be imported from (also the values of `import --from`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Moodle's GIFT text format.
    Gift,
    /// Moodle XML.
    MoodleXml,
    /// Aiken (single-answer multiple choice).
    Aiken,
    /// Our spreadsheet layout (see `docs/interchange.md`).
    Csv,
}

impl Format {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gift => "gift",
            Self::MoodleXml => "moodle-xml",
            Self::Aiken => "aiken",
            Self::Csv => "csv",
        }
    }
}

/// Errors that stop an import or export as a whole.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is not UTF-8.
    #[error(
        "{file}:{line}:{column}: file is not valid UTF-8 (byte 0x{byte:02X}); {format} files must use UTF-8 character encoding: save it as UTF-8"
    )]
    NotUtf8 {
        /// File name.
        file: String,
        /// Format name.
        format: &'static str,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in characters) of the first invalid byte.
        column: usize,
        /// The byte.
        byte: u8,
    },
    /// The input is larger than [`MAX_IMPORT_BYTES`]; it is refused before parsing.
    #[error(
        "{file}: file is too large ({size_mb:.1} MB; the limit for an import is {limit_mb} MB)"
    )]
    TooLarge {
        /// File name.
        file: String,
        /// Its size in MB.
        size_mb: f64,
        /// The limit in MB.
        limit_mb: usize,
    },
    /// The input cannot be parsed at all.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The output folder holds files and `--force` was not given.
    #[error("{}: folder is not empty; use --force to replace it", .0.display())]
    NotEmpty(PathBuf),
    /// Nothing could be imported.
    #[error("{0}: no question could be imported")]
    NoQuestions(String),
    /// The bank to write breaks a rule of the loader (an id or title given by the user, or a bug
    /// in the importer); nothing was written or replaced.
    #[error("the bank would not pass `counterpoint check`; nothing was written:\n{0}")]
    Invalid(String),
}

/// Result with this module's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Decodes `bytes` as UTF-8 (dropping a byte-order mark), or names the first invalid byte.
pub fn decode_utf8<'a>(bytes: &'a [u8], file: &str, format: &'static str) -> Result<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = crate::bank::diagnostic::line_col(valid, valid.len());
        Error::NotUtf8 {
            file: file.to_owned(),
            format,
            line,
            column,
            byte: bytes.get(e.valid_up_to()).copied().unwrap_or(0),
        }
    })
}

/// Import files larger than this are refused before parsing. Moodle's own course backups aside,
/// a question file this big (tens of thousands of questions) is a mistake or hostile; the parsers
/// need a few times the file size in memory.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// Parses `bytes` in `format` and assembles the bank.
pub fn import(format: Format, bytes: &[u8], opts: &ImportOptions) -> Result<Import> {
    let file = opts.file_name.as_str();
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(Error::TooLarge {
            file: file.to_owned(),
            size_mb: bytes.len() as f64 / 1_048_576.0,
            limit_mb: MAX_IMPORT_BYTES / 1_048_576,
        });
    }
    let parsed = match format {
        Format::Gift => gift::import::parse(decode_utf8(bytes, file, "GIFT")?),
        Format::MoodleXml => {
            moodle_xml::import::parse(decode_utf8(bytes, file, "Moodle XML")?, file)?
        }
        Format::Aiken => aiken::import::parse(decode_utf8(bytes, file, "Aiken")?),
        Format::Csv => csv::import::parse(decode_utf8(bytes, file, "CSV")?, file)?,
    };
    Ok(assemble(parsed, opts))
}

/// The formats a bank can be exported to (also the values of `export --to`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// GIFT.
    Gift,
    /// Moodle XML.
    MoodleXml,
}

/// Writes `bank` in `format`.
pub fn export(format: ExportFormat, bank: &Bank) -> String {
    match format {
        ExportFormat::Gift => gift::export::export(bank),
        ExportFormat::MoodleXml => moodle_xml::export::export(bank),
    }
}
