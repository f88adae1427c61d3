//! Reading `[[question]]` entries into validated [`Question`]s.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeArray, DeValue};

use super::diagnostic::Sink;
use super::reader::{TableReader, Value, as_int, as_str, as_table, item_str, wrong_type};
use crate::model::{Choice, Citation, Kind, KindName, NumericAnswer, Pair, Question, QuestionId};

/// The fields every question has (the kind-specific ones are in [`kind_fields`]).
pub const COMMON_FIELDS: [&str; 9] = [
    "id",
    "topic",
    "tags",
    "difficulty",
    "kind",
    "prompt",
    "explanation",
    "sources",
    "content_warning",
];

/// The fields each kind adds to the common ones.
pub fn kind_fields(kind: KindName) -> &'static [&'static str] {
    match kind {
        // `answers` is read for `single` too, to explain that it needs exactly one.
        KindName::Single => &["choices", "answer", "answers"],
        KindName::Multiple => &["choices", "answers"],
        KindName::TrueFalse => &["answer", "feedback_true", "feedback_false"],
        KindName::Order => &["items"],
        KindName::Match => &["pairs", "distractors"],
        KindName::Numeric => &["answer", "tolerance", "min", "max", "unit"],
        KindName::Text => &["accept"],
    }
}

/// The keys of a citation table `{ id, locator }`.
pub const CITATION_KEYS: [&str; 2] = ["id", "locator"];

/// The keys of a choice table `{ text, feedback }`.
pub const CHOICE_KEYS: [&str; 2] = ["text", "feedback"];

/// The keys of a `match` pair `{ left, right }`.
pub const PAIR_KEYS: [&str; 2] = ["left", "right"];

/// Which kinds use `field`, for the "belongs to another kind" message.
fn kinds_using(field: &str) -> Vec<&'static str> {
    KindName::ALL
        .into_iter()
        .filter(|&k| kind_fields(k).contains(&field))
        .map(KindName::as_str)
        .collect()
}

/// A citation as written, with its position, for the cross-file check.
pub struct CitationRef {
    /// Cited source id.
    pub id: String,
    /// Where it is written.
    pub span: Range<usize>,
}

/// One question read from a file, with the positions later checks need.
pub struct ParsedQuestion {
    /// The question, when it has no errors.
    pub question: Option<Question>,
    /// Its id, when readable (kept even when the question has errors, for duplicate checks).
    pub id: Option<String>,
    /// Position of its `id` value.
    pub id_span: Range<usize>,
    /// Its citations, with positions.
    pub citations: Vec<CitationRef>,
}

/// Reads the `sources` array of a question, term or event.
pub fn read_citations(
    sink: &mut Sink<'_>,
    reader: &TableReader<'_, '_>,
) -> (Vec<Citation>, Vec<CitationRef>) {
    let mut citations = Vec::new();
    let mut refs = Vec::new();
    let Some(items) = reader.req_array(sink, "sources") else {
        return (citations, refs);
    };
    if items.is_empty()
        && let Some(v) = reader.value("sources")
    {
        sink.error(&v.span(), "`sources` must cite at least one source");
    }
    for item in items {
        match item.get_ref() {
            DeValue::String(s) => {
                refs.push(CitationRef {
                    id: s.to_string(),
                    span: item.span(),
                });
                citations.push(Citation {
                    id: s.to_string(),
                    locator: None,
                });
            }
            DeValue::Table(t) => {
                let r = TableReader::new(sink, t, item.span(), &CITATION_KEYS, &|_| None);
                let locator = r.opt_str(sink, "locator");
                if let Some(id) = r.req_str(sink, "id") {
                    let span = r.value("id").map_or_else(|| item.span(), Value::span);
                    refs.push(CitationRef {
                        id: id.clone(),
                        span,
                    });
                    citations.push(Citation { id, locator });
                }
            }
            _ => wrong_type(sink, "sources item", item, "a source id or { id, locator }"),
        }
    }
    (citations, refs)
}

/// Reads one `[[question]]` table; `None` only when the entry is not a table. Errors are recorded.
pub fn read_question(sink: &mut Sink<'_>, value: &Value<'_>) -> Option<ParsedQuestion> {
    let errors_before = error_count(sink);
    let table = as_table(sink, "question", value)?;
    let kind_name: Option<&str> = match table.get("kind").map(Spanned::get_ref) {
        Some(DeValue::String(s)) => Some(s),
        _ => None,
    };
    let specific = kind_name.and_then(KindName::parse).map(kind_fields);
    let mut allowed: Vec<&str> = COMMON_FIELDS.to_vec();
    match specific {
        Some(fields) => allowed.extend_from_slice(fields),
        // Unknown or missing kind: accept every kind's fields so the one real error stands out.
        None => KindName::ALL
            .into_iter()
            .for_each(|k| allowed.extend_from_slice(kind_fields(k))),
    }
    allowed.dedup();
    let kind_for_message = kind_name.unwrap_or_default();
    let misplaced = |field: &str| {
        let users = kinds_using(field);
        (!users.is_empty()).then(|| {
            format!(
                "`{field}` is not a field of a `{kind_for_message}` question (it belongs to: {})",
                users.join(", ")
            )
        })
    };
    let r = TableReader::new(sink, table, value.span(), &allowed, &misplaced);

    let id = r.req_nonempty_str(sink, "id");
    let id_span = r.value("id").map_or_else(|| r.span(), Value::span);
    let topic = r.opt_str(sink, "topic");
    if !r.has("topic") {
        sink.warning(
            &r.span(),
            "question has no `topic`; it is listed under \"General\"",
        );
    }
    let tags = r.str_list(sink, "tags");
    let difficulty = read_difficulty(sink, &r);
    let prompt = r.req_nonempty_str(sink, "prompt");
    let explanation = r.req_nonempty_str(sink, "explanation");
    let (sources, citations) = read_citations(sink, &r);
    let content_warning = r.opt_str(sink, "content_warning");
    if !r.has("kind") {
        sink.error(&r.span(), "missing required field `kind`");
    }
    let kind = match (kind_name, r.value("kind")) {
        (Some(name), v) => match (KindName::parse(name), v) {
            (Some(kind), _) => read_kind(sink, &r, kind),
            (None, Some(v)) => {
                sink.error(
                    &v.span(),
                    format!(
                        "unknown kind `{name}`; expected one of: {}",
                        KindName::list()
                    ),
                );
                None
            }
            (None, None) => None,
        },
        (None, Some(v)) => {
            wrong_type(sink, "kind", v, "a string");
            None
        }
        (None, None) => None,
    };
    let complete = error_count(sink) == errors_before;
    let question = (|| {
        Some(Question {
            id: QuestionId(id.clone()?),
            topic: topic.unwrap_or_else(|| "General".to_owned()),
            tags,
            difficulty: difficulty?,
            kind: kind?,
            prompt: prompt?,
            explanation: explanation?,
            sources,
            content_warning,
        })
    })()
    .filter(|_| complete);
    Some(ParsedQuestion {
        question,
        id,
        id_span,
        citations,
    })
}

use toml::Spanned;

fn error_count(sink: &Sink<'_>) -> usize {
    sink.diagnostics.iter().filter(|d| d.is_error()).count()
}

fn read_difficulty(sink: &mut Sink<'_>, r: &TableReader<'_, '_>) -> Option<u8> {
    if !r.has("difficulty") {
        sink.error(&r.span(), "missing required field `difficulty`");
        return None;
    }
    let n = r.opt_int(sink, "difficulty")?;
    if let Ok(d @ 1..=3) = u8::try_from(n) {
        return Some(d);
    }
    if let Some(v) = r.value("difficulty") {
        sink.error(
            &v.span(),
            format!("`difficulty` must be 1, 2 or 3, found {n}"),
        );
    }
    None
}

fn read_kind(sink: &mut Sink<'_>, r: &TableReader<'_, '_>, kind: KindName) -> Option<Kind> {
    match kind {
        KindName::Single => read_single(sink, r),
        KindName::Multiple => {
            let choices = read_choices(sink, r)?;
            let answers = read_answer_numbers(sink, r, "answers", choices.len())?;
            if answers.is_empty() {
                sink.error(
                    &value_span(r, "answers"),
                    "a `multiple` question needs at least one right answer",
                );
                return None;
            }
            Some(Kind::Multiple { choices, answers })
        }
        KindName::TrueFalse => {
            if !r.has("answer") {
                sink.error(&r.span(), "missing required field `answer`");
            }
            let answer = r.opt_bool(sink, "answer");
            let feedback_true = r.opt_str(sink, "feedback_true");
            let feedback_false = r.opt_str(sink, "feedback_false");
            Some(Kind::TrueFalse {
                answer: answer?,
                feedback_true,
                feedback_false,
            })
        }
        KindName::Order => {
            let items = read_distinct_strings(sink, r, "items")?;
            Some(Kind::Order { items })
        }
        KindName::Match => read_match(sink, r),
        KindName::Numeric => read_numeric(sink, r),
        KindName::Text => {
            let accept = r.req_array(sink, "accept")?;
            let accept: Vec<String> = accept
                .iter()
                .filter_map(|v| as_str(sink, "accept item", v))
                .collect();
            if accept.iter().all(|a| a.trim().is_empty()) {
                sink.error(
                    &value_span(r, "accept"),
                    "a `text` question needs at least one accepted answer",
                );
                return None;
            }
            Some(Kind::Text { accept })
        }
    }
}

fn value_span(r: &TableReader<'_, '_>, key: &str) -> Range<usize> {
    r.value(key).map_or_else(|| r.span(), Value::span)
}

fn read_single(sink: &mut Sink<'_>, r: &TableReader<'_, '_>) -> Option<Kind> {
    let choices = read_choices(sink, r);
    let n = choices.as_ref().map_or(usize::MAX, Vec::len);
    let answer = if let Some(v) = r.value("answers") {
        let found = read_answer_numbers(sink, r, "answers", n)?;
        if found.len() == 1 {
            found.first().copied()
        } else {
            sink.error(
                &v.span(),
                format!(
                    "a `single` question has exactly one right answer, found {}; use `answer = N` (or kind = \"multiple\")",
                    found.len()
                ),
            );
            None
        }
    } else if let Some(v) = r.value("answer") {
        let number = as_int(sink, "answer", v)?;
        check_choice_number(sink, v, number, n)
    } else {
        sink.error(
            &r.span(),
            "a `single` question has exactly one right answer, found 0; add `answer = N`",
        );
        None
    };
    Some(Kind::Single {
        choices: choices?,
        answer: answer?,
    })
}

/// Converts a 1-based choice number to an index, or reports it out of range.
fn check_choice_number(
    sink: &mut Sink<'_>,
    v: &Value<'_>,
    number: i64,
    choice_count: usize,
) -> Option<usize> {
    match usize::try_from(number) {
        Ok(k) if k >= 1 && k <= choice_count => Some(k - 1),
        _ => {
            sink.error(
                &v.span(),
                format!(
                    "answer {number} is out of range: choices are numbered 1 to {choice_count}"
                ),
            );
            None
        }
    }
}

fn read_answer_numbers(
    sink: &mut Sink<'_>,
    r: &TableReader<'_, '_>,
    key: &str,
    choice_count: usize,
) -> Option<Vec<usize>> {
    let items = r.req_array(sink, key)?;
    let mut out = Vec::new();
    let mut ok = true;
    for v in items {
        let Some(number) = as_int(sink, "answer", v) else {
            ok = false;
            continue;
        };
        match check_choice_number(sink, v, number, choice_count) {
            Some(i) if out.contains(&i) => {
                sink.error(&v.span(), format!("answer {number} is listed twice"));
                ok = false;
            }
            Some(i) => out.push(i),
            None => ok = false,
        }
    }
    out.sort_unstable();
    ok.then_some(out)
}

/// Whether two choice texts are the same but for letter case (each character lowercased, as in
/// the key of the long-list set) and surrounding space. Nothing is allocated.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
    }
}

fn read_choices(sink: &mut Sink<'_>, r: &TableReader<'_, '_>) -> Option<Vec<Choice>> {
    let items = r.req_array(sink, "choices")?;
    if items.len() < 2 {
        sink.error(
            &value_span(r, "choices"),
            format!("`choices` needs at least 2 choices, found {}", items.len()),
        );
        return None;
    }
    let mut choices: Vec<Choice> = Vec::new();
    // Where each kept choice stands in `items`, for "the same text as choice N".
    let mut positions: Vec<usize> = Vec::new();
    // A few choices are compared pairwise; a long list (a generated or hostile file) by a set.
    let mut seen: Option<HashMap<String, usize>> = (items.len() > 16).then(HashMap::new);
    for (i, v) in items.iter().enumerate() {
        let choice = match v.get_ref() {
            DeValue::String(s) => Some(Choice {
                text: s.to_string(),
                feedback: None,
            }),
            DeValue::Table(t) => {
                let cr = TableReader::new(sink, t, v.span(), &CHOICE_KEYS, &|_| None);
                let text = cr.req_nonempty_str(sink, "text");
                let feedback = cr.opt_str(sink, "feedback");
                text.map(|text| Choice { text, feedback })
            }
            _ => {
                wrong_type(sink, "choice", v, "a string or { text, feedback }");
                None
            }
        };
        let Some(choice) = choice else { continue };
        if choice.text.trim().is_empty() {
            sink.error(&v.span(), format!("choice {} is empty", i + 1));
        }
        let first = match &mut seen {
            Some(seen) => {
                let key = choice
                    .text
                    .trim()
                    .chars()
                    .flat_map(char::to_lowercase)
                    .collect();
                if let Some(&first) = seen.get(&key) {
                    Some(first)
                } else {
                    seen.insert(key, i);
                    None
                }
            }
            None => choices
                .iter()
                .zip(&positions)
                .find(|(c, _)| same_text(&c.text, &choice.text))
                .map(|(_, &p)| p),
        };
        if let Some(first) = first {
            sink.warning(
                &v.span(),
                format!("choice {} has the same text as choice {}", i + 1, first + 1),
            );
        }
        choices.push(choice);
        positions.push(i);
    }
    (choices.len() == items.len()).then_some(choices)
}

fn read_distinct_strings(
    sink: &mut Sink<'_>,
    r: &TableReader<'_, '_>,
    key: &str,
) -> Option<Vec<String>> {
    let items: &DeArray<'_> = r.req_array(sink, key)?;
    if items.len() < 2 {
        sink.error(
            &value_span(r, key),
            format!("`{key}` needs at least 2 items, found {}", items.len()),
        );
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for v in items {
        let Some(s) = item_str(sink, key, v) else {
            ok = false;
            continue;
        };
        if s.trim().is_empty() {
            sink.error(&v.span(), format!("`{key}` item must not be empty"));
            ok = false;
        } else if out.iter().any(|o| o.trim() == s.trim()) {
            sink.error(&v.span(), format!("duplicate item \"{s}\" in `{key}`"));
            ok = false;
        }
        out.push(s);
    }
    ok.then_some(out)
}

fn read_match(sink: &mut Sink<'_>, r: &TableReader<'_, '_>) -> Option<Kind> {
    let items = r.req_array(sink, "pairs")?;
    if items.len() < 2 {
        sink.error(
            &value_span(r, "pairs"),
            format!("`pairs` needs at least 2 pairs, found {}", items.len()),
        );
        return None;
    }
    let mut pairs: Vec<Pair> = Vec::new();
    let mut ok = true;
    for v in items {
        let Some(t) = as_table(sink, "pair", v) else {
            ok = false;
            continue;
        };
        let pr = TableReader::new(sink, t, v.span(), &PAIR_KEYS, &|_| None);
        let (Some(left), Some(right)) = (
            pr.req_nonempty_str(sink, "left"),
            pr.req_nonempty_str(sink, "right"),
        ) else {
            ok = false;
            continue;
        };
        if pairs.iter().any(|p| p.left.trim() == left.trim()) {
            sink.error(
                &v.span(),
                format!("duplicate left item \"{left}\" in `pairs`"),
            );
            ok = false;
        }
        if pairs.iter().any(|p| p.right.trim() == right.trim()) {
            sink.error(
                &v.span(),
                format!("duplicate right item \"{right}\" in `pairs`"),
            );
            ok = false;
        }
        pairs.push(Pair { left, right });
    }
    let distractors = r.str_list(sink, "distractors");
    if let Some(v) = r.value("distractors") {
        for d in &distractors {
            if pairs.iter().any(|p| p.right.trim() == d.trim()) {
                sink.error(
                    &v.span(),
                    format!("distractor \"{d}\" is also the right side of a pair"),
                );
                ok = false;
            }
        }
    }
    ok.then_some(Kind::Match { pairs, distractors })
}

fn read_numeric(sink: &mut Sink<'_>, r: &TableReader<'_, '_>) -> Option<Kind> {
    let unit = r.opt_str(sink, "unit");
    let has_range = r.has("min") || r.has("max");
    if r.has("answer") && has_range {
        sink.error(
            &value_span(r, "min"),
            "give either `answer` (with `tolerance`) or `min` and `max`, not both",
        );
        return None;
    }
    if has_range {
        if r.has("tolerance") {
            sink.error(
                &value_span(r, "tolerance"),
                "`tolerance` only goes with `answer`",
            );
        }
        for key in ["min", "max"] {
            if !r.has(key) {
                sink.error(&r.span(), format!("missing required field `{key}`"));
            }
        }
        let min = r.opt_number(sink, "min")?;
        let max = r.opt_number(sink, "max")?;
        if min > max {
            sink.error(
                &value_span(r, "min"),
                format!("`min` ({min}) is greater than `max` ({max})"),
            );
            return None;
        }
        return Some(Kind::Numeric {
            answer: NumericAnswer::Range { min, max },
            unit,
        });
    }
    if !r.has("answer") {
        sink.error(
            &r.span(),
            "missing required field `answer` (or `min` and `max`)",
        );
        return None;
    }
    let value = r.opt_number(sink, "answer")?;
    let tolerance = match r.value("tolerance") {
        None => 0.0,
        Some(_) => r.opt_number(sink, "tolerance")?,
    };
    if tolerance < 0.0 {
        sink.error(
            &value_span(r, "tolerance"),
            format!("`tolerance` must not be negative, found {tolerance}"),
        );
        return None;
    }
    Some(Kind::Numeric {
        answer: NumericAnswer::Exact { value, tolerance },
        unit,
    })
}
