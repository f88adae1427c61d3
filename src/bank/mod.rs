//! Bank files: TOML reading, validation with `path:line:col` diagnostics, built-in banks.

pub mod diagnostic;
pub mod editor;
pub mod embedded;
pub mod excerpt;
mod files;
mod load;
mod map;
mod question;
mod reader;
pub mod scaffold;
pub mod schema;
pub mod watch;

use std::path::PathBuf;

pub use diagnostic::{Diagnostic, Severity};
pub use editor::open_in_editor;
pub use excerpt::{Excerpt, excerpt};
pub use files::is_partial_date;
pub use load::{
    BankFile, Loaded, MAX_FILE_BYTES, check_header_files, discover, load_dir, load_files,
};

/// Errors that stop loading altogether (as opposed to [`Diagnostic`]s about file contents).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// No bank folder was found.
    #[error("{}: no bank found (a bank is a folder with a bank.toml)", .0.display())]
    NoBank(PathBuf),
}

/// Result with this module's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
