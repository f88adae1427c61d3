//! Reading `bank.toml`, `sources.toml`, `glossary.toml` and `events.toml`.

use std::ops::Range;

use super::diagnostic::Sink;
use super::question::{CitationRef, read_citations};
use super::reader::{TableReader, Value, as_table};
use crate::model::{Event, EventType, QuestionId, Source, Term};

/// The fields of `bank.toml`.
pub struct BankHeader {
    /// `id`.
    pub id: String,
    /// `title`.
    pub title: String,
    /// `description`.
    pub description: String,
    /// `language`.
    pub language: String,
    /// `version`.
    pub version: String,
    /// `authors`.
    pub authors: Vec<String>,
    /// `license`.
    pub license: String,
    /// `content_note`.
    pub content_note: Option<String>,
}

/// The keys of `bank.toml` (also the JSON Schema's properties, `bank::schema`).
pub const BANK_KEYS: [&str; 8] = [
    "id",
    "title",
    "description",
    "language",
    "version",
    "authors",
    "license",
    "content_note",
];

/// The keys of a `[[source]]` entry.
pub const SOURCE_KEYS: [&str; 11] = [
    "id",
    "note",
    "work",
    "citation",
    "url",
    "authors",
    "title",
    "publisher",
    "date",
    "also",
    "uncited",
];

/// The keys of a `[[term]]` entry.
pub const TERM_KEYS: [&str; 4] = ["term", "aliases", "definition", "sources"];

/// The keys of an `[[event]]` entry.
pub const EVENT_KEYS: [&str; 8] = [
    "id",
    "date",
    "title",
    "summary",
    "sources",
    "questions",
    "content_warning",
    "type",
];

/// Reads `bank.toml`.
pub fn read_bank_header(
    sink: &mut Sink<'_>,
    table: &toml::de::DeTable<'_>,
    span: Range<usize>,
) -> Option<BankHeader> {
    let r = TableReader::new(sink, table, span, &BANK_KEYS, &|_| None);
    let id = r.req_nonempty_str(sink, "id");
    if let (Some(id), Some(v)) = (&id, r.value("id"))
        && !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        sink.error(
            &v.span(),
            "bank `id` may only hold lowercase letters, digits and '-'",
        );
    }
    let title = r.req_nonempty_str(sink, "title");
    let description = r.req_nonempty_str(sink, "description");
    let language = r.req_nonempty_str(sink, "language");
    let version = r.req_nonempty_str(sink, "version");
    if !r.has("authors") {
        sink.error(&r.span(), "missing required field `authors`");
    }
    let authors = r.str_list(sink, "authors");
    if r.has("authors") && authors.is_empty() {
        sink.error(
            &r.value("authors").map_or_else(|| r.span(), Value::span),
            "`authors` must name at least one author",
        );
    }
    let license = r.req_nonempty_str(sink, "license");
    let content_note = r.opt_str(sink, "content_note");
    Some(BankHeader {
        id: id?,
        title: title?,
        description: description?,
        language: language?,
        version: version?,
        authors,
        license: license?,
        content_note,
    })
}

/// A source with the position of its id, for "never cited" warnings.
pub struct ParsedSource {
    /// The source.
    pub source: Source,
    /// Where its id is written.
    pub id_span: Range<usize>,
    /// Whether the entry says why no question cites it (no "never cited" warning then).
    pub expected_uncited: bool,
}

/// Reads one `[[source]]` entry.
pub fn read_source(sink: &mut Sink<'_>, value: &Value<'_>) -> Option<ParsedSource> {
    let table = as_table(sink, "source", value)?;
    let r = TableReader::new(sink, table, value.span(), &SOURCE_KEYS, &|_| None);
    let id = r.req_nonempty_str(sink, "id");
    let id_span = r.value("id").map_or_else(|| r.span(), Value::span);
    let note = r.opt_int(sink, "note").and_then(|n| {
        let converted = u32::try_from(n).ok();
        if converted.is_none()
            && let Some(v) = r.value("note")
        {
            sink.error(&v.span(), "`note` must be a positive footnote number");
        }
        converted
    });
    let citation = r.req_nonempty_str(sink, "citation");
    let url = r.opt_str(sink, "url");
    if let (Some(url), Some(v)) = (&url, r.value("url"))
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        sink.error(&v.span(), "`url` must start with https:// or http://");
    }
    let source = Source {
        id: id?,
        note,
        work: r.opt_str(sink, "work"),
        citation: citation?,
        url,
        authors: r.str_list(sink, "authors"),
        title: r.opt_str(sink, "title"),
        publisher: r.opt_str(sink, "publisher"),
        date: r.opt_str(sink, "date"),
        also: r.str_list(sink, "also"),
    };
    let uncited = r.opt_str(sink, "uncited");
    if let (Some(reason), Some(v)) = (&uncited, r.value("uncited"))
        && reason.trim().is_empty()
    {
        sink.error(
            &v.span(),
            "`uncited` must give the reason the source is not cited",
        );
    }
    Some(ParsedSource {
        source,
        id_span,
        expected_uncited: uncited.is_some(),
    })
}

/// Reads one `[[term]]` entry of `glossary.toml`.
pub fn read_term(sink: &mut Sink<'_>, value: &Value<'_>) -> Option<(Term, Vec<CitationRef>)> {
    let table = as_table(sink, "term", value)?;
    let r = TableReader::new(sink, table, value.span(), &TERM_KEYS, &|_| None);
    let term = r.req_nonempty_str(sink, "term");
    let aliases = r.str_list(sink, "aliases");
    let definition = r.req_nonempty_str(sink, "definition");
    let (sources, refs) = read_citations(sink, &r);
    Some((
        Term {
            term: term?,
            aliases,
            definition: definition?,
            sources,
        },
        refs,
    ))
}

/// An event with the positions of its question references.
pub struct ParsedEvent {
    /// The event.
    pub event: Event,
    /// Its citations.
    pub citations: Vec<CitationRef>,
    /// Position of the `questions` array, when present.
    pub questions_span: Option<Range<usize>>,
}

/// Reads one `[[event]]` entry of `events.toml`.
pub fn read_event(sink: &mut Sink<'_>, value: &Value<'_>) -> Option<ParsedEvent> {
    let table = as_table(sink, "event", value)?;
    let r = TableReader::new(sink, table, value.span(), &EVENT_KEYS, &|_| None);
    let id = r.req_nonempty_str(sink, "id");
    let kind = r.opt_str(sink, "type").and_then(|t| {
        let names: Vec<&str> = EventType::ALL.iter().map(|k| k.as_str()).collect();
        super::map::parse_kind(sink, &r, "type", &t, &names, "event type", EventType::parse)
    });
    let date = r.req_nonempty_str(sink, "date");
    if let (Some(date), Some(v)) = (&date, r.value("date"))
        && !is_partial_date(date)
    {
        sink.error(
            &v.span(),
            format!("`date` must be YYYY, YYYY-MM or YYYY-MM-DD, found \"{date}\""),
        );
    }
    let title = r.req_nonempty_str(sink, "title");
    let summary = r.req_nonempty_str(sink, "summary");
    let (sources, citations) = read_citations(sink, &r);
    let questions = r
        .str_list(sink, "questions")
        .into_iter()
        .map(QuestionId)
        .collect();
    let content_warning = r.opt_str(sink, "content_warning");
    Some(ParsedEvent {
        event: Event {
            id: id?,
            date: date?,
            title: title?,
            summary: summary?,
            sources,
            questions,
            content_warning,
            kind,
        },
        citations,
        questions_span: r.value("questions").map(Value::span),
    })
}

/// Whether `s` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a plausible month and day.
pub fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let in_range = |p: &str, hi: u32| p.parse::<u32>().is_ok_and(|v| (1..=hi).contains(&v));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && in_range(m, 12) && digits(d, 2) && in_range(d, 31)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        assert!(is_partial_date("2015"));
        assert!(is_partial_date("2015-01"));
        assert!(is_partial_date("2015-01-26"));
        assert!(!is_partial_date("2015-13"));
        assert!(!is_partial_date("15-01-26"));
        assert!(!is_partial_date("January 2015"));
    }
}
