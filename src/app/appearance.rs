//! Display settings kept per learner (colour theme, text size) and the colour table of every
//! theme. The table is plain RGB so that a test without egui checks the WCAG 2.2 contrast
//! ratio of every text and background pair the themes define; `ui::theme` only copies it into
//! egui's visuals.

use super::map::Family;
use crate::model::EventType;

/// An sRGB colour, 8 bits per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// WCAG 2.2 relative luminance (0 black .. 1 white).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// This colour drawn with opacity `alpha` (0..=255) over `ground`, blended per channel in
    /// sRGB as egui blends (rounded).
    #[must_use]
    pub fn over(self, alpha: u8, ground: Self) -> Self {
        let mix = |c: u8, g: u8| {
            let (c, g, a) = (u32::from(c), u32::from(g), u32::from(alpha));
            let v = (c * a + g * (255 - a) + 127) / 255;
            u8::try_from(v).unwrap_or(u8::MAX)
        };
        Self(
            mix(self.0, ground.0),
            mix(self.1, ground.1),
            mix(self.2, ground.2),
        )
    }

    /// WCAG 2.2 contrast ratio with `other` (1 .. 21, the same either way round).
    pub fn contrast(self, other: Self) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// The colour theme a learner picks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Light or dark, as the system prefers.
    #[default]
    System,
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
    /// White and yellow on black, thick outlines.
    HighContrast,
}

impl Theme {
    /// Every theme, in the order the menu lists them.
    pub const ALL: [Self; 4] = [Self::System, Self::Light, Self::Dark, Self::HighContrast];

    /// The name the menu shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "System",
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::HighContrast => "High contrast",
        }
    }

    /// The word stored in the settings.
    fn key(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
            Self::HighContrast => "high-contrast",
        }
    }

    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The colours of this theme; `system_dark` says what [`Theme::System`] follows.
    pub fn palette(self, system_dark: bool) -> &'static Palette {
        match self {
            Self::System if system_dark => &DARK,
            Self::System | Self::Light => &LIGHT,
            Self::Dark => &DARK,
            Self::HighContrast => &HIGH_CONTRAST,
        }
    }
}

/// Every colour a theme draws with. Text colours must reach 4.5:1 on every background they
/// appear on, graphical elements (outlines, focus, chart marks) 3:1 (WCAG 2.2, 1.4.3 and 1.4.11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Whether egui's dark visuals are the base.
    pub dark: bool,
    /// The window and panel background.
    pub background: Rgb,
    /// Popups and menus.
    pub popup: Rgb,
    /// Text fields.
    pub field: Rgb,
    /// Every other row of striped tables.
    pub stripe: Rgb,
    /// Body text.
    pub text: Rgb,
    /// Headings and strong text, and text on a hovered or pressed control.
    pub strong: Rgb,
    /// Secondary text (hints, topic and difficulty).
    pub weak: Rgb,
    /// Links.
    pub link: Rgb,
    /// A right answer.
    pub right: Rgb,
    /// A partly right answer.
    pub partial: Rgb,
    /// A wrong answer.
    pub wrong: Rgb,
    /// Content warnings and notes.
    pub warning: Rgb,
    /// Errors.
    pub error: Rgb,
    /// A control at rest (buttons, check boxes, combo boxes).
    pub control: Rgb,
    /// A control under the pointer.
    pub control_hovered: Rgb,
    /// A control pressed or focused.
    pub control_active: Rgb,
    /// Text on a control at rest.
    pub control_text: Rgb,
    /// A selected item's background.
    pub selection: Rgb,
    /// A selected item's text, and the outline of a focused text field.
    pub selection_text: Rgb,
    /// The outline of controls.
    pub outline: Rgb,
    /// The outline of the focused control.
    pub focus: Rgb,
    /// Chart marks (lines, bars), in series order.
    pub chart: [Rgb; 2],
    /// Map relation lines, one per [`Family`] in [`Family::ALL`] order, drawn on the map's field
    /// and its legend (a popup-coloured box). Each family also has its own line pattern.
    pub relations: [Rgb; 6],
    /// Map boxes of militant groups: fill, then outline.
    pub group_box: [Rgb; 2],
    /// Map boxes of states and other bodies: fill, then outline.
    pub state_box: [Rgb; 2],
    /// The outline of the focused, selected or hovered map box or relation and timeline marker.
    pub mark_focus: Rgb,
    /// Timeline markers, one per [`EventType`] in [`EventType::ALL`] order, drawn on the plot's
    /// field and on the phase bands. Each type also has its own marker shape.
    pub events: [Rgb; 6],
    /// Timeline phase bands, even then odd: a tint and its opacity (0..=255) over the field.
    pub bands: [(Rgb, u8); 2],
    /// The line at each end of a phase band, which shows where a phase starts and ends (the
    /// tints are too light to do it).
    pub band_edge: Rgb,
}

impl Palette {
    /// The line colour of relation family `family` on the map.
    pub fn relation(&self, family: Family) -> Rgb {
        let [
            allegiance,
            alliance,
            hostility,
            origins,
            uncertain,
            designation,
        ] = self.relations;
        match family {
            Family::Allegiance => allegiance,
            Family::Alliance => alliance,
            Family::Hostility => hostility,
            Family::Origins => origins,
            Family::Uncertain => uncertain,
            Family::Designation => designation,
        }
    }

    /// The marker colour of event type `kind` on the timeline.
    pub fn event(&self, kind: EventType) -> Rgb {
        let [
            attack,
            leadership,
            designation,
            operation,
            propaganda,
            other,
        ] = self.events;
        match kind {
            EventType::Attack => attack,
            EventType::Leadership => leadership,
            EventType::Designation => designation,
            EventType::MilitaryOperation => operation,
            EventType::Propaganda => propaganda,
            EventType::Other => other,
        }
    }

    /// The phase bands as they show: each tint blended over the field.
    pub fn band_grounds(&self) -> [Rgb; 2] {
        self.bands.map(|(tint, alpha)| tint.over(alpha, self.field))
    }
}

/// Light theme.
pub const LIGHT: Palette = Palette {
    dark: false,
    background: Rgb(248, 248, 248),
    popup: Rgb(248, 248, 248),
    field: Rgb(255, 255, 255),
    stripe: Rgb(236, 236, 236),
    text: Rgb(40, 40, 40),
    strong: Rgb(0, 0, 0),
    weak: Rgb(90, 90, 90),
    link: Rgb(0, 80, 170),
    right: Rgb(20, 110, 40),
    partial: Rgb(125, 80, 0),
    wrong: Rgb(175, 25, 25),
    warning: Rgb(125, 80, 0),
    error: Rgb(175, 25, 25),
    control: Rgb(226, 226, 226),
    control_hovered: Rgb(212, 212, 212),
    control_active: Rgb(196, 196, 196),
    control_text: Rgb(20, 20, 20),
    selection: Rgb(160, 210, 250),
    selection_text: Rgb(0, 50, 100),
    outline: Rgb(110, 110, 110),
    focus: Rgb(0, 90, 200),
    chart: [Rgb(0, 100, 190), Rgb(190, 80, 0)],
    relations: [
        Rgb(30, 90, 200),
        Rgb(20, 130, 60),
        Rgb(200, 30, 30),
        Rgb(120, 60, 160),
        Rgb(170, 95, 0),
        Rgb(100, 100, 100),
    ],
    group_box: [Rgb(250, 240, 225), Rgb(90, 60, 30)],
    state_box: [Rgb(228, 236, 248), Rgb(40, 60, 100)],
    mark_focus: Rgb(0, 0, 0),
    events: [
        Rgb(200, 30, 30),
        Rgb(30, 90, 200),
        Rgb(100, 100, 100),
        Rgb(20, 130, 60),
        Rgb(120, 60, 160),
        Rgb(150, 100, 0),
    ],
    bands: [(Rgb(60, 90, 160), 40), (Rgb(60, 90, 160), 22)],
    band_edge: Rgb(110, 110, 110),
};

/// Dark theme.
pub const DARK: Palette = Palette {
    dark: true,
    background: Rgb(27, 27, 27),
    popup: Rgb(27, 27, 27),
    field: Rgb(10, 10, 10),
    stripe: Rgb(42, 42, 42),
    text: Rgb(215, 215, 215),
    strong: Rgb(255, 255, 255),
    weak: Rgb(165, 165, 165),
    link: Rgb(130, 180, 255),
    right: Rgb(110, 200, 120),
    partial: Rgb(230, 190, 90),
    wrong: Rgb(245, 125, 115),
    warning: Rgb(230, 190, 90),
    error: Rgb(245, 125, 115),
    control: Rgb(60, 60, 60),
    control_hovered: Rgb(75, 75, 75),
    control_active: Rgb(90, 90, 90),
    control_text: Rgb(235, 235, 235),
    selection: Rgb(0, 80, 120),
    selection_text: Rgb(255, 255, 255),
    outline: Rgb(140, 140, 140),
    focus: Rgb(130, 180, 255),
    chart: [Rgb(100, 170, 255), Rgb(240, 150, 60)],
    relations: [
        Rgb(120, 170, 255),
        Rgb(110, 210, 130),
        Rgb(255, 110, 100),
        Rgb(200, 150, 240),
        Rgb(240, 180, 80),
        Rgb(170, 170, 170),
    ],
    group_box: [Rgb(70, 55, 40), Rgb(230, 200, 160)],
    state_box: [Rgb(40, 50, 70), Rgb(170, 190, 230)],
    mark_focus: Rgb(255, 220, 80),
    events: [
        Rgb(255, 110, 100),
        Rgb(120, 170, 255),
        Rgb(190, 190, 190),
        Rgb(110, 210, 130),
        Rgb(200, 150, 240),
        Rgb(230, 190, 90),
    ],
    bands: [(Rgb(150, 170, 220), 40), (Rgb(150, 170, 220), 22)],
    band_edge: Rgb(140, 140, 140),
};

/// High-contrast theme: white text on black, yellow links and focus.
pub const HIGH_CONTRAST: Palette = Palette {
    dark: true,
    background: Rgb(0, 0, 0),
    popup: Rgb(0, 0, 0),
    field: Rgb(0, 0, 0),
    stripe: Rgb(30, 30, 30),
    text: Rgb(255, 255, 255),
    strong: Rgb(255, 255, 255),
    weak: Rgb(220, 220, 220),
    link: Rgb(255, 255, 0),
    right: Rgb(120, 255, 120),
    partial: Rgb(255, 210, 0),
    wrong: Rgb(255, 140, 140),
    warning: Rgb(255, 210, 0),
    error: Rgb(255, 140, 140),
    control: Rgb(0, 0, 0),
    control_hovered: Rgb(40, 40, 40),
    control_active: Rgb(60, 60, 60),
    control_text: Rgb(255, 255, 255),
    // egui outlines a focused text field in the selection text colour, so that colour must
    // show on black too: white on dark blue, not black on yellow.
    selection: Rgb(30, 60, 170),
    selection_text: Rgb(255, 255, 255),
    outline: Rgb(255, 255, 255),
    focus: Rgb(255, 255, 0),
    chart: [Rgb(0, 220, 255), Rgb(255, 210, 0)],
    relations: [
        Rgb(90, 170, 255),
        Rgb(0, 230, 90),
        Rgb(255, 100, 100),
        Rgb(220, 150, 255),
        Rgb(255, 190, 0),
        Rgb(200, 200, 200),
    ],
    // Black boxes told apart by their outlines (and shapes); focus is yellow.
    group_box: [Rgb(0, 0, 0), Rgb(255, 255, 255)],
    state_box: [Rgb(0, 0, 0), Rgb(0, 220, 255)],
    mark_focus: Rgb(255, 255, 0),
    events: [
        Rgb(255, 100, 100),
        Rgb(90, 170, 255),
        Rgb(200, 200, 200),
        Rgb(0, 230, 90),
        Rgb(220, 150, 255),
        Rgb(255, 190, 0),
    ],
    bands: [(Rgb(255, 255, 255), 45), (Rgb(255, 255, 255), 25)],
    band_edge: Rgb(200, 200, 200),
};

/// The palettes a learner can end up with.
pub const PALETTES: [(&str, &Palette); 3] = [
    ("light", &LIGHT),
    ("dark", &DARK),
    ("high contrast", &HIGH_CONTRAST),
];

/// Text size in percent of the default, 80 to 200 in steps of 10.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TextSize(u16);

impl TextSize {
    /// The smallest size.
    pub const MIN: u16 = 80;
    /// The largest size.
    pub const MAX: u16 = 200;
    /// One step of Ctrl + or Ctrl -.
    pub const STEP: u16 = 10;

    /// `percent` clamped to 80..=200.
    pub fn new(percent: u16) -> Self {
        Self(percent.clamp(Self::MIN, Self::MAX))
    }

    /// The size in percent.
    pub fn percent(self) -> u16 {
        self.0
    }

    /// The factor fonts are scaled by.
    pub fn factor(self) -> f32 {
        f32::from(self.0) / 100.0
    }

    /// One step larger (stays at 200 %).
    #[must_use]
    pub fn larger(self) -> Self {
        Self::new(self.0.saturating_add(Self::STEP))
    }

    /// One step smaller (stays at 80 %).
    #[must_use]
    pub fn smaller(self) -> Self {
        Self::new(self.0.saturating_sub(Self::STEP))
    }
}

impl Default for TextSize {
    fn default() -> Self {
        Self(100)
    }
}

/// A learner's display settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Appearance {
    /// The colour theme.
    pub theme: Theme,
    /// The text size.
    pub text_size: TextSize,
}

impl Appearance {
    /// The settings as stored: `theme` and `text_size` values.
    pub(crate) fn to_settings(self) -> [(&'static str, String); 2] {
        [
            ("theme", self.theme.key().to_owned()),
            ("text_size", self.text_size.percent().to_string()),
        ]
    }

    /// Settings read back; anything unknown or missing keeps the default.
    pub(crate) fn from_settings(theme: Option<&str>, text_size: Option<&str>) -> Self {
        Self {
            theme: theme.and_then(Theme::from_key).unwrap_or_default(),
            text_size: text_size
                .and_then(|t| t.trim().parse::<u16>().ok())
                .map(TextSize::new)
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Large text (18 pt, or 14 pt bold) needs only 3:1; every text here is held to 4.5:1.
    const TEXT: f64 = 4.5;
    const GRAPHIC: f64 = 3.0;

    #[test]
    fn contrast_ratio_matches_wcag_reference_values() {
        let black = Rgb(0, 0, 0);
        let white = Rgb(255, 255, 255);
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known lightest grey that passes 4.5:1 (4.54:1).
        let grey = Rgb(0x76, 0x76, 0x76).contrast(white);
        assert!((grey - 4.54).abs() < 0.01, "{grey}");
        // #777777 just fails.
        assert!(Rgb(0x77, 0x77, 0x77).contrast(white) < 4.5);
    }

    /// Every (foreground, background, minimum) pair a palette puts on screen.
    fn pairs(p: &Palette) -> Vec<(&'static str, Rgb, &'static str, Rgb, f64)> {
        let mut out = Vec::new();
        let text = [
            ("text", p.text),
            ("strong", p.strong),
            ("weak", p.weak),
            ("link", p.link),
            ("right", p.right),
            ("partial", p.partial),
            ("wrong", p.wrong),
            ("warning", p.warning),
            ("error", p.error),
        ];
        let grounds = [
            ("background", p.background),
            ("popup", p.popup),
            ("field", p.field),
            ("stripe", p.stripe),
        ];
        for (tn, t) in text {
            for (gn, g) in grounds {
                out.push((tn, t, gn, g, TEXT));
            }
        }
        out.push(("control_text", p.control_text, "control", p.control, TEXT));
        for (gn, g) in [
            ("control_hovered", p.control_hovered),
            ("control_active", p.control_active),
        ] {
            out.push(("strong", p.strong, gn, g, TEXT));
        }
        out.push((
            "selection_text",
            p.selection_text,
            "selection",
            p.selection,
            TEXT,
        ));
        for (gn, g) in grounds {
            out.push(("outline", p.outline, gn, g, GRAPHIC));
            out.push(("focus", p.focus, gn, g, GRAPHIC));
            out.push(("selection_text", p.selection_text, gn, g, GRAPHIC));
            for c in p.chart {
                out.push(("chart", c, gn, g, GRAPHIC));
            }
        }
        for (gn, g) in [("control", p.control), ("control_active", p.control_active)] {
            out.push(("focus", p.focus, gn, g, GRAPHIC));
        }
        out.extend(map_and_timeline_pairs(p));
        out
    }

    /// The map and the timeline: relation lines on the map's field and legend, box outlines on
    /// the field, box labels on their fills, the focus ring on all of those; markers, band edges
    /// and band labels on the timeline's field and on each band.
    fn map_and_timeline_pairs(p: &Palette) -> Vec<(&'static str, Rgb, &'static str, Rgb, f64)> {
        let mut out = Vec::new();
        for c in p.relations {
            out.push(("relation", c, "field", p.field, GRAPHIC));
            out.push(("relation", c, "popup (legend)", p.popup, GRAPHIC));
        }
        for (name, [fill, outline]) in [("group box", p.group_box), ("state box", p.state_box)] {
            out.push((name, outline, "field", p.field, GRAPHIC));
            out.push(("strong (box label)", p.strong, name, fill, TEXT));
            out.push(("mark_focus", p.mark_focus, name, fill, GRAPHIC));
        }
        out.push(("mark_focus", p.mark_focus, "field", p.field, GRAPHIC));
        let [even, odd] = p.band_grounds();
        for (gn, g) in [("field", p.field), ("even band", even), ("odd band", odd)] {
            for c in p.events {
                out.push(("event", c, gn, g, GRAPHIC));
            }
            out.push(("band_edge", p.band_edge, gn, g, GRAPHIC));
            out.push(("mark_focus", p.mark_focus, gn, g, GRAPHIC));
            out.push(("text (band label)", p.text, gn, g, TEXT));
        }
        out
    }

    #[test]
    fn blending_over_a_ground() {
        let white = Rgb(255, 255, 255);
        assert_eq!(Rgb(0, 0, 0).over(255, white), Rgb(0, 0, 0));
        assert_eq!(Rgb(0, 0, 0).over(0, white), white);
        assert_eq!(Rgb(0, 0, 0).over(128, white), Rgb(127, 127, 127));
    }

    #[test]
    fn map_and_timeline_colours_are_checked_in_every_theme() {
        // Every relation family and event type has a colour of its own in every theme.
        for (name, p) in PALETTES {
            let relations: std::collections::HashSet<_> =
                Family::ALL.map(|f| p.relation(f)).into_iter().collect();
            assert_eq!(relations.len(), Family::ALL.len(), "{name}");
            let events: std::collections::HashSet<_> =
                EventType::ALL.map(|k| p.event(k)).into_iter().collect();
            assert_eq!(events.len(), EventType::ALL.len(), "{name}");
            assert_eq!(map_and_timeline_pairs(p).len(), 46, "{name}");
        }
    }

    #[test]
    fn every_theme_meets_wcag_contrast() {
        let mut failures = Vec::new();
        let mut lowest = f64::MAX;
        for (name, palette) in PALETTES {
            for (fg_name, fg, bg_name, bg, min) in pairs(palette) {
                let ratio = fg.contrast(bg);
                if min == TEXT {
                    lowest = lowest.min(ratio);
                }
                if ratio < min {
                    failures.push(format!(
                        "{name}: {fg_name} on {bg_name}: {ratio:.2} < {min}"
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(lowest >= TEXT);
    }

    #[test]
    fn high_contrast_reaches_seven_to_one_for_body_text() {
        let p = &HIGH_CONTRAST;
        for bg in [p.background, p.popup, p.field, p.stripe] {
            for fg in [p.text, p.strong, p.weak, p.link] {
                assert!(fg.contrast(bg) >= 7.0, "{fg:?} on {bg:?}");
            }
        }
    }

    #[test]
    fn high_contrast_has_its_own_right_partial_and_wrong() {
        let p = &HIGH_CONTRAST;
        for (fg, bg) in [
            (p.right, p.background),
            (p.partial, p.background),
            (p.wrong, p.background),
        ] {
            assert!(fg.contrast(bg) >= TEXT, "{fg:?} on {bg:?}");
        }
        assert_ne!(
            (p.right, p.partial, p.wrong),
            (DARK.right, DARK.partial, DARK.wrong)
        );
    }

    #[test]
    fn right_partial_and_wrong_differ_in_every_theme() {
        // Colour is never the only cue (the outcome is written out), but the three still differ.
        for (_, p) in PALETTES {
            assert_ne!(p.right, p.wrong);
            assert_ne!(p.right, p.partial);
            assert_ne!(p.partial, p.wrong);
        }
    }

    #[test]
    fn text_size_steps_and_clamps() {
        let mut t = TextSize::default();
        assert_eq!(t.percent(), 100);
        for _ in 0..20 {
            t = t.larger();
        }
        assert_eq!(t.percent(), 200);
        for _ in 0..20 {
            t = t.smaller();
        }
        assert_eq!(t.percent(), 80);
        assert_eq!(TextSize::new(500).percent(), 200);
        assert!((TextSize::new(150).factor() - 1.5).abs() < 1e-6);
    }

    #[test]
    fn settings_round_trip_and_bad_values_fall_back() {
        let a = Appearance {
            theme: Theme::HighContrast,
            text_size: TextSize::new(170),
        };
        let [(_, theme), (_, size)] = a.to_settings();
        assert_eq!(Appearance::from_settings(Some(&theme), Some(&size)), a);
        let bad = Appearance::from_settings(Some("neon"), Some("huge"));
        assert_eq!(bad, Appearance::default());
        assert_eq!(
            Appearance::from_settings(None, Some("20"))
                .text_size
                .percent(),
            80
        );
    }
}
