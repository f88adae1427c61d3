//! The desktop app (feature `gui`): the only module that uses egui.
//!
//! [`AppState`] holds what outlives a screen; each [`Screen`] variant carries its own view state.
//! [`app_ui`] draws one frame and then applies every [`Command`] the screens emitted, in order,
//! through the application layer ([`crate::app`]). Tests drive [`app_ui`] with `egui_kittest`,
//! the binary through eframe.

mod a11y;
mod app;
mod browser;
mod class_report;
mod draft;
mod exam;
mod feedback;
mod glossary;
mod help;
mod home;
mod map;
mod problems;
mod profiles;
mod progress;
mod question;
mod results;
mod settings;
mod state;
mod theme;
mod timeline;
mod transfer;

use std::path::PathBuf;

pub use app::{CounterpointApp, app_ui, apply, open_preview};
pub use draft::Draft;
pub use help::{screen_shortcuts, shortcuts};
pub use state::{
    AppState, BrowserView, ClassReportView, Command, ExamResultView, ExamView, HomeForm,
    LearnersForm, Live, Phase, Preview, ProblemsView, ProgressView, QuestionView, Screen,
    ScreenKind, Settings, StartCounts, TakeExamForm, TransferView,
};

/// Opens the desktop window on the built-in banks plus `extra` bank folders, with progress kept
/// in `data_dir` (default: the per-user data directory). With `preview` (a bank folder and maybe a
/// question id, from `counterpoint preview`), that folder is loaded and watched too, and the app
/// opens on the question (or on the browser of that bank).
pub fn run(
    extra: &[PathBuf],
    data_dir: Option<&std::path::Path>,
    preview: Option<(PathBuf, Option<String>)>,
) -> Result<(), eframe::Error> {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let data = crate::app::Store::data_dir(data_dir);
    let banks_dir = crate::app::banks_dir(&data);
    // Imported banks load after ./questions and before --questions folders. The folder is made
    // here so that it is watched from the start (a failure only means nothing is imported yet).
    std::fs::create_dir_all(&banks_dir).ok();
    let mut folders: Vec<PathBuf> = Vec::new();
    let has_banks = crate::app::Library::has_banks(&banks_dir);
    if has_banks {
        folders.push(banks_dir.clone());
    }
    folders.extend(extra.iter().cloned());
    let preview = preview.map(|(path, question)| {
        let dir = if path.is_file() {
            path.parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default()
        } else {
            path
        };
        folders.push(dir.clone());
        (dir, question)
    });
    let mut library = crate::app::Library::load(&folders);
    if !has_banks {
        // Empty: not a problem to report, but watched for the banks saved into it.
        library.watch_also(banks_dir.clone());
    }
    let mut state = AppState::over(library, seed);
    state.settings.banks_dir = Some(banks_dir);
    match crate::app::Store::open_in(&data) {
        Ok(store) => state = state.with_store(store),
        Err(e) => state.learner = crate::app::Learner::without_store(Some(e.to_string())),
    }
    if let Some((dir, question)) = preview {
        app::open_preview(&mut state, &dir, question.as_deref());
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
            theme::apply(&cc.egui_ctx, state.settings.appearance);
            let ctx = cc.egui_ctx.clone();
            state.start_live_reload(move || ctx.request_repaint());
            Ok(Box::new(CounterpointApp::new(state)))
        }),
    )
}
