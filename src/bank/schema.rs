//! JSON Schemas (draft 2020-12) of the bank files, for editors (`counterpoint schema`).
//!
//! The properties of every table come from the key tables the loader itself checks against
//! (`BANK_KEYS`, `SOURCE_KEYS`, `COMMON_FIELDS`, `kind_fields`, …), so a key the loader
//! accepts is always in the schema and an unknown key is rejected by both. Types, required fields
//! and simple value rules (difficulty 1–3, at least one source, two or more choices) are written
//! here per key; `tests/it/schema.rs` checks them against the loader with an independent
//! validator. Cross-file rules (unknown sources, duplicate ids, an answer number past the last
//! choice) are the loader's alone.

use serde_json::{Map, Value, json};

use super::files::{BANK_KEYS, EVENT_KEYS, SOURCE_KEYS, TERM_KEYS};
use super::question::{CHOICE_KEYS, CITATION_KEYS, COMMON_FIELDS, PAIR_KEYS, kind_fields};
use crate::model::KindName;

/// The draft every schema declares.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schemas: `(file name, schema)` for `bank.toml`, `sources.toml`, question files,
/// `glossary.toml`, `events.toml` and `map.toml` (exam files, which live outside bank folders, have
/// theirs in `course::schema`).
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        ("bank.schema.json", bank_schema()),
        (
            "sources.schema.json",
            entries_schema("Sources", "source", &source()),
        ),
        (
            "questions.schema.json",
            entries_schema("Questions", "question", &question()),
        ),
        (
            "glossary.schema.json",
            entries_schema("Glossary", "term", &term()),
        ),
        (
            "events.schema.json",
            entries_schema("Events", "event", &event()),
        ),
        ("map.schema.json", map_schema()),
    ]
}

/// `map.toml`: `[[group]]`, `[[relation]]` and `[[phase]]` entries, with the reader's keys. Kinds,
/// dates and ids are checked by the loader (`counterpoint check`), which knows the other files.
fn map_schema() -> Value {
    use super::map::{GROUP_KEYS, PHASE_KEYS, RELATION_KEYS};
    use crate::model::{GroupKind, RelationKind};
    let date = || {
        json!({
            "type": "string",
            "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
            "description": "YYYY, YYYY-MM or YYYY-MM-DD."
        })
    };
    let kinds =
        |names: Vec<&str>| json!({ "enum": names, "description": "See docs/question-format.md." });
    let property = |key: &str, kind: &Value| -> Option<Value> {
        Some(match key {
            "id" | "from" | "to" => non_empty("An id."),
            "name" | "label" | "description" | "summary" => non_empty("Text."),
            "kind" => kind.clone(),
            "start" | "end" => date(),
            "sources" => citations(),
            "questions" => strings("Ids of questions about this relation."),
            _ => return None,
        })
    };
    let group_kind = kinds(GroupKind::ALL.iter().map(|k| k.as_str()).collect());
    let relation_kind = kinds(RelationKind::ALL.iter().map(|k| k.as_str()).collect());
    let entry = |keys: &[&str], required: &[&str], kind: &Value| {
        object(keys, required, |key| property(key, kind))
    };
    json!({
        "$schema": DRAFT,
        "title": "Counterpoint map",
        "description": "A bank's relationship map, map.toml (docs/question-format.md).",
        "type": "object",
        "properties": {
            "group": { "type": "array", "items": { "$ref": "#/$defs/group" } },
            "relation": { "type": "array", "items": { "$ref": "#/$defs/relation" } },
            "phase": { "type": "array", "items": { "$ref": "#/$defs/phase" } },
        },
        "additionalProperties": false,
        "$defs": {
            "group": entry(&GROUP_KEYS, &["id", "name", "kind", "description"], &group_kind),
            "relation": entry(&RELATION_KEYS, &["id", "from", "to", "kind", "summary"], &relation_kind),
            "phase": entry(&PHASE_KEYS, &["id", "name", "summary"], &Value::Bool(true)),
        },
    })
}

/// The schema file that applies to a bank file with this name.
pub fn schema_for(file_name: &str) -> &'static str {
    match file_name {
        "bank.toml" => "bank.schema.json",
        "sources.toml" => "sources.schema.json",
        "glossary.toml" => "glossary.schema.json",
        "events.toml" => "events.schema.json",
        "map.toml" => "map.schema.json",
        _ => "questions.schema.json",
    }
}

fn non_empty(description: &str) -> Value {
    json!({ "type": "string", "pattern": "\\S", "description": description })
}

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn strings(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

fn citations() -> Value {
    json!({
        "type": "array",
        "minItems": 1,
        "description": "At least one source id from sources.toml, or { id, locator }.",
        "items": {
            "oneOf": [
                { "type": "string" },
                object(&CITATION_KEYS, &["id"], |key| match key {
                    "id" => Some(string("A source id from sources.toml.")),
                    "locator" => Some(string("Page, paragraph or section.")),
                    _ => None,
                }),
            ]
        }
    })
}

/// A closed object with `keys` as its properties, typed by `property`.
fn object(keys: &[&str], required: &[&str], property: impl Fn(&str) -> Option<Value>) -> Value {
    json!({
        "type": "object",
        "properties": properties(keys, property),
        "required": required,
        "additionalProperties": false,
    })
}

/// The properties map; a key without a type is allowed with any value (and a unit test says so).
fn properties(keys: &[&str], property: impl Fn(&str) -> Option<Value>) -> Map<String, Value> {
    keys.iter()
        .map(|k| ((*k).to_owned(), property(k).unwrap_or(Value::Bool(true))))
        .collect()
}

/// A file that holds `[[entry]]` tables and nothing else.
fn entries_schema(title: &str, entry: &str, item: &Value) -> Value {
    json!({
        "$schema": DRAFT,
        "title": format!("Counterpoint {}", title.to_lowercase()),
        "description": format!("A Counterpoint bank file of [[{entry}]] entries (docs/question-format.md)."),
        "type": "object",
        "properties": { entry: { "type": "array", "items": { "$ref": format!("#/$defs/{entry}") } } },
        "additionalProperties": false,
        "$defs": { entry: item },
    })
}

fn bank_property(key: &str) -> Option<Value> {
    Some(match key {
        "id" => json!({
            "type": "string",
            "pattern": "^[a-z0-9-]+$",
            "description": "Lowercase letters, digits and '-'; unique among loaded banks."
        }),
        "title" => non_empty("The bank's title."),
        "description" => non_empty("Markdown; what the bank covers and how it is organised."),
        "language" => non_empty("BCP 47 tag, e.g. \"en\"."),
        "version" => non_empty("Bump it when questions change."),
        "authors" => json!({
            "type": "array", "items": { "type": "string" }, "minItems": 1,
            "description": "At least one author."
        }),
        "license" => non_empty("E.g. \"CC-BY-4.0\"."),
        "content_note" => string("Shown once before a quiz from this bank starts."),
        _ => return None,
    })
}

fn bank_schema() -> Value {
    let mut schema = object(
        &BANK_KEYS,
        &[
            "id",
            "title",
            "description",
            "language",
            "version",
            "authors",
            "license",
        ],
        bank_property,
    );
    if let Value::Object(map) = &mut schema {
        map.insert("$schema".into(), json!(DRAFT));
        map.insert("title".into(), json!("Counterpoint bank.toml"));
    }
    schema
}

fn source_property(key: &str) -> Option<Value> {
    Some(match key {
        "id" => non_empty("What questions cite."),
        "note" => json!({
            "type": "integer", "minimum": 0, "maximum": 4_294_967_295_u64,
            "description": "The footnote number in the source document."
        }),
        "work" => string("Entries citing the same work share this key."),
        "citation" => non_empty("The full reference as text."),
        "url" => json!({
            "type": "string", "pattern": "^https?://", "description": "http(s) only."
        }),
        "authors" => strings("The first work's authors."),
        "title" => string("The first work's title."),
        "publisher" => string("The first work's publisher."),
        "date" => string("As given in the source; free text."),
        "also" => strings("Keys of further works the same footnote cites."),
        "uncited" => non_empty("Why no question cites this entry."),
        _ => return None,
    })
}

fn source() -> Value {
    object(&SOURCE_KEYS, &["id", "citation"], source_property)
}

fn term_property(key: &str) -> Option<Value> {
    Some(match key {
        "term" => non_empty("The term."),
        "aliases" => strings("Other spellings the app should recognise."),
        "definition" => non_empty("Short, from the source."),
        "sources" => citations(),
        _ => return None,
    })
}

fn term() -> Value {
    object(
        &TERM_KEYS,
        &["term", "definition", "sources"],
        term_property,
    )
}

fn event_property(key: &str) -> Option<Value> {
    Some(match key {
        "id" => non_empty("Unique within the bank."),
        "date" => json!({
            "type": "string",
            "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
            "description": "YYYY, YYYY-MM or YYYY-MM-DD."
        }),
        "title" => non_empty("The event's title."),
        "summary" => non_empty("One line."),
        "sources" => citations(),
        "questions" => strings("Ids of questions about this event."),
        "content_warning" => string("Shown before the event."),
        "type" => json!({
            "enum": crate::model::EventType::ALL.map(crate::model::EventType::as_str),
            "description": "What kind of event it is (the timeline's marker)."
        }),
        _ => return None,
    })
}

fn event() -> Value {
    object(
        &EVENT_KEYS,
        &["id", "date", "title", "summary", "sources"],
        event_property,
    )
}

fn choices() -> Value {
    json!({
        "type": "array",
        "minItems": 2,
        "description": "Two or more: a string, or { text, feedback }.",
        "items": {
            "oneOf": [
                { "type": "string", "pattern": "\\S" },
                object(&CHOICE_KEYS, &["text"], |key| match key {
                    "text" => Some(non_empty("The choice.")),
                    "feedback" => Some(string("Shown next to this choice after answering.")),
                    _ => None,
                }),
            ]
        }
    })
}

fn choice_numbers(min_items: usize, description: &str) -> Value {
    json!({
        "type": "array",
        "items": { "type": "integer", "minimum": 1 },
        "minItems": min_items,
        "uniqueItems": true,
        "description": description,
    })
}

fn question_property(key: &str) -> Option<Value> {
    Some(match key {
        "id" => non_empty("Unique within the bank."),
        "topic" => string("Questions are grouped by topic (without one: \"General\")."),
        "tags" => strings("Optional tags."),
        "difficulty" => json!({
            "type": "integer", "minimum": 1, "maximum": 3,
            "description": "1 (recall), 2 (understanding), 3 (analysis)."
        }),
        "kind" => json!({
            "enum": KindName::ALL.map(KindName::as_str),
            "description": "The kind of question."
        }),
        "prompt" => non_empty("Markdown."),
        "explanation" => non_empty("Markdown; why the answer is right."),
        "sources" => citations(),
        "content_warning" => string("Shown before the question."),
        _ => return None,
    })
}

/// The schema of a kind-specific field, for `kind` (some names mean different things per kind).
fn kind_property(kind: &str, key: &str) -> Option<Value> {
    let number = |d: &str| json!({ "type": "number", "description": d });
    Some(match (kind, key) {
        (_, "choices") => choices(),
        ("single", "answer") => json!({
            "type": "integer", "minimum": 1,
            "description": "The number of the right choice, counted from 1."
        }),
        ("single", "answers") => choice_numbers(1, "Use `answer = N` instead."),
        ("multiple", "answers") => choice_numbers(1, "Numbers of the right choices, from 1."),
        ("true_false", "answer") => json!({ "type": "boolean" }),
        ("true_false", "feedback_true" | "feedback_false") => string("Shown after that answer."),
        ("order", "items") => json!({
            "type": "array", "items": { "type": "string", "pattern": "\\S" }, "minItems": 2,
            "uniqueItems": true, "description": "Two or more, in the correct order."
        }),
        ("match", "pairs") => json!({
            "type": "array", "minItems": 2, "description": "Two or more { left, right } pairs.",
            "items": object(&PAIR_KEYS, &["left", "right"], |k| match k {
                "left" => Some(non_empty("Left item.")),
                "right" => Some(non_empty("Its match.")),
                _ => None,
            })
        }),
        ("match", "distractors") => strings("Extra right-hand options."),
        ("numeric", "answer") => number("The right value."),
        ("numeric", "tolerance") => json!({
            "type": "number", "minimum": 0, "description": "Allowed difference (default 0)."
        }),
        ("numeric", "min") => number("Lowest accepted value."),
        ("numeric", "max") => number("Highest accepted value."),
        ("numeric", "unit") => string("Shown next to the answer field."),
        ("text", "accept") => json!({
            "type": "array", "items": { "type": "string" }, "minItems": 1,
            "contains": { "type": "string", "pattern": "\\S" },
            "description": "Accepted answers (case, accents and extra spaces ignored)."
        }),
        _ => return None,
    })
}

/// Extra rules of a kind beyond its fields' types.
fn kind_rules(kind: &str) -> Value {
    let present = |k: &str| json!({ "required": [k] });
    match kind {
        "single" => json!({
            "required": ["choices"],
            "anyOf": [present("answer"), present("answers")],
            "properties": { "answers": { "maxItems": 1 } }
        }),
        "multiple" => json!({ "required": ["choices", "answers"] }),
        "true_false" => json!({ "required": ["answer"] }),
        "order" => json!({ "required": ["items"] }),
        "match" => json!({ "required": ["pairs"] }),
        "numeric" => json!({
            "oneOf": [
                { "required": ["answer"], "not": { "anyOf": [present("min"), present("max")] } },
                {
                    "required": ["min", "max"],
                    "not": { "anyOf": [present("answer"), present("tolerance")] }
                }
            ]
        }),
        "text" => json!({ "required": ["accept"] }),
        _ => json!({}),
    }
}

fn question() -> Value {
    let conditions: Vec<Value> = KindName::ALL
        .iter()
        .map(|&name| {
            let kind = name.as_str();
            let fields = kind_fields(name);
            let mut then = kind_rules(kind);
            let props = properties(fields, |key| kind_property(kind, key));
            if let Value::Object(map) = &mut then {
                let merged = map
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(existing) = merged {
                    for (k, v) in props {
                        let combined = match existing.remove(&k) {
                            Some(extra) => json!({ "allOf": [v, extra] }),
                            None => v,
                        };
                        existing.insert(k, combined);
                    }
                }
            }
            json!({
                "if": { "properties": { "kind": { "const": kind } }, "required": ["kind"] },
                "then": then,
            })
        })
        .collect();
    json!({
        "type": "object",
        "properties": properties(&COMMON_FIELDS, question_property),
        "required": ["id", "difficulty", "kind", "prompt", "explanation", "sources"],
        "allOf": conditions,
        // Kind-specific fields count as known only under their kind (`then` above).
        "unevaluatedProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_loader_reads_has_a_type() {
        type Property = fn(&str) -> Option<Value>;
        let tables: [(&[&str], Property); 5] = [
            (&BANK_KEYS, bank_property),
            (&SOURCE_KEYS, source_property),
            (&TERM_KEYS, term_property),
            (&EVENT_KEYS, event_property),
            (&COMMON_FIELDS, question_property),
        ];
        for (keys, property) in tables {
            for key in keys {
                assert!(property(key).is_some(), "no schema type for `{key}`");
            }
        }
        for name in KindName::ALL {
            let kind = name.as_str();
            for key in kind_fields(name) {
                assert!(
                    kind_property(kind, key).is_some(),
                    "no schema type for `{key}` of `{kind}`"
                );
            }
        }
    }

    #[test]
    fn schemas_declare_the_draft_and_cover_every_file() {
        let all = schemas();
        assert_eq!(all.len(), 6);
        for (name, schema) in &all {
            assert_eq!(schema["$schema"], DRAFT, "{name}");
        }
        for file in [
            "bank.toml",
            "sources.toml",
            "glossary.toml",
            "events.toml",
            "map.toml",
            "x.toml",
        ] {
            assert!(all.iter().any(|(n, _)| *n == schema_for(file)));
        }
        let q = &all[2].1;
        assert_eq!(q["$defs"]["question"]["unevaluatedProperties"], false);
        assert_eq!(q["$defs"]["question"]["allOf"].as_array().unwrap().len(), 7);
    }
}
