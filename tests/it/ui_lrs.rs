//! The settings screen's "Send results to an LRS" (issue 10): off by default, and "Send now"
//! against the real LRS that `.ci/run` starts (`COUNTERPOINT_LRS_URL`, see tests/it/lrs.rs).

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use counterpoint::app::{Clock, SECRET_FILE, Store};
use counterpoint::ui::{AppState, Command, ScreenKind, app_ui};

use super::lrs::{lrs_url, populate, statements_of, unique_name};
use super::util::shipped_bank;

fn harness(dir: &Path) -> Harness<'static, AppState> {
    let mut state = AppState::new(vec![shipped_bank()], Vec::new(), 5);
    state.clock = Clock::Fixed(1_767_571_200_000);
    let state = state.with_store(Store::open_in(dir).unwrap());
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(8)
        .build_ui_state(app_ui, state)
}

fn open_settings(h: &mut Harness<'_, AppState>) {
    h.run();
    h.get_by_role_and_label(Role::Button, "Settings").click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Settings);
    h.get_by_role_and_label(Role::CheckBox, "Send results to an LRS");
}

fn disabled(h: &Harness<'_, AppState>, role: Role, label: &str) -> bool {
    h.get_by_role_and_label(role, label)
        .accesskit_node()
        .is_disabled()
}

fn type_into(h: &mut Harness<'_, AppState>, role: Role, label: &str, text: &str) {
    let field = h.get_by_role_and_label(role, label);
    field.focus();
    field.type_text(text);
    h.run();
}

/// Runs frames until the send has an outcome (the thread wakes egui; a test just polls).
fn wait_for_outcome(h: &mut Harness<'_, AppState>) -> String {
    let start = Instant::now();
    loop {
        h.run();
        if let Some(outcome) = h.state().lrs.outcome() {
            let outcome = outcome.to_owned();
            h.run();
            return outcome;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no outcome after 60 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ui_lrs_sending_is_off_by_default_and_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    populate(dir.path(), 5, "Ada");
    // A port that counts as an LRS: nothing may connect to it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/xapi", listener.local_addr().unwrap());
    let mut h = harness(dir.path());
    open_settings(&mut h);
    let tick = h.get_by_role_and_label(Role::CheckBox, "Send results to an LRS");
    assert_eq!(tick.accesskit_node().toggled(), Some(Toggled::False));
    for (role, label) in [
        (Role::TextInput, "LRS address:"),
        (Role::TextInput, "Key:"),
        (Role::PasswordInput, "Secret:"),
        (Role::TextInput, "Organisation's URL:"),
        (Role::Button, "Save settings"),
        (Role::Button, "Send now"),
    ] {
        assert!(disabled(&h, role, label), "{label} is enabled while off");
    }
    h.state_mut().lrs.settings.endpoint.clone_from(&url);
    h.get_by_role_and_label(Role::Button, "Send now").click();
    h.run();
    assert!(!h.state().lrs.is_sending());
    // Even the command itself, which the disabled button cannot emit, sends nothing.
    counterpoint::ui::apply(h.state_mut(), Command::SendToLrs, 0.0);
    h.run();
    assert!(h.state().lrs.outcome().is_none());
    h.get_by_label_contains("Sending is off");
    std::thread::sleep(Duration::from_millis(200));
    assert!(listener.accept().is_err(), "something connected to the LRS");
}

#[test]
fn ui_lrs_send_now_sends_the_learners_answers_once() {
    let Some(url) = lrs_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let learner = unique_name("Ada App");
    populate(dir.path(), 50, &learner);
    let home = "https://ui-send.example";
    let mut h = harness(dir.path());
    assert_eq!(
        h.state().learner.profile().map(|p| p.name.clone()),
        Some(learner.clone())
    );
    open_settings(&mut h);
    h.get_by_role_and_label(Role::CheckBox, "Send results to an LRS")
        .click();
    h.run();
    assert!(h.state().lrs.settings.enabled);
    assert!(!disabled(&h, Role::Button, "Send now"));
    type_into(&mut h, Role::TextInput, "LRS address:", &url);
    type_into(&mut h, Role::TextInput, "Key:", "test-key");
    type_into(&mut h, Role::PasswordInput, "Secret:", "test-secret");
    type_into(&mut h, Role::TextInput, "Organisation's URL:", home);
    h.get_by_role_and_label(Role::Button, "Send now").click();
    h.run();
    let outcome = wait_for_outcome(&mut h);
    assert_eq!(outcome, "Sent 50 statements (0 already sent)");
    h.get_by_label("Sent 50 statements (0 already sent)");
    assert_eq!(statements_of(&url, home, &learner).len(), 50);
    // The secret went to its own file, readable only by the user, and not into the field.
    let secret = dir.path().join(SECRET_FILE);
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "test-secret\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    assert!(h.state().lrs.secret.is_empty());
    // The settings outlive the app: a new window reads them back, and a second send adds
    // nothing.
    drop(h);
    let mut h = harness(dir.path());
    open_settings(&mut h);
    let settings = h.state().lrs.settings.clone();
    assert!(settings.enabled);
    assert_eq!(settings.endpoint, url);
    assert_eq!(settings.key, "test-key");
    assert_eq!(settings.home_page, home);
    assert!(h.state().lrs.secret_saved);
    h.get_by_role_and_label(Role::Button, "Send now").click();
    h.run();
    assert_eq!(
        wait_for_outcome(&mut h),
        "Sent 0 statements (50 already sent)"
    );
    assert_eq!(statements_of(&url, home, &learner).len(), 50);
}

#[test]
fn ui_lrs_a_save_is_confirmed_and_another_learner_gets_the_section_afresh() {
    let dir = tempfile::tempdir().unwrap();
    populate(dir.path(), 1, "Ada");
    let mut h = harness(dir.path());
    open_settings(&mut h);
    h.get_by_label_contains("sends Ada's answers");
    h.get_by_role_and_label(Role::CheckBox, "Send results to an LRS")
        .click();
    h.run();
    h.get_by_label("Settings saved.");
    let note = h.state().lrs.note.clone().unwrap();
    assert!(!note.is_problem(), "a save is not a warning: {note:?}");
    type_into(
        &mut h,
        Role::TextInput,
        "LRS address:",
        "http://unsaved.example/xapi",
    );
    type_into(&mut h, Role::PasswordInput, "Secret:", "typed");

    // Another learner is chosen while the screen shows: the section is read again for them.
    counterpoint::ui::apply(h.state_mut(), Command::CreateProfile("Bea".into()), 0.0);
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Settings);
    h.get_by_label_contains("sends Bea's answers");
    assert!(h.query_by_label("Settings saved.").is_none());
    let lrs = &h.state().lrs;
    assert!(lrs.settings.enabled, "the saved settings stay");
    assert_eq!(lrs.settings.endpoint, "", "the unsaved address is dropped");
    assert_eq!(lrs.secret, "", "the typed secret is dropped");
    assert_eq!(lrs.note, None);
}
