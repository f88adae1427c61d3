//! UI tests with `egui_kittest`: no display needed. Widgets are found by their `AccessKit` labels.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use counterpoint::engine::{Outcome, QuizItem};
use counterpoint::model::{Kind, NumericAnswer, format_number};
use counterpoint::ui::{AppState, Phase, ScreenKind, app_ui};

use super::util::shipped_bank;

fn harness(seed: u64) -> Harness<'static, AppState> {
    let state = AppState::new(vec![shipped_bank()], Vec::new(), seed);
    Harness::builder()
        .with_size(egui::vec2(1000.0, 900.0))
        .build_ui_state(app_ui, state)
}

pub fn current(h: &Harness<'_, AppState>) -> QuizItem {
    h.state()
        .session
        .as_ref()
        .and_then(|s| s.current())
        .cloned()
        .expect("a question is showing")
}

/// Answers the current question right by clicking or typing into its widgets.
pub fn answer_right_with_widgets(h: &mut Harness<'_, AppState>, item: &QuizItem) {
    let pos_of = |i: usize| item.display_order.iter().position(|&x| x == i).unwrap();
    match &item.question.kind {
        Kind::Single { choices, answer } => {
            let label = format!("{}. {}", pos_of(*answer) + 1, choices[*answer].text);
            h.get_by_label(&label).click();
        }
        Kind::Multiple { choices, answers } => {
            for &a in answers {
                h.get_by_label(&format!("{}. {}", pos_of(a) + 1, choices[a].text))
                    .click();
            }
        }
        Kind::TrueFalse { answer, .. } => {
            h.get_by_label(if *answer { "1. True" } else { "2. False" })
                .click();
        }
        Kind::Numeric { answer, .. } => {
            let value = match answer {
                NumericAnswer::Exact { value, .. } => *value,
                NumericAnswer::Range { min, .. } => *min,
            };
            let field = h.get_by_role_and_label(Role::TextInput, "Your answer:");
            field.focus();
            field.type_text(&format_number(value));
        }
        Kind::Text { accept } => {
            let field = h.get_by_role_and_label(Role::TextInput, "Your answer:");
            field.focus();
            field.type_text(&accept[0]);
        }
        Kind::Order { items } => {
            // Press "Move up" buttons until the order is right: selection sort with clicks.
            for target in 0..items.len() {
                loop {
                    let order = h.state().question_view().unwrap().draft.order.clone();
                    let row = order.iter().position(|&x| x == target).unwrap();
                    if row == target {
                        break;
                    }
                    let text = &items[order[row]];
                    h.get_by_label(&format!("Move {text} up")).click();
                    h.run();
                }
            }
        }
        Kind::Match { pairs, .. } => {
            // Select each row with its digit key, then cycle with Right until it is matched.
            for (row, _) in pairs.iter().enumerate() {
                h.key_press(digit_key(row));
                h.run();
                while h.state().question_view().unwrap().draft.matches[row] != Some(row) {
                    h.key_press(egui::Key::ArrowRight);
                    h.run();
                }
            }
        }
    }
    h.run();
}

/// Gives some answer with keys only: digit 1 picks, ticks or selects the first row; a match row
/// then takes an option with Right; typed answers go straight into the focused field.
fn answer_something_by_keyboard(h: &mut Harness<'_, AppState>, item: &QuizItem) {
    match &item.question.kind {
        Kind::Numeric { .. } | Kind::Text { .. } => h.event(egui::Event::Text("1".into())),
        Kind::Match { .. } => {
            h.key_press(egui::Key::Num1);
            h.run();
            h.key_press(egui::Key::ArrowRight);
        }
        Kind::Order { .. } => {
            h.key_press(egui::Key::Num1);
            h.run();
            h.key_press(egui::Key::ArrowDown);
        }
        _ => h.key_press(egui::Key::Num1),
    }
    h.run();
}

fn digit_key(n: usize) -> egui::Key {
    use egui::Key::*;
    [Num1, Num2, Num3, Num4, Num5, Num6, Num7, Num8, Num9][n]
}

#[test]
fn start_answer_see_feedback_and_results_by_clicking() {
    let mut h = harness(11);
    h.run();
    h.get_by_label_contains("Islamic State in Khorasan Province");
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    h.get_by_label("Question 1 of 10");
    for n in 1..=10 {
        h.get_by_label(&format!("Question {n} of 10"));
        if h.state().phase() == Some(Phase::Warning) {
            h.get_by_label("Content warning");
            h.get_by_role_and_label(Role::Button, "Continue").click();
            h.run();
        }
        let item = current(&h);
        answer_right_with_widgets(&mut h, &item);
        h.get_by_role_and_label(Role::Button, "Submit").click();
        h.run();
        assert_eq!(h.state().phase(), Some(Phase::Feedback));
        let answered = h
            .state()
            .session
            .as_ref()
            .unwrap()
            .session
            .current_answer()
            .cloned()
            .unwrap();
        assert_eq!(
            answered.grade.outcome(),
            Outcome::Right,
            "{:?}",
            item.question.id
        );
        h.get_by_label("Right");
        h.get_by_label("Explanation");
        h.get_by_label("Sources");
        // The first cited source is listed in full, and its link is shown when it has one.
        let bank = &h.state().library.banks[0];
        let source = bank.source(&item.question.sources[0].id).unwrap().clone();
        // Footnotes of one work are grouped: "[1] (note 26)" or "[1] (notes 26; 165)".
        let note = source.note.unwrap();
        assert!(
            h.query_by_label_contains(&format!("[1] (note {note})"))
                .is_some()
                || h.query_by_label_contains(&format!("[1] (notes {note};"))
                    .is_some(),
            "first source listed with its note number"
        );
        if let Some(url) = &source.url {
            assert!(h.query_all_by_label(url).count() >= 1, "link {url} shown");
        }
        let next = if n == 10 {
            "See results"
        } else {
            "Next question"
        };
        // A long feedback panel can push the button below the fold; AccessKit clicks it anyway.
        h.get_by_role_and_label(Role::Button, next)
            .click_accesskit();
        h.run();
    }
    assert_eq!(h.state().screen.kind(), ScreenKind::Results);
    h.get_by_label("Results");
    h.get_by_label("Score: 10.0 of 10 (100%)");
    h.get_by_label("Every question was answered right.");
    h.get_by_role_and_label(Role::Button, "Back to start")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Home);
}

#[test]
fn keyboard_alone_completes_a_quiz_and_missed_questions_can_be_retried() {
    let mut h = harness(5);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    for _ in 0..10 {
        if h.state().phase() == Some(Phase::Warning) {
            h.key_press(egui::Key::Enter);
            h.run();
        }
        let item = current(&h);
        answer_something_by_keyboard(&mut h, &item);
        h.key_press(egui::Key::Enter);
        h.run();
        assert_eq!(
            h.state().phase(),
            Some(Phase::Feedback),
            "{:?}",
            item.question.id
        );
        h.key_press(egui::Key::Enter);
        h.run();
    }
    assert_eq!(h.state().screen.kind(), ScreenKind::Results);
    let summary = h.state().session.as_ref().unwrap().session.summary();
    assert_eq!(summary.asked, 10);
    let answered = h
        .state()
        .session
        .as_ref()
        .unwrap()
        .session
        .answers
        .iter()
        .flatten()
        .count();
    assert_eq!(
        answered, 10,
        "every question was answered from the keyboard"
    );
    if !summary.missed.is_empty() {
        h.get_by_role_and_label(Role::Button, "Retry missed questions")
            .click();
        h.run();
        let retry = &h.state().session.as_ref().unwrap().session;
        assert_eq!(retry.quiz.items.len(), summary.missed.len());
        assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    }
}

#[test]
fn topic_filter_limits_the_quiz() {
    let mut h = harness(3);
    h.run();
    h.get_by_label_contains("Designations (").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    let session = &h.state().session.as_ref().unwrap().session;
    assert_eq!(session.quiz.items.len(), 10);
    assert!(
        session
            .quiz
            .items
            .iter()
            .all(|i| i.question.topic == "Designations")
    );
}

#[test]
fn wrong_answer_shows_the_right_one() {
    let mut h = harness(21);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    for _ in 0..10 {
        if h.state().phase() == Some(Phase::Warning) {
            h.key_press(egui::Key::Enter);
            h.run();
        }
        let item = current(&h);
        if let Kind::Single { choices, answer } = &item.question.kind {
            let wrong = (0..choices.len()).find(|i| i != answer).unwrap();
            let pos = item.display_order.iter().position(|&x| x == wrong).unwrap();
            h.key_press(digit_key(pos));
            h.run();
            h.key_press(egui::Key::Enter);
            h.run();
            h.get_by_label("Wrong");
            h.get_by_label("The right answer:");
            h.get_by_label(&choices[*answer].text);
            return;
        }
        // Not a single-choice question: answer anything and move on.
        answer_something_by_keyboard(&mut h, &item);
        h.key_press(egui::Key::Enter);
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
    }
    panic!("no single-choice question among the first ten");
}

#[test]
fn glossary_and_timeline_screens_list_entries() {
    let mut h = harness(1);
    h.run();
    h.get_by_role_and_label(Role::Button, "Glossary").click();
    h.run();
    assert_eq!(
        h.query_all_by_label("Glossary").count(),
        2,
        "tab and heading"
    );
    let first_term = h.state().library.banks[0].glossary[0].term.clone();
    assert!(h.query_all_by_label(&first_term).count() >= 1);
    h.get_by_role_and_label(Role::Button, "Timeline").click();
    h.run();
    let first_event = h.state().library.banks[0].events[0].title.clone();
    h.get_by_label(&first_event);
}

#[test]
fn content_warning_comes_before_the_question() {
    let mut h = harness(2);
    h.run();
    h.get_by_label_contains("Major attacks (").click();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let item = current(&h);
    assert!(item.question.content_warning.is_some());
    h.get_by_label("Content warning");
    assert!(h.query_by_role_and_label(Role::Button, "Submit").is_none());
    h.get_by_role_and_label(Role::Button, "Continue").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Submit");
}

#[test]
fn the_app_font_can_draw_every_character_of_the_shipped_bank() {
    let bank = shipped_bank();
    let mut text = String::new();
    for q in &bank.questions {
        text.push_str(&q.prompt);
        text.push_str(&q.explanation);
        text.push_str(q.content_warning.as_deref().unwrap_or(""));
        for line in q.kind.answer_lines() {
            text.push_str(&line);
        }
        if let Kind::Single { choices, .. } | Kind::Multiple { choices, .. } = &q.kind {
            for c in choices {
                text.push_str(&c.text);
                text.push_str(c.feedback.as_deref().unwrap_or(""));
            }
        }
    }
    for s in bank.sources.values() {
        text.push_str(&s.citation);
    }
    for t in &bank.glossary {
        text.push_str(&t.term);
        text.push_str(&t.definition);
    }
    for e in &bank.events {
        text.push_str(&e.title);
        text.push_str(&e.summary);
    }
    let ctx = egui::Context::default();
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    let font = egui::FontId::proportional(16.0);
    let mut missing: Vec<char> = ctx.fonts_mut(|f| {
        // A control: the arrow glyph is not in egui's default fonts, so the check can fail.
        assert!(!f.has_glyph(&font, '\u{2191}'));
        text.chars()
            .filter(|c| !c.is_control() && !f.has_glyph(&font, *c))
            .collect()
    });
    missing.sort_unstable();
    missing.dedup();
    assert!(missing.is_empty(), "no glyph for {missing:?}");
}
