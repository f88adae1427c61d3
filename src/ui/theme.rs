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
