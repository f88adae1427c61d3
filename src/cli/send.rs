//! `counterpoint results send --lrs URL [--profile NAME | --all-learners] [FILE...]`: sends
//! answers and exam attempts (or statement files) to a Learning Record Store (docs/lrs.md).

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use super::results::XapiOptions;
use crate::app::Library;
use crate::interchange::results::xapi;
use crate::lrs::collect::{self, Learners};
use crate::lrs::send::{self, Progress};
use crate::lrs::{Client, Credentials, Endpoint, Error, Retry};
use crate::store::Store;

/// A `results send` request.
#[derive(Debug)]
pub struct Request {
    /// The LRS's xAPI base URL.
    pub lrs: String,
    /// One learner's results.
    pub profile: Option<String>,
    /// Every learner's results.
    pub all_learners: bool,
    /// A `key:secret` file.
    pub auth_file: Option<PathBuf>,
    /// Statement files.
    pub files: Vec<PathBuf>,
    /// Home page and banks for the statements.
    pub xapi: XapiOptions,
}

/// Runs `results send`. Exit status 0 when everything was sent; 1 when the LRS refused the
/// statements (400) or held different statements with the same ids; 2 for usage errors,
/// missing files or learners, credentials the LRS refused (401, 403) and an LRS that cannot be
/// reached.
pub fn run(data_dir: Option<&Path>, request: &Request) -> ExitCode {
    match try_run(data_dir, request) {
        Ok(summary) => {
            let mut out = format!(
                "sent {} statement{} to {}",
                summary.sent,
                if summary.sent == 1 { "" } else { "s" },
                request.lrs.trim()
            );
            if summary.already_sent > 0 {
                write!(out, " ({} sent before, skipped)", summary.already_sent).ok();
            }
            out.push('\n');
            super::write_stdout(&out);
            if summary.conflicts.is_empty() {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "counterpoint: the LRS holds different statements with {} of these ids \
                     (409 Conflict), e.g. {}; they were sent before with other content \
                     (another --home-page?)",
                    summary.conflicts.len(),
                    summary.conflicts.first().map_or("", String::as_str)
                );
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("counterpoint: {e}");
            match e {
                Error::Rejected { status: 400, .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

fn try_run(data_dir: Option<&Path>, request: &Request) -> Result<send::Summary, Error> {
    let endpoint = Endpoint::parse(&request.lrs)?;
    let credentials = match &request.auth_file {
        Some(path) => Some(Credentials::from_file(path)?),
        None => Credentials::from_env()?,
    };
    let home_page = request
        .xapi
        .home_page()
        .map_err(|e| Error::Input(format!("{e:#}")))?;
    let library = Library::load(&request.xapi.banks);
    let options = xapi::Options {
        home_page: &home_page,
        questions: &library.banks,
    };
    let dir = Store::data_dir(data_dir);
    let path = Store::path_in(&dir);
    // The outbox lives in the progress database; sending never creates one.
    let store = if path.is_file() {
        Some(Store::open(&path).map_err(|e| Error::Input(format!("{}: {e}", path.display())))?)
    } else if request.profile.is_some() || request.all_learners {
        return Err(Error::Input(format!(
            "no progress database in {} (see --data-dir)",
            dir.display()
        )));
    } else {
        None
    };
    let mut items = Vec::new();
    if let Some(store) = &store {
        let learners = match (&request.profile, request.all_learners) {
            (Some(name), _) => Some(Learners::One(name)),
            (None, true) => Some(Learners::All),
            (None, false) => None,
        };
        if let Some(learners) = learners {
            items.extend(collect::from_store(store, learners, options)?.0);
        }
    }
    for file in &request.files {
        items.extend(collect::from_file(file, options)?);
    }
    let client = Client::new(endpoint, credentials.as_ref(), Retry::default());
    let bar = std::io::stdout().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} statements ({per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut on_progress = |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_length(p.total as u64);
            bar.set_position(p.sent as u64);
        }
    };
    let now = || chrono::Utc::now().timestamp_millis();
    let result = send::send(
        &client,
        items,
        store.as_ref(),
        options,
        &now,
        &mut on_progress,
        &AtomicBool::new(false),
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}
