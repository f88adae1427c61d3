//! Reading `map.toml`: `[[group]]`, `[[relation]]` and `[[phase]]` entries, and the checks that
//! need the whole bank (group and question ids).

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Sink;
use super::question::{CitationRef, read_citations};
use super::reader::{TableReader, Value, as_table, did_you_mean, wrong_type};
use crate::model::{
    BankMap, Group, GroupKind, PartialDate, Phase, QuestionId, Relation, RelationKind,
};

/// The keys of a `[[group]]` entry of `map.toml`.
pub const GROUP_KEYS: [&str; 8] = [
    "id",
    "name",
    "label",
    "kind",
    "description",
    "start",
    "end",
    "sources",
];

/// The keys of a `[[relation]]` entry of `map.toml`.
pub const RELATION_KEYS: [&str; 9] = [
    "id",
    "from",
    "to",
    "kind",
    "start",
    "end",
    "summary",
    "sources",
    "questions",
];

/// The keys of a `[[phase]]` entry of `map.toml`.
pub const PHASE_KEYS: [&str; 6] = ["id", "name", "start", "end", "summary", "sources"];

/// The top-level keys of `map.toml`.
const KEYS: [&str; 3] = ["group", "relation", "phase"];

/// A relation with the positions of the ids the cross-file check looks up.
struct PendingRelation {
    from: Range<usize>,
    to: Range<usize>,
    questions: Option<Range<usize>>,
}

/// What `map.toml` holds once read, before the cross-file checks.
pub struct ParsedMap {
    /// The map (entries with errors left out).
    pub map: BankMap,
    /// Every citation, for the "unknown source" and "never cited" checks.
    pub citations: Vec<CitationRef>,
    /// Positions of each kept relation's ids, parallel to `map.relations`.
    pending: Vec<PendingRelation>,
}

/// Reads a parsed `map.toml`.
pub fn read_map(sink: &mut Sink<'_>, doc: &Spanned<DeTable<'_>>) -> ParsedMap {
    let _ = TableReader::new(sink, doc.get_ref(), doc.span(), &KEYS, &|name| {
        did_you_mean(name, &KEYS)
            .map(|k| format!("unknown key `{name}`; did you mean `[[{k}]]`?"))
            .or_else(|| {
                Some(format!(
                    "unknown key `{name}`; map.toml holds `[[group]]`, `[[relation]]` and `[[phase]]` entries"
                ))
            })
    });
    let mut parsed = ParsedMap {
        map: BankMap::default(),
        citations: Vec::new(),
        pending: Vec::new(),
    };
    let mut group_ids = BTreeSet::new();
    for v in array(sink, doc, "group") {
        if let Some((group, id_span)) = read_group(sink, v, &mut parsed.citations) {
            if group_ids.insert(group.id.clone()) {
                parsed.map.groups.push(group);
            } else {
                sink.error(&id_span, format!("duplicate group id `{}`", group.id));
            }
        }
    }
    let mut relation_ids = BTreeSet::new();
    for v in array(sink, doc, "relation") {
        if let Some((relation, id_span, pending)) = read_relation(sink, v, &mut parsed.citations) {
            if relation_ids.insert(relation.id.clone()) {
                parsed.map.relations.push(relation);
                parsed.pending.push(pending);
            } else {
                sink.error(&id_span, format!("duplicate relation id `{}`", relation.id));
            }
        }
    }
    let mut phase_ids = BTreeSet::new();
    for v in array(sink, doc, "phase") {
        if let Some((phase, id_span)) = read_phase(sink, v, &mut parsed.citations) {
            if phase_ids.insert(phase.id.clone()) {
                parsed.map.phases.push(phase);
            } else {
                sink.error(&id_span, format!("duplicate phase id `{}`", phase.id));
            }
        }
    }
    parsed.map.phases.sort_by_key(|p| p.start.earliest());
    parsed
}

/// Checks that relations name known groups and link known questions.
pub fn check_references<T>(
    sink: &mut Sink<'_>,
    parsed: &ParsedMap,
    question_ids: &HashMap<String, T>,
) {
    let group_ids: Vec<&str> = parsed.map.groups.iter().map(|g| g.id.as_str()).collect();
    for (relation, pending) in parsed.map.relations.iter().zip(&parsed.pending) {
        for (id, span) in [(&relation.from, &pending.from), (&relation.to, &pending.to)] {
            if !group_ids.contains(&id.as_str()) {
                let hint = did_you_mean(id, &group_ids)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                sink.error(
                    span,
                    format!("unknown group `{id}`: no `[[group]]` has this id{hint}"),
                );
            }
        }
        if let Some(span) = &pending.questions {
            for q in &relation.questions {
                if !question_ids.contains_key(&q.0) {
                    sink.error(
                        span,
                        format!("relation lists unknown question id `{}`", q.0),
                    );
                }
            }
        }
    }
}

fn array<'t, 'i>(
    sink: &mut Sink<'_>,
    doc: &'t Spanned<DeTable<'i>>,
    key: &str,
) -> &'t [Spanned<DeValue<'i>>] {
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

/// Reads an optional date field, reporting a malformed one.
fn opt_date(sink: &mut Sink<'_>, r: &TableReader<'_, '_>, key: &str) -> Option<PartialDate> {
    let text = r.opt_str(sink, key)?;
    let date = PartialDate::parse(&text);
    if date.is_none()
        && let Some(v) = r.value(key)
    {
        sink.error(
            &v.span(),
            format!("`{key}` must be YYYY, YYYY-MM or YYYY-MM-DD, found \"{text}\""),
        );
    }
    date
}

/// Reports an `end` before `start`; returns whether the pair is usable.
fn check_order(
    sink: &mut Sink<'_>,
    r: &TableReader<'_, '_>,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
) -> bool {
    if let (Some(s), Some(e)) = (start, end)
        && e.is_before(s)
    {
        let span = r.value("end").map_or_else(|| r.span(), Value::span);
        sink.error(&span, format!("`end` ({e}) is before `start` ({s})"));
        return false;
    }
    true
}

fn id_span(r: &TableReader<'_, '_>) -> Range<usize> {
    r.value("id").map_or_else(|| r.span(), Value::span)
}

fn read_group(
    sink: &mut Sink<'_>,
    value: &Value<'_>,
    citations: &mut Vec<CitationRef>,
) -> Option<(Group, Range<usize>)> {
    let table = as_table(sink, "group", value)?;
    let r = TableReader::new(sink, table, value.span(), &GROUP_KEYS, &|_| None);
    let id = r.req_nonempty_str(sink, "id");
    let name = r.req_nonempty_str(sink, "name");
    let label = r.opt_str(sink, "label");
    let kind_text = r.req_nonempty_str(sink, "kind");
    let kind = kind_text.and_then(|k| {
        let names: Vec<&str> = GroupKind::ALL.iter().map(|k| k.as_str()).collect();
        parse_kind(sink, &r, "kind", &k, &names, "group kind", GroupKind::parse)
    });
    let description = r.req_nonempty_str(sink, "description");
    let start = opt_date(sink, &r, "start");
    let end = opt_date(sink, &r, "end");
    let ordered = check_order(sink, &r, start, end);
    let (sources, refs) = read_citations(sink, &r);
    citations.extend(refs);
    let name = name?;
    let group = Group {
        id: id?,
        label: label.unwrap_or_else(|| name.clone()),
        name,
        kind: kind?,
        description: description?,
        start,
        end,
        sources,
    };
    ordered.then_some((group, id_span(&r)))
}

/// Parses the value of `key` with `parse`, reporting an unknown name with a suggestion.
pub(super) fn parse_kind<K>(
    sink: &mut Sink<'_>,
    r: &TableReader<'_, '_>,
    key: &str,
    text: &str,
    names: &[&str],
    what: &str,
    parse: impl Fn(&str) -> Option<K>,
) -> Option<K> {
    let kind = parse(text);
    if kind.is_none()
        && let Some(v) = r.value(key)
    {
        let hint = did_you_mean(text, names).map_or_else(
            || format!("expected one of: {}", names.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        sink.error(&v.span(), format!("unknown {what} `{text}`; {hint}"));
    }
    kind
}

fn read_relation(
    sink: &mut Sink<'_>,
    value: &Value<'_>,
    citations: &mut Vec<CitationRef>,
) -> Option<(Relation, Range<usize>, PendingRelation)> {
    let table = as_table(sink, "relation", value)?;
    let r = TableReader::new(sink, table, value.span(), &RELATION_KEYS, &|_| None);
    let id = r.req_nonempty_str(sink, "id");
    let from = r.req_nonempty_str(sink, "from");
    let to = r.req_nonempty_str(sink, "to");
    if let (Some(f), Some(t), Some(v)) = (&from, &to, r.value("to"))
        && f == t
    {
        sink.error(&v.span(), format!("relation links `{f}` to itself"));
    }
    let kind = r.req_nonempty_str(sink, "kind").and_then(|k| {
        let names: Vec<&str> = RelationKind::ALL.iter().map(|k| k.as_str()).collect();
        parse_kind(
            sink,
            &r,
            "kind",
            &k,
            &names,
            "relation kind",
            RelationKind::parse,
        )
    });
    let start = opt_date(sink, &r, "start");
    let end = opt_date(sink, &r, "end");
    let ordered = check_order(sink, &r, start, end);
    let summary = r.req_nonempty_str(sink, "summary");
    let (sources, refs) = read_citations(sink, &r);
    citations.extend(refs);
    let questions = r
        .str_list(sink, "questions")
        .into_iter()
        .map(QuestionId)
        .collect();
    let pending = PendingRelation {
        from: r.value("from").map_or_else(|| r.span(), Value::span),
        to: r.value("to").map_or_else(|| r.span(), Value::span),
        questions: r.value("questions").map(Value::span),
    };
    let relation = Relation {
        id: id?,
        from: from?,
        to: to?,
        kind: kind?,
        start,
        end,
        summary: summary?,
        sources,
        questions,
    };
    ordered.then_some((relation, id_span(&r), pending))
}

fn read_phase(
    sink: &mut Sink<'_>,
    value: &Value<'_>,
    citations: &mut Vec<CitationRef>,
) -> Option<(Phase, Range<usize>)> {
    let table = as_table(sink, "phase", value)?;
    let r = TableReader::new(sink, table, value.span(), &PHASE_KEYS, &|_| None);
    let id = r.req_nonempty_str(sink, "id");
    let name = r.req_nonempty_str(sink, "name");
    if !r.has("start") {
        sink.error(&r.span(), "missing required field `start`");
    }
    if !r.has("end") {
        sink.error(&r.span(), "missing required field `end`");
    }
    let start = opt_date(sink, &r, "start");
    let end = opt_date(sink, &r, "end");
    let ordered = check_order(sink, &r, start, end);
    let summary = r.req_nonempty_str(sink, "summary");
    let (sources, refs) = read_citations(sink, &r);
    citations.extend(refs);
    let phase = Phase {
        id: id?,
        name: name?,
        start: start?,
        end: end?,
        summary: summary?,
        sources,
    };
    ordered.then_some((phase, id_span(&r)))
}
