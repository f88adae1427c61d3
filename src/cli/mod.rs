//! The command line: `counterpoint [--questions DIR]` opens the app; subcommands for authors.

mod check;
mod export;
mod import;
mod new;
mod results;
mod schema;
mod stats;
mod store_selftest;

pub use stats::{asks_why_or_how, report as stats_report};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::interchange::results::Format as ResultsFileFormat;
use crate::interchange::{ExportFormat, Format};

/// Counterpoint: cited question banks for counter-extremism education.
#[derive(Debug, Parser)]
#[command(name = "counterpoint", version, about)]
pub struct Args {
    /// Extra bank folder (or folder of banks) to load; overrides built-in banks with the same id.
    #[arg(long, global = true, value_name = "DIR")]
    pub questions: Vec<PathBuf>,
    /// Folder of the progress database (default: `$COUNTERPOINT_DATA_DIR`, else the per-user data
    /// folder). The help text is spelled out so that it shows without Markdown backticks.
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help = "Folder of the progress database (default: $COUNTERPOINT_DATA_DIR, else the \
                per-user data folder, e.g. ~/.local/share/counterpoint on Linux)"
    )]
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
    /// Import a GIFT, Moodle XML, Aiken or CSV file as a bank folder (see docs/interchange.md).
    Import {
        /// Format of the input file.
        #[arg(long = "from", value_enum)]
        from: ImportFrom,
        /// The file to import.
        input: PathBuf,
        /// The bank folder to write (must be empty or absent unless --force).
        #[arg(short, long, value_name = "BANK_DIR")]
        output: PathBuf,
        /// Replace the bank folder if it is not empty.
        #[arg(long)]
        force: bool,
        /// Import date written into the import source's citation (YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
        /// Bank id (default: from the output folder's name).
        #[arg(long)]
        id: Option<String>,
        /// Bank title (default: "Imported from FILE").
        #[arg(long)]
        title: Option<String>,
        /// Language of the questions (BCP 47).
        #[arg(long, default_value = "en")]
        language: String,
        /// License of the questions.
        #[arg(long, default_value = "unspecified")]
        license: String,
        /// An author of the questions (repeat for several).
        #[arg(long = "author")]
        authors: Vec<String>,
    },
    /// Export a bank folder as GIFT or Moodle XML.
    Export {
        /// Output format.
        #[arg(long = "to", value_enum)]
        to: ExportTo,
        /// The bank folder.
        bank: PathBuf,
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Create a bank folder with one commented example question of each kind.
    New {
        /// The bank folder to create (must not exist).
        dir: PathBuf,
        /// The bank's title.
        #[arg(long)]
        title: String,
        /// Bank id (default: from the folder's name).
        #[arg(long)]
        id: Option<String>,
    },
    /// Write JSON Schemas (draft 2020-12) of the bank files, for editors (see docs/question-format.md).
    Schema {
        /// Folder to write the schemas to (created if needed; default: the current folder).
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        output: PathBuf,
    },
    /// Learners' results.
    Results {
        /// What to do with them.
        #[command(subcommand)]
        command: ResultsCommand,
    },
    /// Test helper: records answers until killed, printing each committed id.
    #[command(hide = true)]
    StoreSelftestWriter {
        /// How many answers to write at most.
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
    },
}

/// `results` subcommands.
#[derive(Debug, Subcommand)]
pub enum ResultsCommand {
    /// Write every answer of one learner to a file (see docs/results.md).
    Export {
        /// The learner's name.
        #[arg(long, value_name = "NAME")]
        profile: String,
        /// Output format.
        #[arg(long, value_enum)]
        format: ResultsFormat,
        /// The file to write (replaced whole, never left half-written).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

/// Output formats of `results export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ResultsFormat {
    /// One row per answer, with a header.
    Csv,
    /// The answers as a JSON document.
    Json,
    /// xAPI statements (a JSON array) for a Learning Record Store.
    Xapi,
}

impl From<ResultsFormat> for ResultsFileFormat {
    fn from(format: ResultsFormat) -> Self {
        match format {
            ResultsFormat::Csv => Self::Csv,
            ResultsFormat::Json => Self::Json,
            ResultsFormat::Xapi => Self::Xapi,
        }
    }
}

/// Formats `import` reads.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ImportFrom {
    /// Moodle GIFT.
    Gift,
    /// Moodle XML.
    MoodleXml,
    /// Aiken.
    Aiken,
    /// CSV in Counterpoint's column layout.
    Csv,
}

/// Formats `export` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportTo {
    /// Moodle GIFT.
    Gift,
    /// Moodle XML.
    MoodleXml,
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
        Some(Command::Import {
            from,
            input,
            output,
            force,
            date,
            id,
            title,
            language,
            license,
            authors,
        }) => import::run(&import::Request {
            format: match from {
                ImportFrom::Gift => Format::Gift,
                ImportFrom::MoodleXml => Format::MoodleXml,
                ImportFrom::Aiken => Format::Aiken,
                ImportFrom::Csv => Format::Csv,
            },
            input,
            output,
            force,
            date,
            id,
            title,
            language,
            license,
            authors,
        }),
        Some(Command::Export { to, bank, output }) => {
            let format = match to {
                ExportTo::Gift => ExportFormat::Gift,
                ExportTo::MoodleXml => ExportFormat::MoodleXml,
            };
            export::run(format, &bank, &output)
        }
        Some(Command::New { dir, title, id }) => new::run(&dir, &title, id.as_deref()),
        Some(Command::Schema { output }) => schema::run(&output),
        Some(Command::Results {
            command:
                ResultsCommand::Export {
                    profile,
                    format,
                    output,
                },
        }) => results::export(args.data_dir.as_deref(), &profile, format.into(), &output),
        Some(Command::StoreSelftestWriter { count }) => {
            store_selftest::run(args.data_dir.as_deref(), count)
        }
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

/// The wall clock in ms since the Unix epoch: the one place the CLI reads it (the library takes
/// time as an argument).
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
