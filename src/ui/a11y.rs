//! What a screen reader is told beyond what the widgets say themselves: names that add context
//! to a short visible label ("Up" is announced "Move … up"), announcements of what just
//! appeared (the outcome of an answer), and the window's title.

use egui::accesskit::{Live, Node};

/// Gives `response`'s widget the accessible name `name`, which should contain its visible
/// label (WCAG 2.5.3), replacing the visible label as what a screen reader says.
pub fn name(response: &egui::Response, name: impl Into<String>) {
    let name = name.into();
    response.ctx.accesskit_node_builder(response.id, |node| {
        node.clear_labelled_by();
        node.set_label(name);
    });
}

/// Marks `response` (a label that has just appeared) as a live region, so a screen reader
/// announces `text` when it shows, without moving the focus.
pub fn announce(response: &egui::Response, text: &str) {
    response
        .ctx
        .accesskit_node_builder(response.id, |node: &mut Node| {
            node.set_label(text);
            node.set_live(Live::Assertive);
        });
}

/// Names the window `title` for the accessibility tree (the root node) and, when it changed,
/// for the window manager.
pub fn window_title(ctx: &egui::Context, title: &str) {
    ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(title));
    let id = egui::Id::unique("counterpoint_window_title");
    let changed = ctx.data(|d| d.get_temp::<String>(id)).as_deref() != Some(title);
    if changed {
        ctx.data_mut(|d| d.insert_temp(id, title.to_owned()));
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.to_owned()));
    }
}
