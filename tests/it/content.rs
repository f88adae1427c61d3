//! Content audits for the shipped banks: they fail the build when the bank falls short of the
//! product's rules (see issue #3 and docs/question-format.md).

use std::collections::{BTreeMap, BTreeSet};

use counterpoint::cli::asks_why_or_how;
use counterpoint::engine::normalise_text;
use counterpoint::model::Kind;

use super::util::{shipped, shipped_bank};

#[test]
fn shipped_bank_has_no_errors_and_no_warnings() {
    let loaded = shipped();
    let all: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
    assert!(loaded.bank.is_some());
}

#[test]
fn builtin_banks_match_the_files_on_disk() {
    let builtin = counterpoint::bank::embedded::load_builtin();
    assert_eq!(builtin.len(), 1);
    let embedded = builtin
        .into_iter()
        .next()
        .unwrap()
        .bank
        .expect("embedded bank loads");
    assert_eq!(embedded, shipped_bank());
}

#[test]
fn every_footnote_is_in_the_bibliography() {
    let bank = shipped_bank();
    for n in 1..=193 {
        let id = format!("fn{n}");
        let source = bank
            .source(&id)
            .unwrap_or_else(|| panic!("footnote {n} missing"));
        assert_eq!(source.note, Some(n), "{id} has the wrong note number");
        assert!(!source.citation.trim().is_empty());
        assert!(
            !source.citation.contains("<<") && !source.citation.contains(">>"),
            "{id}"
        );
    }
    assert!(
        bank.source("mmp").is_some(),
        "the profile itself is a source"
    );
    // Footnotes citing one work share a key: 104 distinct works plus the profile.
    let works: BTreeSet<&str> = bank
        .sources
        .values()
        .flat_map(|s| s.work.iter().chain(&s.also))
        .map(String::as_str)
        .collect();
    assert_eq!(works.len(), 105, "{works:?}");
}

#[test]
fn topics_meet_their_minimum_counts() {
    let bank = shipped_bank();
    let counts = bank.topic_counts();
    let n = |t: &str| counts.get(t).copied().unwrap_or(0);
    assert!(
        bank.questions.len() >= 250,
        "{} questions",
        bank.questions.len()
    );
    assert!(n("Designations") >= 40, "{counts:?}");
    assert!(n("Humanitarian impact") >= 40, "{counts:?}");
    assert!(n("Recruitment and propaganda") + n("Recognising manipulation") >= 40);
    assert!(n("Recognising manipulation") >= 25, "{counts:?}");
    for topic in [
        "History and phases",
        "Leadership",
        "Major attacks",
        "Relationships with other groups",
        "Size, resources and geography",
    ] {
        assert!(n(topic) >= 15, "{topic}: {counts:?}");
    }
}

#[test]
fn no_two_questions_share_a_prompt() {
    let bank = shipped_bank();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for q in &bank.questions {
        let key = normalise_text(&q.prompt);
        if let Some(first) = seen.insert(key, &q.id.0) {
            panic!("{} and {} have the same prompt", first, q.id);
        }
    }
}

#[test]
fn attack_questions_carry_a_content_warning() {
    let bank = shipped_bank();
    let missing: Vec<&str> = bank
        .questions
        .iter()
        .filter(|q| q.topic == "Major attacks" && q.content_warning.is_none())
        .map(|q| q.id.0.as_str())
        .collect();
    assert!(missing.is_empty(), "no content warning: {missing:?}");
    let events: Vec<&str> = bank
        .events
        .iter()
        .filter(|e| e.title.to_lowercase().contains("attack") && e.content_warning.is_none())
        .map(|e| e.id.as_str())
        .collect();
    assert!(
        events.is_empty(),
        "attack events without a warning: {events:?}"
    );
}

#[test]
fn explanations_and_citations_are_present() {
    let bank = shipped_bank();
    for q in &bank.questions {
        assert!(!q.explanation.trim().is_empty(), "{}", q.id);
        assert!(!q.sources.is_empty(), "{}", q.id);
        for c in &q.sources {
            assert!(bank.source(&c.id).is_some(), "{} cites {}", q.id, c.id);
        }
    }
}

#[test]
fn kinds_difficulty_and_why_how_spread() {
    let bank = shipped_bank();
    let total = bank.questions.len() as f64;
    let kinds: BTreeSet<&str> = bank.questions.iter().map(|q| q.kind.name()).collect();
    assert_eq!(
        kinds.len(),
        counterpoint::model::KindName::ALL.len(),
        "all seven kinds appear: {kinds:?}"
    );
    let share = |d: u8| bank.questions.iter().filter(|q| q.difficulty == d).count() as f64 / total;
    assert!(
        (0.22..=0.38).contains(&share(1)),
        "level 1 share {}",
        share(1)
    );
    assert!(
        (0.37..=0.53).contains(&share(2)),
        "level 2 share {}",
        share(2)
    );
    assert!(
        (0.17..=0.33).contains(&share(3)),
        "level 3 share {}",
        share(3)
    );
    let why = bank.questions.iter().filter(|q| asks_why_or_how(q)).count() as f64 / total;
    assert!(why >= 0.30, "why/how share {why}");
}

#[test]
fn single_and_multiple_questions_have_no_catch_all_choices() {
    let bank = shipped_bank();
    for q in &bank.questions {
        if let Kind::Single { choices, .. } | Kind::Multiple { choices, .. } = &q.kind {
            for c in choices {
                let t = c.text.to_lowercase();
                assert!(
                    !t.contains("all of the above") && !t.contains("none of the above"),
                    "{}: {}",
                    q.id,
                    c.text
                );
            }
        }
    }
}
