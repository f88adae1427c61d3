//! The relationship map screen (issue #12) with `egui_kittest`: groups and relations found by
//! their accessible names, the side card, the year slider and "Practise these N questions".

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use counterpoint::app::MapItem;
use counterpoint::ui::{AppState, Screen, ScreenKind, app_ui};

use super::util::shipped_bank;

fn harness() -> Harness<'static, AppState> {
    let state = AppState::new(vec![shipped_bank()], Vec::new(), 1);
    Harness::builder()
        .with_size(egui::vec2(1200.0, 1000.0))
        .build_ui_state(app_ui, state)
}

fn open_map(h: &mut Harness<'_, AppState>) {
    h.run();
    h.get_by_role_and_label(Role::Button, "Map").click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Map);
}

fn year(h: &Harness<'_, AppState>) -> u16 {
    match &h.state().screen {
        Screen::Map(view) => view.year,
        _ => panic!("the map is not showing"),
    }
}

fn selected(h: &Harness<'_, AppState>) -> Option<MapItem> {
    match &h.state().screen {
        Screen::Map(view) => view.selected.clone(),
        _ => None,
    }
}

#[test]
fn a_group_selected_by_its_accessible_name_opens_its_card_with_sources() {
    let mut h = harness();
    open_map(&mut h);
    assert!(h.query_by_label("Close card").is_none());
    h.get_by_role_and_label(Role::Button, "Lashkar-e-Islam (LeI)")
        .click();
    h.run();
    assert_eq!(selected(&h), Some(MapItem::Group("lashkar-e-islam".into())));
    h.get_by_label("Close card");
    // The card: its kind and dates, the relation listed, a source in full.
    h.get_by_label_contains("militant group;");
    h.get_by_role_and_label(Role::Link, "Lashkar-e-Islam, allied with ISKP");
    h.get_by_label_contains("Interactions: alliance with Lashkar-e-Islam");
    h.get_by_role_and_label(Role::Button, "Practise these 3 questions");
    h.get_by_role_and_label(Role::Button, "Close card").click();
    h.run();
    assert_eq!(selected(&h), None);
}

#[test]
fn the_year_slider_shows_and_hides_relations() {
    let mut h = harness();
    open_map(&mut h);
    assert_eq!(year(&h), 2024);
    let pledge = "TTP, pledged allegiance to Afghan Taliban";
    let rivalry = "ISKP, rival of TTP";
    h.get_by_role_and_label(Role::Button, pledge);
    h.get_by_role_and_label(Role::Button, rivalry);
    // The slider, moved as a screen reader does.
    h.get_by_role_and_label(Role::Slider, "Year")
        .set_value_accesskit(2020.0);
    h.run();
    assert_eq!(year(&h), 2020);
    assert!(h.query_by_label(pledge).is_none(), "pledged in August 2021");
    h.get_by_role_and_label(Role::Button, rivalry);
    // The arrow keys move the year too.
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert_eq!(year(&h), 2019);
    assert!(
        h.query_by_label(rivalry).is_none(),
        "fighting began in 2020"
    );
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(year(&h), 2021);
    h.get_by_role_and_label(Role::Button, pledge);
}

#[test]
fn enter_on_a_focused_group_opens_its_card() {
    let mut h = harness();
    open_map(&mut h);
    h.get_by_role_and_label(Role::Button, "Afghan Taliban")
        .focus();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(selected(&h), Some(MapItem::Group("afghan-taliban".into())));
    h.get_by_label("Close card");
}

#[test]
fn practise_these_starts_a_quiz_of_the_relation_questions() {
    let mut h = harness();
    open_map(&mut h);
    h.get_by_role_and_label(Role::Button, "Lashkar-e-Islam, allied with ISKP")
        .click();
    h.run();
    assert_eq!(
        selected(&h),
        Some(MapItem::Relation("lei-allied-with-iskp".into()))
    );
    h.get_by_label_contains("allied with;");
    h.get_by_role_and_label(Role::Button, "Practise these 3 questions")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    let session = h.state().session.as_ref().unwrap();
    let mut ids: Vec<&str> = session
        .session
        .quiz
        .items
        .iter()
        .map(|i| i.question.id.0.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["rel-012", "rel-013", "rel-014"]);
}

/// The name and box of the control that has the focus.
fn focused(h: &Harness<'_, AppState>) -> Option<(String, egui::accesskit::Rect)> {
    h.root().children_recursive().find_map(|n| {
        let n = n.accesskit_node();
        n.is_focused()
            .then(|| Some((n.label().unwrap_or_default(), n.bounding_box()?)))
            .flatten()
    })
}

/// The accessible names of the map's groups and of the relations shown in `year`.
fn map_names(h: &Harness<'_, AppState>) -> std::collections::BTreeSet<String> {
    let Screen::Map(view) = &h.state().screen else {
        panic!("the map is not showing");
    };
    let bank = view.bank(&h.state().library).unwrap();
    let map = &bank.map;
    map.groups
        .iter()
        .map(|g| g.name.clone())
        .chain(view.visible(map).iter().map(|r| map.relation_name(r)))
        .collect()
}

#[test]
fn tab_reaches_every_group_and_relation_and_enter_opens_a_relations_card() {
    let mut h = harness();
    open_map(&mut h);
    let expected = map_names(&h);
    assert!(
        expected.len() > 40,
        "{} groups and relations",
        expected.len()
    );
    let mut reached = std::collections::BTreeSet::new();
    for _ in 0..200 {
        h.key_press(egui::Key::Tab);
        h.run();
        let (name, _) = focused(&h).expect("Tab leaves a control focused");
        reached.insert(name);
    }
    let missed: Vec<_> = expected.difference(&reached).collect();
    assert!(missed.is_empty(), "Tab never reached {missed:?}");
    // Enter on a focused relation opens its card.
    let relation = "Lashkar-e-Islam, allied with ISKP";
    for _ in 0..200 {
        if focused(&h).is_some_and(|(name, _)| name == relation) {
            break;
        }
        h.key_press(egui::Key::Tab);
        h.run();
    }
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        selected(&h),
        Some(MapItem::Relation("lei-allied-with-iskp".into()))
    );
    h.get_by_label("Close card");
}

#[test]
fn a_group_or_relation_tab_focuses_outside_the_zoomed_map_is_panned_into_view() {
    let mut h = harness();
    open_map(&mut h);
    for _ in 0..6 {
        h.get_by_role_and_label(Role::Button, "Zoom in").click();
        h.run();
    }
    let expected = map_names(&h);
    let window = h.ctx.content_rect();
    let mut outside_before = 0;
    for _ in 0..200 {
        let before: Vec<(String, egui::accesskit::Rect)> = h
            .root()
            .children_recursive()
            .filter_map(|n| {
                let n = n.accesskit_node();
                Some((n.label()?, n.bounding_box()?))
            })
            .collect();
        h.key_press(egui::Key::Tab);
        h.run();
        let (name, b) = focused(&h).unwrap();
        if !expected.contains(&name) {
            continue;
        }
        let was_outside = before.iter().any(|(n, r)| {
            n == &name
                && (r.x0 < f64::from(window.left())
                    || r.x1 > f64::from(window.right())
                    || r.y1 > f64::from(window.bottom())
                    || r.x1 <= r.x0)
        });
        outside_before += usize::from(was_outside);
        assert!(
            f64::from(window.left()) <= b.x0
                && b.x1 <= f64::from(window.right())
                && b.y1 <= f64::from(window.bottom())
                && b.x0 < b.x1
                && b.y0 < b.y1,
            "{name:?} has the focus at {b:?}, not wholly in the window {window:?}"
        );
    }
    assert!(
        outside_before > 5,
        "the zoomed map hid only {outside_before} of the items Tab reached"
    );
}

fn timeline_selected(h: &Harness<'_, AppState>) -> Option<String> {
    match &h.state().screen {
        Screen::Timeline(view) => view.selected.as_ref().map(|(_, e)| e.clone()),
        _ => None,
    }
}

#[test]
fn a_timeline_marker_opens_its_event_card_and_the_type_filter_hides_markers() {
    let mut h = harness();
    h.run();
    h.get_by_role_and_label(Role::Button, "Timeline").click();
    h.run();
    let marker = "Marker: Leadership: TTP leader Hakimullah Mehsud dies and the TTP fragments";
    h.get_by_role_and_label(Role::Button, marker).click();
    h.run();
    assert_eq!(
        timeline_selected(&h).as_deref(),
        Some("ev-2013-11-ttp-leader-dies")
    );
    h.get_by_role_and_label(Role::Button, "Close event card");
    h.get_by_role_and_label(Role::Button, "Practise 3 questions on this event")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Question);
    assert_eq!(
        h.state().session.as_ref().unwrap().session.quiz.items.len(),
        3
    );

    h.get_by_role_and_label(Role::Button, "End quiz").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Timeline").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Leadership")
        .click();
    h.run();
    assert!(
        h.query_by_label(marker).is_none(),
        "leadership markers hidden"
    );
    h.get_by_role_and_label(
        Role::Button,
        "Marker: Designation: U.S. designates ISKP a Foreign Terrorist Organization",
    )
    .hover();
}

#[test]
fn feedback_on_a_linked_question_leads_to_the_map_and_the_timeline() {
    let mut h = harness();
    open_map(&mut h);
    h.get_by_role_and_label(Role::Button, "Lashkar-e-Islam, allied with ISKP")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Practise these 3 questions")
        .click();
    h.run();
    let item = super::ui::current(&h);
    super::ui::answer_right_with_widgets(&mut h, &item);
    h.run();
    h.get_by_role_and_label(Role::Button, "Submit").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "See it on the map")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Map);
    let Some(MapItem::Relation(id)) = selected(&h) else {
        panic!("a relation is selected");
    };
    let bank = shipped_bank();
    let relation = bank.map.relations.iter().find(|r| r.id == id).unwrap();
    assert!(relation.questions.contains(&item.question.id));
    h.get_by_label("Close card");

    // A question linked from an event leads to the timeline with that event selected.
    h.get_by_role_and_label(Role::Button, "Timeline").click();
    h.run();
    h.get_by_role_and_label(
        Role::Button,
        "Marker: Leadership: TTP leader Hakimullah Mehsud dies and the TTP fragments",
    )
    .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Practise 3 questions on this event")
        .click();
    h.run();
    let item = super::ui::current(&h);
    super::ui::answer_right_with_widgets(&mut h, &item);
    h.run();
    h.get_by_role_and_label(Role::Button, "Submit").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "See it on the timeline")
        .click();
    h.run();
    assert_eq!(h.state().screen.kind(), ScreenKind::Timeline);
    let id = timeline_selected(&h).expect("an event is selected");
    let event = bank.events.iter().find(|e| e.id == id).unwrap();
    assert!(event.questions.contains(&item.question.id));
    h.get_by_role_and_label(Role::Button, "Close event card");
}

/// The distance between the timeline's Leadership and Designation marker rows.
fn row_gap(h: &Harness<'_, AppState>) -> f64 {
    let centre = |label: &str| {
        let b = h
            .get_by_role_and_label(Role::Button, label)
            .accesskit_node()
            .bounding_box()
            .unwrap();
        f64::midpoint(b.y0, b.y1)
    };
    centre("Marker: Designation: U.S. designates ISKP a Foreign Terrorist Organization")
        - centre("Marker: Leadership: TTP leader Hakimullah Mehsud dies and the TTP fragments")
}

#[test]
fn the_timeline_picture_grows_with_the_text_size() {
    let mut h = harness();
    h.run();
    h.get_by_role_and_label(Role::Button, "Timeline").click();
    h.run();
    let normal = row_gap(&h);
    for _ in 0..10 {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
        h.run();
    }
    assert_eq!(h.state().settings.appearance.text_size.percent(), 200);
    // The row names are body text, twice as tall at 200 %: the rows are twice as far apart, so
    // each row keeps its name (with a fixed height every other name was left out).
    let large = row_gap(&h);
    assert!(
        large > 1.8 * normal,
        "rows {normal:.0} points apart at 100 %, {large:.0} at 200 %"
    );
}
