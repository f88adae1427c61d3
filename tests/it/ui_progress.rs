//! UI tests for learners, study mode and the progress screen, on an in-memory store and a fake
//! clock (simulated days).

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use counterpoint::app::Clock;
use counterpoint::engine::{DAY_MS, Recall};
use counterpoint::store::{Mode, NewAnswer, Store};
use counterpoint::ui::{AppState, Phase, ScreenKind, app_ui};

use super::util::shipped_bank;

/// 2026-01-05 00:00 UTC.
const DAY0: i64 = 1_767_571_200_000;

fn harness_with_store() -> Harness<'static, AppState> {
    let mut state = AppState::new(vec![shipped_bank()], Vec::new(), 9);
    state.clock = Clock::Fixed(DAY0);
    let state = state.with_store(Store::open_in_memory().unwrap());
    // A new learner's row resizes the grid twice (its first frames measure the columns).
    Harness::builder()
        .with_size(egui::vec2(1100.0, 1000.0))
        .with_max_steps(8)
        .build_ui_state(app_ui, state)
}

#[test]
fn learners_can_be_created_switched_renamed_and_deleted() {
    let mut h = harness_with_store();
    h.run();
    h.get_by_role_and_label(Role::Button, "Learner: Learner 1")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Learners);
    let field = h.get_by_role_and_label(Role::TextInput, "New learner:");
    field.focus();
    field.type_text("Asha");
    h.run();
    h.get_by_role_and_label(Role::Button, "Create").click();
    h.run();
    assert_eq!(h.state().learner.profile().unwrap().name, "Asha");
    h.get_by_label("Asha (current)");
    h.get_by_role_and_label(Role::Button, "Switch to Learner 1")
        .click();
    h.run();
    assert_eq!(h.state().learner.profile().unwrap().name, "Learner 1");
    // Deleting asks first; Cancel keeps the learner.
    h.get_by_role_and_label(Role::Button, "Delete Asha").click();
    h.run();
    h.get_by_label_contains("Delete Asha and all of their answers");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert_eq!(
        h.state().learner.store().unwrap().profiles().unwrap().len(),
        2
    );
    h.get_by_role_and_label(Role::Button, "Delete Asha").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Yes, delete").click();
    h.run();
    let names: Vec<String> = h
        .state()
        .learner
        .store()
        .unwrap()
        .profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, vec!["Learner 1".to_owned()]);
    // Rename the current learner.
    let field = h.get_by_role_and_label(Role::TextInput, "Rename the current learner:");
    field.focus();
    field.type_text(" B");
    h.run();
    h.get_by_role_and_label(Role::Button, "Rename").click();
    h.run();
    assert_eq!(h.state().learner.profile().unwrap().name, "Learner 1 B");
    h.get_by_role_and_label(Role::Button, "Learner: Learner 1 B");
}

#[test]
fn study_mode_rates_with_keys_and_schedules_across_days() {
    let mut h = harness_with_store();
    h.run();
    h.state_mut().home.count = 3;
    h.get_by_role_and_label(Role::Button, "Study")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    let mut studied = Vec::new();
    for n in 0..3 {
        if h.state().phase() == Some(Phase::Warning) {
            h.key_press(egui::Key::Enter);
            h.run();
        }
        let item = h
            .state()
            .session
            .as_ref()
            .unwrap()
            .session
            .current()
            .unwrap()
            .clone();
        studied.push(item.question.id.0.clone());
        // Answer something, submit, then rate with a key: 4 (Easy) for the first, 1 (Again)
        // for the second, and Space (the score's own rating) for the third.
        h.state_mut().draft_mut().unwrap().text = "1".into();
        h.state_mut().draft_mut().unwrap().single = Some(0);
        h.state_mut().draft_mut().unwrap().true_false = Some(true);
        h.state_mut().draft_mut().unwrap().multiple.insert(0);
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        assert_eq!(h.state().phase(), Some(Phase::Feedback));
        h.get_by_label("How well did you recall it?");
        h.get_by_role_and_label(Role::Button, "1 Again");
        match n {
            0 => h.key_press(egui::Key::Num4),
            1 => h.key_press(egui::Key::Num1),
            _ => h.key_press(egui::Key::Space),
        }
        h.run();
    }
    assert_eq!(h.state().screen.kind(), ScreenKind::Results);
    let store = h.state().learner.store().unwrap();
    let me = h.state().learner.profile().unwrap().id;
    let easy = store
        .review_state(me, "iskp", &studied[0])
        .unwrap()
        .unwrap();
    let again = store
        .review_state(me, "iskp", &studied[1])
        .unwrap()
        .unwrap();
    assert_eq!(easy.memory.reps, 1);
    assert!(
        easy.memory.due_ms > again.memory.due_ms,
        "Easy is due later than Again"
    );
    assert!(
        easy.memory.due_ms >= DAY0 + DAY_MS,
        "Easy waits at least a day"
    );
    assert_eq!(
        store.answers(me).unwrap().len(),
        3,
        "every answer is stored"
    );
    // The question rated Again comes back within minutes, so it counts as due today.
    h.state_mut().refresh_counts();
    assert!(h.state().counts.due.get("iskp").copied().unwrap_or(0) >= 1);
    // Thirty simulated days later, all three are due again.
    h.state_mut().clock = Clock::Fixed(DAY0 + 30 * DAY_MS);
    h.get_by_role_and_label(Role::Button, "Back to start")
        .click();
    h.run();
    assert_eq!(h.state().counts.due.get("iskp").copied(), Some(3));
    h.get_by_label_contains(": 3 due today");
    // The rating derived from a score.
    assert_eq!(Recall::from_score(1.0), Recall::Good);
}

fn seed_answers(state: &mut AppState) -> (usize, f64) {
    // 100 answers over 30 simulated days: the first topic always right, the others wrong.
    let bank = shipped_bank();
    let store = state.learner.store().unwrap();
    let me = state.learner.profile().unwrap().id;
    let session = store.start_session(me, Mode::Practice, DAY0).unwrap();
    let mut right = 0;
    for i in 0..100i64 {
        let q = &bank.questions[usize::try_from(i * 3).unwrap() % bank.questions.len()];
        let day = (i * 30) / 100;
        let points = if q.topic == bank.questions[0].topic {
            1.0
        } else {
            0.0
        };
        if points > 0.0 {
            right += 1;
        }
        store
            .record_answer(&NewAnswer {
                session,
                profile: me,
                bank_id: "iskp".into(),
                bank_version: bank.version.clone(),
                question_id: q.id.0.clone(),
                topic: q.topic.clone(),
                kind: q.kind.name().into(),
                response_json: "null".into(),
                score: points,
                time_taken_ms: 5_000,
                answered_ms: DAY0 + day * DAY_MS + 3_600_000,
            })
            .unwrap();
    }
    (right, 30.0)
}

#[test]
fn progress_screen_shows_charts_and_weakest_topics() {
    let mut h = harness_with_store();
    h.run();
    let (right, _) = seed_answers(h.state_mut());
    h.state_mut().clock = Clock::Fixed(DAY0 + 30 * DAY_MS);
    h.get_by_role_and_label(Role::Button, "Progress").click();
    h.run();
    h.get_by_label("Score over time (mean score per day, %)");
    h.get_by_label("Answers per day");
    h.get_by_label("Mastery per topic (%)");
    h.get_by_label_contains("100 answers in total");
    let data = h.state().progress().cloned().unwrap();
    assert_eq!(data.daily.len(), 30, "one point per simulated day");
    assert_eq!(data.daily.iter().map(|d| d.answers).sum::<usize>(), 100);
    let mean_of_means: f64 = data
        .daily
        .iter()
        .map(|d| d.mean_score * d.answers as f64)
        .sum::<f64>()
        / 100.0;
    assert!((mean_of_means - right as f64 / 100.0).abs() < 1e-9);
    let first_topic = shipped_bank().questions[0].topic.clone();
    assert!((data.topics[&first_topic].mastery - 1.0).abs() < 1e-9);
    let weakest = data.weakest();
    assert!(!weakest.contains(&first_topic));
    h.get_by_role_and_label(Role::Button, "Practise these")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    let session = &h.state().session.as_ref().unwrap().session;
    assert!(
        session
            .quiz
            .items
            .iter()
            .all(|i| weakest.contains(&i.question.topic))
    );
}

#[test]
fn review_mistakes_quizzes_wrong_answers_until_right() {
    let mut h = harness_with_store();
    h.run();
    seed_answers(h.state_mut());
    h.state_mut().refresh_counts();
    h.run();
    let mistakes = h.state().counts.mistakes.len();
    assert!(mistakes > 0);
    h.get_by_role_and_label(Role::Button, &format!("Review mistakes ({mistakes})"))
        .click_accesskit();
    h.run();
    let session = &h.state().session.as_ref().unwrap().session;
    assert_eq!(session.quiz.items.len(), mistakes);
}

#[test]
fn results_can_be_exported_from_the_progress_screen() {
    let mut h = harness_with_store();
    h.run();
    seed_answers(h.state_mut());
    let dir = tempfile::tempdir().unwrap();
    h.state_mut().settings.export_dir = dir.path().display().to_string();
    h.get_by_role_and_label(Role::Button, "Progress").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Export CSV")
        .click_accesskit();
    h.run();
    let file = dir.path().join("counterpoint-Learner-1.csv");
    let csv = std::fs::read_to_string(&file).unwrap();
    assert_eq!(csv.lines().count(), 101, "a header and one row per answer");
    h.get_by_label_contains("Saved 100 answers to");
    h.get_by_role_and_label(Role::Button, "Export xAPI")
        .click_accesskit();
    h.run();
    let xapi =
        std::fs::read_to_string(dir.path().join("counterpoint-Learner-1.xapi.json")).unwrap();
    let statements: serde_json::Value = serde_json::from_str(&xapi).unwrap();
    assert_eq!(statements.as_array().unwrap().len(), 100);
}
