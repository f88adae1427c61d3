//! UI tests for exams: "Take an exam" from a code with the keyboard, the navigator, flags, the
//! submit confirmation, resuming after a restart, time running out, the result screen with
//! "Save my results", and the class report screen. A fixed clock stands for time passing.

use std::collections::BTreeSet;
use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use counterpoint::app::Clock;
use counterpoint::course::exam::{BankRef, Exam, FeedbackPolicy};
use counterpoint::course::{Blueprint, Paper};
use counterpoint::model::Bank;
use counterpoint::store::Store;
use counterpoint::ui::{AppState, ScreenKind, app_ui};

use super::util::shipped_bank;

/// 2026-01-05 09:00 UTC.
const T0: i64 = 1_767_603_600_000;
const MIN: i64 = 60_000;

/// A pre/post exam of 4 single-choice and true/false questions, 10 minutes, pass mark 50.
fn exam(bank: &Bank) -> Exam {
    Exam {
        title: "ISKP awareness".into(),
        bank: BankRef::of(bank),
        blueprint: Blueprint {
            questions: 4,
            topics: std::collections::BTreeMap::new(),
            difficulties: BTreeSet::new(),
            kinds: ["single".to_owned(), "true_false".to_owned()].into(),
        },
        time_limit_s: 600,
        pass_percent: 50,
        feedback: FeedbackPolicy::AfterExam,
        shuffle_choices: true,
        forms: vec!["pre".into(), "post".into()],
        seed: 11,
    }
}

fn code(bank: &Bank, form: usize) -> String {
    exam(bank).code(bank, form).unwrap()
}

/// The app over the shipped bank with its store in `dir`, at time `now`.
fn harness(dir: &Path, now: i64) -> Harness<'static, AppState> {
    let mut state = AppState::new(vec![shipped_bank()], Vec::new(), 3);
    state.clock = Clock::Fixed(now);
    let state = state.with_store(Store::open_in(dir).unwrap());
    Harness::builder()
        .with_size(egui::vec2(1100.0, 1000.0))
        .build_ui_state(app_ui, state)
}

fn screen(h: &Harness<'_, AppState>) -> ScreenKind {
    h.state().screen.kind()
}

fn position(h: &Harness<'_, AppState>) -> usize {
    h.state().exam.as_ref().unwrap().attempt().position()
}

/// Opens "Take an exam", types `code` and presses Enter, confirms the learner, starts.
fn start_exam(h: &mut Harness<'_, AppState>, code: &str) {
    h.get_by_role_and_label(Role::Button, "Take an exam")
        .click();
    h.run();
    assert_eq!(screen(h), ScreenKind::TakeExam);
    // The code field has the focus: type and press Enter.
    h.get_by_role_and_label(Role::TextInput, "Exam code or file:")
        .type_text(code);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Questions");
    h.get_by_label("10m");
    h.get_by_label("50%");
    h.get_by_label_contains("No feedback during the exam");
    h.get_by_role_and_label(Role::Button, "Start exam").click();
    h.run();
    assert_eq!(
        screen(h),
        ScreenKind::TakeExam,
        "Start waits for the learner's confirmation"
    );
    h.get_by_label("I am Learner 1: record this exam under my name")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Start exam").click();
    h.run();
    assert_eq!(screen(h), ScreenKind::Exam);
}

#[test]
fn an_exam_is_taken_from_its_code_with_keys_and_submitted_after_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let bank = shipped_bank();
    let mut h = harness(dir.path(), T0);
    h.run();
    start_exam(&mut h, &code(&bank, 0).to_lowercase().replace('-', " "));
    h.get_by_label("Time left 10:00");
    h.get_by_label("Question 1 of 4");
    // F1 lists the exam's own keys (ui_a11y checks the other screens).
    h.key_press(egui::Key::F1);
    h.run();
    h.get_by_label("Close the submit confirmation");
    h.key_press(egui::Key::F1);
    h.run();
    assert!(h.query_by_label("Keyboard shortcuts").is_none());

    // Key 1 picks the first choice, saved at once; Enter moves on.
    h.key_press(egui::Key::Num1);
    h.run();
    let exam = h.state().exam.as_ref().unwrap();
    assert!(exam.attempt().slot(0).unwrap().response.is_some());
    let id = exam.attempt().record().id.clone();
    let stored = Store::open_in(dir.path())
        .unwrap()
        .attempt(&id)
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.answers.len(),
        1,
        "the answer is in the store already"
    );
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(position(&h), 1);
    h.get_by_role_and_label(Role::Button, "Flag for review")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Remove flag");
    // The navigator names each question's state and goes anywhere.
    h.get_by_label("Question 2: not answered, flagged, showing");
    h.get_by_label("Question 1: answered").click();
    h.run();
    assert_eq!(position(&h), 0);
    h.get_by_label("Question 4: not answered").click();
    h.run();
    assert_eq!(position(&h), 3);

    // No feedback during the exam.
    assert!(h.query_by_label("Right").is_none() && h.query_by_label("Wrong").is_none());

    // Enter on the last question asks to submit; the confirmation lists what is left.
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Not answered (3): questions 2, 3, 4");
    h.get_by_label("Flagged for review (1): questions 2");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("Submit exam now").is_none());
    h.get_by_role_and_label(Role::Button, "Submit exam").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Submit exam now")
        .click();
    h.run();
    assert_eq!(screen(&h), ScreenKind::ExamResult);
    h.get_by_label_contains("of 4 questions answered");
    h.get_by_label("By topic");
    h.get_by_label("Review");
    assert!(h.query_all_by_label("Not answered.").count() >= 3);
    h.key_press(egui::Key::F1);
    h.run();
    h.get_by_label("Keyboard shortcuts");
    // The screen's own button and the help's line about Esc.
    assert_eq!(h.query_all_by_label("Back to the start page").count(), 2);
    h.key_press(egui::Key::F1);
    h.run();

    // Save my results writes the results file into the folder.
    let out = tempfile::tempdir().unwrap();
    h.state_mut().settings.export_dir = out.path().display().to_string();
    h.get_by_role_and_label(Role::Button, "Save my results")
        .click();
    h.run();
    h.get_by_label_contains("Saved your results to");
    let files: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(files.len(), 1);
    let name = files[0].as_ref().unwrap().file_name();
    assert!(
        name.to_str().unwrap().starts_with("Learner_1-pre-"),
        "{name:?}"
    );
}

#[test]
fn a_reopened_app_resumes_the_exam_with_less_time_and_the_clock_submits_it() {
    let dir = tempfile::tempdir().unwrap();
    let bank = shipped_bank();
    let mut h = harness(dir.path(), T0);
    h.run();
    start_exam(&mut h, &code(&bank, 1));
    h.key_press(egui::Key::Num2);
    h.run();
    let answered = h.state().exam.as_ref().unwrap().attempt().slot(0).cloned();
    drop(h); // killed: nothing runs on the way out

    let mut h = harness(dir.path(), T0 + 4 * MIN);
    h.run();
    assert_eq!(screen(&h), ScreenKind::Exam, "the exam resumes at start-up");
    h.get_by_label("Time left 6:00");
    let exam = h.state().exam.as_ref().unwrap();
    assert_eq!(exam.attempt().slot(0).cloned(), answered);
    assert_eq!(position(&h), 1, "at the first unanswered question");

    // The countdown moves; at the deadline the exam is submitted and its result shows.
    h.state_mut().clock = Clock::Fixed(T0 + 10 * MIN - 500);
    h.run();
    h.get_by_label("Time left 0:01");
    h.state_mut().clock = Clock::Fixed(T0 + 10 * MIN);
    h.run();
    assert_eq!(screen(&h), ScreenKind::ExamResult);
    h.get_by_label("Time ran out: the exam was submitted automatically.");
    let exam = h.state().exam.as_ref().unwrap();
    assert!(exam.attempt().record().auto_submitted);
    drop(h);
    // Nothing to resume any more.
    let mut h = harness(dir.path(), T0 + 11 * MIN);
    h.run();
    assert_eq!(screen(&h), ScreenKind::Home);
}

#[test]
fn a_mistyped_code_and_a_file_with_forms_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let bank = shipped_bank();
    let mut h = harness(dir.path(), T0);
    h.run();
    h.get_by_role_and_label(Role::Button, "Take an exam")
        .click();
    h.run();
    let good = code(&bank, 0);
    let mut bad = good.clone().into_bytes();
    bad[1] = if bad[1] == b'7' { b'8' } else { b'7' };
    h.get_by_role_and_label(Role::TextInput, "Exam code or file:")
        .type_text(std::str::from_utf8(&bad).unwrap());
    h.get_by_role_and_label(Role::Button, "Open exam").click();
    h.run();
    h.get_by_label_contains("mistyped");
    assert!(h.query_by_label("Start exam").is_none());

    // An exam file with two forms: pick one, and its paper is the code's.
    let exam = exam(&bank);
    let file = dir.path().join("exam.toml");
    std::fs::write(&file, exam.to_toml(&exam.codes(&bank).unwrap()).unwrap()).unwrap();
    if let counterpoint::ui::Screen::TakeExam(form) = &mut h.state_mut().screen {
        form.input = file.display().to_string();
    }
    h.get_by_role_and_label(Role::Button, "Open exam").click();
    h.run();
    h.get_by_label_contains("choose one");
    h.get_by_label("Form post").click();
    h.run();
    h.get_by_label("post");
    let paper = Paper::from_code(&code(&bank, 1), &[bank]).unwrap();
    let Some(counterpoint::ui::Screen::TakeExam(form)) = Some(&h.state().screen) else {
        panic!("still on Take an exam");
    };
    assert_eq!(form.paper.as_ref().unwrap().items, paper.items);
}

#[test]
fn the_class_report_screen_shows_tables_and_charts_of_a_results_folder() {
    let bank = shipped_bank();
    let out = tempfile::tempdir().unwrap();
    // Two learners, pre and post each, through the app's own use cases.
    for (name, answers) in [("Ada", [1_usize, 3]), ("Grace", [2, 4])] {
        for (form, right) in [(0, answers[0]), (1, answers[1])] {
            let dir = tempfile::tempdir().unwrap();
            let mut learner =
                counterpoint::app::Learner::open(Store::open_in(dir.path()).unwrap(), T0);
            let id = learner.profile().unwrap().id;
            learner.rename(id, name);
            let paper = Paper::from_code(&code(&bank, form), std::slice::from_ref(&bank)).unwrap();
            let mut e = counterpoint::app::ActiveExam::start(&mut learner, paper, T0);
            for n in 0..right {
                e.go_to(&mut learner, n, T0 + 1).unwrap();
                let item = e.attempt().current().unwrap().clone();
                let response = match &item.question.kind {
                    counterpoint::model::Kind::Single { answer, .. } => {
                        counterpoint::engine::Response::Single(Some(*answer))
                    }
                    counterpoint::model::Kind::TrueFalse { answer, .. } => {
                        counterpoint::engine::Response::TrueFalse(Some(*answer))
                    }
                    other => panic!("unexpected kind {}", other.name()),
                };
                e.answer(&mut learner, response, T0 + 2).unwrap();
            }
            e.submit(&mut learner, T0 + 2 * MIN).unwrap();
            e.save_results(out.path()).unwrap();
        }
    }
    std::fs::write(out.path().join("broken.json"), b"{\"format\": ").unwrap();

    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), T0);
    h.run();
    h.get_by_role_and_label(Role::Button, "Class report")
        .click();
    h.run();
    assert_eq!(screen(&h), ScreenKind::ClassReport);
    if let counterpoint::ui::Screen::ClassReport(view) = &mut h.state_mut().screen {
        view.folder = out.path().display().to_string();
    }
    h.get_by_role_and_label(Role::Button, "Open folder").click();
    h.run();
    h.get_by_label("4 attempts from 4 files, 1 skipped");
    h.get_by_label_contains("broken.json");
    let shows = |label: &str| h.query_all_by_label(label).count() > 0;
    for text in [
        "Attempts",
        "Test statistics",
        "Items",
        "Topics",
        "Learning gain",
        "Cronbach's alpha",
        "Discrimination",
        "Score distribution (All attempts)",
        "Pre and post score of each learner",
        "Ada",
        "Grace",
    ] {
        assert!(shows(text), "{text} is not shown");
    }
    // Ada 25% -> 75%: g = 0.667; Grace 50% -> 100%: g = 1; mean 0.833.
    assert!(shows("0.667") && shows("1.000") && shows("0.833"));
}

/// The label of the node that has the keyboard focus, if any.
fn focused_label(h: &Harness<'_, AppState>) -> Option<String> {
    use egui_kittest::kittest::NodeT as _;
    h.root().children_recursive().find_map(|n| {
        let n = n.accesskit_node();
        n.is_focused().then(|| n.label().unwrap_or_default())
    })
}

#[test]
fn ctrl_e_opens_the_exam_and_the_keyboard_goes_on_to_the_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let bank = shipped_bank();
    let mut h = harness(dir.path(), T0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    assert_eq!(screen(&h), ScreenKind::TakeExam);
    h.get_by_role_and_label(Role::TextInput, "Exam code or file:")
        .type_text(&code(&bank, 0));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    let confirm = "I am Learner 1: record this exam under my name";
    assert_eq!(focused_label(&h).as_deref(), Some(confirm));
    // Space ticks it; Tab twice (past "Not you?") and Enter start the exam.
    h.key_press(egui::Key::Space);
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(focused_label(&h).as_deref(), Some("Start exam"));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(screen(&h), ScreenKind::Exam);
}
