//! `counterpoint results export`: a learner's answers as CSV, JSON or xAPI statements.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::interchange::results::{self, Format};
use crate::store::Store;

/// Exports the answers of learner `profile` from the database in `data_dir` (or the default
/// data directory) to `output`. Exit status 0 on success, 2 when the learner or the database is
/// missing or the file cannot be written.
pub fn export(data_dir: Option<&Path>, profile: &str, format: Format, output: &Path) -> ExitCode {
    match try_export(data_dir, profile, format, output) {
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
) -> anyhow::Result<usize> {
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
    results::export(output, format, &learner.name, &answers)?;
    Ok(answers.len())
}
