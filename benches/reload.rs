//! Frame times while a 10,000-question bank is live-reloaded.
//!
//! `cargo bench --bench reload` writes a generated 10,000-question bank to a temporary
//! `questions/` folder, opens the app's frame function on it (`egui_kittest`, no GPU: this is the
//! CPU time of `app_ui`, the part live reload could stall), starts live reload, and then, several
//! times, edits `bank.toml` and draws a frame every 16 ms until the reloaded bank is swapped in.
//! It prints the slowest frame, the 99th percentile and the median, on the start page and on the
//! bank browser, and how long each edit took to show. Figures are in `docs/performance.md`.

#![expect(clippy::print_stdout, reason = "a benchmark prints its figures")]
#![expect(
    clippy::indexing_slicing,
    reason = "the shared test generator indexes its word lists; percentiles index sorted samples"
)]
#![expect(clippy::unwrap_used, reason = "a benchmark stops on any setup failure")]

use std::path::Path;
use std::time::{Duration, Instant};

use counterpoint::app::Library;
use counterpoint::interchange::toml_out;
use counterpoint::ui::{AppState, BrowserView, Screen, ScreenKind, app_ui};
use egui_kittest::Harness;

#[path = "../tests/it/generate.rs"]
mod generate;

/// Questions in the generated bank.
const QUESTIONS: usize = 10_000;
/// Edits per screen.
const ROUNDS: usize = 5;
/// Time between frames while waiting for a reload (about 60 frames per second).
const FRAME_GAP: Duration = Duration::from_millis(16);

fn title(h: &Harness<'_, AppState>) -> String {
    h.state()
        .library
        .banks
        .first()
        .map(|b| b.title.clone())
        .unwrap_or_default()
}

/// Edits the bank's title `ROUNDS` times on `screen`; returns every frame time and each edit's
/// time to show.
fn measure(
    dir: &Path,
    bank_toml: &str,
    screen: ScreenKind,
    tag: &str,
) -> (Vec<Duration>, Vec<Duration>) {
    let library = Library::load_from([], &[dir.parent().unwrap().to_path_buf()]);
    assert_eq!(library.banks[0].questions.len(), QUESTIONS);
    let mut state = AppState::over(library, 1);
    state.start_live_reload(|| {});
    // The generated text mixes scripts the default fonts lack; the app draws those as boxes too.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 800.0))
        .allow_missing_glyphs()
        .build_ui_state(app_ui, state);
    h.run();
    h.state_mut().screen = match screen {
        ScreenKind::Browser => Screen::Browser(BrowserView::default()),
        _ => Screen::Home,
    };
    h.run();
    let (mut frames, mut latencies) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let want = format!("Generated {tag} {round}");
        std::fs::write(
            dir.join("bank.toml"),
            bank_toml.replace("title = \"Generated\"", &format!("title = \"{want}\"")),
        )
        .unwrap();
        let edited = Instant::now();
        loop {
            let start = Instant::now();
            h.step();
            frames.push(start.elapsed());
            if title(&h) == want {
                latencies.push(edited.elapsed());
                break;
            }
            assert!(edited.elapsed() < Duration::from_secs(30), "no reload");
            std::thread::sleep(FRAME_GAP);
        }
        // A few frames after the swap, as the app draws them.
        for _ in 0..5 {
            let start = Instant::now();
            h.step();
            frames.push(start.elapsed());
        }
    }
    (frames, latencies)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("questions").join("generated");
    let bank = generate::bank(7, QUESTIONS);
    toml_out::write_bank_dir(&bank, &dir, false).unwrap();
    let bank_toml = std::fs::read_to_string(dir.join("bank.toml")).unwrap();
    for (screen, name) in [
        (ScreenKind::Home, "start page"),
        (ScreenKind::Browser, "bank browser"),
    ] {
        let (mut frames, latencies) = measure(&dir, &bank_toml, screen, name);
        frames.sort();
        // Index of the percentile `per_mille` / 1000 in the sorted frames.
        let pick = |per_mille: usize| ms(frames[(frames.len() - 1) * per_mille / 1000]);
        println!(
            "reload_10k/{name}: {} frames, max {:.1} ms, p99 {:.1} ms, median {:.1} ms; \
             edit to screen {:?} ms",
            frames.len(),
            ms(*frames.last().unwrap()),
            pick(990),
            pick(500),
            latencies.iter().map(|d| ms(*d).round()).collect::<Vec<_>>()
        );
    }
}
