//! Text sizes, spacing and the few colours the app uses. Light and dark follow the system.

use egui::{Color32, FontId, TextStyle};

/// Sets comfortable text sizes and follows the system's light/dark preference.
pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::ThemePreference::System);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(24.0)),
            (TextStyle::Body, FontId::proportional(17.0)),
            (TextStyle::Button, FontId::proportional(17.0)),
            (TextStyle::Monospace, FontId::monospace(15.0)),
            (TextStyle::Small, FontId::proportional(13.5)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 8.0);
        style.spacing.button_padding = egui::vec2(10.0, 5.0);
    });
}

/// Colour for a right answer.
pub fn right(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(110, 200, 120)
    } else {
        Color32::from_rgb(20, 120, 40)
    }
}

/// Colour for a partly right answer.
pub fn partial(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(230, 190, 90)
    } else {
        Color32::from_rgb(150, 100, 0)
    }
}

/// Colour for a wrong answer.
pub fn wrong(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(240, 120, 110)
    } else {
        Color32::from_rgb(180, 30, 30)
    }
}

/// Colour for content warnings.
pub fn warning(dark: bool) -> Color32 {
    partial(dark)
}

/// Widest text column, in points, so lines stay readable on wide windows.
pub const MAX_TEXT_WIDTH: f32 = 820.0;

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

/// Colour, pattern and width of relation family `family` (see `ui::map::FAMILIES`).
pub fn edge_style(family: usize, dark: bool) -> EdgeStyle {
    let pick = |light: (u8, u8, u8), night: (u8, u8, u8)| {
        let (r, g, b) = if dark { night } else { light };
        Color32::from_rgb(r, g, b)
    };
    let (colour, line, width) = match family {
        // Allegiance: blue, solid.
        0 => (pick((30, 90, 200), (120, 170, 255)), LineStyle::Solid, 2.0),
        // Alliance: green, double.
        1 => (pick((20, 130, 60), (110, 210, 130)), LineStyle::Double, 1.5),
        // Hostility: red, dashed, heavier.
        2 => (pick((200, 30, 30), (255, 110, 100)), LineStyle::Dashed, 2.5),
        // Origins: purple, dash-dot.
        3 => (
            pick((120, 60, 160), (200, 150, 240)),
            LineStyle::DashDot,
            1.8,
        ),
        // Uncertain: orange, dotted.
        4 => (pick((190, 110, 0), (240, 180, 80)), LineStyle::Dotted, 2.0),
        // Designation: grey, sparse dashes.
        _ => (
            pick((100, 100, 100), (170, 170, 170)),
            LineStyle::Sparse,
            1.5,
        ),
    };
    EdgeStyle {
        colour,
        line,
        width,
    }
}

/// Fill and outline of a map node: militant groups and states differ in fill (and in shape).
pub fn node_colours(state: bool, dark: bool) -> (Color32, Color32) {
    match (state, dark) {
        (false, false) => (
            Color32::from_rgb(250, 240, 225),
            Color32::from_rgb(90, 60, 30),
        ),
        (false, true) => (
            Color32::from_rgb(70, 55, 40),
            Color32::from_rgb(230, 200, 160),
        ),
        (true, false) => (
            Color32::from_rgb(228, 236, 248),
            Color32::from_rgb(40, 60, 100),
        ),
        (true, true) => (
            Color32::from_rgb(40, 50, 70),
            Color32::from_rgb(170, 190, 230),
        ),
    }
}

/// The outline of the focused or selected node.
pub fn focus(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(255, 220, 80)
    } else {
        Color32::from_rgb(0, 0, 0)
    }
}
/// Colour of a timeline phase band (alternating shades so neighbours differ).
pub fn band(index: usize, dark: bool) -> Color32 {
    let alpha = if index % 2 == 0 { 40 } else { 22 };
    if dark {
        Color32::from_rgba_unmultiplied(150, 170, 220, alpha)
    } else {
        Color32::from_rgba_unmultiplied(60, 90, 160, alpha)
    }
}

/// Colour of a timeline marker of type `kind` (each type also has its own marker shape).
pub fn event_colour(kind: crate::model::EventType, dark: bool) -> Color32 {
    use crate::model::EventType;
    let (light, night) = match kind {
        EventType::Attack => ((200, 30, 30), (255, 110, 100)),
        EventType::Leadership => ((30, 90, 200), (120, 170, 255)),
        EventType::Designation => ((100, 100, 100), (190, 190, 190)),
        EventType::MilitaryOperation => ((20, 130, 60), (110, 210, 130)),
        EventType::Propaganda => ((120, 60, 160), (200, 150, 240)),
        EventType::Other => ((150, 100, 0), (230, 190, 90)),
    };
    let (r, g, b) = if dark { night } else { light };
    Color32::from_rgb(r, g, b)
}
