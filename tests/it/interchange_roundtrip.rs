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
