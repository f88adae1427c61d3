//! The HTML class report in a real browser: headless Chromium takes a screenshot of the page
//! and the PNG must show something. Skipped with a message when `chromium` is not installed,
//! unless `CI=true` (.ci/run installs it).

use std::path::{Path, PathBuf};
use std::process::Command;

use counterpoint::course::report;

fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file())
}

fn screenshot(chromium: &Path, page: &Path, png: &Path, profile: &Path) -> std::process::Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1200,1600")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
}

#[test]
fn html_report_renders_in_chromium() {
    let Some(chromium) = find_chromium() else {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !ci,
            "CI=true but `chromium` is not on PATH (.ci/run installs it)"
        );
        eprintln!("skipped: `chromium` is not on PATH");
        return;
    };
    let fixtures = crate::util::root().join("tests/fixtures/report");
    let (class, skipped) = report::build(&[fixtures.join("class"), fixtures.join("broken")]);
    assert_eq!(class.attempts.len(), 6);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    report::html::write(&class, &skipped, "Class report", &page).unwrap();
    let png = dir.path().join("shot.png");
    let out = screenshot(&chromium, &page, &png, &dir.path().join("profile"));
    assert!(
        png.is_file(),
        "no screenshot; chromium said: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    // A blank 1200×1600 page compresses to a few kB; text, tables and charts make it far larger.
    assert!(
        bytes.len() > 40_000,
        "screenshot is only {} bytes",
        bytes.len()
    );
    let mut seen = [false; 256];
    for &b in &bytes {
        seen[usize::from(b)] = true;
    }
    assert!(
        seen.iter().filter(|s| **s).count() > 200,
        "too few distinct bytes"
    );

    // A blank page for comparison, to show the size check can fail.
    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let blank_png = dir.path().join("blank.png");
    screenshot(&chromium, &blank, &blank_png, &dir.path().join("profile2"));
    let blank_len = std::fs::metadata(&blank_png).unwrap().len();
    assert!(blank_len < 40_000, "a blank page gives {blank_len} bytes");
}
