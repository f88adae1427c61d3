//! Text sizes, spacing and the colours the app uses. The colours come from the GUI-free table
//! in [`crate::app::Palette`] (light, dark, high contrast), whose contrast ratios a unit test
//! checks; this module only copies them into egui's visuals, scaled to the learner's text size.

use egui::{Color32, FontId, Stroke, TextStyle};

use crate::app::Family;
use crate::app::{Appearance, DARK, HIGH_CONTRAST, LIGHT, Palette, Rgb, Theme};

/// Where the applied appearance is kept in egui's memory.
fn applied_id() -> egui::Id {
    egui::Id::unique("counterpoint_appearance")
}

/// Applies `appearance` (theme and text size) when it differs from the one applied last, so
/// calling it every frame costs one comparison. The window applies it once at start-up
/// ([`super::run`]); a context that never had it (a headless test harness) keeps egui's own
/// style until the learner changes a setting.
pub fn apply_changes(ctx: &egui::Context, appearance: Appearance) {
    let applied = ctx.data(|d| d.get_temp::<Appearance>(applied_id()));
    if applied.is_some() || appearance != Appearance::default() {
        apply(ctx, appearance);
    }
}

/// Applies `appearance` (theme and text size) unless it is the one applied last.
pub fn apply(ctx: &egui::Context, appearance: Appearance) {
    let id = applied_id();
    if ctx.data(|d| d.get_temp::<Appearance>(id)) == Some(appearance) {
        return;
    }
    ctx.data_mut(|d| d.insert_temp(id, appearance));
    // Ctrl +, Ctrl - and Ctrl 0 change the text size (app.rs), not egui's whole-window zoom.
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    let factor = appearance.text_size.factor();
    let dark_palette = if appearance.theme == Theme::HighContrast {
        &HIGH_CONTRAST
    } else {
        &DARK
    };
    ctx.style_mut_of(egui::Theme::Light, |s| configure(s, &LIGHT, factor));
    ctx.style_mut_of(egui::Theme::Dark, |s| configure(s, dark_palette, factor));
    ctx.set_theme(match appearance.theme {
        Theme::System => egui::ThemePreference::System,
        Theme::Light => egui::ThemePreference::Light,
        Theme::Dark | Theme::HighContrast => egui::ThemePreference::Dark,
    });
}

/// The appearance applied last (the default before the first frame).
pub fn appearance(ctx: &egui::Context) -> Appearance {
    ctx.data(|d| d.get_temp::<Appearance>(applied_id()))
        .unwrap_or_default()
}

/// The palette `ui` draws with.
pub fn palette(ui: &egui::Ui) -> &'static Palette {
    appearance(ui.ctx()).theme.palette(ui.visuals().dark_mode)
}

/// An egui colour from the table.
pub fn colour(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

fn configure(style: &mut egui::Style, p: &Palette, factor: f32) {
    style.text_styles = [
        (TextStyle::Heading, FontId::proportional(24.0 * factor)),
        (TextStyle::Body, FontId::proportional(17.0 * factor)),
        (TextStyle::Button, FontId::proportional(17.0 * factor)),
        (TextStyle::Monospace, FontId::monospace(15.0 * factor)),
        (TextStyle::Small, FontId::proportional(13.5 * factor)),
    ]
    .into();
    // The gap between things side by side (and between a table's columns) grows with the text:
    // at 200 % a topic and its "0 of 1" looked like one phrase with 8 points between them.
    style.spacing.item_spacing = egui::vec2(8.0 * factor.max(1.0), 8.0);
    style.spacing.button_padding = egui::vec2(10.0, 5.0);
    style.spacing.interact_size.y = 20.0 * factor.max(1.0);
    style.spacing.icon_width = 16.0 * factor.max(1.0);
    style.spacing.icon_width_inner = 10.0 * factor.max(1.0);
    // A one-line field is as wide as it is at 100 % in characters, so its hint stays whole.
    style.spacing.text_edit_width = TEXT_EDIT_WIDTH * factor.max(1.0);

    let mut v = if p.dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    let high = std::ptr::eq(p, &HIGH_CONTRAST);
    let outline = if high { 2.0 } else { 1.0 };
    v.panel_fill = colour(p.background);
    v.window_fill = colour(p.popup);
    v.extreme_bg_color = colour(p.field);
    v.text_edit_bg_color = Some(colour(p.field));
    v.faint_bg_color = colour(p.stripe);
    v.code_bg_color = colour(p.stripe);
    v.hyperlink_color = colour(p.link);
    v.weak_text_color = Some(colour(p.weak));
    v.warn_fg_color = colour(p.warning);
    v.error_fg_color = colour(p.error);
    v.window_stroke = Stroke::new(outline, colour(p.outline));
    v.selection.bg_fill = colour(p.selection);
    v.selection.stroke = Stroke::new(2.0, colour(p.selection_text));
    v.text_cursor.stroke = Stroke::new(2.0, colour(p.strong));

    let w = &mut v.widgets;
    w.noninteractive.fg_stroke.color = colour(p.text);
    w.noninteractive.bg_fill = colour(p.background);
    w.noninteractive.weak_bg_fill = colour(p.background);
    w.inactive.bg_fill = colour(p.control);
    w.inactive.weak_bg_fill = colour(p.control);
    w.inactive.bg_stroke = Stroke::new(outline, colour(p.outline));
    w.inactive.fg_stroke.color = colour(p.control_text);
    w.hovered.bg_fill = colour(p.control_hovered);
    w.hovered.weak_bg_fill = colour(p.control_hovered);
    w.hovered.bg_stroke = Stroke::new(outline + 0.5, colour(p.outline));
    w.hovered.fg_stroke.color = colour(p.strong);
    // egui draws a focused control with the "active" look: a thick focus-coloured outline.
    w.active.bg_fill = colour(p.control_active);
    w.active.weak_bg_fill = colour(p.control_active);
    w.active.bg_stroke = Stroke::new(2.5, colour(p.focus));
    w.active.fg_stroke.color = colour(p.strong);
    w.open.bg_fill = colour(p.control_active);
    w.open.weak_bg_fill = colour(p.control_active);
    w.open.bg_stroke = Stroke::new(outline, colour(p.outline));
    w.open.fg_stroke.color = colour(p.strong);
    style.visuals = v;
}

/// Colour for a right answer (always beside words that say it), from the theme's own table:
/// the high-contrast theme has its own.
pub fn right(p: &Palette) -> Color32 {
    colour(p.right)
}

/// Colour for a partly right answer.
pub fn partial(p: &Palette) -> Color32 {
    colour(p.partial)
}

/// Colour for a wrong answer.
pub fn wrong(p: &Palette) -> Color32 {
    colour(p.wrong)
}

/// Colour for content warnings.
pub fn warning(p: &Palette) -> Color32 {
    colour(p.warning)
}

/// Widest text column, in points, so lines stay readable on wide windows.
pub const MAX_TEXT_WIDTH: f32 = 820.0;

/// [`MAX_TEXT_WIDTH`] scaled by the learner's text size, so a line holds as many words at 200 %
/// as at 100 % (the window's width still limits it).
pub fn max_text_width(ctx: &egui::Context) -> f32 {
    MAX_TEXT_WIDTH * appearance(ctx).text_size.factor()
}

/// Default width of a one-line text field at 100 % text, in points.
const TEXT_EDIT_WIDTH: f32 = 280.0;

/// A one-line field's width: `points` at 100 % text, grown with the learner's text size so it
/// holds as many characters (its hint too) at 200 %, but leaving room in the row for the widgets
/// that follow it (`then`: their texts, e.g. a button's), so that none is pushed out of the window.
pub fn field_width(ui: &egui::Ui, points: f32, then: &[&str]) -> f32 {
    let factor = appearance(ui.ctx()).text_size.factor().max(1.0);
    let font = TextStyle::Button.resolve(ui.style());
    let spacing = ui.spacing();
    let reserved: f32 = then
        .iter()
        .map(|text| {
            let galley =
                ui.painter()
                    .layout_no_wrap((*text).to_owned(), font.clone(), Color32::PLACEHOLDER);
            galley.size().x + 2.0 * spacing.button_padding.x + spacing.item_spacing.x
        })
        .sum();
    let room = ui.available_width() - reserved;
    (points * factor).min(room).max(MIN_FIELD_WIDTH.min(points))
}

/// The narrowest a field is made to leave room for what follows it.
const MIN_FIELD_WIDTH: f32 = 120.0;

/// How a family of relations is drawn on the map: colour, line style and width. The style alone
/// tells the families apart in greyscale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeStyle {
    /// Line colour.
    pub colour: Color32,
    /// Line pattern.
    pub line: LineStyle,
    /// Stroke width in points at the default zoom.
    pub width: f32,
}

/// A line pattern on the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle {
    /// One continuous line.
    Solid,
    /// Two parallel lines.
    Double,
    /// Long dashes.
    Dashed,
    /// Long dash, dot, long dash.
    DashDot,
    /// Round dots.
    Dotted,
    /// Short dashes with long gaps.
    Sparse,
}

/// Colour, pattern and width of relation family `family`.
pub fn edge_style(family: Family, p: &Palette) -> EdgeStyle {
    let (line, width) = match family {
        Family::Allegiance => (LineStyle::Solid, 2.0),
        Family::Alliance => (LineStyle::Double, 1.5),
        // Heavier.
        Family::Hostility => (LineStyle::Dashed, 2.5),
        Family::Origins => (LineStyle::DashDot, 1.8),
        Family::Uncertain => (LineStyle::Dotted, 2.0),
        Family::Designation => (LineStyle::Sparse, 1.5),
    };
    EdgeStyle {
        colour: colour(p.relation(family)),
        line,
        width,
    }
}

/// Fill and outline of a map node: militant groups and states differ in fill or outline (and
/// in shape).
pub fn node_colours(state: bool, p: &Palette) -> (Color32, Color32) {
    let [fill, outline] = if state { p.state_box } else { p.group_box };
    (colour(fill), colour(outline))
}

/// The outline of the focused or selected node or marker.
pub fn focus(p: &Palette) -> Color32 {
    colour(p.mark_focus)
}

/// Fill of a timeline phase band (alternating shades so neighbours differ).
pub fn band(index: usize, p: &Palette) -> Color32 {
    let [even, odd] = p.bands;
    let (tint, alpha) = if index % 2 == 0 { even } else { odd };
    Color32::from_rgba_unmultiplied(tint.0, tint.1, tint.2, alpha)
}

/// The line at each end of a timeline phase band.
pub fn band_edge(p: &Palette) -> Color32 {
    colour(p.band_edge)
}

/// Colour of a timeline marker of type `kind` (each type also has its own marker shape).
pub fn event_colour(kind: crate::model::EventType, p: &Palette) -> Color32 {
    colour(p.event(kind))
}
