//! No input makes an importer panic: truncated copies and garbage bytes of every fixture give an
//! error or a log, never a panic.

use std::path::PathBuf;

use counterpoint::interchange::{self, Format};

use super::util::{import_options, moodle_fixtures, root};

/// Every fixture with the format it is in.
fn fixtures() -> Vec<(Format, PathBuf)> {
    let mut all = Vec::new();
    for (dir, format) in [
        ("gift", Format::Gift),
        ("moodle_xml", Format::MoodleXml),
        ("aiken", Format::Aiken),
        ("csv", Format::Csv),
    ] {
        for entry in std::fs::read_dir(root().join("tests/fixtures").join(dir)).unwrap() {
            all.push((format, entry.unwrap().path()));
        }
    }
    if let Some(moodle) = moodle_fixtures() {
        for entry in std::fs::read_dir(moodle).unwrap() {
            let path = entry.unwrap().path();
            let name = path.to_string_lossy().to_lowercase();
            if name.contains(".gift.") {
                all.push((Format::Gift, path));
            } else if path.extension().is_some_and(|e| e == "xml") {
                all.push((Format::MoodleXml, path));
            }
        }
    }
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all
}

/// Runs every importer over `bytes`: a panic fails the test; errors are fine.
fn import_all(bytes: &[u8]) {
    for format in [Format::Gift, Format::MoodleXml, Format::Aiken, Format::Csv] {
        let _ = interchange::import(format, bytes, &import_options("fuzz"));
    }
}

#[test]
fn truncated_fixtures_do_not_panic() {
    for (format, path) in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        // Every cut for small files; a few hundred evenly spread cuts for large ones.
        let step = (bytes.len() / 300).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = interchange::import(format, &bytes[..cut], &import_options("cut"));
        }
    }
}

#[test]
fn garbage_bytes_do_not_panic() {
    // A small linear congruential generator: deterministic, no dependency.
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state.to_be_bytes()[3]
    };
    for (_, path) in fixtures() {
        let original = std::fs::read(&path).unwrap();
        for round in 0..8 {
            let mut bytes = original.clone();
            // Overwrite a growing share of the bytes with random ones, including invalid UTF-8.
            let flips = (bytes.len() / 50 + 1) * (round + 1);
            for _ in 0..flips {
                if bytes.is_empty() {
                    break;
                }
                let at = (usize::from(next()) << 8 | usize::from(next())) % bytes.len();
                bytes[at] = next();
            }
            import_all(&bytes);
            // The same bytes with the high bit cleared are valid UTF-8, so the parsers run.
            let ascii: Vec<u8> = bytes.iter().map(|b| b & 0x7F).collect();
            import_all(&ascii);
        }
    }
    let specials: &[&[u8]] = &[
        b"",
        b"{",
        b"}",
        b"::",
        b"::a",
        b"{#",
        b"{#..}",
        b"{#1..}",
        b"{~%",
        b"{~%-%x}",
        b"{=->}",
        b"$CATEGORY:",
        b"<quiz><question type=\"multichoice\"><answer fraction=\"1e999\"/></question></quiz>",
        b"<quiz><question type=\"numerical\"><answer><text>nan</text></answer></question></quiz>",
        b"<a><b><c>",
        b"\xEF\xBB\xBF",
        b"kind,prompt\nsingle,",
        b"ANSWER:",
        b"A. x\nANSWER: A",
    ];
    for s in specials {
        import_all(s);
    }
    let deep = "<quiz>".repeat(10_000);
    import_all(deep.as_bytes());
}
