//! Seed inputs: real files read at run time (the shipped bank, `tests/fixtures/**`, Moodle's own
//! test files in `../shared/fixtures/moodle`) and banks made by `generate.rs`, exported.

use std::path::{Path, PathBuf};

use counterpoint::bank;
use counterpoint::model::Bank;

/// One seed input, named for messages.
#[derive(Clone, Debug)]
pub struct Seed {
    /// Where it came from (`tests/fixtures/gift/x.gift`, `generated-3.gift`, …).
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl Seed {
    /// A seed from text.
    pub fn text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            bytes: text.into().into_bytes(),
        }
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Moodle's test files. Missing: an error when `CI=true`, else `None` with a printed reason.
pub fn shared_moodle() -> Result<Option<PathBuf>, String> {
    let dir = root().join("../shared/fixtures/moodle");
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    let message = format!(
        "{}: folder not found (Moodle's GPL-3.0 test files, kept outside the repository)",
        dir.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        return Err(message);
    }
    println!("fuzz: seeds skipped: {message}");
    Ok(None)
}

/// Files of `dir` (relative to the repository root, or absolute) whose names pass `keep`, sorted.
pub fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<Seed>, String> {
    let full = root().join(dir);
    let entries = std::fs::read_dir(&full).map_err(|e| format!("{}: {e}", full.display()))?;
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: {e}", full.display()))?
            .path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !path.is_file() || !keep(&name) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let shown = path
            .strip_prefix(root())
            .map_or_else(|_| name.clone(), |p| p.display().to_string());
        out.push(Seed { name: shown, bytes });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// A large seed cut into smaller real ones: its preamble plus `per` entries at a time, an entry
/// starting at each line that starts with `marker` (`[[question]]`, `<question`, …). Small seeds
/// keep the mutations fast; the whole file stays a seed too.
pub fn slices(seed: &Seed, marker: &str, per: usize) -> Vec<Seed> {
    let text = String::from_utf8_lossy(&seed.bytes);
    let mut starts: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .filter(|&i| text.get(i..).is_some_and(|rest| rest.starts_with(marker)))
        .collect();
    if text.starts_with(marker) {
        starts.insert(0, 0);
    }
    let Some(&first) = starts.first() else {
        return Vec::new();
    };
    let preamble = text.get(..first).unwrap_or_default();
    starts.push(text.len());
    starts
        .windows(2)
        .collect::<Vec<_>>()
        .chunks(per)
        .enumerate()
        .filter_map(|(n, group)| {
            let start = group.first()?[0];
            let end = group.last()?[1];
            Some(Seed::text(
                format!("{}#{}", seed.name, n + 1),
                format!("{preamble}{}", text.get(start..end).unwrap_or_default()),
            ))
        })
        .collect()
}

/// The shipped bank, loaded from `questions/iskp`.
pub fn shipped_bank() -> Result<Bank, String> {
    let dir = root().join("questions/iskp");
    let loaded = bank::load_dir(&dir).map_err(|e| e.to_string())?;
    loaded
        .bank
        .ok_or_else(|| format!("{}: the shipped bank does not load", dir.display()))
}

/// Small generated banks (`generate.rs`), different seeds.
pub fn generated_banks() -> Vec<Bank> {
    (1..=12)
        .map(|seed| crate::generate::bank(seed, 6))
        .collect()
}

/// `bank` cut into banks of `per` questions each (for exporting real questions in small files).
pub fn chunks(bank: &Bank, per: usize) -> Vec<Bank> {
    bank.questions
        .chunks(per)
        .map(|questions| Bank {
            questions: questions.to_vec(),
            ..bank.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_keep_the_preamble_and_group_entries() {
        let seed = Seed::text("f", "# head\n[[q]]\na = 1\n[[q]]\na = 2\n[[q]]\na = 3\n");
        let parts = slices(&seed, "[[q]]", 2);
        let texts: Vec<String> = parts
            .iter()
            .map(|s| String::from_utf8_lossy(&s.bytes).into_owned())
            .collect();
        assert_eq!(
            texts,
            [
                "# head\n[[q]]\na = 1\n[[q]]\na = 2\n",
                "# head\n[[q]]\na = 3\n"
            ]
        );
        assert_eq!(parts[1].name, "f#2");
    }
}
