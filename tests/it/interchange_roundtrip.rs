//! Round trips: the shipped bank and generated banks exported to GIFT and Moodle XML and imported
//! again come back with the same questions, keys, explanations, feedback and citations.

use counterpoint::interchange::{self, ExportFormat, Format};
use counterpoint::model::{Bank, Kind, NumericAnswer, Question};

use super::generate;
use super::util::{import_options, shipped_bank};

fn round_trip(bank: &Bank, format: ExportFormat) -> interchange::Import {
    let text = interchange::export(format, bank);
    let from = match format {
        ExportFormat::Gift => Format::Gift,
        ExportFormat::MoodleXml => Format::MoodleXml,
    };
    interchange::import(from, text.as_bytes(), &import_options("export")).unwrap()
}

/// Numeric keys compared by the numbers they accept (Moodle XML has no ranges: a range comes back
/// as its midpoint ± half its width).
fn same_numeric(a: &NumericAnswer, b: &NumericAnswer) -> bool {
    let bounds = |k: &NumericAnswer| match *k {
        NumericAnswer::Exact { value, tolerance } => (value - tolerance, value + tolerance),
        NumericAnswer::Range { min, max } => (min, max),
    };
    let ((a0, a1), (b0, b1)) = (bounds(a), bounds(b));
    (a0 - b0).abs() < 1e-9 && (a1 - b1).abs() < 1e-9
}

fn assert_same_question(a: &Question, b: &Question, format: ExportFormat) {
    let ctx = format!("{} via {format:?}", a.id);
    assert_eq!(a.id, b.id, "{ctx}");
    assert_eq!(a.topic, b.topic, "{ctx}");
    assert_eq!(a.tags, b.tags, "{ctx}");
    assert_eq!(a.difficulty, b.difficulty, "{ctx}");
    assert_eq!(a.prompt, b.prompt, "{ctx}");
    assert_eq!(a.explanation, b.explanation, "{ctx}");
    assert_eq!(a.sources, b.sources, "{ctx}");
    assert_eq!(a.content_warning, b.content_warning, "{ctx}");
    match (&a.kind, &b.kind) {
        (
            Kind::Numeric {
                answer: x,
                unit: ux,
            },
            Kind::Numeric {
                answer: y,
                unit: uy,
            },
        ) if format == ExportFormat::MoodleXml => {
            assert!(same_numeric(x, y), "{ctx}: {x:?} vs {y:?}");
            assert_eq!(ux, uy, "{ctx}");
        }
        (x, y) => assert_eq!(x, y, "{ctx}"),
    }
}

fn assert_same_bank(original: &Bank, format: ExportFormat) {
    let back = round_trip(original, format);
    assert_eq!(back.log.skipped(), 0, "{}", back.log);
    assert_eq!(back.log.changed(), 0, "{}", back.log);
    assert_eq!(back.bank.questions.len(), original.questions.len());
    for (a, b) in original.questions.iter().zip(&back.bank.questions) {
        assert_same_question(a, b, format);
        for c in &a.sources {
            let (s, t) = (&original.sources[&c.id], &back.bank.sources[&c.id]);
            assert_eq!(s.citation, t.citation, "{} cites {}", a.id, c.id);
            assert_eq!(s.url, t.url, "{} cites {}", a.id, c.id);
        }
    }
}

#[test]
fn shipped_bank_round_trips_through_gift() {
    assert_same_bank(&shipped_bank(), ExportFormat::Gift);
}

#[test]
fn shipped_bank_round_trips_through_moodle_xml() {
    assert_same_bank(&shipped_bank(), ExportFormat::MoodleXml);
}

#[test]
fn generated_banks_round_trip_through_gift() {
    for seed in 0..5 {
        assert_same_bank(&generate::bank(seed, 150), ExportFormat::Gift);
    }
}

#[test]
fn generated_banks_round_trip_through_moodle_xml() {
    for seed in 0..5 {
        assert_same_bank(&generate::bank(seed, 150), ExportFormat::MoodleXml);
    }
}

#[test]
fn imported_bank_is_written_and_loads_without_errors() {
    let original = generate::bank(42, 60);
    let imported = round_trip(&original, ExportFormat::Gift);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bank");
    interchange::toml_out::write_bank_dir(&imported.bank, &out, false).unwrap();
    let loaded = counterpoint::bank::load_dir(&out).unwrap();
    let diagnostics: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let bank = loaded.bank.unwrap();
    for q in &imported.bank.questions {
        assert_eq!(bank.question(&q.id), Some(q));
    }
}

/// Writes `bank` with `write_bank_dir` (which checks it from memory, not by reading the folder
/// back) and asserts that the loader reads the folder back to the same bank with no diagnostic at
/// all: the property that lets the importer skip the reparse. `what` names the case.
fn assert_written_folder_loads_to_the_same_bank(bank: &Bank, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bank");
    interchange::toml_out::write_bank_dir(bank, &out, false)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let loaded = counterpoint::bank::load_dir(&out).unwrap();
    let diagnostics: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(diagnostics.is_empty(), "{what}: {diagnostics:#?}");
    let reloaded = loaded.bank.unwrap();
    // The folder groups questions by topic, so compare them by id; the rest field by field.
    let by_id = |b: &Bank| {
        let mut qs = b.questions.clone();
        qs.sort_by(|x, y| x.id.cmp(&y.id));
        qs
    };
    assert_eq!(by_id(&reloaded), by_id(bank), "{what}: questions");
    assert_eq!(reloaded.sources, bank.sources, "{what}: sources");
    let header = |b: &Bank| {
        (
            b.id.clone(),
            b.title.clone(),
            b.description.clone(),
            b.language.clone(),
            b.version.clone(),
            b.authors.clone(),
            b.license.clone(),
            b.content_note.clone(),
        )
    };
    assert_eq!(header(&reloaded), header(bank), "{what}: bank.toml");
}

#[test]
fn written_folders_of_generated_banks_load_to_the_same_bank() {
    for seed in 0..12 {
        let bank = generate::bank(seed, 120);
        assert_written_folder_loads_to_the_same_bank(&bank, &format!("generated seed {seed}"));
        for format in [ExportFormat::Gift, ExportFormat::MoodleXml] {
            let imported = round_trip(&bank, format);
            let what = format!("generated seed {seed} through {format:?}");
            assert_written_folder_loads_to_the_same_bank(&imported.bank, &what);
        }
    }
}

#[test]
fn topics_named_like_the_banks_other_files_get_question_files() {
    let mut bank = generate::bank(3, 40);
    for (q, topic) in bank.questions.iter_mut().zip(
        ["Map", "Bank", "Sources", "Glossary", "Events"]
            .iter()
            .cycle(),
    ) {
        q.topic = (*topic).to_owned();
    }
    assert_written_folder_loads_to_the_same_bank(
        &bank,
        "topics map, bank, sources, glossary, events",
    );
}

#[test]
fn written_folders_of_every_import_fixture_load_to_the_same_bank() {
    let mut files: Vec<(Format, std::path::PathBuf)> = Vec::new();
    let ours = super::util::fixture("", "");
    for (folder, format) in [
        ("gift", Format::Gift),
        ("moodle_xml", Format::MoodleXml),
        ("aiken", Format::Aiken),
        ("csv", Format::Csv),
    ] {
        for entry in std::fs::read_dir(ours.join(folder)).unwrap() {
            files.push((format, entry.unwrap().path()));
        }
    }
    let Some(moodle) = super::util::moodle_fixtures() else {
        return;
    };
    for entry in std::fs::read_dir(moodle).unwrap() {
        let path = entry.unwrap().path();
        let name = path.to_string_lossy().to_lowercase();
        if path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("xml"))
        {
            files.push((Format::MoodleXml, path));
        } else if name.ends_with(".gift.txt") {
            files.push((Format::Gift, path));
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    let mut written = 0;
    for (format, path) in &files {
        // Files that cannot be imported at all (not UTF-8, not a quiz, hostile) are other tests' concern.
        let Ok(imported) = super::util::import_file(*format, path) else {
            continue;
        };
        if imported.bank.questions.is_empty() {
            continue;
        }
        assert_written_folder_loads_to_the_same_bank(&imported.bank, &path.display().to_string());
        written += 1;
    }
    assert!(written >= 30, "only {written} fixtures gave a bank");
}

#[test]
fn a_bank_the_loader_would_refuse_is_not_written() {
    let mut bank = generate::bank(1, 5);
    bank.id = counterpoint::model::BankId("Not An Id".into());
    bank.title = " ".into();
    bank.questions[1].sources[0].id = "missing".into();
    bank.questions[2].id = bank.questions[0].id.clone();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bank");
    let err = interchange::toml_out::write_bank_dir(&bank, &out, false)
        .unwrap_err()
        .to_string();
    for expected in [
        "bank.toml:1:6: error: bank `id` may only hold lowercase letters, digits and '-'",
        "bank.toml:2:9: error: `title` must not be empty",
        "unknown source `missing`",
        "duplicate question id",
    ] {
        assert!(err.contains(expected), "{expected} not in {err}");
    }
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "temporary folder left"
    );
}
