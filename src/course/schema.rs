//! The JSON Schema (draft 2020-12) of exam files (`counterpoint schema` writes it as
//! `exam.schema.json`; docs/exams.md and docs/question-format.md say how editors use it).
//!
//! Its properties come from the key tables [`EXAM_FILE_KEYS`], [`BANK_REF_KEYS`] and
//! [`BLUEPRINT_KEYS`]; a unit test checks that they are exactly the keys the exam-file writer
//! writes, and `tests/it/schema.rs` checks with an independent validator that an exam file from
//! `exam new` is accepted and that files the reader refuses (unknown key, wrong type, missing
//! field, a value out of range) are refused by the schema too. What needs the bank (its version
//! and content hash, whether it can fill the blueprint) is only checked when the exam is opened.

use serde_json::{Value, json};

use super::code::FORM_NAME_CHARS;
use super::exam::{EXAM_FILE_FORMAT, FeedbackPolicy};
use crate::bank::schema::DRAFT;
use crate::model::KindName;

/// The top-level keys of an exam file.
pub const EXAM_FILE_KEYS: [&str; 12] = [
    "format",
    "version",
    "title",
    "time_limit",
    "pass_percent",
    "feedback",
    "shuffle_choices",
    "forms",
    "seed",
    "bank",
    "blueprint",
    "codes",
];

/// The keys of an exam file's `[bank]` table.
pub const BANK_REF_KEYS: [&str; 3] = ["id", "version", "content_hash"];

/// The keys of an exam file's `[blueprint]` table.
pub const BLUEPRINT_KEYS: [&str; 4] = ["questions", "topics", "difficulties", "kinds"];

/// The keys an exam file must have (the others have defaults).
const REQUIRED: [&str; 8] = [
    "format",
    "version",
    "title",
    "time_limit",
    "pass_percent",
    "seed",
    "bank",
    "blueprint",
];

/// `exam.schema.json`: the schema of exam files.
pub fn exam_file_schema() -> Value {
    let mut schema = table(&EXAM_FILE_KEYS, &REQUIRED, exam_property);
    if let Value::Object(map) = &mut schema {
        map.insert("$schema".into(), json!(DRAFT));
        map.insert("title".into(), json!("Counterpoint exam file"));
        map.insert(
            "description".into(),
            json!(
                "An exam definition, as `counterpoint exam new -o FILE` writes it (docs/exams.md)."
            ),
        );
    }
    schema
}

/// A closed table: every key of `keys` typed by `property`, `required` ones required, no others.
fn table(keys: &[&str], required: &[&str], property: fn(&str) -> Option<Value>) -> Value {
    let properties: serde_json::Map<String, Value> = keys
        .iter()
        .filter_map(|&key| property(key).map(|p| (key.to_owned(), p)))
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn exam_property(key: &str) -> Option<Value> {
    let form_chars = regex_class(FORM_NAME_CHARS);
    Some(match key {
        "format" => json!({
            "const": EXAM_FILE_FORMAT,
            "description": "Always \"counterpoint-exam\"."
        }),
        "version" => json!({
            "type": "integer",
            "const": 1,
            "description": "Version of the exam-file format; this Counterpoint reads 1."
        }),
        "title" => json!({
            "type": "string",
            "pattern": "\\S",
            "description": "Title shown to learners."
        }),
        "time_limit" => json!({
            "type": "string",
            "pattern": "^\\s*(?=[0-9])([0-9]+h)?([0-9]+m)?([0-9]+s)?\\s*$",
            "description": "Time limit, e.g. \"30m\", \"1h30m\" or \"90s\" (more than 0)."
        }),
        "pass_percent" => json!({
            "type": "integer",
            "minimum": 0,
            "maximum": 100,
            "description": "Pass mark in percent: passed when score × 100 ≥ this."
        }),
        "feedback" => json!({
            "enum": FeedbackPolicy::ALL.iter().map(|p| p.name()).collect::<Vec<_>>(),
            "description": "after-exam (default): a review after submitting; none: only the score; \
                            after-each: each answer graded at once, then locked."
        }),
        "shuffle_choices" => json!({
            "type": "boolean",
            "description": "Whether choices of single and multiple questions are shuffled (default true)."
        }),
        "forms" => json!({
            "type": "array",
            "items": { "type": "string", "pattern": format!("^[{form_chars}]{{1,16}}$") },
            "uniqueItems": true,
            "maxItems": 64,
            "description": "Names of parallel forms with no question in common; empty for one paper."
        }),
        "seed" => json!({
            "type": "integer",
            "minimum": 0,
            "maximum": u32::MAX,
            "description": "Seed of the draw (part of every code)."
        }),
        "bank" => table(&BANK_REF_KEYS, &BANK_REF_KEYS, bank_property),
        "blueprint" => table(&BLUEPRINT_KEYS, &["questions"], blueprint_property),
        "codes" => json!({
            "type": "object",
            "additionalProperties": { "type": "string" },
            "description": "Each form's code, for the instructor; recomputed, never trusted, when read."
        }),
        _ => return None,
    })
}

fn bank_property(key: &str) -> Option<Value> {
    let description = match key {
        "id" => "Id of the bank the questions come from.",
        "version" => "The bank's version when the exam was made.",
        "content_hash" => "The bank's content hash when the exam was made (three characters).",
        _ => return None,
    };
    Some(json!({ "type": "string", "description": description }))
}

fn blueprint_property(key: &str) -> Option<Value> {
    Some(match key {
        "questions" => json!({
            "type": "integer",
            "minimum": 1,
            "maximum": 1000,
            "description": "Questions per form."
        }),
        "topics" => json!({
            "type": "object",
            "additionalProperties": { "type": "integer", "minimum": 1 },
            "description": "Exact counts for some topics; the rest come from the other topics."
        }),
        "difficulties" => json!({
            "type": "array",
            "items": { "type": "integer", "minimum": 1, "maximum": 3 },
            "description": "Difficulty levels to draw from; empty or absent for all."
        }),
        "kinds" => json!({
            "type": "array",
            "items": { "enum": KindName::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>() },
            "description": "Question kinds to draw from; empty or absent for all."
        }),
        _ => return None,
    })
}

/// The characters of `chars` as the inside of a regular-expression class (`-` last).
fn regex_class(chars: &str) -> String {
    let mut class: String = chars.chars().filter(|&c| c != '-').collect();
    if chars.contains('-') {
        class.push('-');
    }
    class
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::course::{BankRef, Blueprint, Exam, FormCode};

    /// An exam with every optional part filled, so that its file has every key.
    fn full_exam() -> Exam {
        Exam {
            title: "T".into(),
            bank: BankRef {
                id: "b".into(),
                version: "1".into(),
                content_hash: "ABC".into(),
            },
            blueprint: Blueprint {
                questions: 4,
                topics: BTreeMap::from([("Topic".into(), 2)]),
                difficulties: BTreeSet::from([1, 2]),
                kinds: BTreeSet::from(["single".into()]),
            },
            time_limit_s: 1800,
            pass_percent: 70,
            feedback: FeedbackPolicy::AfterEach,
            shuffle_choices: false,
            forms: vec!["pre".into(), "post".into()],
            seed: 7,
        }
    }

    fn keys(table: &toml::Table) -> BTreeSet<&str> {
        table.keys().map(String::as_str).collect()
    }

    #[test]
    fn key_tables_are_the_keys_the_writer_writes() {
        let codes = [FormCode {
            form: Some("pre".into()),
            code: "X".into(),
        }];
        let text = full_exam().to_toml(&codes).unwrap();
        let file: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(keys(&file), EXAM_FILE_KEYS.into_iter().collect());
        let bank = file["bank"].as_table().unwrap();
        assert_eq!(keys(bank), BANK_REF_KEYS.into_iter().collect());
        let blueprint = file["blueprint"].as_table().unwrap();
        assert_eq!(keys(blueprint), BLUEPRINT_KEYS.into_iter().collect());
    }

    #[test]
    fn every_key_has_a_type_and_the_tables_are_closed() {
        let schema = exam_file_schema();
        assert_eq!(schema["$schema"], DRAFT);
        for key in EXAM_FILE_KEYS {
            assert!(schema["properties"][key].is_object(), "{key}");
        }
        for (table, keys) in [("bank", &BANK_REF_KEYS[..]), ("blueprint", &BLUEPRINT_KEYS)] {
            let sub = &schema["properties"][table];
            assert_eq!(sub["additionalProperties"], false, "{table}");
            for key in keys {
                assert!(sub["properties"][key].is_object(), "{table}.{key}");
            }
        }
        assert_eq!(schema["additionalProperties"], false);
    }

    #[test]
    fn form_names_use_the_code_alphabet() {
        assert_eq!(
            regex_class(FORM_NAME_CHARS),
            "abcdefghijklmnopqrstuvwxyz0123456789_-"
        );
    }
}
