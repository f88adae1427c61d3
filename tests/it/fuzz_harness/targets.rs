//! The fuzz targets: every parser that reads outside input. To add one, write a `run` function
//! that feeds the bytes to the parser (errors are fine, a panic is a finding), a `seeds` function
//! listing real inputs, and an entry in [`all`].

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use counterpoint::bank::{self, BankFile};
use counterpoint::interchange::{self, ExportFormat, Format, ImportOptions, toml_out};

use super::mutate::Grammar;
use super::seeds::{self, Seed};

/// One fuzz target.
pub struct Target {
    /// Name on the command line (`--target gift`).
    pub name: &'static str,
    /// What it feeds, for `--list`.
    pub about: &'static str,
    /// Tokens and nesting for the mutator.
    pub grammar: Grammar,
    /// The real inputs mutations start from.
    pub seeds: fn() -> Result<Vec<Seed>, String>,
    /// Feeds one input to the parser. Returning is a pass, whatever the parser said.
    pub run: fn(&[u8]),
    /// Inputs in the bounded run under `cargo test` (a debug build): about 6 s each.
    pub test_inputs: u64,
}

/// Every target, in the order `--target all` runs them.
pub fn all() -> Vec<Target> {
    let mut targets = vec![
        Target {
            name: "gift",
            about: "GIFT import (interchange::import, Format::Gift)",
            grammar: GIFT,
            seeds: gift_seeds,
            run: |bytes| import(Format::Gift, "fuzz.gift", bytes),
            test_inputs: 6000,
        },
        Target {
            name: "moodle-xml",
            about: "Moodle XML import (interchange::import, Format::MoodleXml)",
            grammar: XML,
            seeds: xml_seeds,
            run: |bytes| import(Format::MoodleXml, "fuzz.xml", bytes),
            test_inputs: 4000,
        },
        Target {
            name: "aiken",
            about: "Aiken import (interchange::import, Format::Aiken)",
            grammar: AIKEN,
            seeds: aiken_seeds,
            run: |bytes| import(Format::Aiken, "fuzz.txt", bytes),
            test_inputs: 12_000,
        },
        Target {
            name: "csv",
            about: "CSV import (interchange::import, Format::Csv)",
            grammar: CSV,
            seeds: csv_seeds,
            run: |bytes| import(Format::Csv, "fuzz.csv", bytes),
            test_inputs: 8000,
        },
        Target {
            name: "bank-toml",
            about: "bank.toml through bank::load_files, with a valid rest of the bank",
            grammar: TOML,
            seeds: bank_toml_seeds,
            run: |bytes| load_as("bank.toml", bytes),
            test_inputs: 3000,
        },
        Target {
            name: "sources-toml",
            about: "sources.toml through bank::load_files, with a valid rest of the bank",
            grammar: TOML,
            seeds: sources_toml_seeds,
            run: |bytes| load_as("sources.toml", bytes),
            test_inputs: 3000,
        },
        Target {
            name: "questions-toml",
            about: "a question file through bank::load_files, with a valid rest of the bank",
            grammar: TOML,
            seeds: questions_toml_seeds,
            run: |bytes| load_as("fuzz.toml", bytes),
            test_inputs: 3000,
        },
        Target {
            name: "glossary-toml",
            about: "glossary.toml through bank::load_files, with a valid rest of the bank",
            grammar: TOML,
            seeds: glossary_toml_seeds,
            run: |bytes| load_as("glossary.toml", bytes),
            test_inputs: 3000,
        },
        Target {
            name: "events-toml",
            about: "events.toml through bank::load_files, with a valid rest of the bank",
            grammar: TOML,
            seeds: events_toml_seeds,
            run: |bytes| load_as("events.toml", bytes),
            test_inputs: 3000,
        },
        Target {
            name: "map-toml",
            about: "map.toml through bank::load_files, with a valid rest of the bank",
            grammar: TOML,
            seeds: map_toml_seeds,
            run: |bytes| load_as("map.toml", bytes),
            test_inputs: 3000,
        },
    ];
    targets.extend(super::course_targets::targets());
    targets
}

// ------------------------------------------------------------------ interchange

/// Imports `bytes` and renders the log or the error, as the CLI would.
fn import(format: Format, file: &str, bytes: &[u8]) {
    let opts = ImportOptions::for_file(file, "2026-01-01");
    match interchange::import(format, bytes, &opts) {
        Ok(imported) => {
            black_box(imported.log.to_string());
        }
        Err(e) => {
            black_box(e.to_string());
        }
    }
}

const GIFT: Grammar = Grammar {
    tokens: &[
        "{",
        "}",
        "~",
        "=",
        "#",
        "->",
        "::",
        "$CATEGORY: ",
        "// ",
        "[html]",
        "[moodle]",
        "[markdown]",
        "[plain]",
        "%50%",
        "%-100%",
        "%",
        "\\",
        "\\{",
        "\\=",
        "{T}",
        "{FALSE}",
        "{#",
        "{#1:0.5}",
        "{#1..2}",
        "####",
        "\n\n",
        "\r\n",
        ":",
        "<b>",
        "</b>",
        "&amp;",
        "// [id:x] [tag:y]",
        "{=a->b =c->d}",
        "{~a ~=b}",
    ],
    nest: &["{", "<b>", "["],
    utf8_repair_in_4: 3,
};

const XML: Grammar = Grammar {
    tokens: &[
        "<quiz>",
        "</quiz>",
        "<question type=\"multichoice\">",
        "<question type=\"category\">",
        "<question type=\"matching\">",
        "<question type=\"numerical\">",
        "<question type=\"ordering\">",
        "<question type=\"truefalse\">",
        "<question type=\"shortanswer\">",
        "</question>",
        "<answer fraction=\"100\">",
        "<answer fraction=\"-50\">",
        "</answer>",
        "<text>",
        "</text>",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&lt;",
        "&#xFFFF;",
        "&#0;",
        "&#1114112;",
        "&undefined;",
        "<!DOCTYPE quiz [",
        "<!ENTITY a \"aaaaaaaaaa\">",
        "&a;",
        "<!--",
        "-->",
        "<?xml version=\"1.0\"?>",
        "format=\"html\"",
        "format=\"markdown\"",
        "<subquestion>",
        "<single>false</single>",
        "<tolerance>1e9</tolerance>",
        "<tags><tag><text>t</text></tag></tags>",
        "/>",
        "=\"",
        "<",
        ">",
    ],
    nest: &["<a>", "<text>", "<question>"],
    utf8_repair_in_4: 3,
};

const AIKEN: Grammar = Grammar {
    tokens: &[
        "ANSWER: ",
        "ANSWER:",
        "A. ",
        "B) ",
        "Z. ",
        "ANSWER: Z",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "a. ",
        "AA. ",
    ],
    nest: &["A. "],
    utf8_repair_in_4: 3,
};

const CSV: Grammar = Grammar {
    tokens: &[
        ",",
        ";",
        "\t",
        "\"",
        "\"\"",
        "\n",
        "\r\n",
        "single",
        "multiple",
        "true_false",
        "order",
        "match",
        "numeric",
        "text",
        " -> ",
        "±",
        "..",
        "[fn1] ",
        "<https://x>",
        "option_9",
        "feedback_9",
        "id",
        "kind",
        "prompt",
        "answer",
    ],
    nest: &["\"", "[", "<"],
    utf8_repair_in_4: 3,
};

fn gift_seeds() -> Result<Vec<Seed>, String> {
    let mut out = seeds::files(Path::new("tests/fixtures/gift"), |_| true)?;
    if let Some(moodle) = seeds::shared_moodle()? {
        out.extend(seeds::files(&moodle, |n| n.contains(".gift."))?);
    }
    out.extend(exported(ExportFormat::Gift, "gift")?);
    Ok(out)
}

fn xml_seeds() -> Result<Vec<Seed>, String> {
    let mut out = seeds::files(Path::new("tests/fixtures/moodle_xml"), |_| true)?;
    if let Some(moodle) = seeds::shared_moodle()? {
        let whole = seeds::files(&moodle, |n| {
            Path::new(n)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
        })?;
        for seed in &whole {
            if seed.bytes.len() > 8192 {
                out.extend(wrapped(
                    &seeds::slices(seed, "  <question", 2),
                    "<quiz>",
                    "</quiz>",
                ));
            }
        }
        out.extend(whole);
    }
    out.extend(exported(ExportFormat::MoodleXml, "xml")?);
    Ok(out)
}

/// Closes slices of a file whose end was cut off.
fn wrapped(slices: &[Seed], open: &str, close: &str) -> Vec<Seed> {
    slices
        .iter()
        .map(|s| {
            let text = String::from_utf8_lossy(&s.bytes);
            let text = if text.contains(open) {
                text.into_owned()
            } else {
                format!("{open}\n{text}")
            };
            Seed::text(s.name.clone(), format!("{text}{close}\n"))
        })
        .collect()
}

fn aiken_seeds() -> Result<Vec<Seed>, String> {
    let mut out = seeds::files(Path::new("tests/fixtures/aiken"), |_| true)?;
    // Aiken holds single-answer questions only: write the generated ones of that kind.
    for (n, bank) in seeds::generated_banks().iter().enumerate() {
        let mut text = String::new();
        for q in &bank.questions {
            if let counterpoint::model::Kind::Single { choices, answer } = &q.kind {
                text.push_str(&q.prompt.replace('\n', " "));
                text.push('\n');
                for (i, c) in choices.iter().enumerate() {
                    let letter = char::from(b'A' + u8::try_from(i).unwrap_or(0));
                    let _ = writeln!(text, "{letter}. {}", c.text.replace('\n', " "));
                }
                let letter = char::from(b'A' + u8::try_from(*answer).unwrap_or(0));
                let _ = writeln!(text, "ANSWER: {letter}\n");
            }
        }
        out.push(Seed::text(format!("generated-{}.aiken", n + 1), text));
    }
    Ok(out)
}

fn csv_seeds() -> Result<Vec<Seed>, String> {
    let mut out = seeds::files(Path::new("tests/fixtures/csv"), |_| true)?;
    // Each row of the richest fixture alone under its header, so single rows mutate fast.
    if let Some(all_kinds) = out.iter().find(|s| s.name.ends_with("all_kinds.csv")) {
        let text = String::from_utf8_lossy(&all_kinds.bytes).into_owned();
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default().to_owned();
        let rows: Vec<Seed> = lines
            .enumerate()
            .map(|(n, row)| {
                Seed::text(
                    format!("all_kinds.csv:{}", n + 2),
                    format!("{header}\n{row}\n"),
                )
            })
            .collect();
        out.extend(rows);
    }
    Ok(out)
}

/// The shipped bank in small pieces and the generated banks, exported to `format`.
fn exported(format: ExportFormat, ext: &str) -> Result<Vec<Seed>, String> {
    let shipped = seeds::shipped_bank()?;
    let mut out: Vec<Seed> = seeds::chunks(&shipped, 3)
        .iter()
        .enumerate()
        .map(|(n, b)| {
            Seed::text(
                format!("questions/iskp#{}.{ext}", n + 1),
                interchange::export(format, b),
            )
        })
        .collect();
    for (n, bank) in seeds::generated_banks().iter().enumerate() {
        out.push(Seed::text(
            format!("generated-{}.{ext}", n + 1),
            interchange::export(format, bank),
        ));
    }
    Ok(out)
}

// ------------------------------------------------------------------ bank TOML files

const TOML: Grammar = Grammar {
    tokens: &[
        "[[question]]",
        "[[source]]",
        "[[term]]",
        "[[event]]",
        "[[group]]",
        "[[relation]]",
        "[[phase]]",
        "[question]",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "'",
        "\"\"\"",
        "'''",
        "=",
        ".",
        ",",
        "#",
        "\\u0000",
        "\\uD800",
        "\\U0010FFFF",
        "\\",
        "\n",
        "\r\n",
        "kind = \"single\"",
        "kind = \"multiple\"",
        "kind = \"match\"",
        "kind = \"order\"",
        "kind = \"numeric\"",
        "kind = \"text\"",
        "kind = \"true_false\"",
        "answer = 99",
        "answers = [0, 0, 7]",
        "difficulty = 255",
        "sources = [\"nope\"]",
        "pairs = [{ left = \"a\", right = \"b\" }]",
        "choices = []",
        "id = \"x\"",
        "questions = [\"x\"]",
        "date = \"2015-02-30\"",
        "note = -1",
        "tolerance = -1",
        "min = 5\nmax = 1",
        "true",
        "false",
        "1979-05-27T07:32:00Z",
        "inf",
        "nan",
        "a.b.c = 1",
        "[question.x]",
    ],
    nest: &["[", "{a=", "[[", "{"],
    utf8_repair_in_4: 3,
};

/// The rest of a bank that a fuzzed file is loaded with: the shipped `bank.toml`, a small
/// `sources.toml` with the ids the generated banks and the check fixtures cite (`fn1`..`fn20`,
/// `s1`; citations of the shipped bank's other notes are reported as unknown, which exercises
/// that check) and one valid question file. Kept small: it is parsed again with every input.
struct Context {
    files: Vec<(&'static str, Vec<u8>)>,
}

fn context() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let read = |p: &str| std::fs::read(seeds::root().join(p)).unwrap_or_default();
        let mut sources = String::new();
        for id in (1..=20).map(|i| format!("fn{i}")).chain(["s1".to_owned()]) {
            let _ = writeln!(
                sources,
                "[[source]]\nid = {}\ncitation = \"Source {id}.\"\n",
                toml_out::string(&id)
            );
        }
        Context {
            files: vec![
                ("bank.toml", read("questions/iskp/bank.toml")),
                ("sources.toml", sources.into_bytes()),
                (
                    "valid_all_kinds.toml",
                    read("tests/fixtures/check/valid_all_kinds.toml"),
                ),
            ],
        }
    })
}

/// Loads `bytes` as the bank file `name`, with the context for the other files, and renders
/// every diagnostic.
fn load_as(name: &str, bytes: &[u8]) {
    let dir = Path::new("fuzz");
    let mut files: Vec<BankFile> = context()
        .files
        .iter()
        .filter(|(n, _)| *n != name)
        .map(|(n, b)| BankFile {
            path: dir.join(n),
            name: (*n).to_owned(),
            bytes: b.clone(),
        })
        .collect();
    files.push(BankFile {
        path: dir.join(name),
        name: name.to_owned(),
        bytes: bytes.to_vec(),
    });
    let loaded = bank::load_files(dir, files);
    for d in &loaded.diagnostics {
        black_box(d.to_string());
    }
    black_box(loaded.bank.map(|b| b.questions.len()));
}

/// The shipped file `name`, its slices of `per` entries, and the generated banks' file made by
/// `render`.
fn toml_seeds(
    name: &str,
    marker: &str,
    per: usize,
    render: fn(&counterpoint::model::Bank) -> String,
) -> Result<Vec<Seed>, String> {
    let mut out = seeds::files(Path::new("questions/iskp"), |n| n == name)?;
    let slices: Vec<Seed> = out
        .iter()
        .flat_map(|s| seeds::slices(s, marker, per))
        .collect();
    out.extend(slices);
    for (n, bank) in seeds::generated_banks().iter().enumerate() {
        out.push(Seed::text(
            format!("generated-{}/{name}", n + 1),
            render(bank),
        ));
    }
    Ok(out)
}

fn bank_toml_seeds() -> Result<Vec<Seed>, String> {
    let mut out = toml_seeds("bank.toml", "id =", 100, toml_out::bank_toml)?;
    out.extend(seeds::files(Path::new("tests/fixtures/check"), |n| {
        n == "_bank.toml"
    })?);
    Ok(out)
}

fn sources_toml_seeds() -> Result<Vec<Seed>, String> {
    let mut out = toml_seeds("sources.toml", "[[source]]", 4, toml_out::sources_toml)?;
    out.extend(seeds::files(Path::new("tests/fixtures/check"), |n| {
        n == "_sources.toml"
    })?);
    Ok(out)
}

fn questions_toml_seeds() -> Result<Vec<Seed>, String> {
    let mut out = Vec::new();
    let shipped = seeds::files(Path::new("questions/iskp"), |n| {
        !["bank.toml", "sources.toml", "glossary.toml", "events.toml"].contains(&n)
    })?;
    for seed in &shipped {
        out.extend(seeds::slices(seed, "[[question]]", 2));
    }
    out.extend(shipped);
    out.extend(seeds::files(Path::new("tests/fixtures/check"), |n| {
        !n.starts_with('_')
    })?);
    for (n, bank) in seeds::generated_banks().iter().enumerate() {
        for (file, text) in toml_out::bank_files(bank).into_iter().skip(2) {
            out.push(Seed::text(format!("generated-{}/{file}", n + 1), text));
        }
    }
    Ok(out)
}

fn glossary_toml_seeds() -> Result<Vec<Seed>, String> {
    toml_seeds("glossary.toml", "[[term]]", 3, |_| {
        "[[term]]\nterm = \"x\"\ndefinition = \"y\"\nsources = [\"fn1\"]\n".to_owned()
    })
}

fn events_toml_seeds() -> Result<Vec<Seed>, String> {
    toml_seeds("events.toml", "[[event]]", 3, |b| {
        let ids: Vec<String> = b
            .questions
            .iter()
            .map(|q| toml_out::string(&q.id.0))
            .collect();
        format!(
            "[[event]]\nid = \"e\"\ndate = \"2015-01\"\ntitle = \"t\"\nsummary = \"s\"\nsources = [\"fn1\"]\nquestions = [{}]\n",
            ids.join(", ")
        )
    })
}

fn map_toml_seeds() -> Result<Vec<Seed>, String> {
    let mut out = seeds::files(Path::new("questions/iskp"), |n| n == "map.toml")?;
    let slices: Vec<Seed> = out.iter().flat_map(|s| seeds::slices(s, "[[", 3)).collect();
    out.extend(slices);
    out.extend(seeds::files(Path::new("tests/fixtures/check"), |n| {
        n.starts_with("map_")
    })?);
    Ok(out)
}

/// The directory crash inputs are saved in: `target/fuzz-crashes` (or under `CARGO_TARGET_DIR`).
pub fn crash_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| seeds::root().join("target"), PathBuf::from)
        .join("fuzz-crashes")
}
