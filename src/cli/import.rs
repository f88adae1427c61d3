//! `counterpoint import`: read a GIFT, Moodle XML, Aiken or CSV file and write a bank folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::interchange::{self, Format, ImportOptions, toml_out};

/// What `import` was asked to do.
#[derive(Debug)]
pub struct Request {
    /// Input format.
    pub format: Format,
    /// Input file.
    pub input: PathBuf,
    /// Bank folder to write.
    pub output: PathBuf,
    /// Replace a non-empty output folder.
    pub force: bool,
    /// Import date (`YYYY-MM-DD`); today when not given.
    pub date: Option<String>,
    /// Bank id; from the output folder's name when not given.
    pub id: Option<String>,
    /// Bank title.
    pub title: Option<String>,
    /// Language tag.
    pub language: String,
    /// License.
    pub license: String,
    /// Authors.
    pub authors: Vec<String>,
}

/// Runs the import: 0 when a bank was written, 1 when the file has problems (nothing imported,
/// not UTF-8, not parseable), 2 for usage and I/O errors.
pub fn run(req: &Request) -> ExitCode {
    match import(req) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("counterpoint: {e:#}");
            let content_problem = e.downcast_ref::<interchange::Error>().is_some_and(|e| {
                matches!(
                    e,
                    interchange::Error::NotUtf8 { .. }
                        | interchange::Error::TooLarge { .. }
                        | interchange::Error::Syntax { .. }
                        | interchange::Error::NoQuestions(_)
                )
            });
            ExitCode::from(if content_problem { 1 } else { 2 })
        }
    }
}

fn import(req: &Request) -> anyhow::Result<ExitCode> {
    let date = match &req.date {
        Some(d) if d.len() == 10 && crate::bank::is_partial_date(d) => d.clone(),
        Some(d) => anyhow::bail!("--date must be YYYY-MM-DD, found \"{d}\""),
        None => chrono::Local::now().format("%Y-%m-%d").to_string(),
    };
    let file_name = req.input.file_name().map_or_else(
        || req.input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // Refuse an oversized file before reading it into memory.
    let size = std::fs::metadata(&req.input)
        .with_context(|| format!("cannot read {}", req.input.display()))?
        .len();
    if usize::try_from(size).map_or(true, |s| s > interchange::MAX_IMPORT_BYTES) {
        return Err(interchange::Error::TooLarge {
            file: file_name,
            size_mb: size as f64 / 1_048_576.0,
            limit_mb: interchange::MAX_IMPORT_BYTES / 1_048_576,
        }
        .into());
    }
    let bytes = std::fs::read(&req.input)
        .with_context(|| format!("cannot read {}", req.input.display()))?;
    let mut opts = ImportOptions::for_file(&file_name, &date);
    if let Some(id) = req.id.clone().or_else(|| folder_id(&req.output)) {
        opts.bank_id = id;
    }
    if let Some(title) = &req.title {
        opts.title.clone_from(title);
    }
    opts.language.clone_from(&req.language);
    opts.license.clone_from(&req.license);
    if !req.authors.is_empty() {
        opts.authors.clone_from(&req.authors);
    }
    let imported = interchange::import(req.format, &bytes, &opts)?;
    super::write_stdout(&imported.log.to_string());
    if imported.bank.questions.is_empty() {
        return Err(interchange::Error::NoQuestions(file_name).into());
    }
    toml_out::write_bank_dir(&imported.bank, &req.output, req.force)?;
    super::write_stdout(&format!(
        "wrote bank \"{}\" ({} question(s), {} source(s)) to {}\n",
        imported.bank.id,
        imported.bank.questions.len(),
        imported.bank.sources.len(),
        req.output.display()
    ));
    // The process ends here: freeing 10,000 questions one string at a time would only cost time
    // (about 3% of a large import), and the system takes the memory back at exit anyway.
    std::mem::forget(imported);
    Ok(ExitCode::SUCCESS)
}

/// A bank id from the output folder's name, when it makes one.
fn folder_id(dir: &Path) -> Option<String> {
    let name = dir.file_name()?.to_string_lossy();
    Some(interchange::slug(&name)).filter(|s| !s.is_empty())
}
