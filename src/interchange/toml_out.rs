//! Writing a [`Bank`] as a bank folder in our TOML format: `bank.toml`, `sources.toml` and one
//! question file per topic, readable by hand (multi-line texts as `"""` strings).

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::model::{Bank, Choice, Citation, Kind, NumericAnswer, Question, Source};

use super::{Error, Result, check_kind, slug};

/// At most this many questions go into one file (the loader refuses files over 8 MB).
const QUESTIONS_PER_FILE: usize = 1000;

/// A TOML string: basic `"…"` on one line, `"""` for text with newlines.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_string(&mut out, s);
    out
}

/// Whether [`push_string`] has to look at byte `b`: control characters, `"` and `\`; every other
/// byte (all of UTF-8's multi-byte sequences included) is copied as it is.
const fn look_at(b: u8) -> bool {
    b < 0x20 || b == 0x7f || b == b'"' || b == b'\\'
}

/// Appends [`string`]`(s)` to `out` (no intermediate `String`).
fn push_string(out: &mut String, s: &str) {
    let multi = s.contains('\n');
    out.push_str(if multi { "\"\"\"\n" } else { "\"" });
    // Copy runs of characters that need no escape whole; only the few that do are looked at.
    let bytes = s.as_bytes();
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !look_at(b) {
            continue;
        }
        let escaped: Option<&str> = match b {
            b'\\' => Some("\\\\"),
            // In a multi-line string a quote only needs escaping where it could close the string.
            b'"' if multi && bytes.get(i + 1).is_some_and(|&n| n != b'"') => None,
            b'"' => Some("\\\""),
            b'\n' if multi => None,
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => None,
            b if b < b' ' || b == 0x7f => Some(""),
            _ => None,
        };
        let Some(escaped) = escaped else { continue };
        out.push_str(&s[run_start..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{b:04X}");
        } else {
            out.push_str(escaped);
        }
        run_start = i + 1;
    }
    out.push_str(&s[run_start..]);
    out.push_str(if multi { "\"\"\"" } else { "\"" });
}

/// Appends `key = "value"` and a newline.
fn push_field(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    push_string(out, value);
    out.push('\n');
}

/// A TOML number: an integer when the value is whole, else a float.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:?}")
    }
}

/// Appends [`string_array`]`(items)` to `out` (no intermediate `String`s).
fn push_string_array(out: &mut String, items: &[String]) {
    let start = out.len();
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_string(out, item);
    }
    out.push(']');
    let one_line = out.get(start..).unwrap_or_default();
    if one_line.len() <= 100 && !one_line.contains('\n') {
        return;
    }
    out.truncate(start);
    out.push_str("[\n");
    for item in items {
        out.push_str("  ");
        push_string(out, item);
        out.push_str(",\n");
    }
    out.push(']');
}

/// Appends `key = [array]` and a newline.
fn push_array_field(out: &mut String, key: &str, items: &[String]) {
    out.push_str(key);
    out.push_str(" = ");
    push_string_array(out, items);
    out.push('\n');
}

/// Appends the decimal digits of `n`.
fn push_uint(out: &mut String, n: usize) {
    if n >= 10 {
        push_uint(out, n / 10);
    }
    out.push(char::from(b'0' + u8::try_from(n % 10).unwrap_or(0)));
}

fn string_array(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| string(s)).collect();
    let one_line = format!("[{}]", parts.join(", "));
    if one_line.len() <= 100 && !one_line.contains('\n') {
        return one_line;
    }
    let mut out = String::from("[\n");
    for p in parts {
        let _ = writeln!(out, "  {p},");
    }
    out.push(']');
    out
}

fn push_choices(out: &mut String, choices: &[Choice]) {
    out.push_str("[\n");
    for c in choices {
        out.push_str("  ");
        match &c.feedback {
            Some(f) => {
                out.push_str("{ text = ");
                push_string(out, &c.text);
                out.push_str(", feedback = ");
                push_string(out, f);
                out.push_str(" }");
            }
            None => push_string(out, &c.text),
        }
        out.push_str(",\n");
    }
    out.push(']');
}

fn push_citations(out: &mut String, sources: &[Citation]) {
    out.push('[');
    for (i, c) in sources.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match &c.locator {
            Some(l) => {
                out.push_str("{ id = ");
                push_string(out, &c.id);
                out.push_str(", locator = ");
                push_string(out, l);
                out.push_str(" }");
            }
            None => push_string(out, &c.id),
        }
    }
    out.push(']');
}

/// `bank.toml`.
pub fn bank_toml(bank: &Bank) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "id = {}", string(&bank.id.0));
    let _ = writeln!(out, "title = {}", string(&bank.title));
    let _ = writeln!(out, "description = {}", string(&bank.description));
    let _ = writeln!(out, "language = {}", string(&bank.language));
    let _ = writeln!(out, "version = {}", string(&bank.version));
    let _ = writeln!(out, "authors = {}", string_array(&bank.authors));
    let _ = writeln!(out, "license = {}", string(&bank.license));
    if let Some(note) = &bank.content_note {
        let _ = writeln!(out, "content_note = {}", string(note));
    }
    out
}

/// `sources.toml`.
pub fn sources_toml(bank: &Bank) -> String {
    let mut out = String::new();
    for s in bank.sources.values() {
        source(&mut out, s);
    }
    out
}

fn source(out: &mut String, s: &Source) {
    let _ = writeln!(out, "[[source]]\nid = {}", string(&s.id));
    if let Some(note) = s.note {
        let _ = writeln!(out, "note = {note}");
    }
    if let Some(work) = &s.work {
        let _ = writeln!(out, "work = {}", string(work));
    }
    let _ = writeln!(out, "citation = {}", string(&s.citation));
    let optional = [
        ("url", &s.url),
        ("title", &s.title),
        ("publisher", &s.publisher),
        ("date", &s.date),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            let _ = writeln!(out, "{key} = {}", string(v));
        }
    }
    if !s.authors.is_empty() {
        let _ = writeln!(out, "authors = {}", string_array(&s.authors));
    }
    if !s.also.is_empty() {
        let _ = writeln!(out, "also = {}", string_array(&s.also));
    }
    out.push('\n');
}

/// One `[[question]]` entry.
pub fn question_toml(q: &Question) -> String {
    let mut out = String::with_capacity(1024);
    push_question(&mut out, q);
    out
}

/// Appends [`question_toml`]`(q)` to `out`.
fn push_question(out: &mut String, q: &Question) {
    out.push_str("[[question]]\n");
    push_field(out, "id", &q.id.0);
    push_field(out, "topic", &q.topic);
    if !q.tags.is_empty() {
        push_array_field(out, "tags", &q.tags);
    }
    out.push_str("difficulty = ");
    push_uint(out, usize::from(q.difficulty));
    out.push('\n');
    push_field(out, "kind", q.kind.name());
    if let Some(w) = &q.content_warning {
        push_field(out, "content_warning", w);
    }
    push_field(out, "prompt", &q.prompt);
    match &q.kind {
        Kind::Single { choices: c, answer } => {
            out.push_str("choices = ");
            push_choices(out, c);
            out.push_str("\nanswer = ");
            push_uint(out, answer + 1);
            out.push('\n');
        }
        Kind::Multiple {
            choices: c,
            answers,
        } => {
            out.push_str("choices = ");
            push_choices(out, c);
            out.push_str("\nanswers = [");
            for (i, a) in answers.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_uint(out, a + 1);
            }
            out.push_str("]\n");
        }
        Kind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => {
            out.push_str(if *answer {
                "answer = true\n"
            } else {
                "answer = false\n"
            });
            if let Some(f) = feedback_true {
                push_field(out, "feedback_true", f);
            }
            if let Some(f) = feedback_false {
                push_field(out, "feedback_false", f);
            }
        }
        Kind::Order { items } => {
            push_array_field(out, "items", items);
        }
        Kind::Match { pairs, distractors } => {
            out.push_str("pairs = [\n");
            for p in pairs {
                out.push_str("  { left = ");
                push_string(out, &p.left);
                out.push_str(", right = ");
                push_string(out, &p.right);
                out.push_str(" },\n");
            }
            out.push_str("]\n");
            if !distractors.is_empty() {
                push_array_field(out, "distractors", distractors);
            }
        }
        Kind::Numeric { answer, unit } => {
            match *answer {
                NumericAnswer::Exact { value, tolerance } => {
                    let _ = writeln!(
                        out,
                        "answer = {}\ntolerance = {}",
                        number(value),
                        number(tolerance)
                    );
                }
                NumericAnswer::Range { min, max } => {
                    let _ = writeln!(out, "min = {}\nmax = {}", number(min), number(max));
                }
            }
            if let Some(u) = unit {
                push_field(out, "unit", u);
            }
        }
        Kind::Text { accept } => {
            push_array_field(out, "accept", accept);
        }
    }
    push_field(out, "explanation", &q.explanation);
    out.push_str("sources = ");
    push_citations(out, &q.sources);
    out.push('\n');
}

/// The files of a bank folder: (file name, contents), questions grouped by topic.
pub fn bank_files(bank: &Bank) -> Vec<(String, String)> {
    let mut files = vec![
        ("bank.toml".to_owned(), bank_toml(bank)),
        ("sources.toml".to_owned(), sources_toml(bank)),
    ];
    let mut topics: Vec<(&str, Vec<&Question>)> = Vec::new();
    for q in &bank.questions {
        match topics.iter_mut().find(|(t, _)| *t == q.topic) {
            Some((_, qs)) => qs.push(q),
            None => topics.push((&q.topic, vec![q])),
        }
    }
    // The loader reads these names as other files than questions.
    let mut used: BTreeSet<String> = ["bank", "sources", "glossary", "events", "map"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let mut plan: Vec<(String, &str, &[&Question])> = Vec::new();
    for (topic, questions) in &topics {
        for chunk in questions.chunks(QUESTIONS_PER_FILE) {
            let base = match slug(topic) {
                s if s.is_empty() => "questions".to_owned(),
                s => s,
            };
            let name = std::iter::once(base.clone())
                .chain((2..=used.len() + 2).map(|n| format!("{base}-{n}")))
                .find(|n| !used.contains(n))
                .unwrap_or(base);
            used.insert(name.clone());
            plan.push((format!("{name}.toml"), *topic, chunk));
        }
    }
    let write = |plan: &[(String, &str, &[&Question])]| -> Vec<(String, String)> {
        plan.iter()
            .map(|(name, topic, chunk)| {
                let mut text = format!("# Questions on \"{}\".\n\n", topic.replace('\n', " "));
                text.reserve(chunk.len() * 640);
                for q in *chunk {
                    push_question(&mut text, q);
                    text.push('\n');
                }
                (name.clone(), text)
            })
            .collect()
    };
    // The files are independent: a large bank's are written on up to four threads.
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(4)
        .min(plan.len());
    if threads < 2 || bank.questions.len() < PARALLEL_QUESTIONS {
        files.extend(write(&plan));
    } else {
        let per_thread = plan.len().div_ceil(threads);
        // The last part is written on the calling thread (one thread fewer to start).
        std::thread::scope(|scope| {
            let mut parts = plan.chunks(per_thread);
            let last = parts.next_back();
            let handles: Vec<_> = parts.map(|part| scope.spawn(move || write(part))).collect();
            let last = last.map(write);
            for h in handles {
                files.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            files.extend(last.into_iter().flatten());
        });
    }
    files
}

/// Banks with fewer questions than this are written on the calling thread only.
const PARALLEL_QUESTIONS: usize = 2000;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A sibling of `path` to write into before renaming.
fn temp_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "out".to_owned(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Checks a bank before its folder is written, from memory rather than by reading the folder back:
/// the written folder is a deterministic function of `bank`, so what the loader would reject can be
/// seen here. `bank.toml` and `sources.toml` (the parts that come from the user and the file's
/// bibliography) go through the loader's own readers ([`crate::bank::check_header_files`]); the
/// questions through the rules the loader enforces on them (non-empty id, prompt and explanation,
/// unique ids, difficulty 1 to 3, at least one citation of a known source, [`check_kind`]); every
/// file through the loader's size limit. That the written folder then loads to the same bank with
/// no diagnostic is tested on generated banks and every Moodle fixture
/// (`tests/it/interchange_roundtrip.rs`).
fn check_written(bank: &Bank, files: &[(String, String)], dir: &Path) -> Result<()> {
    let text = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, t)| t.as_str())
    };
    let mut problems: Vec<String> =
        crate::bank::check_header_files(dir, text("bank.toml"), text("sources.toml"))
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
    for (name, text) in files {
        if text.len() > crate::bank::MAX_FILE_BYTES {
            problems.push(format!(
                "{}: error: file is too large ({:.1} MB; the limit is {} MB)",
                dir.join(name).display(),
                text.len() as f64 / 1_048_576.0,
                crate::bank::MAX_FILE_BYTES / 1_048_576
            ));
        }
    }
    if bank.questions.is_empty() {
        problems.push(format!(
            "{}: error: bank has no question files",
            dir.join("bank.toml").display()
        ));
    }
    let mut ids: HashSet<&str> = HashSet::with_capacity(bank.questions.len());
    for q in &bank.questions {
        let mut wrong = |why: &str| problems.push(format!("question `{}`: error: {why}", q.id.0));
        if q.id.0.trim().is_empty() {
            wrong("`id` must not be empty");
        } else if !ids.insert(q.id.0.as_str()) {
            wrong("duplicate question id");
        }
        if !(1..=3).contains(&q.difficulty) {
            wrong("`difficulty` must be 1, 2 or 3");
        }
        if q.prompt.trim().is_empty() {
            wrong("`prompt` must not be empty");
        }
        if q.explanation.trim().is_empty() {
            wrong("`explanation` must not be empty");
        }
        if q.sources.is_empty() {
            wrong("`sources` must cite at least one source");
        }
        for c in &q.sources {
            if !bank.sources.contains_key(&c.id) {
                wrong(&format!("unknown source `{}`: not in sources.toml", c.id));
            }
        }
        if let Err(why) = check_kind(&q.kind) {
            wrong(&why);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems.join("\n")))
    }
}

/// Writes the bank folder `dir`: checked first (`check_written`), then written into a temporary
/// sibling folder and renamed, so a failed import never leaves half a bank. A non-empty `dir` is
/// only replaced with `force`.
pub fn write_bank_dir(bank: &Bank, dir: &Path, force: bool) -> Result<()> {
    // `.`, `..` or `/` cannot be replaced by a rename (and must never be removed by --force).
    if dir.file_name().is_none() {
        return Err(Error::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "give the bank folder a name (e.g. -o questions/imported)",
            ),
        });
    }
    let exists = dir.exists();
    if exists {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() && !force {
            return Err(Error::NotEmpty(dir.to_path_buf()));
        }
    } else if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let tmp = temp_sibling(dir);
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    std::fs::create_dir(&tmp).map_err(io(&tmp))?;
    let result = (|| {
        let files = bank_files(bank);
        check_written(bank, &files, &tmp)?;
        for (name, text) in files {
            let path = tmp.join(name);
            std::fs::write(&path, text).map_err(io(&path))?;
        }
        if exists {
            std::fs::remove_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::rename(&tmp, dir).map_err(io(dir))
    })();
    if result.is_err() {
        std::fs::remove_dir_all(&tmp).ok();
    }
    result
}

/// Writes `contents` to `path` through a temporary sibling file and a rename.
pub fn write_file_atomic(path: &Path, contents: &str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let tmp = temp_sibling(path);
    std::fs::write(&tmp, contents).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        std::fs::remove_file(&tmp).ok();
        Error::Io {
            path: path.to_path_buf(),
            source: e,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_valid_toml() {
        for s in [
            "plain",
            "with \"quotes\" and \\ backslash",
            "multi\nline ending in a quote\"",
            "three \"\"\" quotes\nand a tab\tand \u{1} control",
            "\"\nstarts with a quote",
        ] {
            let doc = format!("v = {}\n", string(s));
            let parsed: toml::Table = toml::from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(parsed["v"].as_str(), Some(s), "{doc}");
        }
    }

    #[test]
    fn refuses_a_folder_without_a_name() {
        let bank = Bank {
            id: crate::model::BankId("b".into()),
            title: String::new(),
            description: String::new(),
            language: String::new(),
            version: String::new(),
            authors: Vec::new(),
            license: String::new(),
            content_note: None,
            sources: std::collections::BTreeMap::new(),
            questions: Vec::new(),
            glossary: Vec::new(),
            events: Vec::new(),
            map: crate::model::BankMap::default(),
        };
        for dir in [".", "..", "/"] {
            let err = write_bank_dir(&bank, Path::new(dir), true).unwrap_err();
            assert!(
                err.to_string().contains("give the bank folder a name"),
                "{err}"
            );
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number(2015.0), "2015");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(1e300), "1e300");
    }
}
