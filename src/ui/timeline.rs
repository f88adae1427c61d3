//! The timeline screen: a picture (`egui_plot`) of 2010-2024 with the bank's phases as shaded bands
//! and event markers by type with a type filter, the card of the selected event, and below it
//! the searchable list of events, which stays the accessible view.

use egui::{Sense, vec2};
use egui_plot::{MarkerShape, Plot, PlotPoint, Points, Span};

use super::a11y;
use super::feedback::sources_ui;
use super::state::Command;
use super::theme;
use crate::app::{
    FIRST_YEAR, LAST_YEAR, Library, Marker, TimelineView, band_labels_on_top, bands,
    event_type_words,
};
use crate::model::EventType;

/// Height of the picture in points.
const PLOT_HEIGHT: f32 = 300.0;

/// Draws the timeline screen.
pub fn timeline_ui(
    ui: &mut egui::Ui,
    view: &mut TimelineView,
    library: &Library,
    commands: &mut Vec<Command>,
) {
    ui.heading("Timeline");
    ui.horizontal_wrapped(|ui| {
        ui.label("Show markers:");
        for kind in EventType::ALL {
            let mut shown = view.shows(kind);
            if ui.checkbox(&mut shown, event_type_words(kind)).changed() {
                view.set_shown(kind, shown);
            }
        }
    });
    picture_ui(ui, view, library);
    event_card_ui(ui, view, library, commands);
    ui.separator();
    ui.strong("All events");
    list_ui(ui, view, library, commands);
}

/// Row of each event type on the picture's vertical axis, top to bottom, and its marker.
fn row(kind: EventType) -> (f64, MarkerShape) {
    match kind {
        EventType::Attack => (5.0, MarkerShape::Diamond),
        EventType::Leadership => (4.0, MarkerShape::Circle),
        EventType::Designation => (3.0, MarkerShape::Square),
        EventType::MilitaryOperation => (2.0, MarkerShape::Up),
        EventType::Propaganda => (1.0, MarkerShape::Asterisk),
        EventType::Other => (0.0, MarkerShape::Plus),
    }
}

/// The type whose markers sit on row `y` (the vertical axis's labels, which double as the legend).
fn row_name(y: f64) -> String {
    EventType::ALL
        .into_iter()
        .find(|k| (row(*k).0 - y).abs() < 1e-6)
        .map_or_else(String::new, |k| event_type_words(k).to_owned())
}

/// The picture: phase bands, one row of markers per type; each marker is a button named after
/// its event ("Marker: Leadership: TITLE") that opens the event's card.
fn picture_ui(ui: &mut egui::Ui, view: &mut TimelineView, library: &Library) {
    let p = theme::palette(ui);
    let markers = view.markers(library);
    let phases: Vec<_> = library
        .banks
        .iter()
        .flat_map(|b| bands(&b.map.phases))
        .collect();
    // The row names and band labels are body text, which grows with the text size: the picture
    // grows with it, or at 200 % every other row name was left out for lack of room.
    let text = theme::appearance(ui.ctx()).text_size.factor().max(1.0);
    // Names of phases that overlap in time go to opposite edges, so they do not run together.
    let labels_on_top = band_labels_on_top(&phases);
    let response = Plot::new("timeline_picture")
        .height(PLOT_HEIGHT * text)
        .default_x_bounds(f64::from(FIRST_YEAR), f64::from(LAST_YEAR) + 1.0)
        .default_y_bounds(-0.8, 6.6)
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_y(false)
        .show_axes([true, true])
        .show_grid([true, false])
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 2.0, 4.0]))
        .x_axis_formatter(|mark, _| format!("{:.0}", mark.value))
        .y_axis_formatter(|mark, _| row_name(mark.value))
        .y_axis_min_width(130.0 * text)
        .show(ui, |plot| {
            for (i, (band, on_top)) in phases.iter().zip(labels_on_top).enumerate() {
                let align = if on_top {
                    egui::Align2::CENTER_TOP
                } else {
                    egui::Align2::CENTER_BOTTOM
                };
                plot.add(
                    Span::new(band.name.clone(), band.start..=band.end)
                        .fill(theme::band(i, p))
                        .border(egui::Stroke::new(1.0, theme::band_edge(p)))
                        .label_align(align),
                );
            }
            for kind in EventType::ALL {
                let (y, shape) = row(kind);
                let points: Vec<[f64; 2]> = markers
                    .iter()
                    .filter(|m| m.kind == kind)
                    .map(|m| [m.x, y])
                    .collect();
                if !points.is_empty() {
                    plot.add(
                        Points::new(event_type_words(kind), points)
                            .shape(shape)
                            .radius(6.0)
                            .filled(true)
                            .color(theme::event_colour(kind, p)),
                    );
                }
            }
        });
    marker_buttons_ui(ui, view, &markers, &response.transform);
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("Phases:").small().strong());
        for phase in library.banks.iter().flat_map(|b| &b.map.phases) {
            ui.label(
                egui::RichText::new(format!(
                    "{} ({} to {});",
                    phase.name, phase.start, phase.end
                ))
                .small(),
            );
        }
    });
    ui.label(
        egui::RichText::new(
            "Shaded bands are the profile's phases. Drag or Ctrl+wheel to move and zoom along \
             the years; double-click to reset. Every event is also in the list below.",
        )
        .small(),
    );
}

/// Marker buttons over the picture: hover shows the title, a click opens the card. Created in
/// reading order (the top row first, each row left to right), which is the Tab order; the
/// focused, hovered or selected marker is ringed.
fn marker_buttons_ui(
    ui: &mut egui::Ui,
    view: &mut TimelineView,
    markers: &[Marker],
    transform: &egui_plot::PlotTransform,
) {
    let p = theme::palette(ui);
    let frame = *transform.frame();
    let mut reading = markers.iter().collect::<Vec<_>>();
    reading.sort_by(|a, b| {
        row(b.kind)
            .0
            .total_cmp(&row(a.kind).0)
            .then(a.x.total_cmp(&b.x))
    });
    for m in reading {
        let (y, _) = row(m.kind);
        let centre = transform.position_from_point(&PlotPoint::new(m.x, y));
        let area = egui::Rect::from_center_size(centre, vec2(12.0, 12.0));
        if !frame.contains(centre) {
            continue;
        }
        let id = ui.scope_id().with(("marker", &m.bank.0, &m.id));
        let response = ui.interact(area, id, Sense::CLICK);
        let selected = view.selected.as_ref() == Some(&(m.bank.clone(), m.id.clone()));
        let name = format!("Marker: {}: {}", event_type_words(m.kind), m.title);
        response
            .widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &name));
        if selected || response.hovered() || response.has_focus() {
            ui.painter()
                .circle_stroke(centre, 9.0, egui::Stroke::new(2.0, theme::focus(p)));
        }
        if response.on_hover_text(&m.title).clicked() {
            view.selected = Some((m.bank.clone(), m.id.clone()));
        }
    }
}

/// The selected event's card: date, type, title, warning, summary, Practise N questions and
/// the sources in full.
fn event_card_ui(
    ui: &mut egui::Ui,
    view: &mut TimelineView,
    library: &Library,
    commands: &mut Vec<Command>,
) {
    let Some((bank, event)) = view.selected(library) else {
        return;
    };
    let p = theme::palette(ui);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.monospace(&event.date);
            ui.label(event_type_words(event.kind.unwrap_or(EventType::Other)));
            ui.strong(&event.title);
        });
        if let Some(warning) = &event.content_warning {
            ui.colored_label(theme::warning(p), format!("Content warning: {warning}"));
        }
        ui.label(&event.summary);
        ui.horizontal(|ui| {
            let n = event.questions.len();
            if n > 0
                && ui
                    .button(format!(
                        "Practise {n} question{} on this event",
                        if n == 1 { "" } else { "s" }
                    ))
                    .clicked()
            {
                commands.push(Command::PractiseEvent(bank.id.clone(), event.id.clone()));
            }
            if ui.button("Close event card").clicked() {
                view.selected = None;
            }
        });
        ui.strong("Sources");
        sources_ui(ui, bank, &event.sources);
    });
}

/// The searchable list of every event.
fn list_ui(
    ui: &mut egui::Ui,
    view: &mut TimelineView,
    library: &Library,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Filter:");
        ui.text_edit_singleline(&mut view.filter)
            .labelled_by(label.id);
    });
    let filter = view.filter.to_lowercase();
    let warning_colour = theme::warning(theme::palette(ui));
    for bank in &library.banks {
        for event in bank.events.iter().filter(|e| {
            filter.is_empty()
                || e.title.to_lowercase().contains(&filter)
                || e.summary.to_lowercase().contains(&filter)
                || e.date.contains(&filter)
        }) {
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.monospace(&event.date);
                ui.strong(&event.title);
            });
            if let Some(warning) = &event.content_warning {
                ui.colored_label(warning_colour, format!("Content warning: {warning}"));
            }
            ui.label(&event.summary);
            ui.push_id(("event", &bank.id.0, &event.id), |ui| {
                ui.horizontal(|ui| {
                    let n = event.questions.len();
                    if n > 0 {
                        let label = format!("Practise {n} question(s) on this event");
                        let practise = ui.button(&label);
                        a11y::name(&practise, format!("{label}: {}", event.title));
                        if practise.clicked() {
                            commands
                                .push(Command::PractiseEvent(bank.id.clone(), event.id.clone()));
                        }
                    }
                });
                let sources = egui::CollapsingHeader::new("Sources").show(ui, |ui| {
                    sources_ui(ui, bank, &event.sources);
                });
                a11y::name(
                    &sources.header_response,
                    format!("Sources for {}", event.title),
                );
            });
        }
    }
}
