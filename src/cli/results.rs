//! `counterpoint results export`: a learner's answers as CSV, JSON or xAPI statements.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::app::Library;
use crate::interchange::results::{self, Format, xapi};
use crate::store::Store;

/// Exports the answers of learner `profile` from the database in `data_dir` (or the default
/// data directory) to `output`. Exit status 0 on success, 2 when the learner or the database is
/// missing or the file cannot be written.
pub fn export(
    data_dir: Option<&Path>,
    profile: &str,
    format: Format,
    output: &Path,
    xapi: &XapiOptions,
) -> ExitCode {
    match try_export(data_dir, profile, format, output, xapi) {
        Ok(count) => {
            super::write_stdout(&format!(
                "exported {count} answer{} of {profile} to {} ({})\n",
                if count == 1 { "" } else { "s" },
                output.display(),
                format.name(),
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("counterpoint: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn try_export(
    data_dir: Option<&Path>,
    profile: &str,
    format: Format,
    output: &Path,
    xapi: &XapiOptions,
) -> anyhow::Result<usize> {
    let home_page = xapi.home_page()?;
    let dir = Store::data_dir(data_dir);
    let path = Store::path_in(&dir);
    // Opening would create an empty database; an export should not leave one behind.
    if !path.is_file() {
        bail!("no progress database in {} (see --data-dir)", dir.display());
    }
    let store = Store::open(&path).with_context(|| path.display().to_string())?;
    let Some(learner) = store.profile_by_name(profile)? else {
        let names: Vec<String> = store.profiles()?.into_iter().map(|p| p.name).collect();
        if names.is_empty() {
            bail!("no learner called \"{profile}\": the database has no learners yet");
        }
        bail!(
            "no learner called \"{profile}\"; learners: {}",
            names.join(", ")
        );
    };
    let answers = store.answers(learner.id)?;
    let library = Library::load(&xapi.banks);
    let options = xapi::Options {
        home_page: &home_page,
        questions: &library.banks,
    };
    results::export_with(output, format, &learner.name, &answers, options)?;
    Ok(answers.len())
}

/// What xAPI statements need from the command line: the actor's account home page and the bank
/// folders beside the built-in banks (for the questions' definitions).
#[derive(Debug, Default, Clone)]
pub struct XapiOptions {
    /// `--home-page URL`, else `$COUNTERPOINT_HOME_PAGE`, else `https://counterpoint.invalid`.
    pub home_page: Option<String>,
    /// `--questions DIR` folders.
    pub banks: Vec<std::path::PathBuf>,
}

/// The environment variable with the organisation's URL (the actor's account home page).
pub const HOME_PAGE_ENV: &str = "COUNTERPOINT_HOME_PAGE";

impl XapiOptions {
    /// The home page to write, checked to be an absolute `http(s)` URL.
    pub fn home_page(&self) -> anyhow::Result<String> {
        let page = match &self.home_page {
            Some(page) => page.clone(),
            None => std::env::var(HOME_PAGE_ENV).unwrap_or_else(|_| xapi::IRI_BASE.to_owned()),
        };
        let page = page.trim().to_owned();
        let valid = ["http://", "https://"].iter().any(|scheme| {
            page.get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
                && page.len() > scheme.len()
        }) && !page.contains(char::is_whitespace);
        if !valid {
            bail!("home page {page:?} is not an absolute http(s) URL (e.g. https://example.org)");
        }
        Ok(page)
    }
}
