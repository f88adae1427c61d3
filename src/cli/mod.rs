//! The command line: `counterpoint [--questions DIR]` opens the app; subcommands for authors.

mod check;
mod stats;

pub use stats::{asks_why_or_how, report as stats_report};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Counterpoint: cited question banks for counter-extremism education.
#[derive(Debug, Parser)]
#[command(name = "counterpoint", version, about)]
pub struct Args {
    /// Extra bank folder (or folder of banks) to load; overrides built-in banks with the same id.
    #[arg(long, global = true, value_name = "DIR")]
    pub questions: Vec<PathBuf>,
    /// Folder for the progress database (default: the per-user data directory, or
    /// `$COUNTERPOINT_DATA_DIR`).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// What to do; without a command the desktop app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check bank folders and report every problem as PATH:LINE:COL.
    Check {
        /// Bank folders, or folders of banks (default: questions/).
        paths: Vec<PathBuf>,
    },
    /// Count questions per topic, kind and difficulty, and the share of why/how questions.
    Stats {
        /// Bank folders, or folders of banks (default: questions/).
        paths: Vec<PathBuf>,
    },
}

/// Runs the command line; the return value is the process exit status.
pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // Help and version are not errors; everything else is a usage error (status 2).
            let code = if e.use_stderr() { 2 } else { 0 };
            e.print().ok();
            return ExitCode::from(code);
        }
    };
    match args.command {
        Some(Command::Check { paths }) => check::run(&default_paths(paths)),
        Some(Command::Stats { paths }) => stats::run(&default_paths(paths)),
        None => run_app(&args.questions, args.data_dir.as_deref()),
    }
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("questions")]
    } else {
        paths
    }
}

#[cfg(feature = "gui")]
fn run_app(extra: &[PathBuf], data_dir: Option<&std::path::Path>) -> ExitCode {
    match crate::ui::run(extra, data_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("counterpoint: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn run_app(_extra: &[PathBuf], _data_dir: Option<&std::path::Path>) -> ExitCode {
    eprintln!("counterpoint: built without the `gui` feature; see `counterpoint --help`");
    ExitCode::from(2)
}

/// Writes to standard output, ignoring a closed pipe (`counterpoint check | head`).
fn write_stdout(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).ok();
    out.flush().ok();
}
