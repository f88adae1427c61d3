//! The authoring screens with `egui_kittest`: live reload of a watched bank folder while the app
//! runs, the Problems panel, the bank browser and the import and export screens.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::util::{cli_import_gift, moodle_fixtures, run_cli};

use counterpoint::app::{Clock, Library};
use counterpoint::interchange::app_import::prepare_import;
use counterpoint::model::BankId;
use counterpoint::store::Store;
use counterpoint::ui::{AppState, ScreenKind, app_ui, open_preview};

const BANK: &str = "id = \"live\"\ntitle = \"Live bank\"\ndescription = \"A bank.\"\n\
                    language = \"en\"\nversion = \"1\"\nauthors = [\"Tests\"]\n\
                    license = \"CC0-1.0\"\n";
const SOURCES: &str = "[[source]]\nid = \"s1\"\ncitation = \"A source.\"\n";

/// A bank file of two true/false questions; the first has `prompt`.
pub fn questions(prompt: &str) -> String {
    let one = |id: &str, prompt: &str| {
        format!(
            "[[question]]\nid = \"{id}\"\ntopic = \"T\"\ndifficulty = 1\nkind = \"true_false\"\n\
             prompt = \"{prompt}\"\nanswer = true\nexplanation = \"Because.\"\nsources = [\"s1\"]\n\n"
        )
    };
    one("q1", prompt) + &one("q2", "The second question?")
}

/// Writes the bank `live` into `dir`.
pub fn write_bank(dir: &Path, prompt: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("bank.toml"), BANK).unwrap();
    std::fs::write(dir.join("sources.toml"), SOURCES).unwrap();
    std::fs::write(dir.join("q.toml"), questions(prompt)).unwrap();
}

/// An app over the watched folder `root` (no built-in banks), with live reload on.
pub fn live_harness(root: &Path) -> Harness<'static, AppState> {
    let library = Library::load_from([], &[root.to_path_buf()]);
    let mut state = AppState::over(library, 3);
    state.start_live_reload(|| {});
    assert!(state.live.reload.is_some(), "{:?}", state.live.note);
    Harness::builder()
        .with_size(egui::vec2(1000.0, 900.0))
        .build_ui_state(app_ui, state)
}

/// Runs frames until `done` holds, as the app does when the reload thread wakes it (10 s at most: CI machines are slow).
pub fn run_until(
    h: &mut Harness<'_, AppState>,
    what: &str,
    done: impl Fn(&Harness<'_, AppState>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        h.run();
        if done(h) {
            return;
        }
        assert!(Instant::now() < deadline, "not within 10 s: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_edit_shows_on_the_start_page_and_a_quiz_offers_to_restart_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("questions");
    let dir = root.join("live");
    write_bank(&dir, "Old prompt?");
    let mut h = live_harness(&root);
    h.run();
    h.get_by_label("Live bank (2 questions)");

    // An edit of the title shows on the start page.
    std::fs::write(
        dir.join("bank.toml"),
        BANK.replace("Live bank", "Renamed bank"),
    )
    .unwrap();
    run_until(&mut h, "the new title", |h| {
        h.query_by_label("Renamed bank (2 questions)").is_some()
    });

    // A quiz keeps the questions it started with.
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    assert!(h.query_by_label("Restart with the changes").is_none());
    std::fs::write(dir.join("q.toml"), questions("New prompt?")).unwrap();
    run_until(&mut h, "the restart offer", |h| {
        h.query_by_label("Restart with the changes").is_some()
    });
    let prompts = |h: &Harness<'_, AppState>| -> Vec<String> {
        let session = h.state().session.as_ref().unwrap();
        session
            .session
            .quiz
            .items
            .iter()
            .map(|i| i.question.prompt.clone())
            .collect()
    };
    assert!(prompts(&h).contains(&"Old prompt?".to_owned()));
    assert_eq!(
        h.state()
            .library
            .find_question("live", "q1")
            .unwrap()
            .1
            .prompt,
        "New prompt?"
    );

    // Restarting takes the new text.
    h.get_by_role_and_label(Role::Button, "Restart with the changes")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    assert!(prompts(&h).contains(&"New prompt?".to_owned()));
    assert!(h.query_by_label("Restart with the changes").is_none());

    // A broken edit keeps the last good version in the quiz and on the start page.
    h.get_by_role_and_label(Role::Button, "End quiz").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Start page").click();
    h.run();
    std::fs::write(
        dir.join("q.toml"),
        questions("Broken?").replace("difficulty = 1", "difficulty = \"one\""),
    )
    .unwrap();
    run_until(&mut h, "the error", |h| h.state().library.error_count() > 0);
    h.get_by_label("Renamed bank (2 questions)");
    assert_eq!(
        h.state()
            .library
            .find_question("live", "q1")
            .unwrap()
            .1
            .prompt,
        "New prompt?"
    );
}

/// The (question id, prompt) of every question of the quiz in progress.
fn quiz_questions(h: &Harness<'_, AppState>) -> Vec<(String, String)> {
    let session = h.state().session.as_ref().unwrap();
    session
        .session
        .quiz
        .items
        .iter()
        .map(|i| (i.question.id.0.clone(), i.question.prompt.clone()))
        .collect()
}

#[test]
fn restarting_a_retry_of_missed_questions_keeps_only_them_with_the_new_text() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("questions");
    let dir = root.join("live");
    write_bank(&dir, "Old prompt?");
    let mut h = live_harness(&root);
    h.run();
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    // Both questions are true: q1 answered False (missed), q2 True.
    for last in [false, true] {
        let id = h
            .state()
            .session
            .as_ref()
            .unwrap()
            .current()
            .unwrap()
            .question
            .id
            .0
            .clone();
        let pick = if id == "q1" { "2. False" } else { "1. True" };
        h.get_by_label(pick).click();
        h.run();
        h.get_by_role_and_label(Role::Button, "Submit").click();
        h.run();
        let next = if last { "See results" } else { "Next question" };
        h.get_by_role_and_label(Role::Button, next).click();
        h.run();
    }
    assert_eq!(h.state().screen.kind(), ScreenKind::Results);
    h.get_by_role_and_label(Role::Button, "Retry missed questions")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    assert_eq!(
        quiz_questions(&h),
        [("q1".to_owned(), "Old prompt?".to_owned())]
    );

    std::fs::write(dir.join("q.toml"), questions("New prompt?")).unwrap();
    run_until(&mut h, "the restart offer", |h| {
        h.query_by_label("Restart with the changes").is_some()
    });
    h.get_by_role_and_label(Role::Button, "Restart with the changes")
        .click();
    h.run();
    // The retry again, not the first quiz: only the missed question, with its new text.
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    assert_eq!(
        quiz_questions(&h),
        [("q1".to_owned(), "New prompt?".to_owned())]
    );
    h.get_by_label("Question 1 of 1");
    h.get_by_label_contains("New prompt?");
    assert!(h.query_by_label("Restart with the changes").is_none());
}

/// A `map.toml` with groups "Group A" and "State B" and one relation, plus `extra` appended.
fn map_toml(extra: &str) -> String {
    let group = |id: &str, name: &str, kind: &str| {
        format!(
            "[[group]]\nid = \"{id}\"\nname = \"{name}\"\nkind = \"{kind}\"\n\
             description = \"d\"\nsources = [\"s1\"]\n\n"
        )
    };
    group("a", "Group A", "militant-group")
        + &group("b", "State B", "state")
        + "[[relation]]\nid = \"r1\"\nfrom = \"a\"\nto = \"b\"\nkind = \"fought\"\n\
           summary = \"s\"\nsources = [\"s1\"]\nquestions = [\"q1\"]\n\n"
        + extra
}

/// A glossary file of one term per name.
fn glossary_toml(terms: &[&str]) -> String {
    let mut out = String::new();
    for t in terms {
        writeln!(
            out,
            "[[term]]\nterm = \"{t}\"\ndefinition = \"About {t}.\"\nsources = [\"s1\"]\n"
        )
        .unwrap();
    }
    out
}

/// An events file of one event without a type per title (in 2010, 2011, ...).
fn events_toml(titles: &[&str]) -> String {
    let mut out = String::new();
    for (i, t) in titles.iter().enumerate() {
        writeln!(
            out,
            "[[event]]\nid = \"e{i}\"\ndate = \"201{i}\"\ntitle = \"{t}\"\n\
             summary = \"s\"\nsources = [\"s1\"]\nquestions = [\"q1\"]\n"
        )
        .unwrap();
    }
    out
}

#[test]
fn the_map_glossary_and_timeline_show_their_files_changes_while_open() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("questions");
    let dir = root.join("live");
    write_bank(&dir, "A prompt?");
    std::fs::write(dir.join("map.toml"), map_toml("")).unwrap();
    std::fs::write(dir.join("glossary.toml"), glossary_toml(&["Alpha term"])).unwrap();
    std::fs::write(dir.join("events.toml"), events_toml(&["First event"])).unwrap();
    let mut h = live_harness(&root);
    h.run();
    let problems = h.state().library.problems();
    assert!(problems.is_empty(), "{problems:?}");

    // The map: a group added to map.toml is laid out and drawn, the selection kept.
    h.get_by_role_and_label(Role::Button, "Map").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Group A").click();
    h.run();
    h.get_by_label("Close card");
    assert!(h.query_by_label("Group C").is_none());
    let extra = "[[group]]\nid = \"c\"\nname = \"Group C\"\nkind = \"militant-group\"\n\
                 description = \"d\"\nsources = [\"s1\"]\n";
    std::fs::write(
        dir.join("map.toml"),
        map_toml(extra).replace("State B", "State Bee"),
    )
    .unwrap();
    run_until(&mut h, "the new group on the map", |h| {
        h.query_by_role_and_label(Role::Button, "Group C").is_some()
    });
    h.get_by_role_and_label(Role::Button, "State Bee");
    assert!(h.query_by_role_and_label(Role::Button, "State B").is_none());
    h.get_by_label("Close card");
    assert_eq!(h.state().screen.kind(), ScreenKind::Map);

    // The glossary.
    h.get_by_role_and_label(Role::Button, "Glossary").click();
    h.run();
    h.get_by_label("Alpha term");
    std::fs::write(
        dir.join("glossary.toml"),
        glossary_toml(&["Alpha term", "Beta term"]),
    )
    .unwrap();
    run_until(&mut h, "the new term", |h| {
        h.query_by_label("Beta term").is_some()
    });

    // The timeline's list and its markers.
    h.get_by_role_and_label(Role::Button, "Timeline").click();
    h.run();
    h.get_by_label("First event");
    std::fs::write(
        dir.join("events.toml"),
        events_toml(&["First event", "Second event"]),
    )
    .unwrap();
    run_until(&mut h, "the new event", |h| {
        h.query_by_label("Second event").is_some()
    });
    h.get_by_role_and_label(Role::Button, "Marker: Other: Second event");
}

#[test]
fn the_problems_panel_shows_each_diagnostic_with_its_excerpt_until_fixed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("questions");
    let dir = root.join("live");
    write_bank(&dir, "A prompt?");
    let mut h = live_harness(&root);
    h.state_mut().settings.editor = Some("true".into());
    h.run();
    h.get_by_role_and_label(Role::Button, "Problems (0)");

    std::fs::write(
        dir.join("q.toml"),
        questions("A prompt?").replace("difficulty = 1", "difficulty = \"one\""),
    )
    .unwrap();
    run_until(&mut h, "the error", |h| h.state().library.error_count() > 0);
    let (count, errors) = {
        let library = &h.state().library;
        (library.problems().len(), library.error_count())
    };
    h.get_by_role_and_label(Role::Button, &format!("Problems ({count})"));
    // The start page says so and links to the panel.
    let summary = h.state().library.problems_summary().unwrap();
    let noun = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    assert_eq!(
        summary,
        format!(
            "{} loading banks ({}).",
            noun(count, "problem"),
            noun(errors, "error")
        )
    );
    h.get_by_label(&summary);
    h.get_by_role_and_label(Role::Button, "Show problems")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Problems);

    let file = dir.join("q.toml");
    h.get_by_label(&file.display().to_string());
    let line = format!(
        "{}:4:14: error: `difficulty` must be an integer, found a string",
        file.display()
    );
    h.get_by_label(&line).click();
    h.run();
    h.get_by_label_contains("4 | difficulty = \"one\"\n  |              ^^^^^");
    h.get_by_role_and_label(Role::Button, "Open in editor")
        .click();
    h.run();
    h.get_by_label(&format!("Opened {} at line 4 with true.", file.display()));

    // Fixing the file empties the panel and the badge.
    std::fs::write(dir.join("q.toml"), questions("A prompt?")).unwrap();
    run_until(&mut h, "no problems", |h| {
        h.query_by_label("Problems (0)").is_some()
    });
    h.get_by_label("No problems: every bank loaded without errors or warnings.");
}

/// The number of answers recorded for the current learner.
fn answers_recorded(h: &mut Harness<'_, AppState>) -> usize {
    h.state_mut()
        .learner
        .with(|s, p| s.answer_total(p.id))
        .unwrap()
}

#[test]
fn the_browser_searches_filters_and_tries_a_question_without_recording_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("questions");
    write_bank(&root.join("live"), "First question?");
    let library = Library::load_from([], &[root]);
    let state = AppState::over(library, 5).with_store(Store::open_in_memory().unwrap());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 900.0))
        .build_ui_state(app_ui, state);
    h.run();
    h.get_by_role_and_label(Role::Button, "Bank browser")
        .click();
    h.run();
    h.get_by_label("2 of 2 questions");

    let search = h.get_by_role_and_label(Role::TextInput, "Search:");
    search.focus();
    search.type_text("SECOND");
    h.run();
    h.get_by_label("1 of 2 questions");
    h.get_by_role_and_label(Role::CheckBox, "single").click();
    h.run();
    h.get_by_label("0 of 2 questions");
    h.get_by_role_and_label(Role::CheckBox, "true_false")
        .click();
    h.run();
    h.get_by_label("1 of 2 questions");

    h.get_by_label("q2 \u{b7} T \u{b7} true_false \u{b7} difficulty 1: The second question?")
        .click();
    h.run();
    h.get_by_label("Answer: True");
    h.get_by_role_and_label(Role::Button, "Try this question")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    h.get_by_label("Trying one question: nothing is recorded.");
    h.get_by_label("Question 1 of 1");
    h.get_by_label("1. True").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Submit").click();
    h.run();
    h.get_by_label_contains("Because.");
    h.get_by_role_and_label(Role::Button, "See results").click();
    h.run();
    // Back in the browser, with its search kept, and nothing in the store.
    assert_eq!(h.state().screen.kind(), ScreenKind::Browser);
    h.get_by_label("1 of 2 questions");
    assert_eq!(answers_recorded(&mut h), 0);
    assert!(h.state().preview.is_none());

    // A real quiz afterwards records again.
    h.get_by_role_and_label(Role::Button, "Start page").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    assert!(
        h.query_by_label("Trying one question: nothing is recorded.")
            .is_none()
    );
    h.get_by_label("1. True").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Submit").click();
    h.run();
    assert_eq!(answers_recorded(&mut h), 1);
}

#[test]
fn preview_opens_straight_on_a_question_or_the_problems_of_a_broken_bank() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("live");
    write_bank(&dir, "First question?");
    let mut state = AppState::over(Library::load_from([], std::slice::from_ref(&dir)), 1);
    open_preview(&mut state, &dir, Some("q2"));
    assert_eq!(state.screen.kind(), ScreenKind::Question);
    let session = state.session.as_ref().unwrap();
    assert_eq!(session.session.quiz.items.len(), 1);
    assert_eq!(session.session.quiz.items[0].question.id.0, "q2");

    // A file of the bank and no question: the browser on that bank.
    let mut state = AppState::over(Library::load_from([], std::slice::from_ref(&dir)), 1);
    open_preview(&mut state, &dir.join("q.toml"), None);
    assert_eq!(state.screen.kind(), ScreenKind::Browser);

    std::fs::write(dir.join("q.toml"), "[[question]]\nid = 3\n").unwrap();
    let mut state = AppState::over(Library::load_from([], std::slice::from_ref(&dir)), 1);
    open_preview(&mut state, &dir, Some("q2"));
    assert_eq!(state.screen.kind(), ScreenKind::Problems);
}

/// 2026-01-02 12:00 UTC: the import date the CLI test passes with `--date`.
const JAN_2_NOON: i64 = 1_767_355_200_000;

fn transfer_harness(data: &Path) -> Harness<'static, AppState> {
    let mut state = AppState::over(Library::load_from([], &[]), 2);
    state.clock = Clock::Fixed(JAN_2_NOON);
    state.settings.banks_dir = Some(data.join("banks"));
    Harness::builder()
        .with_size(egui::vec2(1000.0, 1400.0))
        .build_ui_state(app_ui, state)
}

#[test]
fn a_moodle_gift_file_shows_the_cli_s_log_before_saving_then_loads_and_exports() {
    let Some(moodle) = moodle_fixtures() else {
        return; // moodle_fixtures() fails the test itself when CI=true
    };
    let input = moodle.join("questions.gift.txt");
    let tmp = tempfile::tempdir().unwrap();
    let stdout = cli_import_gift(&input, tmp.path());
    let log = prepare_import(&input, None, "2026-01-02")
        .unwrap()
        .import
        .log
        .to_string();
    assert!(stdout.starts_with(&log), "{stdout}\nvs\n{log}");

    let data = tmp.path().join("data");
    let mut h = transfer_harness(&data);
    h.run();
    h.get_by_role_and_label(Role::Button, "Import / export")
        .click();
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "File to import:");
    field.focus();
    field.type_text(input.to_str().unwrap());
    h.run();
    h.get_by_role_and_label(Role::Button, "Read file").click();
    h.run();
    // The same log as `counterpoint import`, and nothing saved yet.
    h.get_by_label(&log);
    h.get_by_label_contains("Read as gift:");
    assert!(!data.join("banks").exists());

    h.get_by_role_and_label(Role::Button, "Save to banks/questions")
        .click();
    h.run();
    let saved = data.join("banks").join("questions");
    h.get_by_label(&format!(
        "Saved to {} and loaded: 8 questions.",
        saved.display()
    ));
    assert!(
        h.state()
            .library
            .bank(&BankId("questions".into()))
            .is_some()
    );
    let (code, out, _) = run_cli(&["check", saved.to_str().unwrap()], tmp.path());
    assert_eq!(code, 0, "{out}");

    // Export it back to Moodle XML.
    h.get_by_role_and_label(Role::RadioButton, "Moodle XML")
        .click();
    let out_file = tmp.path().join("out.xml");
    let field = h.get_by_role_and_label(Role::TextInput, "Export to:");
    field.focus();
    field.type_text(out_file.to_str().unwrap());
    h.run();
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run();
    h.get_by_label_contains("Exported 8 questions of ");
    assert!(
        std::fs::read_to_string(&out_file)
            .unwrap()
            .contains("<quiz>")
    );
}

/// A file dropped on the window, as the windowing integration hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_file_is_read_for_import() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("quiz.gift");
    std::fs::write(&file, "::Q1:: The sky is blue. {T}\n").unwrap();
    let mut h = transfer_harness(&tmp.path().join("data"));
    h.run();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(file.clone())));
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Transfer);
    h.get_by_label_contains("Read as gift:");
    h.get_by_label_contains("1 questions.");
    assert!(!tmp.path().join("data").join("banks").exists());

    // An unknown file says why.
    let notes = tmp.path().join("notes.txt");
    std::fs::write(&notes, "just text").unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(notes)));
    h.run();
    h.get_by_label_contains("cannot tell the format");
}

#[test]
fn dropping_moodles_gift_file_shows_the_cli_s_counts_and_saves_a_bank_that_passes_check() {
    let Some(moodle) = moodle_fixtures() else {
        return; // moodle_fixtures() fails the test itself when CI=true
    };
    let input = moodle.join("questions.gift.txt");
    let tmp = tempfile::tempdir().unwrap();
    let stdout = cli_import_gift(&input, tmp.path());
    // The CLI's counts per kind, the first line of its log ("imported 8 question(s): 1 match, …").
    let counts = stdout.lines().next().unwrap().to_owned();
    assert!(counts.starts_with("imported 8 question(s): "), "{stdout}");

    let data = tmp.path().join("data");
    let mut h = transfer_harness(&data);
    h.run();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(input.clone())));
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Transfer);
    h.get_by_label_contains(&counts);
    assert!(!data.join("banks").exists(), "nothing is saved before Save");
    h.get_by_role_and_label(Role::Button, "Save to banks/questions")
        .click();
    h.run();
    let saved = data.join("banks").join("questions");
    h.get_by_label_contains("and loaded: 8 questions.");
    let (code, out, _) = run_cli(&["check", saved.to_str().unwrap()], tmp.path());
    assert_eq!(code, 0, "{out}");
}

#[test]
fn preview_is_a_subcommand_that_needs_its_target() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, _) = run_cli(&["--help"], tmp.path());
    assert_eq!(code, 0);
    assert!(out.contains("preview"), "{out}");
    let (code, out, _) = run_cli(&["preview", "--help"], tmp.path());
    assert_eq!(code, 0);
    assert!(out.contains("PATH[#QUESTION_ID]"), "{out}");
    let (code, _, err) = run_cli(&["preview"], tmp.path());
    assert_eq!(code, 2, "{err}");
}
