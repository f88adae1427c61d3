//! Domain types: banks, questions, sources. Built by `bank::load`, read by the engine and the UI.

mod map;
mod question;

pub use map::{BankMap, EventType, Group, GroupKind, PartialDate, Phase, Relation, RelationKind};
pub use question::{
    Choice, Citation, Kind, KindName, NumericAnswer, Pair, Question, QuestionId, format_number,
};

use std::collections::BTreeMap;

/// A bank's identifier, as in `bank.toml`'s `id`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BankId(pub String);

impl std::fmt::Display for BankId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A source that questions cite (one footnote of a profile, or a whole work).
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// Identifier questions use, e.g. `fn15`.
    pub id: String,
    /// Footnote number in the source document, when the entry is a footnote.
    pub note: Option<u32>,
    /// Key shared by all entries that cite the same work.
    pub work: Option<String>,
    /// Full citation text.
    pub citation: String,
    /// Link to the source, when it has one.
    pub url: Option<String>,
    /// Authors of the (first) work.
    pub authors: Vec<String>,
    /// Title of the (first) work.
    pub title: Option<String>,
    /// Publisher of the (first) work.
    pub publisher: Option<String>,
    /// Date as the source gives it.
    pub date: Option<String>,
    /// Keys of further works the same footnote cites.
    pub also: Vec<String>,
}

/// A glossary entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// The term as shown.
    pub term: String,
    /// Other spellings recognised in question text.
    pub aliases: Vec<String>,
    /// Short definition.
    pub definition: String,
    /// Source ids behind the definition.
    pub sources: Vec<Citation>,
}

/// A dated event for the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Unique id.
    pub id: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// Short title.
    pub title: String,
    /// One-line summary.
    pub summary: String,
    /// Source ids.
    pub sources: Vec<Citation>,
    /// Ids of questions about this event.
    pub questions: Vec<QuestionId>,
    /// Shown before the summary, when set.
    pub content_warning: Option<String>,
    /// Marker type on the timeline (`type` in `events.toml`), when given.
    pub kind: Option<EventType>,
}

/// A loaded, validated question bank.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bank {
    /// Identifier.
    pub id: BankId,
    /// Display title.
    pub title: String,
    /// Markdown description.
    pub description: String,
    /// BCP 47 language tag.
    pub language: String,
    /// Version string; recorded with each answer.
    pub version: String,
    /// Authors.
    pub authors: Vec<String>,
    /// License name.
    pub license: String,
    /// Bank-wide content note, shown before a quiz starts.
    pub content_note: Option<String>,
    /// Bibliography, keyed by source id.
    pub sources: BTreeMap<String, Source>,
    /// Questions in file order (files sorted by name).
    pub questions: Vec<Question>,
    /// Glossary terms.
    pub glossary: Vec<Term>,
    /// Timeline events, sorted by date.
    pub events: Vec<Event>,
    /// Relationship map and timeline phases (`map.toml`; empty when the bank has none).
    pub map: BankMap,
}

impl Bank {
    /// The question with this id, if any.
    pub fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.questions.iter().find(|q| &q.id == id)
    }

    /// The source with this id, if any.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }

    /// Topics with their question counts, sorted by topic name.
    pub fn topic_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for q in &self.questions {
            *counts.entry(q.topic.clone()).or_insert(0) += 1;
        }
        counts
    }
}
