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
