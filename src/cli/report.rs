//! `counterpoint report PATH... [--html FILE] [--csv DIR]`: the class report over results files
//! and xAPI statement files (see docs/report.md), or with `--lrs URL` over the statements a
//! Learning Record Store holds (docs/lrs.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::course::report::{self, csv_files, html, text};

/// Builds the report over `paths`, prints it, and writes the HTML page and CSV files if asked.
/// Exit status: 0 when every file was read; 1 when some were skipped or no attempt was found;
/// 2 for a path that does not exist or an output that cannot be written.
pub fn run(paths: &[PathBuf], html_out: Option<&Path>, csv_dir: Option<&Path>) -> ExitCode {
    let missing: Vec<&PathBuf> = paths.iter().filter(|p| !p.exists()).collect();
    if !missing.is_empty() {
        for path in missing {
            eprintln!("counterpoint: {}: no such file or folder", path.display());
        }
        return ExitCode::from(2);
    }
    let (class, skipped) = report::build(paths);
    output(&class, &skipped, html_out, csv_dir)
}

/// Where `report --lrs` pulls from.
#[derive(Debug)]
pub struct LrsSource {
    /// The LRS's xAPI base URL.
    pub lrs: String,
    /// Filters.
    pub since: Option<String>,
    /// Only this registration (an attempt id).
    pub registration: Option<String>,
    /// Only this activity (an exam or question IRI) and statements in its context.
    pub activity: Option<String>,
    /// Only this learner's statements.
    pub learner: Option<String>,
    /// A `key:secret` file.
    pub auth_file: Option<PathBuf>,
    /// The learners' account home page (with `learner`).
    pub home_page: super::results::XapiOptions,
}

/// Builds the report from the statements an LRS holds (the same report as from files).
/// Exit status as [`run`]; 2 also when the LRS cannot be reached or refuses the request.
pub fn run_lrs(source: &LrsSource, html_out: Option<&Path>, csv_dir: Option<&Path>) -> ExitCode {
    match pull(source) {
        Ok((class, skipped)) => output(&class, &skipped, html_out, csv_dir),
        Err(e) => {
            eprintln!("counterpoint: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn pull(source: &LrsSource) -> anyhow::Result<(report::ClassReport, Vec<report::Skipped>)> {
    use crate::lrs::{Client, Credentials, Endpoint, Retry, pull};
    let endpoint = Endpoint::parse(&source.lrs)?;
    let credentials = match &source.auth_file {
        Some(path) => Some(Credentials::from_file(path)?),
        None => Credentials::from_env()?,
    };
    let since = source.since.as_deref().map(since_timestamp).transpose()?;
    let agent = match &source.learner {
        Some(name) => Some(crate::interchange::results::xapi::actor(
            name,
            &source.home_page.home_page()?,
        )),
        None => None,
    };
    let query = pull::Query {
        since,
        registration: source.registration.clone(),
        activity: source.activity.clone(),
        agent,
    };
    let client = Client::new(endpoint, credentials.as_ref(), Retry::default());
    let mut reader = report::read::StatementReader::default();
    pull::fetch(&client, &query, &mut |s| reader.add(s))?;
    Ok(report::build_from(
        reader,
        Path::new(client.endpoint().base()),
    ))
}

/// `--since`: a date (`2026-12-01`, midnight UTC) or an ISO 8601 time, as the LRS wants it.
fn since_timestamp(text: &str) -> anyhow::Result<String> {
    let text = text.trim();
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(format!("{date}T00:00:00Z"));
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| {
            t.to_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        })
        .map_err(|_| {
            anyhow::anyhow!(
                "--since {text:?} is neither a date (2026-12-01) nor an ISO 8601 time \
                 (2026-12-01T09:00:00Z)"
            )
        })
}

fn output(
    class: &report::ClassReport,
    skipped: &[report::Skipped],
    html_out: Option<&Path>,
    csv_dir: Option<&Path>,
) -> ExitCode {
    if class.attempts.is_empty() {
        for s in skipped {
            eprintln!("counterpoint: skipped {}: {}", s.path.display(), s.reason);
        }
        eprintln!("counterpoint: no exam results found (results files or xAPI statements)");
        return ExitCode::from(1);
    }
    super::write_stdout(&text::render(class, skipped));
    if let Some(path) = html_out {
        if let Err(e) = html::write(class, skipped, "Class report", path) {
            eprintln!("counterpoint: {e:#}");
            return ExitCode::from(2);
        }
        eprintln!("wrote {}", path.display());
    }
    if let Some(dir) = csv_dir {
        match csv_files::write(class, dir) {
            Ok(files) => {
                for f in files {
                    eprintln!("wrote {}", f.display());
                }
            }
            Err(e) => {
                eprintln!("counterpoint: {e:#}");
                return ExitCode::from(2);
            }
        }
    }
    if skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "counterpoint: {} file{} skipped (listed under \"Skipped files\")",
            skipped.len(),
            if skipped.len() == 1 { " was" } else { "s were" }
        );
        ExitCode::from(1)
    }
}
