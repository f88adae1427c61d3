//! The command line: `counterpoint [--questions DIR]` opens the app; subcommands for authors.

mod check;
mod exam;
mod export;
mod import;
mod new;
mod report;
mod results;
mod schema;
mod send;
mod stats;
mod store_selftest;

pub use stats::{asks_why_or_how, report as stats_report};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::interchange::results::Format as ResultsFileFormat;
use crate::interchange::{ExportFormat, Format};

/// Counterpoint: cited question banks for counter-extremism education.
#[derive(Debug, Parser)]
#[command(name = "counterpoint", version, about)]
pub struct Args {
    /// Extra bank folder (or folder of banks) to load; overrides built-in banks with the same id.
    /// Not global: `exam new` uses `--questions N` for its question count (give bank folders
    /// before the subcommand, or with `exam new --bank-dir`).
    #[arg(long, value_name = "DIR")]
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
        from: Format,
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
        to: ExportFormat,
        /// The bank folder.
        bank: PathBuf,
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Exams: make exam codes from a blueprint, show the paper of a code (docs/exams.md).
    Exam {
        /// What to do.
        #[command(subcommand)]
        command: ExamCommand,
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
    /// Open the app on one question of a bank folder (answer it and see its feedback; nothing is
    /// recorded), or on the bank browser when no question id is given.
    Preview {
        /// `PATH[#QUESTION_ID]`: a bank folder (or a file in it), then optionally `#` and the id.
        #[arg(value_name = "PATH[#QUESTION_ID]")]
        target: String,
    },
    /// Write JSON Schemas (draft 2020-12) of the bank files and exam files, for editors (see docs/question-format.md).
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
    /// Class report over exam results files and xAPI statement files (see docs/report.md), or
    /// over the statements in a Learning Record Store with --lrs (docs/lrs.md).
    Report {
        /// Results files, xAPI statement files, or folders (searched for *.json).
        #[arg(required_unless_present = "lrs", conflicts_with = "lrs")]
        paths: Vec<PathBuf>,
        /// Pull the statements from this LRS (its xAPI base URL) instead of reading files.
        #[arg(long, value_name = "URL")]
        lrs: Option<String>,
        /// With --lrs: only statements stored since this date (2026-12-01) or time (ISO 8601).
        #[arg(long, value_name = "DATE", requires = "lrs")]
        since: Option<String>,
        /// With --lrs: only this registration (an attempt id).
        #[arg(long, value_name = "ID", requires = "lrs", conflicts_with = "activity")]
        registration: Option<String>,
        /// With --lrs: only statements about this activity (an exam IRI) or in its context.
        #[arg(long, value_name = "IRI", requires = "lrs")]
        activity: Option<String>,
        /// With --lrs: only this learner's statements (account name; see --home-page).
        #[arg(long, value_name = "NAME", requires = "lrs")]
        learner: Option<String>,
        /// With --lrs: the learners' account home page (spelled out in `help`).
        #[arg(
            long,
            value_name = "URL",
            requires = "lrs",
            help = "With --lrs: the learners' account home page (default: \
                    $COUNTERPOINT_HOME_PAGE, else https://counterpoint.invalid)"
        )]
        home_page: Option<String>,
        /// With --lrs: a file with one line KEY:SECRET (spelled out in `help`).
        #[arg(
            long,
            value_name = "FILE",
            requires = "lrs",
            help = "With --lrs: a file with one line KEY:SECRET (default: $COUNTERPOINT_LRS_AUTH)"
        )]
        auth_file: Option<PathBuf>,
        /// Also write the report as one self-contained HTML page.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Also write items.csv, attempts.csv, topics.csv and gain.csv into this folder.
        #[arg(long, value_name = "DIR")]
        csv: Option<PathBuf>,
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
    /// Write every answer of one learner to a file, or with --exam the submitted attempts of an
    /// exam as results files (see docs/results.md).
    Export {
        /// The learner's name (optional with --exam).
        #[arg(long, value_name = "NAME", required_unless_present = "exam")]
        profile: Option<String>,
        /// Output format (with --exam: json, the default, or xapi).
        #[arg(long, value_enum, required_unless_present = "exam")]
        format: Option<ResultsFileFormat>,
        /// Export the submitted attempts of this exam code: one results file, or one per
        /// attempt when -o is a folder.
        #[arg(long, value_name = "CODE")]
        exam: Option<String>,
        /// The file to write (replaced whole, never left half-written).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// The organisation's URL: the `homePage` of the learners' xAPI accounts (spelled out
        /// in `help`).
        #[arg(
            long,
            value_name = "URL",
            help = "The organisation's URL: the homePage of the learners' xAPI accounts \
                    (default: $COUNTERPOINT_HOME_PAGE, else https://counterpoint.invalid)"
        )]
        home_page: Option<String>,
    },
    /// Send answers and exam attempts, or xAPI statement and exam results files, to a Learning
    /// Record Store (see docs/lrs.md). Statements the LRS acknowledged before are not sent again.
    #[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["profile", "all_learners", "files"])))]
    Send {
        /// The LRS's xAPI base URL, e.g. `https://lrs.example.org/xapi`.
        #[arg(long, value_name = "URL")]
        lrs: String,
        /// Send this learner's answers and submitted exam attempts.
        #[arg(long, value_name = "NAME", conflicts_with = "all_learners")]
        profile: Option<String>,
        /// Send every learner's answers and submitted exam attempts.
        #[arg(long)]
        all_learners: bool,
        /// A file with one line KEY:SECRET (spelled out in `help`).
        #[arg(
            long,
            value_name = "FILE",
            help = "A file with one line KEY:SECRET (default: $COUNTERPOINT_LRS_AUTH); never printed"
        )]
        auth_file: Option<PathBuf>,
        /// The organisation's URL: the `homePage` of the learners' xAPI accounts (spelled out
        /// in `help`).
        #[arg(
            long,
            value_name = "URL",
            help = "The organisation's URL: the homePage of the learners' xAPI accounts \
                    (default: $COUNTERPOINT_HOME_PAGE, else https://counterpoint.invalid)"
        )]
        home_page: Option<String>,
        /// Files to send: xAPI statement files (as `results export --format xapi` writes) or
        /// exam results files (as `results export --exam` and the app's Save my results write).
        files: Vec<PathBuf>,
    },
}

/// `exam` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExamCommand {
    /// Make an exam: prints `FORM<TAB>CODE` per form and writes the exam file with -o.
    New {
        /// The bank id (built-in, ./questions or --questions).
        #[arg(long)]
        bank: String,
        /// Questions per form.
        #[arg(long = "questions", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1000))]
        count: u16,
        /// Exact count for a topic, `TOPIC=N` (repeatable).
        #[arg(long = "topic", value_name = "TOPIC=N")]
        topics: Vec<String>,
        /// Difficulty levels to draw from, e.g. 1,2.
        #[arg(long, value_delimiter = ',', value_parser = clap::value_parser!(u8).range(1..=3))]
        difficulty: Vec<u8>,
        /// Question kinds to draw from, e.g. `single,true_false`.
        #[arg(long = "kind", value_delimiter = ',', value_parser = crate::model::KindName::ALL.map(crate::model::KindName::as_str))]
        kinds: Vec<String>,
        /// Time limit, e.g. 30m, 1h30m, 90s.
        #[arg(long)]
        time: String,
        /// Pass mark in percent.
        #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
        pass: u8,
        /// Parallel forms with no question in common, e.g. pre,post.
        #[arg(long, value_delimiter = ',')]
        forms: Vec<String>,
        /// What learners see when.
        #[arg(long, value_enum, default_value = "after-exam")]
        feedback: crate::course::FeedbackPolicy,
        /// Title shown to learners.
        #[arg(long)]
        title: Option<String>,
        /// Seed of the draw (default: from the clock).
        #[arg(long)]
        seed: Option<u32>,
        /// Keep the authored order of choices.
        #[arg(long)]
        no_shuffle: bool,
        /// The exam file to write (TOML).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Extra bank folder (or folder of banks), as the app's --questions.
        #[arg(long = "bank-dir", value_name = "DIR")]
        bank_dirs: Vec<PathBuf>,
    },
    /// Print the paper of a code or exam file: `N<TAB>bank<TAB>question_id<TAB>order`.
    Show {
        /// An exam code or an exam file.
        #[arg(value_name = "CODE_OR_FILE")]
        code_or_file: String,
        /// The form (for an exam file with several forms).
        #[arg(long)]
        form: Option<String>,
        /// Extra bank folder (or folder of banks), as the app's --questions.
        #[arg(long = "questions", alias = "bank-dir", value_name = "DIR")]
        bank_dirs: Vec<PathBuf>,
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
            format: from,
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
        Some(Command::Export { to, bank, output }) => export::run(to, &bank, &output),
        Some(Command::Exam { command }) => run_exam(&args.questions, command),
        Some(Command::New { dir, title, id }) => new::run(&dir, &title, id.as_deref()),
        Some(Command::Schema { output }) => schema::run(&output),
        Some(Command::Results { command }) => {
            run_results(args.data_dir.as_deref(), &args.questions, command)
        }
        Some(Command::Report {
            paths,
            lrs: Some(lrs),
            since,
            registration,
            activity,
            learner,
            home_page,
            auth_file,
            html,
            csv,
        }) if paths.is_empty() => report::run_lrs(
            &report::LrsSource {
                lrs,
                since,
                registration,
                activity,
                learner,
                auth_file,
                home_page: results::XapiOptions {
                    home_page,
                    banks: Vec::new(),
                },
            },
            html.as_deref(),
            csv.as_deref(),
        ),
        Some(Command::Report {
            paths, html, csv, ..
        }) => report::run(&paths, html.as_deref(), csv.as_deref()),
        Some(Command::StoreSelftestWriter { count }) => {
            store_selftest::run(args.data_dir.as_deref(), count)
        }
        Some(Command::Preview { target }) => {
            run_app(&args.questions, args.data_dir.as_deref(), Some(&target))
        }
        None => run_app(&args.questions, args.data_dir.as_deref(), None),
    }
}

fn run_results(
    data_dir: Option<&std::path::Path>,
    questions: &[PathBuf],
    command: ResultsCommand,
) -> ExitCode {
    match command {
        ResultsCommand::Export {
            profile,
            format,
            exam: Some(code),
            output,
            home_page,
        } => match format {
            Some(ResultsFileFormat::Csv) => {
                eprintln!("counterpoint: --exam exports json (results files) or xapi, not csv");
                ExitCode::from(2)
            }
            json_or_xapi => exam::export_results(
                data_dir,
                &code,
                profile.as_deref(),
                json_or_xapi == Some(ResultsFileFormat::Xapi),
                &output,
                &results::XapiOptions {
                    home_page,
                    banks: questions.to_vec(),
                },
            ),
        },
        ResultsCommand::Export {
            profile: Some(profile),
            format: Some(format),
            exam: None,
            output,
            home_page,
        } => results::export(
            data_dir,
            &profile,
            format,
            &output,
            &results::XapiOptions {
                home_page,
                banks: questions.to_vec(),
            },
        ),
        ResultsCommand::Send {
            lrs,
            profile,
            all_learners,
            auth_file,
            home_page,
            files,
        } => send::run(
            data_dir,
            &send::Request {
                lrs,
                profile,
                all_learners,
                auth_file,
                files,
                xapi: results::XapiOptions {
                    home_page,
                    banks: questions.to_vec(),
                },
            },
        ),
        ResultsCommand::Export { .. } => {
            eprintln!("counterpoint: results export needs --profile and --format, or --exam");
            ExitCode::from(2)
        }
    }
}

fn run_exam(extra: &[PathBuf], command: ExamCommand) -> ExitCode {
    match command {
        ExamCommand::New {
            bank,
            count,
            topics,
            difficulty,
            kinds,
            time,
            pass,
            forms,
            feedback,
            title,
            seed,
            no_shuffle,
            output,
            bank_dirs,
        } => exam::new(
            &[extra, &bank_dirs].concat(),
            &exam::NewRequest {
                bank,
                questions: usize::from(count),
                topics,
                difficulties: difficulty,
                kinds,
                time,
                pass,
                forms,
                feedback,
                title,
                seed,
                no_shuffle,
                output,
            },
        ),
        ExamCommand::Show {
            code_or_file,
            form,
            bank_dirs,
        } => exam::show(
            &[extra, &bank_dirs].concat(),
            &code_or_file,
            form.as_deref(),
        ),
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
fn run_app(
    extra: &[PathBuf],
    data_dir: Option<&std::path::Path>,
    preview: Option<&str>,
) -> ExitCode {
    let preview = preview.map(crate::app::preview_target);
    match crate::ui::run(extra, data_dir, preview) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("counterpoint: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn run_app(
    _extra: &[PathBuf],
    _data_dir: Option<&std::path::Path>,
    _preview: Option<&str>,
) -> ExitCode {
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
