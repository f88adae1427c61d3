//! Loading a bank folder (from disk or from embedded files) into a validated [`Bank`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, Severity, Sink};
use super::files::{read_bank_header, read_event, read_source, read_term};
use super::map::{ParsedMap, check_references, read_map};
use super::question::{CitationRef, read_question};
use super::reader::{TableReader, did_you_mean, wrong_type};
use super::{Error, Result};
use crate::model::{Bank, BankId};

/// Files larger than this are refused with a diagnostic rather than parsed.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Syntax errors reported per file; the rest are counted. One early mistake (an unclosed string)
/// can make every later line an error, and a list of thousands helps nobody.
const MAX_SYNTAX_ERRORS: usize = 50;

/// Deeper nesting of arrays and inline tables than this is refused before parsing.
const MAX_NESTING: usize = 64;

/// One file of a bank, already read into memory.
#[derive(Clone, Debug)]
pub struct BankFile {
    /// Path used in diagnostics.
    pub path: PathBuf,
    /// File name within the bank folder (`bank.toml`, `history.toml`, …).
    pub name: String,
    /// Raw contents.
    pub bytes: Vec<u8>,
}

/// The result of loading one bank: the bank when it has no errors, and every diagnostic.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The bank, present only when there were no errors.
    pub bank: Option<Bank>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Finds bank folders: `path` itself when it holds `bank.toml`, else its sub-folders that do.
/// A file path means the bank folder that contains it.
pub fn discover(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_file() {
        let parent = path.parent().unwrap_or(Path::new("."));
        return Ok(vec![parent.to_path_buf()]);
    }
    if path.join("bank.toml").is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut banks = Vec::new();
    let entries = std::fs::read_dir(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let sub = entry.path();
        if sub.join("bank.toml").is_file() {
            banks.push(sub);
        }
    }
    banks.sort();
    if banks.is_empty() {
        return Err(Error::NoBank(path.to_path_buf()));
    }
    Ok(banks)
}

/// Reads every `.toml` file of a bank folder (sorted by name) and loads the bank.
pub fn load_dir(dir: &Path) -> Result<Loaded> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "toml") || !path.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        files.push(BankFile { path, name, bytes });
    }
    Ok(load_files(dir, files))
}

/// Parses `text` into a table, reporting syntax errors. `None` when it does not parse.
fn parse_document<'i>(sink: &mut Sink<'_>, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
    if let Some(offset) = too_deep(text) {
        sink.syntax_failed = true;
        sink.error(
            &(offset..offset),
            format!("arrays or tables nested more than {MAX_NESTING} levels deep"),
        );
        return None;
    }
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table);
    }
    sink.syntax_failed = true;
    let total = errors.len();
    for e in errors.into_iter().take(MAX_SYNTAX_ERRORS) {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().replace('\n', " ");
        sink.error(&span, format!("TOML syntax: {message}"));
    }
    if total > MAX_SYNTAX_ERRORS {
        let last = sink.diagnostics.last().map_or(1, |d| d.line);
        let span = text.len()..text.len();
        sink.error(
            &span,
            format!(
                "TOML syntax: {} more syntax errors after line {last} not shown",
                total - MAX_SYNTAX_ERRORS
            ),
        );
    }
    None
}

/// Banks with less text than this are parsed on the calling thread only.
const PARALLEL_BYTES: usize = 512 * 1024;

/// Parses every decoded file (`None` for files that did not decode or parse), spreading the files
/// of a large bank over up to four threads: parsing is most of the time of loading, and files are
/// independent until the cross-file checks.
fn parse_all<'i>(
    sinks: &mut [Sink<'_>],
    texts: &[Option<&'i str>],
) -> Vec<Option<Spanned<DeTable<'i>>>> {
    let total: usize = texts.iter().flatten().map(|t| t.len()).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(4)
        .min(texts.len());
    let mut docs: Vec<Option<Spanned<DeTable<'i>>>> = texts.iter().map(|_| None).collect();
    let parse_chunk = |sinks: &mut [Sink<'_>], texts: &[Option<&'i str>], out: &mut [Option<_>]| {
        for ((sink, text), doc) in sinks.iter_mut().zip(texts).zip(out.iter_mut()) {
            *doc = text.and_then(|t| parse_document(sink, t));
        }
    };
    if threads < 2 || total < PARALLEL_BYTES {
        parse_chunk(sinks, texts, &mut docs);
        return docs;
    }
    let chunk = texts.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let chunks = sinks
            .chunks_mut(chunk)
            .zip(texts.chunks(chunk))
            .zip(docs.chunks_mut(chunk));
        for ((sinks, texts), out) in chunks {
            scope.spawn(move || parse_chunk(sinks, texts, out));
        }
    });
    docs
}

/// Byte offset where bracket nesting first exceeds [`MAX_NESTING`], ignoring strings and comments.
/// A cheap guard so that hostile input cannot exhaust the parser's stack.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'#' => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let triple = bytes.get(i..i + 3) == Some(&[b, b, b][..]);
                let quote_len = if triple { 3 } else { 1 };
                i += quote_len;
                while let Some(&c) = bytes.get(i) {
                    if c == b'\\' && b == b'"' {
                        i += 2;
                        continue;
                    }
                    if c == b && (!triple || bytes.get(i..i + 3) == Some(&[b, b, b][..])) {
                        i += quote_len - 1;
                        break;
                    }
                    if c == b'\n' && !triple {
                        break;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Decodes a file as UTF-8, or reports where it stops being UTF-8.
fn decode<'a>(file: &'a BankFile, diagnostics: &mut Vec<Diagnostic>) -> Option<&'a str> {
    if file.bytes.len() > MAX_FILE_BYTES {
        diagnostics.push(Diagnostic {
            path: file.path.clone(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            message: format!(
                "file is too large ({:.1} MB; the limit is {} MB)",
                file.bytes.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        });
        return None;
    }
    match std::str::from_utf8(&file.bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let valid = file.bytes.get(..e.valid_up_to()).unwrap_or_default();
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let bad = file.bytes.get(e.valid_up_to()).copied().unwrap_or(0);
            diagnostics.push(Diagnostic::at(
                &file.path,
                valid,
                valid.len(),
                Severity::Error,
                format!("file is not valid UTF-8 (byte 0x{bad:02X}); save it as UTF-8"),
            ));
            None
        }
    }
}

/// Reads the array of tables under `key` (e.g. `question`) and rejects any other top-level key.
fn entries<'t, 'i>(
    sink: &mut Sink<'_>,
    doc: &'t Spanned<DeTable<'i>>,
    key: &str,
) -> &'t [Spanned<DeValue<'i>>] {
    let _ = TableReader::new(sink, doc.get_ref(), doc.span(), &[key], &|name| {
        did_you_mean(name, &[key])
            .map(|k| format!("unknown key `{name}`; did you mean `[[{k}]]`?"))
            .or_else(|| {
                Some(format!(
                    "unknown key `{name}`; this file holds `[[{key}]]` entries"
                ))
            })
    });
    match doc.get_ref().get(key) {
        Some(v) => {
            if let DeValue::Array(items) = v.get_ref() {
                &items[..]
            } else {
                wrong_type(sink, key, v, &format!("an array of tables (`[[{key}]]`)"));
                &[]
            }
        }
        None => &[],
    }
}

/// Reads the `[[source]]` entries of `sources.toml` into `sources`, with the positions of the ids
/// that must be cited (for the "never cited" warning) in `spans`.
fn read_sources(
    sink: &mut Sink<'_>,
    doc: &Spanned<DeTable<'_>>,
    sources: &mut BTreeMap<String, crate::model::Source>,
    spans: &mut Vec<(String, Range<usize>)>,
) {
    for v in entries(sink, doc, "source") {
        let Some(parsed) = read_source(sink, v) else {
            continue;
        };
        if sources.contains_key(&parsed.source.id) {
            sink.error(
                &parsed.id_span,
                format!("duplicate source id `{}`", parsed.source.id),
            );
            continue;
        }
        if !parsed.expected_uncited {
            spans.push((parsed.source.id.clone(), parsed.id_span));
        }
        sources.insert(parsed.source.id.clone(), parsed.source);
    }
}

/// Checks the texts of a bank's `bank.toml` and `sources.toml` on their own (parse, header and
/// source rules, duplicate source ids) with the loader's own readers, without reading any question
/// file. Diagnostics name `dir/bank.toml` and `dir/sources.toml`. The importer uses it for the
/// parts of a written bank that come from the user (id, title, language, …) and from the file's
/// bibliography; the cross-file checks (citations, "never cited") need the questions and are not
/// run here.
pub fn check_header_files(dir: &Path, bank_toml: &str, sources_toml: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let bank_path = dir.join("bank.toml");
    let mut sink = Sink::new(&bank_path, bank_toml);
    if let Some(doc) = parse_document(&mut sink, bank_toml) {
        read_bank_header(&mut sink, doc.get_ref(), doc.span());
    }
    diagnostics.append(&mut sink.diagnostics);
    let sources_path = dir.join("sources.toml");
    let mut sink = Sink::new(&sources_path, sources_toml);
    if let Some(doc) = parse_document(&mut sink, sources_toml) {
        read_sources(&mut sink, &doc, &mut BTreeMap::new(), &mut Vec::new());
    }
    diagnostics.append(&mut sink.diagnostics);
    diagnostics
}

/// A citation with its file, for the cross-file check.
struct PendingRef {
    file: usize,
    citation: CitationRef,
}

/// Loads a bank from files already in memory. `dir` is used for bank-level diagnostics.
#[expect(
    clippy::too_many_lines,
    reason = "one linear pass over the bank's files"
)]
pub fn load_files(dir: &Path, mut files: Vec<BankFile>) -> Loaded {
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut diagnostics = Vec::new();
    let mut texts: Vec<Option<&str>> = Vec::new();
    for f in &files {
        texts.push(decode(f, &mut diagnostics));
    }
    // Sinks per file, so later cross-file checks can add to the right one.
    let mut sinks: Vec<Sink<'_>> = files
        .iter()
        .zip(&texts)
        .map(|(f, t)| Sink::new(&f.path, t.unwrap_or("")))
        .collect();
    let find = |name: &str| files.iter().position(|f| f.name == name);
    let mut docs = parse_all(&mut sinks, &texts);
    let mut parsed = |i: usize| docs.get_mut(i).and_then(Option::take);

    let bank_ix = find("bank.toml");
    let sources_ix = find("sources.toml");
    let mut header = None;
    if let Some(i) = bank_ix
        && let Some(sink) = sinks.get_mut(i)
        && let Some(doc) = parsed(i)
    {
        header = read_bank_header(sink, doc.get_ref(), doc.span());
    }
    if bank_ix.is_none() {
        diagnostics.push(bank_level(dir, "bank.toml", "missing `bank.toml`"));
    }

    let mut sources = BTreeMap::new();
    let mut source_spans: Vec<(String, Range<usize>)> = Vec::new();
    if let Some(i) = sources_ix {
        if let Some(sink) = sinks.get_mut(i)
            && let Some(doc) = parsed(i)
        {
            read_sources(sink, &doc, &mut sources, &mut source_spans);
        }
    } else {
        diagnostics.push(bank_level(dir, "sources.toml", "missing `sources.toml`"));
    }

    let mut refs: Vec<PendingRef> = Vec::new();
    let mut glossary = Vec::new();
    let mut events = Vec::new();
    let mut event_question_refs: Vec<(usize, Range<usize>, Vec<String>)> = Vec::new();
    let mut questions = Vec::new();
    let mut question_ids: HashMap<String, (usize, Range<usize>)> = HashMap::new();
    let mut question_files = 0;
    let mut parsed_map: Option<(usize, ParsedMap)> = None;
    for (i, f) in files.iter().enumerate() {
        if texts.get(i).is_none_or(Option::is_none) {
            continue;
        }
        let Some(sink) = sinks.get_mut(i) else {
            continue;
        };
        match f.name.as_str() {
            "bank.toml" | "sources.toml" => {}
            "glossary.toml" => {
                let Some(doc) = parsed(i) else {
                    continue;
                };
                for v in entries(sink, &doc, "term") {
                    if let Some((term, citations)) = read_term(sink, v) {
                        glossary.push(term);
                        refs.extend(citations.into_iter().map(|c| PendingRef {
                            file: i,
                            citation: c,
                        }));
                    }
                }
            }
            "map.toml" => {
                let Some(doc) = parsed(i) else {
                    continue;
                };
                let map = read_map(sink, &doc);
                refs.extend(map.citations.iter().map(|c| PendingRef {
                    file: i,
                    citation: CitationRef {
                        id: c.id.clone(),
                        span: c.span.clone(),
                    },
                }));
                parsed_map = Some((i, map));
            }
            "events.toml" => {
                let Some(doc) = parsed(i) else {
                    continue;
                };
                let mut ids = BTreeSet::new();
                for v in entries(sink, &doc, "event") {
                    let Some(parsed) = read_event(sink, v) else {
                        continue;
                    };
                    if !ids.insert(parsed.event.id.clone()) {
                        sink.error(
                            &v.span(),
                            format!("duplicate event id `{}`", parsed.event.id),
                        );
                    }
                    refs.extend(parsed.citations.into_iter().map(|c| PendingRef {
                        file: i,
                        citation: c,
                    }));
                    if let Some(span) = parsed.questions_span {
                        let ids = parsed.event.questions.iter().map(|q| q.0.clone()).collect();
                        event_question_refs.push((i, span, ids));
                    }
                    events.push(parsed.event);
                }
            }
            _ => {
                question_files += 1;
                let Some(doc) = parsed(i) else {
                    continue;
                };
                for v in entries(sink, &doc, "question") {
                    let Some(parsed) = read_question(sink, v) else {
                        continue;
                    };
                    refs.extend(parsed.citations.into_iter().map(|c| PendingRef {
                        file: i,
                        citation: c,
                    }));
                    let Some(id) = parsed.id else { continue };
                    if let Some((first_file, first_span)) = question_ids.get(&id) {
                        let first = files.get(*first_file).map_or(Path::new(""), |f| &f.path);
                        let text_first = texts.get(*first_file).copied().flatten().unwrap_or("");
                        let (line, col) = super::diagnostic::line_col(text_first, first_span.start);
                        sink.error(
                            &parsed.id_span,
                            format!(
                                "duplicate question id `{id}` (first defined at {}:{line}:{col})",
                                first.display()
                            ),
                        );
                        continue;
                    }
                    question_ids.insert(id, (i, parsed.id_span.clone()));
                    questions.extend(parsed.question);
                }
            }
        }
    }
    if question_files == 0 {
        diagnostics.push(bank_level(
            dir,
            "bank.toml",
            "bank has no question files (any `.toml` besides bank, sources, glossary, events and map)",
        ));
    }

    // Cross-file checks: cited sources exist; every source is cited; event question ids exist.
    let source_ids: Vec<&str> = sources.keys().map(String::as_str).collect();
    let mut cited = BTreeSet::new();
    let sources_loaded = sources_ix.is_some();
    for r in &refs {
        cited.insert(r.citation.id.clone());
        if sources_loaded
            && !sources.contains_key(&r.citation.id)
            && let Some(sink) = sinks.get_mut(r.file)
        {
            let hint = did_you_mean(&r.citation.id, &source_ids)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            sink.error(
                &r.citation.span,
                format!(
                    "unknown source `{}`: not in sources.toml{hint}",
                    r.citation.id
                ),
            );
        }
    }
    for (file, span, ids) in &event_question_refs {
        for id in ids {
            if !question_ids.contains_key(id)
                && let Some(sink) = sinks.get_mut(*file)
            {
                sink.error(span, format!("event lists unknown question id `{id}`"));
            }
        }
    }
    if let Some((file, parsed)) = &parsed_map
        && let Some(sink) = sinks.get_mut(*file)
    {
        check_references(sink, parsed, &question_ids);
    }
    // A file that did not parse may cite anything, so "never cited" would be noise then.
    let all_parsed = texts.iter().all(Option::is_some) && !sinks.iter().any(|s| s.syntax_failed);
    if all_parsed
        && let Some(i) = sources_ix
        && let Some(sink) = sinks.get_mut(i)
    {
        for (id, span) in &source_spans {
            if !cited.contains(id) {
                sink.warning(span, format!("source `{id}` is never cited"));
            }
        }
    }

    for sink in sinks {
        diagnostics.extend(sink.diagnostics);
    }
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    events.sort_by(|a: &crate::model::Event, b| a.date.cmp(&b.date));
    let bank = match header {
        Some(h) if !has_errors => Some(Bank {
            id: BankId(h.id),
            title: h.title,
            description: h.description,
            language: h.language,
            version: h.version,
            authors: h.authors,
            license: h.license,
            content_note: h.content_note,
            sources,
            questions,
            glossary,
            events,
            map: parsed_map.map(|(_, p)| p.map).unwrap_or_default(),
        }),
        _ => None,
    };
    Loaded { bank, diagnostics }
}

fn bank_level(dir: &Path, file: &str, message: &str) -> Diagnostic {
    Diagnostic {
        path: dir.join(file),
        line: 1,
        column: 1,
        severity: Severity::Error,
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::fmt::Write as _;

    fn bank_with(question_files: usize, per_file: usize) -> Vec<BankFile> {
        let file = |name: &str, text: String| BankFile {
            path: PathBuf::from(name),
            name: name.to_owned(),
            bytes: text.into_bytes(),
        };
        let mut files = vec![
            file(
                "bank.toml",
                "id = \"b\"\ntitle = \"B\"\ndescription = \"d\"\nlanguage = \"en\"\n\
                 version = \"1\"\nauthors = [\"a\"]\nlicense = \"l\"\n"
                    .to_owned(),
            ),
            file(
                "sources.toml",
                "[[source]]\nid = \"s\"\ncitation = \"c\"\n".to_owned(),
            ),
        ];
        for f in 0..question_files {
            let mut text = String::new();
            for q in 0..per_file {
                let difficulty = if f == question_files - 1 && q == per_file - 1 {
                    "\"hard\""
                } else {
                    "2"
                };
                let _ = write!(
                    text,
                    "[[question]]\nid = \"q{f}-{q}\"\ntopic = \"T\"\ndifficulty = {difficulty}\n\
                     kind = \"true_false\"\nprompt = \"{}\"\nanswer = true\n\
                     explanation = \"e\"\nsources = [\"s\"]\n\n",
                    "words ".repeat(40)
                );
            }
            files.push(file(&format!("q{f:02}.toml"), text));
        }
        files
    }

    #[test]
    fn large_banks_parsed_on_threads_give_the_same_result() {
        let big = bank_with(12, 200);
        let bytes: usize = big.iter().map(|f| f.bytes.len()).sum();
        assert!(bytes > PARALLEL_BYTES, "{bytes}");
        let loaded = load_files(Path::new(""), big);
        let shown: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            vec!["q11.toml:1994:14: error: `difficulty` must be an integer, found a string"]
        );
        // Without the error every question loads, in file order.
        let mut fixed = bank_with(12, 200);
        let last = fixed.last_mut().unwrap();
        last.bytes = String::from_utf8(last.bytes.clone())
            .unwrap()
            .replace("\"hard\"", "3")
            .into_bytes();
        let bank = load_files(Path::new(""), fixed).bank.unwrap();
        assert_eq!(bank.questions.len(), 12 * 200);
        assert_eq!(bank.questions[0].id.0, "q0-0");
        assert_eq!(bank.questions[12 * 200 - 1].id.0, "q11-199");
        // A small bank takes the single-thread path and reports the same way.
        let small = load_files(Path::new(""), bank_with(2, 3));
        let shown: Vec<String> = small.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            vec!["q01.toml:24:14: error: `difficulty` must be an integer, found a string"]
        );
    }

    #[test]
    fn nesting_guard_ignores_brackets_in_strings() {
        let deep = "a = ".to_owned() + &"[".repeat(100) + &"]".repeat(100);
        assert!(too_deep(&deep).is_some());
        let quoted = format!("a = \"{}\"", "[".repeat(100));
        assert!(too_deep(&quoted).is_none());
        let triple = format!("a = \"\"\"{}\"\"\"\n[[question]]", "{".repeat(100));
        assert!(too_deep(&triple).is_none());
    }
}
