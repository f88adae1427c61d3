//! Accessibility of the desktop app (issue 13): text size and themes kept per learner.

use egui::accesskit::Role;
use egui::{Key, Modifiers, TextStyle};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use counterpoint::app::{Appearance, Clock, Store, TextSize, Theme};
use counterpoint::ui::{AppState, Command, ScreenKind, app_ui};

use super::util::shipped_bank;

fn harness_with_store() -> Harness<'static, AppState> {
    let mut state = AppState::new(vec![shipped_bank()], Vec::new(), 5);
    state.clock = Clock::Fixed(1_767_571_200_000);
    let state = state.with_store(Store::open_in_memory().unwrap());
    Harness::builder()
        .with_size(egui::vec2(1700.0, 900.0))
        .with_max_steps(8)
        .build_ui_state(app_ui, state)
}

/// The shipped bank cut to the first question of each of the seven kinds (with their content
/// warnings), so a quiz of every kind takes seven questions.
fn seven_kinds_harness() -> Harness<'static, AppState> {
    let mut bank = shipped_bank();
    let mut seen = std::collections::HashSet::new();
    bank.questions
        .retain(|q| seen.insert(std::mem::discriminant(&q.kind)));
    assert_eq!(bank.questions.len(), 7);
    let mut state = AppState::new(vec![bank], Vec::new(), 5);
    state.clock = Clock::Fixed(1_767_571_200_000);
    let state = state.with_store(Store::open_in_memory().unwrap());
    Harness::builder()
        .with_size(egui::vec2(1700.0, 900.0))
        .with_max_steps(8)
        .build_ui_state(app_ui, state)
}

fn body_size(h: &Harness<'_, AppState>) -> f32 {
    h.ctx.global_style().text_styles[&TextStyle::Body].size
}

#[test]
fn ctrl_plus_minus_and_zero_change_the_text_size_within_80_to_200_percent() {
    let mut h = harness_with_store();
    h.run();
    let normal = 17.0; // the body size at 100 % (ui::theme)
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    assert_eq!(h.state().settings.appearance.text_size.percent(), 110);
    assert!((body_size(&h) - normal * 1.1).abs() < 0.01);
    h.get_by_role_and_label(Role::Button, "Display").click();
    h.run();
    h.get_by_label("Text 110%");
    // egui's own zoom is off: the window scale stays, only text grows.
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    for _ in 0..15 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
        h.run();
    }
    assert_eq!(h.state().settings.appearance.text_size.percent(), 200);
    assert!((body_size(&h) - normal * 2.0).abs() < 0.01);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    assert_eq!(h.state().settings.appearance.text_size, TextSize::default());
    for _ in 0..5 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
        h.run();
    }
    assert_eq!(h.state().settings.appearance.text_size.percent(), 80);
    h.get_by_label("Text 80%");
    // The buttons do the same.
    h.get_by_role_and_label(Role::Button, "Larger text (Ctrl +)")
        .click();
    h.run();
    assert_eq!(h.state().settings.appearance.text_size.percent(), 90);
    if h.query_by_label("Text 90%").is_none() {
        h.get_by_role_and_label(Role::Button, "Display").click();
        h.run();
    }
    h.get_by_role_and_label(Role::Button, "Smaller text (Ctrl -)")
        .click();
    h.run();
    assert_eq!(h.state().settings.appearance.text_size.percent(), 80);
}

#[test]
fn the_high_contrast_theme_draws_white_on_black() {
    let mut h = harness_with_store();
    h.run();
    h.get_by_role_and_label(Role::Button, "Display").click();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "High contrast")
        .click();
    h.run();
    assert_eq!(h.state().settings.appearance.theme, Theme::HighContrast);
    let visuals = h.ctx.global_style().visuals.clone();
    assert_eq!(visuals.panel_fill, egui::Color32::BLACK);
    assert_eq!(visuals.text_color(), egui::Color32::WHITE);
    h.get_by_role_and_label(Role::Button, "Display").click();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "Light").click();
    h.run();
    assert!(!h.ctx.global_style().visuals.dark_mode);
}

#[test]
fn theme_and_text_size_are_kept_per_learner() {
    let mut h = harness_with_store();
    h.run();
    let big = Appearance {
        theme: Theme::HighContrast,
        text_size: TextSize::new(150),
    };
    h.state_mut().settings.appearance = big;
    // Set through the UI path: Ctrl + then Ctrl - stores the learner's choice.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    h.run();
    assert_eq!(h.state().settings.appearance, big);
    // A second learner starts with the defaults.
    h.get_by_role_and_label(Role::Button, "Learner: Learner 1")
        .click();
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "New learner:");
    field.focus();
    field.type_text("Asha");
    h.run();
    h.get_by_role_and_label(Role::Button, "Create").click();
    h.run();
    assert_eq!(h.state().settings.appearance, Appearance::default());
    // Switching back restores the first learner's settings.
    h.get_by_role_and_label(Role::Button, "Switch to Learner 1")
        .click();
    h.run();
    assert_eq!(h.state().settings.appearance, big);
    assert_eq!(h.state().screen.kind(), ScreenKind::Learners);
    assert_eq!(
        h.ctx.global_style().visuals.panel_fill,
        egui::Color32::BLACK
    );
}

#[test]
fn the_window_is_titled_after_the_screen() {
    let mut h = harness_with_store();
    h.run();
    let title = |h: &Harness<'_, AppState>| h.root().accesskit_node().label().unwrap_or_default();
    assert_eq!(title(&h), "Counterpoint: Start page");
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    assert_eq!(title(&h), "Counterpoint: Question 1 of 10");
    counterpoint::ui::apply(h.state_mut(), Command::Show(ScreenKind::Glossary), 0.0);
    h.run();
    assert_eq!(title(&h), "Counterpoint: Glossary");
}

#[test]
fn escape_goes_back_and_f1_lists_the_screens_shortcuts() {
    let mut h = harness_with_store();
    h.run();
    for screen in ["Glossary", "Timeline", "Progress", "Learner: Learner 1"] {
        h.get_by_role_and_label(Role::Button, screen).click();
        h.run();
        assert_ne!(h.state().screen.kind(), ScreenKind::Home, "{screen}");
        h.key_press(Key::F1);
        h.run();
        h.get_by_label("Keyboard shortcuts");
        h.get_by_label("Back to the start page");
        // Esc first closes the help, then goes back.
        h.key_press(Key::Escape);
        h.run();
        assert!(h.query_by_label("Keyboard shortcuts").is_none());
        assert_ne!(h.state().screen.kind(), ScreenKind::Home, "{screen}");
        h.key_press(Key::Escape);
        h.run();
        assert_eq!(h.state().screen.kind(), ScreenKind::Home, "{screen}");
    }
    // In a quiz the help lists the answer keys; Esc does not end the quiz.
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    h.key_press(Key::F1);
    h.run();
    h.get_by_label("Left, Right");
    h.get_by_role_and_label(Role::Button, "Close help").click();
    h.run();
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    // Results: Esc goes back to the start page.
    h.get_by_role_and_label(Role::Button, "End quiz").click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Results);
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Home);
}

#[test]
fn f1_on_every_screen_lists_that_screens_own_shortcuts() {
    let mut h = seven_kinds_harness();
    h.run();
    for kind in ScreenKind::ALL {
        let own = counterpoint::ui::screen_shortcuts(kind);
        assert!(!own.is_empty(), "{kind:?} has no shortcuts of its own");
        counterpoint::ui::apply(h.state_mut(), Command::Show(kind), 0.0);
        h.run();
        if kind == ScreenKind::Question {
            // A question shows in a quiz.
            h.get_by_role_and_label(Role::Button, "Start").click();
            h.run();
        }
        if h.state().screen.kind() != kind {
            // An exam and its result show only with a paper open: their help is checked in
            // tests/it/ui_exam.rs.
            assert!(
                matches!(kind, ScreenKind::Exam | ScreenKind::ExamResult),
                "{kind:?}"
            );
            continue;
        }
        h.key_press(Key::F1);
        h.run();
        h.get_by_label("Keyboard shortcuts");
        for (keys, action) in own {
            assert!(
                h.query_all_by_label(action).next().is_some(),
                "{kind:?}: the help does not list {keys:?}: {action:?}"
            );
        }
        h.key_press(Key::F1);
        h.run();
        assert!(h.query_by_label("Keyboard shortcuts").is_none(), "{kind:?}");
    }
    // The settings screen, reached from the top bar, says how to turn sending on.
    counterpoint::ui::apply(h.state_mut(), Command::Show(ScreenKind::Settings), 0.0);
    h.run();
    h.key_press(Key::F1);
    h.run();
    h.get_by_label_contains("Send results to an LRS\u{201d}, then its fields");
}

/// "?" as a real keyboard delivers it: the key `Questionmark` with Shift, and the text "?" (in
/// one frame in the app; `egui_kittest` runs a frame for each).
fn type_question_mark(h: &mut Harness<'_, AppState>) {
    h.event(egui::Event::Key {
        key: Key::Questionmark,
        physical_key: Some(Key::Slash),
        pressed: true,
        repeat: false,
        modifiers: Modifiers::SHIFT,
    });
    h.event(egui::Event::Text("?".into()));
    h.run();
}

#[test]
fn question_mark_opens_the_help_except_in_a_text_field() {
    let mut h = harness_with_store();
    h.run();
    type_question_mark(&mut h);
    h.get_by_label("Keyboard shortcuts");
    h.get_by_label("Start the quiz");
    // Once per press, although egui gets it twice (key and text); again closes it.
    type_question_mark(&mut h);
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    type_question_mark(&mut h);
    h.get_by_label("Keyboard shortcuts");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    // In the bank browser's search field "?" is typed, not taken as the help key.
    h.get_by_role_and_label(Role::Button, "Bank browser")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Browser);
    let field = h.get_by_role_and_label(Role::TextInput, "Search:");
    field.focus();
    h.run();
    field_type(&mut h, "why");
    type_question_mark(&mut h);
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    let search = match &h.state().screen {
        counterpoint::ui::Screen::Browser(b) => b.filter.search.clone(),
        _ => panic!("the browser is not showing"),
    };
    assert_eq!(search, "why?");
}

/// Types `text` into the focused text field.
fn field_type(h: &mut Harness<'_, AppState>, text: &str) {
    h.event(egui::Event::Text(text.into()));
    h.run();
}

/// Roles a user acts on: each needs a name.
const INTERACTIVE: &[Role] = &[
    Role::Button,
    Role::DefaultButton,
    Role::CheckBox,
    Role::RadioButton,
    Role::ComboBox,
    Role::TextInput,
    Role::MultilineTextInput,
    Role::SearchInput,
    Role::SpinButton,
    Role::Slider,
    Role::Link,
    Role::Switch,
    Role::Tab,
    Role::MenuItem,
    Role::ListBoxOption,
];

/// What is wrong with the accessibility tree showing now: a window without a title, an
/// interactive node without a name (or a bare "Up"/"Down"), two interactive nodes with the same
/// name in one container.
fn audit(h: &Harness<'_, AppState>, screen: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let root = h.root();
    let title = root.accesskit_node().label().unwrap_or_default();
    if !title.starts_with("Counterpoint") || title.trim().is_empty() {
        problems.push(format!("{screen}: the window's title is {title:?}"));
    }
    let mut seen = std::collections::HashMap::new();
    for node in root.children_recursive() {
        let n = node.accesskit_node();
        if !INTERACTIVE.contains(&n.role()) || n.is_hidden() {
            continue;
        }
        let name = n.label().unwrap_or_default();
        let name = name.trim().to_owned();
        if name.is_empty() {
            problems.push(format!(
                "{screen}: {:?} without a name at {:?} (value {:?})",
                n.role(),
                n.bounding_box(),
                n.value()
            ));
            continue;
        }
        let lower = name.to_lowercase();
        if ["up", "down", "move up", "move down"].contains(&lower.as_str()) {
            problems.push(format!(
                "{screen}: {name:?} does not say which item it moves"
            ));
        }
        let parent = n.parent_id();
        let this = (n.role(), n.numeric_value());
        if let Some(other) = seen.insert((parent, name.clone()), this)
            && !same_value(other, this)
        {
            problems.push(format!(
                "{screen}: two controls named {name:?} in one container ({:?}, {:?})",
                other.0,
                n.role()
            ));
        }
    }
    problems
}

/// A slider and the number box egui draws beside it share a name because they act on the same
/// value; any other pair of same-named controls acts on different things.
fn same_value(a: (Role, Option<f64>), b: (Role, Option<f64>)) -> bool {
    let pair = [a.0, b.0];
    pair.contains(&Role::Slider) && pair.contains(&Role::SpinButton) && a.1 == b.1
}

/// Fills in some answer for the current question straight in the draft (the tree, not the
/// answer, is under test here).
fn answer_something(h: &mut Harness<'_, AppState>) {
    use counterpoint::model::Kind;
    let item = h
        .state()
        .session
        .as_ref()
        .and_then(|s| s.current())
        .cloned()
        .unwrap();
    let draft = h.state_mut().draft_mut().unwrap();
    match &item.question.kind {
        Kind::Single { .. } => draft.single = Some(item.display_order[0]),
        Kind::Multiple { .. } => {
            draft.multiple.insert(item.display_order[0]);
        }
        Kind::TrueFalse { .. } => draft.true_false = Some(true),
        Kind::Order { .. } => {}
        Kind::Match { .. } => draft.matches[0] = Some(item.display_order[0]),
        Kind::Numeric { .. } | Kind::Text { .. } => draft.text = "1".into(),
    }
}

/// Goes through a whole quiz of every question (all seven kinds), auditing the warning, the
/// question and the feedback of each; returns the kinds seen.
fn audit_quiz(h: &mut Harness<'_, AppState>, problems: &mut Vec<String>) -> Vec<String> {
    let mut kinds = Vec::new();
    while h.state().screen.kind() == ScreenKind::Question {
        h.run();
        let item = h
            .state()
            .session
            .as_ref()
            .and_then(|s| s.current())
            .cloned()
            .unwrap();
        let id = item.question.id.0.clone();
        if h.state().phase() == Some(counterpoint::ui::Phase::Warning) {
            problems.extend(audit(h, &format!("warning before {id}")));
            h.get_by_role_and_label(Role::Button, "Continue").click();
            h.run();
        }
        kinds.push(format!("{:?}", std::mem::discriminant(&item.question.kind)));
        problems.extend(audit(h, &format!("question {id}")));
        answer_something(h);
        h.run();
        h.get_by_role_and_label(Role::Button, "Submit").click();
        h.run();
        problems.extend(audit(h, &format!("feedback of {id}")));
        if let Some(next) = h
            .query_by_role_and_label(Role::Button, "Next question")
            .or_else(|| h.query_by_role_and_label(Role::Button, "See results"))
        {
            next.click();
        } else {
            // Study mode: rate recall.
            h.get_by_role_and_label(Role::Button, "3 Good").click();
        }
        h.run();
    }
    kinds.sort();
    kinds.dedup();
    kinds
}

/// A node's id as text (the consumer's id type is not exported).
fn node_key(n: &egui_kittest::kittest::AccessKitNode<'_>) -> String {
    format!("{:?}", n.id())
}

/// The focused node, if any: its id, name and bounding box.
fn focused_node(h: &Harness<'_, AppState>) -> Option<(String, String, egui::accesskit::Rect)> {
    h.root().children_recursive().find_map(|n| {
        let n = n.accesskit_node();
        if !n.is_focused() {
            return None;
        }
        Some((
            node_key(&n),
            n.label().unwrap_or_default(),
            n.bounding_box()?,
        ))
    })
}

/// Where node `id` is now (a Tab may have scrolled it).
fn box_now(h: &Harness<'_, AppState>, id: &str) -> Option<egui::accesskit::Rect> {
    h.root().children_recursive().find_map(|n| {
        let n = n.accesskit_node();
        (node_key(&n) == id).then(|| n.bounding_box()).flatten()
    })
}

/// Tabs through every control of the screen showing; fails unless focus goes in reading order
/// (down the page; along a line, left to right), the focused control is scrolled into the window
/// (so its focus outline shows), and Tab comes back to the first. Positions are compared after
/// each Tab, so a page that scrolls to show the next control is still read top to bottom.
fn assert_tab_order_is_reading_order(h: &mut Harness<'_, AppState>, screen: &str) -> usize {
    let window = h.ctx.content_rect();
    let mut visited: Vec<(String, String)> = Vec::new();
    for _ in 0..400 {
        h.key_press(Key::Tab);
        h.run();
        let Some((id, name, b)) = focused_node(h) else {
            panic!("{screen}: Tab left no control focused after {visited:?}");
        };
        if visited.first().is_some_and(|first| first.0 == id) {
            return visited.len();
        }
        assert!(
            f64::from(window.top()) <= b.y1
                && b.y0 <= f64::from(window.bottom())
                && f64::from(window.left()) <= b.x1
                && b.x0 <= f64::from(window.right()),
            "{screen}: {name:?} has the focus at {b:?}, outside the window {window:?}"
        );
        if let Some((before_id, before)) = visited.last() {
            let a = box_now(h, before_id)
                .unwrap_or_else(|| panic!("{screen}: {before:?} went away on Tab"));
            // Same line: the boxes overlap vertically; then left to right. Otherwise further down.
            let same_line = b.y0 < a.y1 && a.y0 < b.y1;
            let in_order = if same_line {
                b.x0 >= a.x0
            } else {
                b.y0 >= a.y1 - 1.0
            };
            assert!(
                in_order,
                "{screen}: Tab went from {before:?} at {a:?} to {name:?} at {b:?}"
            );
        }
        assert!(
            !visited.iter().any(|v| v.0 == id),
            "{screen}: Tab came back to {name:?} before the first control"
        );
        visited.push((id, name));
    }
    panic!("{screen}: Tab never came back to the first control");
}

#[test]
fn every_screen_has_a_titled_window_and_named_distinct_controls() {
    let mut h = seven_kinds_harness();
    h.run();
    let mut problems = audit(&h, "start page");
    // A practice quiz of all seven kinds.
    let total = h.state().matching_count();
    h.state_mut().home.count = total;
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    let kinds = audit_quiz(&mut h, &mut problems);
    assert_eq!(kinds.len(), 7, "the quiz had every kind");
    assert_eq!(h.state().screen.kind(), ScreenKind::Results);
    problems.extend(audit(&h, "results"));
    // Study mode, with its recall rating.
    h.get_by_role_and_label(Role::Button, "Back to start")
        .click();
    h.run();
    h.state_mut().home.count = 2;
    h.get_by_role_and_label(Role::Button, "Study").click();
    h.run();
    audit_quiz(&mut h, &mut problems);
    // Every screen the app has, now that there is progress to show.
    for kind in ScreenKind::ALL {
        counterpoint::ui::apply(h.state_mut(), Command::Show(kind), 0.0);
        h.run();
        problems.extend(audit(&h, &format!("{kind:?}")));
        if kind == ScreenKind::Progress {
            // Each chart is followed by its figures in words or in a table.
            assert_eq!(h.get_all_by_label_contains("In words:").count(), 2);
            h.get_by_label_contains("Daily figures as a table");
            h.get_by_label("Mastery per topic (%)");
            h.get_by_label("Questions answered");
        }
    }
    // The learners screen asking to confirm a deletion.
    counterpoint::ui::apply(h.state_mut(), Command::Show(ScreenKind::Learners), 0.0);
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "New learner:");
    field.focus();
    field.type_text("Asha");
    h.run();
    h.get_by_role_and_label(Role::Button, "Create").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Delete Learner 1")
        .click();
    h.run();
    problems.extend(audit(&h, "learners, confirming a deletion"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What the feedback should say for the answer just graded.
fn outcome_text(h: &Harness<'_, AppState>) -> String {
    let answered = h
        .state()
        .session
        .as_ref()
        .unwrap()
        .session
        .current_answer()
        .cloned()
        .unwrap();
    match answered.grade.outcome() {
        counterpoint::engine::Outcome::Right => "Right".to_owned(),
        counterpoint::engine::Outcome::Wrong => "Wrong".to_owned(),
        counterpoint::engine::Outcome::Partial => {
            format!("Partly right: {:.0}%", answered.grade.score * 100.0)
        }
    }
}

#[test]
fn answer_widgets_have_roles_names_and_states_and_the_outcome_is_announced() {
    use counterpoint::model::Kind;
    use egui::accesskit::{Live, Toggled};
    let mut h = seven_kinds_harness();
    h.run();
    let total = h.state().matching_count();
    h.state_mut().home.count = total;
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    let mut checked = std::collections::BTreeSet::new();
    while h.state().screen.kind() == ScreenKind::Question {
        if h.state().phase() == Some(counterpoint::ui::Phase::Warning) {
            h.get_by_role_and_label(Role::Button, "Continue").click();
            h.run();
        }
        let item = h
            .state()
            .session
            .as_ref()
            .and_then(|s| s.current())
            .cloned()
            .unwrap();
        let first = item.display_order.first().copied().unwrap_or(0);
        match &item.question.kind {
            Kind::Single { choices, .. } => {
                let label = format!("1. {}", choices[first].text);
                let radio = h.get_by_role_and_label(Role::RadioButton, &label);
                assert_eq!(radio.accesskit_node().toggled(), Some(Toggled::False));
                radio.click();
                h.run();
                let radio = h.get_by_role_and_label(Role::RadioButton, &label);
                assert_eq!(radio.accesskit_node().toggled(), Some(Toggled::True));
                checked.insert("single");
            }
            Kind::Multiple { choices, .. } => {
                let label = format!("1. {}", choices[first].text);
                h.get_by_role_and_label(Role::CheckBox, &label).click();
                h.run();
                let tick = h.get_by_role_and_label(Role::CheckBox, &label);
                assert_eq!(tick.accesskit_node().toggled(), Some(Toggled::True));
                checked.insert("multiple");
            }
            Kind::TrueFalse { .. } => {
                h.get_by_role_and_label(Role::RadioButton, "1. True")
                    .click();
                h.run();
                checked.insert("true_false");
            }
            Kind::Order { items } => {
                let n = items.len();
                for (row, &i) in item.display_order.iter().enumerate() {
                    let text = &items[i];
                    h.get_by_label(&format!("{} of {n}: {text}", row + 1));
                    h.get_by_role_and_label(Role::Button, &format!("Move {text} up"));
                    h.get_by_role_and_label(Role::Button, &format!("Move {text} down"));
                }
                assert!(h.query_by_label("Up").is_none());
                checked.insert("order");
            }
            Kind::Match { pairs, .. } => {
                for pair in pairs {
                    let combo = h.get_by_role_and_label(Role::ComboBox, &pair.left);
                    assert_eq!(combo.accesskit_node().value().as_deref(), Some("(choose)"));
                }
                h.state_mut().draft_mut().unwrap().matches[0] = Some(0);
                h.run();
                let combo = h.get_by_role_and_label(Role::ComboBox, &pairs[0].left);
                assert_eq!(
                    combo.accesskit_node().value().as_deref(),
                    Some(pairs[0].right.as_str())
                );
                checked.insert("match");
            }
            Kind::Numeric { .. } | Kind::Text { .. } => {
                let field = h.get_by_role_and_label(Role::TextInput, "Your answer:");
                field.focus();
                field.type_text("1");
                h.run();
                let numeric = matches!(item.question.kind, Kind::Numeric { .. });
                checked.insert(if numeric { "numeric" } else { "text" });
            }
        }
        h.get_by_role_and_label(Role::Button, "Submit").click();
        h.run();
        let outcome = outcome_text(&h);
        let node = h.get_by_label(&outcome);
        assert_eq!(node.accesskit_node().live(), Live::Assertive, "{outcome}");
        h.key_press(Key::Enter);
        h.run();
    }
    assert_eq!(checked.len(), 7, "{checked:?}");
}

#[test]
fn tab_follows_reading_order_and_focus_is_drawn() {
    let mut h = harness_with_store();
    h.run();
    let n = assert_tab_order_is_reading_order(&mut h, "start page");
    assert!(n > 10, "{n} controls on the start page");
    h.key_press(Key::Escape);
    h.run();
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    // Questions of several kinds.
    for _ in 0..4 {
        if h.state().phase() == Some(counterpoint::ui::Phase::Warning) {
            h.key_press(Key::Enter);
            h.run();
        }
        assert_tab_order_is_reading_order(&mut h, "question");
        answer_something(&mut h);
        h.run();
        h.get_by_role_and_label(Role::Button, "Submit").click();
        h.run();
        h.get_by_role_and_label(Role::Button, "Next question")
            .click();
        h.run();
    }
    // A focused control is drawn with a thick outline in the focus colour (egui draws focus
    // with the "active" look); its contrast is in the palette's unit test.
    // (System last: a harness keeps egui's style until a setting first changes.)
    for theme in [
        Theme::HighContrast,
        Theme::Light,
        Theme::Dark,
        Theme::System,
    ] {
        h.state_mut().settings.appearance.theme = theme;
        h.run();
        let visuals = h.ctx.global_style().visuals.clone();
        let focus = visuals.widgets.active.bg_stroke;
        assert!(focus.width >= 2.0, "{theme:?}");
        assert_ne!(
            focus.color, visuals.widgets.inactive.bg_stroke.color,
            "{theme:?}"
        );
    }
}

#[test]
fn tab_follows_reading_order_on_every_screen() {
    let mut h = seven_kinds_harness();
    h.run();
    // Progress to show: a short quiz, answered.
    h.state_mut().home.count = 3;
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run();
    audit_quiz(&mut h, &mut Vec::new());
    let mut problems = Vec::new();
    // Every screen, the map included: its groups and relations are scattered over a picture,
    // and take the focus in reading order too (`app::reading_order`).
    for kind in ScreenKind::ALL {
        counterpoint::ui::apply(h.state_mut(), Command::Show(kind), 0.0);
        h.run();
        // Start each screen with nothing focused, as on arrival.
        h.ctx.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
        h.run();
        let screen = format!("{kind:?}");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            assert_tab_order_is_reading_order(&mut h, &screen)
        }));
        match result {
            Ok(n) => assert!(n > 0, "{screen}: no control takes the focus"),
            Err(e) => problems.push(
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| format!("{screen}: failed")),
            ),
        }
        h.key_press(Key::Escape);
        h.run();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Nodes whose box runs past the right edge of the window (their text would be cut off), or, on
/// the page below the top bar, into the strip where the page's scroll bar is drawn (over the
/// content's right edge, so the end of a line would sit under it).
fn past_the_right_edge(h: &Harness<'_, AppState>, screen: &str) -> Vec<String> {
    let window = h.ctx.content_rect();
    let right = f64::from(window.right()) + 1.0;
    // The top bar ends above the "Display" menu's bottom edge plus the bar's margin.
    let top_bar_bottom = h
        .query_by_role_and_label(Role::Button, "Display")
        .and_then(|n| n.accesskit_node().bounding_box())
        .map_or(0.0, |b| b.y1);
    // The page's scroll bar (when the page scrolls): its left edge.
    let page_right = h
        .root()
        .children_recursive()
        .filter_map(|n| {
            let n = n.accesskit_node();
            let b = n.bounding_box()?;
            (n.role() == Role::ScrollBar && b.y0 > top_bar_bottom).then_some(b.x0 + 1.0)
        })
        .fold(right, f64::min);
    h.root()
        .children_recursive()
        .filter_map(|n| {
            let n = n.accesskit_node();
            let b = n.bounding_box()?;
            let limit = if b.y0 > top_bar_bottom {
                page_right
            } else {
                right
            };
            (b.x1 > limit && !n.is_hidden() && n.role() != Role::ScrollBar).then(|| {
                format!(
                    "{screen}: {:?} {:?} ends at x = {:.0}, past {limit:.0}",
                    n.role(),
                    n.label().unwrap_or_default(),
                    b.x1
                )
            })
        })
        .collect()
}

/// The one-line fields of `screen`, by label, with their widths.
fn field_widths(h: &mut Harness<'_, AppState>, screen: ScreenKind) -> Vec<(String, f64)> {
    counterpoint::ui::apply(h.state_mut(), Command::Show(screen), 0.0);
    h.run();
    h.root()
        .children_recursive()
        .filter_map(|n| {
            let n = n.accesskit_node();
            let b = n.bounding_box()?;
            (n.role() == Role::TextInput).then(|| (n.label().unwrap_or_default(), b.x1 - b.x0))
        })
        .collect()
}

#[test]
fn one_line_fields_grow_with_the_text_so_their_hints_stay_whole() {
    let state = AppState::new(vec![shipped_bank()], Vec::new(), 5)
        .with_store(Store::open_in_memory().unwrap());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 900.0))
        .build_ui_state(app_ui, state);
    h.run();
    let screens = [
        ScreenKind::Settings,
        ScreenKind::Transfer,
        ScreenKind::Browser,
    ];
    let before: Vec<_> = screens
        .iter()
        .flat_map(|&s| field_widths(&mut h, s))
        .collect();
    assert!(before.len() >= 6, "{before:?}");
    counterpoint::ui::apply(h.state_mut(), Command::Show(ScreenKind::Home), 0.0);
    h.run();
    for _ in 0..10 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        h.run();
    }
    assert_eq!(h.state().settings.appearance.text_size.percent(), 200);
    let after: Vec<_> = screens
        .iter()
        .flat_map(|&s| field_widths(&mut h, s))
        .collect();
    assert_eq!(before.len(), after.len());
    for ((label, w100), (_, w200)) in before.iter().zip(&after) {
        assert!(
            w200 / w100 > 1.9,
            "{label:?}: {w100:.0} at 100 %, {w200:.0} at 200 %"
        );
    }
    // In a narrower window a field leaves room for the button after it.
    h.set_size(egui::vec2(1000.0, 900.0));
    counterpoint::ui::apply(h.state_mut(), Command::Show(ScreenKind::Transfer), 0.0);
    h.run();
    for button in ["Read file", "Export"] {
        let b = h
            .get_by_role_and_label(Role::Button, button)
            .accesskit_node()
            .bounding_box()
            .unwrap();
        assert!(b.x1 <= 1000.0, "{button:?} ends at x = {:.0}", b.x1);
    }
}

#[test]
fn at_200_percent_text_no_line_runs_past_a_1280_point_window() {
    let mut state = AppState::new(vec![shipped_bank()], Vec::new(), 5);
    state.clock = Clock::Fixed(1_767_571_200_000);
    let state = state.with_store(Store::open_in_memory().unwrap());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_max_steps(8)
        .build_ui_state(app_ui, state);
    h.run();
    for _ in 0..10 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        h.run();
    }
    assert_eq!(h.state().settings.appearance.text_size.percent(), 200);
    let mut problems = Vec::new();
    // Where a line wraps depends on the width: windows a few points apart put the end of some
    // line of the start page (the banks' indented notes, the study text) under the scroll bar.
    for width in (1180..=1280).step_by(4) {
        #[expect(clippy::cast_precision_loss, reason = "small widths")]
        h.set_size(egui::vec2(width as f32, 900.0));
        h.run();
        problems.extend(past_the_right_edge(
            &h,
            &format!("start page, {width} wide"),
        ));
    }
    h.set_size(egui::vec2(1280.0, 900.0));
    h.run();
    problems.extend(past_the_right_edge(&h, "start page"));
    h.state_mut().home.count = 2;
    quiz_past_the_right_edge(&mut h, &mut problems);
    // A quiz of all seven kinds (order rows with their buttons, match rows with their lists, typed
    // answers), in the same window.
    let mut h = seven_kinds_harness();
    h.set_size(egui::vec2(1280.0, 900.0));
    h.run();
    for _ in 0..10 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        h.run();
    }
    h.state_mut().home.count = 7;
    quiz_past_the_right_edge(&mut h, &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Starts a quiz and goes through it, collecting what runs past the right edge on each
/// question, its feedback and the results.
fn quiz_past_the_right_edge(h: &mut Harness<'_, AppState>, problems: &mut Vec<String>) {
    // By keys: at 200 % the buttons can be below the window, where a click does not reach them
    // (before, this test clicked an unseen Start and checked the start page three times).
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    for _ in 0..20 {
        if h.state().screen.kind() != ScreenKind::Question {
            break;
        }
        if h.state().phase() == Some(counterpoint::ui::Phase::Warning) {
            problems.extend(past_the_right_edge(h, "content warning"));
            h.key_press(Key::Enter);
            h.run();
        }
        problems.extend(past_the_right_edge(h, "question"));
        answer_something(h);
        h.run();
        h.key_press(Key::Enter);
        h.run();
        assert_eq!(h.state().phase(), Some(counterpoint::ui::Phase::Feedback));
        problems.extend(past_the_right_edge(h, "feedback"));
        h.key_press(Key::Enter);
        h.run();
    }
    assert_eq!(h.state().screen.kind(), ScreenKind::Results);
    problems.extend(past_the_right_edge(h, "results"));
}
