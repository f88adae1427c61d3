//! The desktop app (feature `gui`): the only module that uses egui.
//!
//! [`AppState`] holds what outlives a screen; each [`Screen`] variant carries its own view state.
//! [`app_ui`] draws one frame and then applies every [`Command`] the screens emitted, in order,
//! through the application layer ([`crate::app`]). Tests drive [`app_ui`] with `egui_kittest`,
//! the binary through eframe.

mod app;
mod draft;
mod feedback;
mod glossary;
mod home;
mod map;
mod profiles;
mod progress;
mod question;
mod results;
mod state;
mod theme;
mod timeline;

use std::path::PathBuf;

pub use app::{CounterpointApp, app_ui};
pub use draft::Draft;
pub use state::{
    AppState, Command, HomeForm, LearnersForm, Phase, ProgressView, QuestionView, Screen,
    ScreenKind, Settings, StartCounts,
};

/// Opens the desktop window on the built-in banks plus `extra` bank folders, with progress kept
/// in `data_dir` (default: the per-user data directory).
pub fn run(extra: &[PathBuf], data_dir: Option<&std::path::Path>) -> Result<(), eframe::Error> {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut state = AppState::over(crate::app::Library::load(extra), seed);
    let dir = crate::app::Store::data_dir(data_dir);
    match crate::app::Store::open_in(&dir) {
        Ok(store) => state = state.with_store(store),
        Err(e) => state.learner = crate::app::Learner::without_store(Some(e.to_string())),
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Counterpoint")
            .with_inner_size([1000.0, 760.0])
            .with_min_inner_size([480.0, 360.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Counterpoint",
        options,
        Box::new(move |cc| {
            theme::apply(&cc.egui_ctx);
            Ok(Box::new(CounterpointApp::new(state)))
        }),
    )
}
