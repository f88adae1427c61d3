//! `counterpoint exam new|show` and `results export --exam`: exam codes from the command line.
//! Exit status: 0 done, 1 a problem with the exam (bad code, unknown bank, unfillable
//! blueprint, no attempts), 2 usage or I/O error.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::app::Library;
use crate::course::exam::{BankRef, Exam, ExamError, FeedbackPolicy, parse_duration};
use crate::course::{AttemptRecord, Blueprint, Paper, ResultsFile, results_file};
use crate::model::BankId;
use crate::store::Store;
use crate::words::plural;

/// An error with its exit status.
struct Failure {
    status: u8,
    message: String,
}

impl Failure {
    fn problem(message: impl std::fmt::Display) -> Self {
        Self {
            status: 1,
            message: message.to_string(),
        }
    }

    fn usage(message: impl std::fmt::Display) -> Self {
        Self {
            status: 2,
            message: message.to_string(),
        }
    }
}

impl From<ExamError> for Failure {
    fn from(e: ExamError) -> Self {
        let status = if matches!(e, ExamError::Io { .. } | ExamError::UnknownForm { .. }) {
            2
        } else {
            1
        };
        Self {
            status,
            message: e.to_string(),
        }
    }
}

fn finish(result: Result<String, Failure>) -> ExitCode {
    match result {
        Ok(out) => {
            super::write_stdout(&out);
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("counterpoint: {}", f.message);
            ExitCode::from(f.status)
        }
    }
}

/// The options of `exam new`.
#[derive(Debug)]
pub struct NewRequest {
    /// Bank id.
    pub bank: String,
    /// Questions per form.
    pub questions: usize,
    /// `TOPIC=N` entries.
    pub topics: Vec<String>,
    /// Difficulty levels.
    pub difficulties: Vec<u8>,
    /// Kind names.
    pub kinds: Vec<String>,
    /// Time limit text (`30m`).
    pub time: String,
    /// Pass mark.
    pub pass: u8,
    /// Form names.
    pub forms: Vec<String>,
    /// Feedback policy.
    pub feedback: FeedbackPolicy,
    /// Title.
    pub title: Option<String>,
    /// Seed (default: from the clock).
    pub seed: Option<u32>,
    /// Keep authored choice order.
    pub no_shuffle: bool,
    /// Exam file to write.
    pub output: Option<PathBuf>,
}

/// `exam new`: prints `form<TAB>CODE` per form (`-` for an exam without forms).
pub fn new(extra: &[PathBuf], request: &NewRequest) -> ExitCode {
    finish(try_new(extra, request))
}

fn try_new(extra: &[PathBuf], r: &NewRequest) -> Result<String, Failure> {
    let time_limit_s = parse_duration(&r.time).ok_or_else(|| {
        Failure::usage(format!(
            "--time {}: give a duration like 30m, 1h30m or 90s",
            r.time
        ))
    })?;
    let mut topics = std::collections::BTreeMap::new();
    for entry in &r.topics {
        let parsed = entry
            .rsplit_once('=')
            .and_then(|(t, n)| Some((t.trim(), n.trim().parse::<usize>().ok()?)));
        let Some((topic, count)) = parsed.filter(|(t, _)| !t.is_empty()) else {
            return Err(Failure::usage(format!(
                "--topic \"{entry}\": write TOPIC=COUNT, e.g. --topic \"Designations=5\""
            )));
        };
        if topics.insert(topic.to_owned(), count).is_some() {
            return Err(Failure::usage(format!(
                "--topic \"{topic}\" is given twice"
            )));
        }
    }
    let library = Library::load(extra);
    let bank = library.bank(&BankId(r.bank.clone())).ok_or_else(|| {
        let ids: Vec<String> = library.banks.iter().map(|b| b.id.0.clone()).collect();
        Failure::problem(format!(
            "unknown bank \"{}\" (banks: {})",
            r.bank,
            if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.join(", ")
            }
        ))
    })?;
    let seed = r
        .seed
        .unwrap_or_else(|| u32::try_from(super::now_ms().rem_euclid(4096)).unwrap_or_default());
    let exam = Exam {
        title: r
            .title
            .clone()
            .unwrap_or_else(|| format!("{}: exam", bank.title)),
        bank: BankRef::of(bank),
        blueprint: Blueprint {
            questions: r.questions,
            topics,
            difficulties: r.difficulties.iter().copied().collect(),
            kinds: r.kinds.iter().cloned().collect(),
        },
        time_limit_s,
        pass_percent: r.pass,
        feedback: r.feedback,
        shuffle_choices: !r.no_shuffle,
        forms: r.forms.clone(),
        seed,
    };
    // Drawing checks the blueprint against the bank before any code is printed.
    exam.paper(bank, 0)?;
    let codes = exam.codes(bank)?;
    if let Some(path) = &r.output {
        let text = exam.to_toml(&codes)?;
        crate::interchange::results::write_atomically(path, text.as_bytes())
            .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
    }
    Ok(codes.iter().fold(String::new(), |mut out, c| {
        writeln!(out, "{}\t{}", c.form.as_deref().unwrap_or("-"), c.code).ok();
        out
    }))
}

/// `exam show CODE_OR_FILE [--form F]`: the paper, one line per question.
pub fn show(extra: &[PathBuf], code_or_file: &str, form: Option<&str>) -> ExitCode {
    finish(try_show(extra, code_or_file, form))
}

fn try_show(extra: &[PathBuf], arg: &str, form: Option<&str>) -> Result<String, Failure> {
    let library = Library::load(extra);
    let paper = if crate::app::looks_like_a_path(arg) {
        Paper::from_file(Path::new(arg), form, &library.banks).map_err(|e| match e {
            ExamError::ChooseForm(forms) => {
                Failure::usage(format!("{arg} has forms {forms}: choose one with --form"))
            }
            other => other.into(),
        })?
    } else {
        let paper = Paper::from_code(arg, &library.banks)?;
        if let Some(f) = form
            && paper.form_name() != Some(f)
        {
            return Err(Failure::usage(format!(
                "--form {f}: this code is for form {}",
                paper.form_name().unwrap_or("(none)")
            )));
        }
        paper
    };
    Ok(paper.listing())
}

/// `results export --exam CODE [--profile NAME] [--format json|xapi] -o FILE_OR_DIR`.
pub fn export_results(
    data_dir: Option<&Path>,
    code: &str,
    profile: Option<&str>,
    xapi: bool,
    output: &Path,
    options: &super::results::XapiOptions,
) -> ExitCode {
    finish(try_export(data_dir, code, profile, xapi, output, options))
}

fn try_export(
    data_dir: Option<&Path>,
    code: &str,
    profile: Option<&str>,
    xapi: bool,
    output: &Path,
    options: &super::results::XapiOptions,
) -> Result<String, Failure> {
    let code = crate::course::code::normalise(code)
        .map_err(|e| Failure::problem(format!("exam code {code}: {e}")))?;
    let dir = Store::data_dir(data_dir);
    let path = Store::path_in(&dir);
    if !path.is_file() {
        return Err(Failure::usage(format!(
            "no progress database in {} (see --data-dir)",
            dir.display()
        )));
    }
    let store =
        Store::open(&path).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
    let db = |e: crate::store::Error| Failure::usage(format!("{}: {e}", path.display()));
    let profiles = store.profiles().map_err(db)?;
    let learner = match profile {
        Some(name) => Some(
            profiles
                .iter()
                .find(|p| p.name == name.trim())
                .ok_or_else(|| Failure::usage(format!("no learner called \"{name}\"")))?,
        ),
        None => None,
    };
    let stored = store
        .attempts_of_exam(&code, learner.map(|p| p.id))
        .map_err(db)?;
    if stored.is_empty() {
        return Err(Failure::problem(format!(
            "no submitted attempt of exam {code}{}",
            learner.map_or(String::new(), |p| format!(" by {}", p.name))
        )));
    }
    let mut records = Vec::new();
    for s in &stored {
        let name = profiles
            .iter()
            .find(|p| p.id == s.attempt.profile)
            .map_or("", |p| p.name.as_str());
        records.push(AttemptRecord::from_stored(s, name).map_err(Failure::problem)?);
    }
    let write = |path: &Path, bytes: &[u8]| {
        crate::interchange::results::write_atomically(path, bytes)
            .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))
    };
    if xapi {
        let home_page = options
            .home_page()
            .map_err(|e| Failure::usage(format!("{e:#}")))?;
        let library = Library::load(&options.banks);
        let options = crate::interchange::results::xapi::Options {
            home_page: &home_page,
            questions: &library.banks,
        };
        let mut all = Vec::new();
        for r in &records {
            all.extend(results_file::statements_with(r, options).map_err(Failure::problem)?);
        }
        let mut bytes = serde_json::to_vec_pretty(&all).map_err(Failure::usage)?;
        bytes.push(b'\n');
        write(output, &bytes)?;
        return Ok(format!(
            "exported {} attempt{} ({} statements) to {}\n",
            records.len(),
            plural(records.len()),
            all.len(),
            output.display()
        ));
    }
    if output.is_dir() {
        let mut out = String::new();
        for r in &records {
            let file = ResultsFile::of(r).map_err(Failure::problem)?;
            let name = crate::app::results_file_name(r);
            let path = output.join(name);
            write(&path, &file.to_bytes())?;
            writeln!(out, "{}", path.display()).ok();
        }
        return Ok(out);
    }
    let [record] = records.as_slice() else {
        let mut names: Vec<&str> = records.iter().map(|r| r.learner.as_str()).collect();
        names.dedup();
        return Err(Failure::usage(format!(
            "{} attempts of exam {code} ({}): give --profile, or a folder for -o",
            records.len(),
            names.join(", ")
        )));
    };
    let file = ResultsFile::of(record).map_err(Failure::problem)?;
    write(output, &file.to_bytes())?;
    Ok(format!("{}\n", output.display()))
}
