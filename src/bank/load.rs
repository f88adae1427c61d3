//! Loading a bank folder (from disk or from embedded files) into a validated [`Bank`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, Severity, Sink};
use super::files::{read_bank_header, read_event, read_source, read_term};
use super::map::{ParsedMap, check_references, read_map};
use super::question::{CitationRef, ParsedQuestion, read_question};
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

/// The files of a bank that are not question files.
const SPECIAL_FILES: [&str; 5] = [
    "bank.toml",
    "sources.toml",
    "glossary.toml",
    "events.toml",
    "map.toml",
];

/// Whether `name` is a question file (any `.toml` of the folder but the special ones).
fn is_question_file(name: &str) -> bool {
    !SPECIAL_FILES.contains(&name)
}

/// One file after the parallel step.
enum Parsed<'i> {
    /// Did not decode or parse (the sink holds why), or already taken.
    Nothing,
    /// A special file's table, read on the calling thread.
    Doc(Spanned<DeTable<'i>>),
    /// A question file's questions, read on the thread that parsed the file, so that its table
    /// is freed there as soon as it has been read (a bank's tables are never all alive at once).
    Questions(Vec<ParsedQuestion>),
}

impl<'i> Parsed<'i> {
    /// A special file's table.
    fn into_doc(self) -> Option<Spanned<DeTable<'i>>> {
        match self {
            Self::Doc(doc) => Some(doc),
            Self::Nothing | Self::Questions(_) => None,
        }
    }
}

/// Parses one file; a question file's `[[question]]` entries are read at once.
fn parse_file<'i>(sink: &mut Sink<'_>, name: &str, text: Option<&'i str>) -> Parsed<'i> {
    let Some(doc) = text.and_then(|t| parse_document(sink, t)) else {
        return Parsed::Nothing;
    };
    if !is_question_file(name) {
        return Parsed::Doc(doc);
    }
    let questions = entries(sink, &doc, "question")
        .iter()
        .filter_map(|v| read_question(sink, v))
        .collect();
    Parsed::Questions(questions)
}

/// Parses every decoded file (`texts[i]` is `None` for a file that did not decode), spreading the
/// files of a large bank over up to four threads: parsing and reading questions are most of the
/// time of loading, and files are independent until the cross-file checks.
fn parse_all<'i>(
    sinks: &mut [Sink<'_>],
    files: &[BankFile],
    texts: &[Option<&'i str>],
) -> Vec<Parsed<'i>> {
    let total: usize = texts.iter().flatten().map(|t| t.len()).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(4)
        .min(texts.len());
    let mut out: Vec<Parsed<'i>> = texts.iter().map(|_| Parsed::Nothing).collect();
    let parse_chunk =
        |sinks: &mut [Sink<'_>], files: &[BankFile], texts: &[Option<&'i str>], out: &mut [_]| {
            let inputs = sinks.iter_mut().zip(files).zip(texts).zip(out.iter_mut());
            for (((sink, file), text), slot) in inputs {
                *slot = parse_file(sink, &file.name, *text);
            }
        };
    if threads < 2 || total < PARALLEL_BYTES {
        parse_chunk(sinks, files, texts, &mut out);
        return out;
    }
    let chunk = texts.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut chunks = sinks
            .chunks_mut(chunk)
            .zip(files.chunks(chunk))
            .zip(texts.chunks(chunk))
            .zip(out.chunks_mut(chunk));
        // The first chunk is read on the calling thread, which would otherwise only wait (and
        // whose heap grows in larger steps than a new thread's).
        let first = chunks.next();
        for (((sinks, files), texts), out) in chunks {
            scope.spawn(move || parse_chunk(sinks, files, texts, out));
        }
        if let Some((((sinks, files), texts), out)) = first {
            parse_chunk(sinks, files, texts, out);
        }
    });
    out
}

/// The bytes that start a comment or string, or open or close an array or inline table.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of bounds fails the build"
)]
static STRUCTURAL: [bool; 256] = {
    let mut table = [false; 256];
    let special = *b"#\"'[]{}";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

/// Byte offset where bracket nesting first exceeds [`MAX_NESTING`], ignoring strings and comments.
/// A cheap guard so that hostile input cannot exhaust the parser's stack. Comments and strings,
/// most of a bank's text, are skipped with `memchr` to the next byte that can end them.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let rest = |i: usize| bytes.get(i..).unwrap_or_default();
    let mut depth = 0usize;
    let mut i = 0;
    let structural = |c: &u8| STRUCTURAL.get(usize::from(*c)).copied().unwrap_or(false);
    loop {
        // Keys, numbers and spaces between the bytes that matter are skipped in one pass.
        i += rest(i).iter().position(structural)?;
        let b = bytes.get(i).copied().unwrap_or(0);
        match b {
            b'#' => i = memchr::memchr(b'\n', rest(i)).map_or(bytes.len(), |n| i + n),
            b'"' | b'\'' => {
                let triple = bytes.get(i..i + 3) == Some(&[b, b, b][..]);
                let quote_len = if triple { 3 } else { 1 };
                i += quote_len;
                loop {
                    // The bytes that can end this kind of string, or escape a byte in it.
                    let next = match (b, triple) {
                        (b'"', false) => memchr::memchr3(b'"', b'\\', b'\n', rest(i)),
                        (b'"', true) => memchr::memchr2(b'"', b'\\', rest(i)),
                        (_, false) => memchr::memchr2(b, b'\n', rest(i)),
                        (_, true) => memchr::memchr(b, rest(i)),
                    };
                    let Some(n) = next else {
                        i = bytes.len();
                        break;
                    };
                    i += n;
                    let c = bytes.get(i).copied().unwrap_or(0);
                    if c == b'\\' {
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
    let mut parsed_files = parse_all(&mut sinks, &files, &texts);
    let mut take = |i: usize| {
        parsed_files
            .get_mut(i)
            .map_or(Parsed::Nothing, |p| std::mem::replace(p, Parsed::Nothing))
    };

    let bank_ix = find("bank.toml");
    let sources_ix = find("sources.toml");
    let mut header = None;
    if let Some(i) = bank_ix
        && let Some(sink) = sinks.get_mut(i)
        && let Some(doc) = take(i).into_doc()
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
            && let Some(doc) = take(i).into_doc()
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
                let Some(doc) = take(i).into_doc() else {
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
                let Some(doc) = take(i).into_doc() else {
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
                let Some(doc) = take(i).into_doc() else {
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
                let Parsed::Questions(read) = take(i) else {
                    continue;
                };
                for parsed in read {
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
    let mut cited: HashSet<&str> = HashSet::new();
    let sources_loaded = sources_ix.is_some();
    for r in &refs {
        cited.insert(&r.citation.id);
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
            if !cited.contains(id.as_str()) {
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

    /// The guard as first written, a byte at a time: the reference for the faster one.
    /// Byte offset where bracket nesting first exceeds [`MAX_NESTING`], ignoring strings and comments.
    /// A cheap guard so that hostile input cannot exhaust the parser's stack.
    fn too_deep_byte_by_byte(text: &str) -> Option<usize> {
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

    #[test]
    fn nesting_guard_agrees_with_the_byte_by_byte_scan() {
        use rand::{RngExt as _, SeedableRng as _};
        // Texts made of the bytes the scan looks at, so strings, escapes, comments and brackets
        // open and close in every order; the nesting limit is reached in some of them.
        const ALPHABET: &[u8] = b"[[[[[[{{{{]]}}\"\"\"''''\\\\#\n\nax ";
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let mut limit_reached = 0;
        for _ in 0..20_000 {
            let len = rng.random_range(0..1000);
            let text: String = (0..len)
                .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
                .collect();
            let fast = too_deep(&text);
            assert_eq!(fast, too_deep_byte_by_byte(&text), "{text:?}");
            limit_reached += usize::from(fast.is_some());
        }
        assert!((500..19_500).contains(&limit_reached), "{limit_reached}");
        // And on every shipped bank file, and the nesting fixtures.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions/iskp");
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert_eq!(too_deep(&text), too_deep_byte_by_byte(&text));
        }
    }

    #[test]
    fn repeated_choices_are_found_in_short_and_long_lists() {
        let question = |choices: &str| {
            let mut files = bank_with(1, 1);
            files[2].bytes = format!(
                "[[question]]\nid = \"q\"\ntopic = \"T\"\ndifficulty = 1\nkind = \"single\"\n\
                 choices = [{choices}]\nanswer = 1\nprompt = \"p\"\nexplanation = \"e\"\n\
                 sources = [\"s\"]\n"
            )
            .into_bytes();
            let loaded = load_files(Path::new(""), files);
            let shown: Vec<String> = loaded
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect();
            shown
        };
        // Pairwise (a few choices): case and surrounding space do not count, in any script.
        assert_eq!(
            question("\"Ünion\", \"b\", \" üNION \", \"B\""),
            vec![
                "choice 3 has the same text as choice 1",
                "choice 4 has the same text as choice 2"
            ]
        );
        assert_eq!(question("\"a\", \"ab\", \"ä\""), Vec::<String>::new());
        // By a set (a long list): the same answers.
        let mut long: Vec<String> = (0..20).map(|n| format!("\"c{n}\"")).collect();
        long[17] = "\" C3\"".to_owned();
        long[19] = "\"ÜNION\"".to_owned();
        long[18] = "\"ünion\"".to_owned();
        assert_eq!(
            question(&long.join(", ")),
            vec![
                "choice 18 has the same text as choice 4",
                "choice 20 has the same text as choice 19"
            ]
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
