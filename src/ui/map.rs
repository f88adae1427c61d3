//! The relationship map screen: groups as labelled nodes, relations as edges whose family shows
//! by colour and line style (with a legend), a year slider, pan and zoom, and a side card with
//! the sources and "Practise these N questions". Positions come from `engine::map_layout`, what
//! shows and what the card says from [`crate::app::MapView`]; this file only draws.
//!
//! Every node and every visible relation is an `AccessKit` button ("Lashkar-e-Islam, allied with
//! ISKP"), so a screen reader can walk the map. Tab moves through the groups and relations in
//! reading order ([`crate::app::reading_order`]), Enter opens a card, the left and right arrow
//! keys move the year.

use std::collections::BTreeMap;

use egui::{Align2, Color32, FontId, Key, Modifiers, Pos2, Rect, Sense, Shape, Stroke, Vec2, vec2};

use super::feedback::sources_ui;
use super::state::Command;
use super::theme::{self, LineStyle};
use crate::app::{
    FIRST_YEAR, Family, LAST_YEAR, Library, MapItem, MapView, Palette, ScreenBox, reading_order,
};
use crate::engine::map_layout::{DEFAULT_CANVAS, LABEL_HEIGHT, label_width};
use crate::model::{Bank, GroupKind};

/// Smallest canvas height in points.
const MIN_CANVAS_HEIGHT: f32 = 380.0;
/// Width of the side card in points.
const CARD_WIDTH: f32 = 330.0;
/// Font size of node labels at scale 1 (what `map_layout::CHAR_WIDTH` is measured for).
const LABEL_FONT: f32 = 13.0;

/// Draws the map screen.
pub fn map_ui(
    ui: &mut egui::Ui,
    view: &mut MapView,
    library: &Library,
    commands: &mut Vec<Command>,
) {
    ui.heading("Relationship map");
    let Some(bank) = view.bank(library) else {
        ui.label("No loaded bank has a relationship map.");
        return;
    };
    // Arrow keys move the year; consumed first so they do not also move the focus.
    let (left, right) = ui.input_mut(|i| {
        (
            i.count_and_consume_key(Modifiers::NONE, Key::ArrowLeft),
            i.count_and_consume_key(Modifiers::NONE, Key::ArrowRight),
        )
    });
    let steps = i32::try_from(right).unwrap_or(0) - i32::try_from(left).unwrap_or(0);
    if steps != 0 {
        view.step_year(steps);
    }

    controls_ui(ui, view, bank);
    legend_ui(ui);
    canvas_ui(ui, view, bank, commands);
}

/// The year slider, the count of relations shown and the zoom buttons.
fn controls_ui(ui: &mut egui::Ui, view: &mut MapView, bank: &Bank) {
    ui.horizontal_wrapped(|ui| {
        ui.add(egui::Slider::new(&mut view.year, FIRST_YEAR..=LAST_YEAR).text("Year"));
        let shown = view.visible(&bank.map).len();
        ui.label(format!("{shown} relations in {}", view.year));
        ui.separator();
        if ui.button("Zoom in").clicked() {
            view.zoom_by(1.25);
        }
        if ui.button("Zoom out").clicked() {
            view.zoom_by(0.8);
        }
        if ui.button("Reset view").clicked() {
            view.reset_view();
        }
    });
    ui.label(
        egui::RichText::new(
            "Tab moves through the groups and relations, Enter opens a card, Left and Right change the year. \
             Drag to pan, Ctrl and the mouse wheel to zoom.",
        )
        .small(),
    );
}

/// The legend in words (collapsed: the picture's own legend sits in the map's corner).
fn legend_ui(ui: &mut egui::Ui) {
    egui::CollapsingHeader::new("Legend in words").show(ui, |ui| {
        for family in Family::ALL {
            ui.label(family.legend());
        }
        ui.label(
            "Arrows point from the subject to the object (\"ISKP, affiliate of Islamic State\"). \
             Rounded boxes are militant groups, square boxes states and others; faded boxes do \
             not exist in the year shown.",
        );
    });
}

/// The drawn legend in the map's bottom-right corner: one line sample per family.
fn painted_legend(
    painter: &egui::Painter,
    canvas: Rect,
    palette: &Palette,
    text: Color32,
    fill: Color32,
) {
    // A fixed size, as the picture's own labels: grown with the text size it covered the nodes
    // in its corner at 200 %. "Legend in words" above the map is text and grows.
    let row = 18.0;
    let font = FontId::proportional(13.0);
    let width = Family::ALL
        .iter()
        .map(|f| {
            painter
                .layout_no_wrap(f.name().to_owned(), font.clone(), text)
                .size()
                .x
        })
        .fold(0.0, f32::max)
        + 70.0;
    #[expect(clippy::cast_precision_loss, reason = "six families")]
    let height = Family::ALL.len() as f32 * row + 10.0;
    let rect = Rect::from_min_size(
        canvas.right_bottom() - vec2(width + 8.0, height + 8.0),
        vec2(width, height),
    );
    painter.rect_filled(rect, 4.0, fill);
    for (i, family) in Family::ALL.into_iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "six families")]
        let y = rect.top() + 5.0 + row * (i as f32 + 0.5);
        let style = theme::edge_style(family, palette);
        let (a, b) = (
            Pos2::new(rect.left() + 8.0, y),
            Pos2::new(rect.left() + 48.0, y),
        );
        if family == Family::Alliance || family == Family::Hostility {
            edge_shapes(
                painter,
                a,
                b + vec2(8.0, 0.0),
                style.line,
                style.colour,
                style.width,
            );
        } else {
            edge_shapes(painter, a, b, style.line, style.colour, style.width);
            arrowhead(painter, a, b + vec2(8.0, 0.0), style.colour, 1.0);
        }
        painter.text(
            Pos2::new(rect.left() + 62.0, y),
            Align2::LEFT_CENTER,
            family.name(),
            font.clone(),
            text,
        );
    }
}

/// Where a unit-box position is drawn on the canvas.
struct Transform {
    centre: Pos2,
    scale: f32,
}

impl Transform {
    fn point(&self, (x, y): (f64, f64)) -> Pos2 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "unit-box positions times a canvas size in points fit an f32"
        )]
        let offset = vec2(
            ((x - 0.5) * DEFAULT_CANVAS.0) as f32,
            ((y - 0.5) * DEFAULT_CANVAS.1) as f32,
        );
        self.centre + offset * self.scale
    }
}

/// A node as drawn: its box and whether its group exists in the year shown.
struct NodeBox {
    rect: Rect,
    active: bool,
}

/// The map itself, and the side card over its right edge when something is selected.
#[expect(
    clippy::too_many_lines,
    reason = "one drawing pass: nodes, edges, hit areas and the card, in paint order"
)]
fn canvas_ui(ui: &mut egui::Ui, view: &mut MapView, bank: &Bank, commands: &mut Vec<Command>) {
    let palette = theme::palette(ui);
    let map = &bank.map;
    // Fill the visible height below the controls (at least `MIN_CANVAS_HEIGHT`).
    let visible_bottom = ui.clip_rect().bottom();
    let height = (visible_bottom - ui.cursor().top() - 8.0).max(MIN_CANVAS_HEIGHT);
    let size = vec2(ui.available_width().max(320.0), height);
    // Dragging pans and a click clears the selection; not a Tab stop (it has no name and no key).
    let (rect, background) = ui.allocate_exact_size(size, Sense::CLICK | Sense::DRAG);
    if background.dragged() {
        let d = background.drag_delta();
        view.pan = (view.pan.0 + f64::from(d.x), view.pan.1 + f64::from(d.y));
    }
    if background.hovered() {
        let zoom = ui.input(egui::InputState::zoom_delta);
        if (zoom - 1.0).abs() > f32::EPSILON {
            view.zoom_by(f64::from(zoom));
        }
    }
    if background.clicked() {
        view.selected = None;
    }
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);

    // With the side card open, the map fits the part of the canvas the card leaves free.
    let card_space = if view.card(bank).is_some() && size.x > 2.0 * CARD_WIDTH {
        CARD_WIDTH + 8.0
    } else {
        0.0
    };

    #[expect(
        clippy::cast_possible_truncation,
        reason = "canvas sizes and zoom factors are small"
    )]
    let scale = {
        let free = size.x - card_space;
        let fit = (free / DEFAULT_CANVAS.0 as f32).min(size.y / DEFAULT_CANVAS.1 as f32);
        fit * view.zoom as f32
    };
    #[expect(clippy::cast_possible_truncation, reason = "pan offsets are small")]
    let transform = Transform {
        centre: rect.center() + vec2(view.pan.0 as f32 - card_space / 2.0, view.pan.1 as f32),
        scale,
    };

    let hovered_group = ui.ctx().pointer_hover_pos().and_then(|pointer| {
        view.layout.nodes.iter().find_map(|n| {
            let g = map.group(&n.id)?;
            node_rect(&transform, (n.x, n.y), &g.label)
                .contains(pointer)
                .then_some(g.id.as_str())
        })
    });
    let highlighted = view.highlighted(map, hovered_group);
    let selected_group = match &view.selected {
        Some(MapItem::Group(id)) => Some(id.clone()),
        _ => None,
    };
    let selected_group = selected_group.as_deref();

    let boxes: BTreeMap<&str, NodeBox> = view
        .layout
        .nodes
        .iter()
        .filter_map(|n| {
            let g = map.group(&n.id)?;
            Some((
                g.id.as_str(),
                NodeBox {
                    rect: node_rect(&transform, (n.x, n.y), &g.label),
                    active: g.active_in(view.year),
                },
            ))
        })
        .collect();

    // Edges: relations between the same two groups side by side.
    let visible = view.visible(map);
    let mut pair_count: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for r in &visible {
        *pair_count.entry(pair(&r.from, &r.to)).or_default() += 1;
    }
    let mut pair_seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut hit_areas = Vec::new();
    for r in &visible {
        let (Some(from), Some(to)) = (boxes.get(r.from.as_str()), boxes.get(r.to.as_str())) else {
            continue;
        };
        let key = pair(&r.from, &r.to);
        let n = pair_count.get(&key).copied().unwrap_or(1);
        let i = pair_seen.entry(key).or_default();
        #[expect(
            clippy::cast_precision_loss,
            reason = "a handful of relations per pair"
        )]
        let shift = (*i as f32 - (n as f32 - 1.0) / 2.0) * 8.0 * scale;
        *i += 1;
        let (c1, c2) = (from.rect.center(), to.rect.center());
        let dir = (c2 - c1).normalized();
        // Perpendicular offset measured in the pair's canonical direction, so both edges of a
        // pair do not land on the same side.
        let sign = if key.0 == r.from.as_str() { 1.0 } else { -1.0 };
        let normal = vec2(-dir.y, dir.x) * shift * sign;
        let a = clip_to_rect(from.rect.expand(2.0), c1 + normal, c2 + normal);
        let b = clip_to_rect(to.rect.expand(2.0), c2 + normal, c1 + normal);
        let style = theme::edge_style(Family::of(r.kind), palette);
        let emphasis = highlighted.contains(r.id.as_str());
        let colour = if highlighted.is_empty() || emphasis {
            style.colour
        } else {
            style.colour.gamma_multiply(0.25)
        };
        let width = style.width * scale.max(0.6) * if emphasis { 1.8 } else { 1.0 };
        let end = if r.kind.is_directed() {
            b - dir * 9.0 * scale
        } else {
            b
        };
        edge_shapes(&painter, a, end, style.line, colour, width);
        if r.kind.is_directed() {
            arrowhead(&painter, a, b, colour, scale.max(0.7));
        }
        hit_areas.push((r, Rect::from_center_size(a.lerp(b, 0.5), Vec2::splat(14.0))));
    }

    // Tab order: the groups and the visible relations in reading order (line by line, each
    // line left to right), not the layout's order.
    let mut targets: Vec<(MapItem, Rect)> = view
        .layout
        .nodes
        .iter()
        .filter_map(|n| {
            let node = boxes.get(n.id.as_str())?;
            Some((MapItem::Group(n.id.clone()), node.rect))
        })
        .collect();
    targets.extend(
        hit_areas
            .iter()
            .map(|(r, area)| (MapItem::Relation(r.id.clone()), *area)),
    );
    let screen_boxes: Vec<ScreenBox> = targets
        .iter()
        .map(|(_, r)| ScreenBox {
            left: r.left(),
            top: r.top(),
            right: r.right(),
            bottom: r.bottom(),
        })
        .collect();
    // The part of the canvas the side card leaves free: a focused item outside it is panned into it.
    let free = Rect::from_min_max(rect.min, rect.max - vec2(card_space, 0.0));
    let mut focused_items = Vec::new();
    for i in reading_order(&screen_boxes) {
        let Some((item, area)) = targets.get(i) else {
            continue;
        };
        let (id, name) = match item {
            MapItem::Group(group) => (
                ui.scope_id().with(("map_group", group)),
                map.group(group)
                    .map_or_else(String::new, |g| g.name.clone()),
            ),
            MapItem::Relation(relation) => (
                ui.scope_id().with(("map_relation", relation)),
                hit_areas
                    .iter()
                    .find(|(r, _)| &r.id == relation)
                    .map_or_else(String::new, |(r, _)| map.relation_name(r)),
            ),
        };
        let response = ui.interact(area.intersect(rect), id, Sense::click());
        let selected = view.selected.as_ref() == Some(item);
        response
            .widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &name));
        if response.has_focus() {
            focused_items.push(item.clone());
            // Arrow keys change the year, not the focus.
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    id,
                    egui::EventFilter {
                        horizontal_arrows: true,
                        vertical_arrows: false,
                        ..Default::default()
                    },
                );
            });
        }
        if response.gained_focus() && !free.contains_rect(*area) {
            // Tab reached an item outside the canvas (zoomed or panned away): bring it to the
            // middle of the free part.
            let shift = free.center() - area.center();
            view.pan = (
                view.pan.0 + f64::from(shift.x),
                view.pan.1 + f64::from(shift.y),
            );
            ui.ctx().request_repaint();
        }
        let response = if matches!(item, MapItem::Relation(_)) {
            response.on_hover_text(&name)
        } else {
            response
        };
        if response.clicked() {
            view.selected = Some(item.clone());
        }
    }
    let has_focus = |item: &MapItem| focused_items.contains(item);

    // Nodes, drawn in layout order.
    for n in &view.layout.nodes {
        let (Some(g), Some(node)) = (map.group(&n.id), boxes.get(n.id.as_str())) else {
            continue;
        };
        let is_state = g.kind != GroupKind::MilitantGroup;
        let (fill, outline) = theme::node_colours(is_state, palette);
        let faded = !node.active;
        let (fill, outline) = if faded {
            (fill.gamma_multiply(0.4), outline.gamma_multiply(0.4))
        } else {
            (fill, outline)
        };
        let radius = if is_state {
            1.0
        } else {
            node.rect.height() / 2.0
        };
        let focused = has_focus(&MapItem::Group(g.id.clone()));
        let selected = selected_group == Some(g.id.as_str());
        let stroke = if focused || selected || hovered_group == Some(g.id.as_str()) {
            Stroke::new(2.5, theme::focus(palette))
        } else {
            Stroke::new(1.0, outline)
        };
        painter.rect(node.rect, radius, fill, stroke, egui::StrokeKind::Inside);
        let text_colour = if faded {
            ui.visuals().weak_text_color()
        } else {
            ui.visuals().strong_text_color()
        };
        painter.text(
            node.rect.center(),
            Align2::CENTER_CENTER,
            &g.label,
            FontId::proportional(LABEL_FONT * scale),
            text_colour,
        );
    }

    painted_legend(
        &painter,
        rect,
        palette,
        ui.visuals().text_color(),
        ui.visuals().window_fill.gamma_multiply(0.9),
    );

    // Relations' rings: a thick one on the focused relation, a thin one on the hovered or
    // selected one.
    let hover_pos = ui.ctx().pointer_hover_pos();
    for (r, area) in &hit_areas {
        let item = MapItem::Relation(r.id.clone());
        let focus = theme::focus(palette);
        if has_focus(&item) {
            painter.circle_stroke(area.center(), 7.0, Stroke::new(3.0, focus));
        } else if view.selected.as_ref() == Some(&item)
            || hover_pos.is_some_and(|p| area.contains(p))
        {
            painter.circle_stroke(area.center(), 5.0, Stroke::new(2.0, focus));
        }
    }

    if view.card(bank).is_some() {
        let card_rect = Rect::from_min_max(
            rect.right_top() + vec2(-CARD_WIDTH - 8.0, 8.0),
            rect.right_bottom() - vec2(8.0, 8.0),
        );
        // Clicks on the card's background do not reach the map underneath.
        ui.interact(
            card_rect,
            ui.scope_id().with("map_card_blocker"),
            Sense::click(),
        );
        let mut card_ui = ui.new_child(egui::UiBuilder::new().max_rect(card_rect));
        egui::Frame::popup(card_ui.style()).show(&mut card_ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("map_card")
                .max_height(card_rect.height() - 20.0)
                .show(ui, |ui| {
                    ui.set_width(CARD_WIDTH - 30.0);
                    card_ui_inner(ui, view, bank, commands);
                });
        });
    }
}

/// The side card: title, kind and dates, summary, sources in full, a group's relations and
/// "Practise these N questions".
fn card_ui_inner(ui: &mut egui::Ui, view: &mut MapView, bank: &Bank, commands: &mut Vec<Command>) {
    let Some(card) = view.card(bank) else {
        return;
    };
    ui.horizontal(|ui| {
        if ui.button("Close card").clicked() {
            view.selected = None;
        }
    });
    let title_size = egui::TextStyle::Body.resolve(ui.style()).size * 18.0 / 17.0;
    ui.label(egui::RichText::new(&card.title).strong().size(title_size));
    ui.label(format!("{}; {}", card.kind, card.dates));
    ui.label(&card.summary);
    let n = card.questions.len();
    if n > 0
        && let Some(item) = view.selected.clone()
        && ui
            .button(format!(
                "Practise these {n} question{}",
                if n == 1 { "" } else { "s" }
            ))
            .clicked()
    {
        commands.push(Command::PractiseMap(bank.id.clone(), item));
    }
    if !card.relations.is_empty() {
        ui.strong(format!("Relations in {}", view.year));
        for (id, name) in &card.relations {
            if ui.link(name).clicked() {
                view.selected = Some(MapItem::Relation(id.clone()));
            }
        }
    }
    ui.strong("Sources");
    sources_ui(ui, bank, &card.sources);
}

/// The two group ids in a fixed order, so both directions of a pair share a key.
fn pair<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

/// The box of a node label centred on its position: the layout's estimated size (what the
/// overlap test checks), widened if the real text needs more.
fn node_rect(transform: &Transform, position: (f64, f64), label: &str) -> Rect {
    #[expect(clippy::cast_possible_truncation, reason = "label widths are small")]
    let width = label_width(label) as f32;
    #[expect(clippy::cast_possible_truncation, reason = "constants are small")]
    let height = LABEL_HEIGHT as f32;
    Rect::from_center_size(
        transform.point(position),
        vec2(width, height) * transform.scale,
    )
}

/// Where the segment from `inside` (the rect's centre side) towards `outside` leaves `rect`.
fn clip_to_rect(rect: Rect, inside: Pos2, outside: Pos2) -> Pos2 {
    let d = outside - inside;
    let c = rect.center();
    let half = rect.size() / 2.0;
    let off = inside - c;
    // Largest t with inside + t*d still in the rect, for each axis.
    let limit = |o: f32, dv: f32, h: f32| {
        if dv.abs() < f32::EPSILON {
            f32::INFINITY
        } else if dv > 0.0 {
            (h - o) / dv
        } else {
            (-h - o) / dv
        }
    };
    let t = limit(off.x, d.x, half.x)
        .min(limit(off.y, d.y, half.y))
        .clamp(0.0, 1.0);
    inside + d * t
}

/// Draws a line from `a` to `b` in a pattern.
fn edge_shapes(
    painter: &egui::Painter,
    a: Pos2,
    b: Pos2,
    line: LineStyle,
    colour: Color32,
    width: f32,
) {
    let stroke = Stroke::new(width, colour);
    let path = [a, b];
    match line {
        LineStyle::Solid => {
            painter.line_segment(path, stroke);
        }
        LineStyle::Double => {
            let dir = (b - a).normalized();
            let n = vec2(-dir.y, dir.x) * (width + 1.0);
            painter.line_segment([a + n, b + n], stroke);
            painter.line_segment([a - n, b - n], stroke);
        }
        LineStyle::Dashed => {
            painter.extend(Shape::dashed_line(&path, stroke, 10.0, 5.0));
        }
        LineStyle::DashDot => {
            painter.extend(Shape::dashed_line_with_offset(
                &path,
                stroke,
                &[10.0, 2.0],
                &[4.0, 4.0],
                0.0,
            ));
        }
        LineStyle::Dotted => {
            painter.extend(Shape::dotted_line(&path, colour, 6.0, width * 0.8));
        }
        LineStyle::Sparse => {
            painter.extend(Shape::dashed_line(&path, stroke, 4.0, 9.0));
        }
    }
}

/// A filled arrowhead with its tip at `tip`, pointing away from `from`.
fn arrowhead(painter: &egui::Painter, from: Pos2, tip: Pos2, colour: Color32, scale: f32) {
    let dir = (tip - from).normalized();
    let normal = vec2(-dir.y, dir.x);
    let back = tip - dir * 10.0 * scale;
    painter.add(Shape::convex_polygon(
        vec![
            tip,
            back + normal * 5.0 * scale,
            back - normal * 5.0 * scale,
        ],
        colour,
        Stroke::NONE,
    ));
}
