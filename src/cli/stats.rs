//! `counterpoint stats`: question counts per topic, kind and difficulty, and the why/how share.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::bank;
use crate::model::{Bank, Question};

/// Prints statistics for the banks in `paths`; exit status as for `check`.
pub fn run(paths: &[PathBuf]) -> ExitCode {
    let mut banks = Vec::new();
    for path in paths {
        let dirs = match bank::discover(path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("counterpoint: {e}");
                return ExitCode::from(2);
            }
        };
        for dir in dirs {
            match bank::load_dir(&dir) {
                Ok(loaded) => {
                    if let Some(b) = loaded.bank {
                        banks.push(b);
                    } else {
                        eprintln!(
                            "counterpoint: {} has errors; run `counterpoint check` first",
                            dir.display()
                        );
                        return ExitCode::from(1);
                    }
                }
                Err(e) => {
                    eprintln!("counterpoint: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    super::write_stdout(&report(&banks));
    ExitCode::SUCCESS
}

/// Whether a prompt asks why or how (causes, aims, effects, methods) rather than what/when.
/// "How many/much/long/old" ask for a quantity and do not count.
pub fn asks_why_or_how(question: &Question) -> bool {
    let prompt = question.prompt.to_lowercase();
    let words: Vec<&str> = prompt
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let quantity = ["many", "much", "long", "old", "often", "far"];
    words.iter().enumerate().any(|(i, w)| match *w {
        "why" | "aim" | "aims" | "purpose" | "reason" | "reasons" | "explain" | "explains"
        | "motive" | "goal" | "intended" | "effect" | "effects" | "consequence"
        | "consequences" | "followed" | "result" | "resulted" => true,
        "how" => words.get(i + 1).is_none_or(|next| !quantity.contains(next)),
        _ => false,
    })
}

/// The statistics report as text.
pub fn report(banks: &[Bank]) -> String {
    let questions: Vec<&Question> = banks.iter().flat_map(|b| &b.questions).collect();
    let total = questions.len();
    let mut out = String::new();
    let pct = |n: usize| {
        if total == 0 {
            0.0
        } else {
            100.0 * n as f64 / total as f64
        }
    };
    writeln!(out, "banks: {}", banks.len()).ok();
    for b in banks {
        writeln!(
            out,
            "  {} ({} questions, {} sources, {} glossary terms, {} events)",
            b.id,
            b.questions.len(),
            b.sources.len(),
            b.glossary.len(),
            b.events.len()
        )
        .ok();
    }
    writeln!(out, "questions: {total}").ok();
    let mut section = |title: &str, counts: BTreeMap<String, usize>| {
        writeln!(out, "{title}:").ok();
        for (k, n) in counts {
            writeln!(out, "  {k:<40} {n:>4}  {:>5.1}%", pct(n)).ok();
        }
    };
    let count_by = |f: &dyn Fn(&Question) -> String| {
        let mut m = BTreeMap::new();
        for q in &questions {
            *m.entry(f(q)).or_insert(0) += 1;
        }
        m
    };
    section("by topic", count_by(&|q| q.topic.clone()));
    let mut kinds = count_by(&|q| q.kind.name().to_owned());
    for k in crate::model::KindName::ALL {
        kinds.entry(k.as_str().to_owned()).or_insert(0);
    }
    section("by kind", kinds);
    section(
        "by difficulty",
        count_by(&|q| format!("level {}", q.difficulty)),
    );
    let why = questions.iter().filter(|q| asks_why_or_how(q)).count();
    let warned = questions
        .iter()
        .filter(|q| q.content_warning.is_some())
        .count();
    writeln!(out, "why/how questions: {why} ({:.1}%)", pct(why)).ok();
    writeln!(
        out,
        "with a content warning: {warned} ({:.1}%)",
        pct(warned)
    )
    .ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Citation, Kind, QuestionId};

    fn q(prompt: &str) -> Question {
        Question {
            id: QuestionId("x".into()),
            topic: "t".into(),
            tags: vec![],
            difficulty: 1,
            kind: Kind::Text {
                accept: vec!["a".into()],
            },
            prompt: prompt.into(),
            explanation: "e".into(),
            sources: vec![Citation {
                id: "s".into(),
                locator: None,
            }],
            content_warning: None,
        }
    }

    #[test]
    fn why_how_detection() {
        assert!(asks_why_or_how(&q("Why did villagers turn against ISKP?")));
        assert!(asks_why_or_how(&q("How did ISKP reach recruits?")));
        assert!(asks_why_or_how(&q("What was the aim of the campaign?")));
        assert!(!asks_why_or_how(&q("How many leaders has ISKP had?")));
        assert!(!asks_why_or_how(&q("When was ISKP formed?")));
        assert!(!asks_why_or_how(&q("Which showed ISKP's reach?")));
    }
}
