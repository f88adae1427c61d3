//! The feedback panel: outcome, the right answer, per-choice feedback, explanation, sources,
//! and glossary terms found in the question.

use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use super::state::Command;
use super::{a11y, theme};
use crate::app::{Library, event_of_question, map_item_of_question};
use crate::engine::{Answered, Outcome, QuizItem, Response};
use crate::model::{Bank, Kind, Term};

/// Draws the feedback for an answered item; `scroll_to` (set when the feedback first shows)
/// scrolls it into view once.
pub fn feedback_ui(
    ui: &mut egui::Ui,
    library: &Library,
    markdown: &mut CommonMarkCache,
    scroll_to: &mut bool,
    item: &QuizItem,
    answered: &Answered,
    commands: &mut Vec<Command>,
) {
    let score = answered.grade.score;
    // The outcome is written out, so colour is never the only cue.
    let (text, colour) = match answered.grade.outcome() {
        Outcome::Right => ("Right".to_owned(), theme::right(theme::palette(ui))),
        Outcome::Partial => (
            format!("Partly right: {:.0}%", score * 100.0),
            theme::partial(theme::palette(ui)),
        ),
        Outcome::Wrong => ("Wrong".to_owned(), theme::wrong(theme::palette(ui))),
    };
    let outcome = ui.label(egui::RichText::new(&text).heading().color(colour));
    // Announced when it appears, without taking the focus from the "Next question" button.
    a11y::announce(&outcome, &text);
    if std::mem::take(scroll_to) {
        outcome.scroll_to_me(Some(egui::Align::TOP));
    }

    let kind = &item.question.kind;
    let lines = kind.answer_lines();
    let heading = match kind {
        Kind::Order { .. } => "The right order:",
        Kind::Match { .. } => "The right matches:",
        Kind::Multiple { .. } => "The right answers:",
        Kind::Text { .. } if lines.len() > 1 => "Accepted answers:",
        _ => "The right answer:",
    };
    ui.strong(heading);
    for line in &lines {
        ui.label(line);
    }

    per_choice_feedback_ui(ui, item, answered);

    ui.add_space(6.0);
    ui.strong("Explanation");
    CommonMarkViewer::new().show(ui, markdown, &item.question.explanation);

    let Some(bank) = library.bank(&item.bank) else {
        return;
    };
    ui.add_space(6.0);
    ui.strong("Sources");
    sources_ui(ui, bank, &item.question.sources);

    // A question linked from a map relation or a timeline event leads there.
    let on_map = map_item_of_question(bank, &item.question.id);
    let on_timeline = event_of_question(bank, &item.question.id);
    if on_map.is_some() || on_timeline.is_some() {
        ui.horizontal_wrapped(|ui| {
            if let Some(map_item) = on_map
                && ui.button("See it on the map").clicked()
            {
                commands.push(Command::ShowOnMap(bank.id.clone(), map_item));
            }
            if let Some(event) = on_timeline
                && ui.button("See it on the timeline").clicked()
            {
                commands.push(Command::ShowOnTimeline(bank.id.clone(), event.id.clone()));
            }
        });
    }

    let terms = terms_in(bank, &[&item.question.prompt, &item.question.explanation]);
    if !terms.is_empty() {
        ui.add_space(6.0);
        ui.strong("Terms in this question");
        for term in terms {
            egui::CollapsingHeader::new(&term.term)
                .id_salt(("term", &term.term))
                .show(ui, |ui| {
                    ui.label(&term.definition);
                });
        }
    }
}

/// Lists citations in full, each with its link. Footnotes that cite the same work are shown
/// once, with all their note numbers.
pub fn sources_ui(ui: &mut egui::Ui, bank: &Bank, citations: &[crate::model::Citation]) {
    for (n, group) in group_by_work(bank, citations).iter().enumerate() {
        let Some(source) = group.first().map(|(s, _)| *s) else {
            continue;
        };
        let notes: Vec<String> = group
            .iter()
            .map(|(s, locator)| {
                let note = s.note.map_or_else(|| s.id.clone(), |n| n.to_string());
                locator
                    .as_ref()
                    .map_or_else(|| note.clone(), |l| format!("{note}, {l}"))
            })
            .collect();
        let label = if group.len() > 1 || source.note.is_some() {
            let word = if group.len() > 1 { "notes" } else { "note" };
            format!("{word} {}", notes.join("; "))
        } else {
            notes.join("; ")
        };
        // The seed's Markdown italics markers are dropped; the citation wraps as one paragraph.
        let text = source.citation.replace('*', "");
        ui.label(format!("[{}] ({label}) {text}", n + 1));
        if let Some(url) = &source.url {
            ui.indent(("src", n), |ui| {
                // egui opens the system browser only when this link is clicked.
                ui.hyperlink_to(url, url);
            });
        }
    }
}

/// Citations grouped by the work they cite (footnotes without a `work` key stand alone), in the
/// order the first of each group is cited.
pub fn group_by_work<'b>(
    bank: &'b Bank,
    citations: &[crate::model::Citation],
) -> Vec<Vec<(&'b crate::model::Source, Option<String>)>> {
    let mut groups: Vec<Vec<(&crate::model::Source, Option<String>)>> = Vec::new();
    for citation in citations {
        let Some(source) = bank.source(&citation.id) else {
            continue;
        };
        let same_work = |g: &Vec<(&crate::model::Source, Option<String>)>| {
            g.first().is_some_and(|(first, _)| {
                first.id == source.id || (first.work.is_some() && first.work == source.work)
            })
        };
        let entry = (source, citation.locator.clone());
        match groups.iter_mut().find(|g| same_work(g)) {
            Some(group) => {
                if !group.iter().any(|(s, _)| s.id == source.id) {
                    group.push(entry);
                }
            }
            None => groups.push(vec![entry]),
        }
    }
    groups
}

fn per_choice_feedback_ui(ui: &mut egui::Ui, item: &QuizItem, answered: &Answered) {
    match (&item.question.kind, &answered.response) {
        (Kind::Single { .. } | Kind::Multiple { .. }, _) => {
            let notes = item.choice_notes(&answered.response);
            if notes.is_empty() {
                return;
            }
            ui.add_space(4.0);
            ui.strong("About the choices");
            for note in notes {
                ui.label(note);
            }
        }
        (
            Kind::TrueFalse {
                feedback_true,
                feedback_false,
                ..
            },
            Response::TrueFalse(Some(pick)),
        ) => {
            let fb = if *pick { feedback_true } else { feedback_false };
            if let Some(fb) = fb {
                ui.label(fb);
            }
        }
        _ => {}
    }
}

/// Glossary terms (or aliases) that occur as whole words in any of `texts`.
pub fn terms_in<'b>(bank: &'b Bank, texts: &[&str]) -> Vec<&'b Term> {
    let lower: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    bank.glossary
        .iter()
        .filter(|term| {
            std::iter::once(&term.term)
                .chain(&term.aliases)
                .any(|name| lower.iter().any(|t| contains_word(t, &name.to_lowercase())))
        })
        .collect()
}

fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    haystack.match_indices(needle).any(|(start, _)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BankId, Citation, Source};

    fn source(id: &str, note: u32, work: &str) -> Source {
        Source {
            id: id.into(),
            note: Some(note),
            work: Some(work.into()),
            citation: format!("citation of {work}"),
            url: None,
            authors: vec![],
            title: None,
            publisher: None,
            date: None,
            also: vec![],
        }
    }

    #[test]
    fn footnotes_of_one_work_are_grouped_in_citation_order() {
        let sources = [
            source("fn1", 1, "johnson"),
            source("fn2", 2, "osman"),
            source("fn3", 3, "johnson"),
        ];
        let bank = Bank {
            id: BankId("b".into()),
            title: String::new(),
            description: String::new(),
            language: "en".into(),
            version: "1".into(),
            authors: vec![],
            license: String::new(),
            content_note: None,
            sources: sources.into_iter().map(|s| (s.id.clone(), s)).collect(),
            questions: vec![],
            glossary: vec![],
            events: vec![],
            map: crate::model::BankMap::default(),
        };
        let cite = |id: &str| Citation {
            id: id.into(),
            locator: None,
        };
        let groups = group_by_work(&bank, &[cite("fn3"), cite("fn2"), cite("fn1"), cite("fn3")]);
        let ids: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.iter().map(|(s, _)| s.id.as_str()).collect())
            .collect();
        assert_eq!(ids, vec![vec!["fn3", "fn1"], vec!["fn2"]]);
    }
}
