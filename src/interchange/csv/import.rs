//! Reading the CSV layout a trainer fills in a spreadsheet: one question per row, columns named in
//! a header row (any order; unknown columns are an error), quoted fields may hold commas and
//! newlines. A file whose header has `;` and no `,` is read as semicolon-separated.

use std::collections::BTreeMap;

use crate::interchange::assemble::{Imported, Parsed, slug};
use crate::interchange::log::Location;
use crate::interchange::moodle::short;
use crate::interchange::sources_block::{self, BlockCitation};
use crate::interchange::{Error, Result};
use crate::model::{Choice, Kind, KindName, NumericAnswer, Pair};

/// The column names. `option_N` and `feedback_N` may appear for any N from 1.
pub const COLUMNS: [&str; 11] = [
    "id",
    "topic",
    "difficulty",
    "kind",
    "prompt",
    "answer",
    "explanation",
    "sources",
    "tags",
    "unit",
    "content_warning",
];

/// One row, by column name.
struct Row<'r> {
    cells: BTreeMap<&'r str, &'r str>,
    options: Vec<(usize, &'r str)>,
    feedback: BTreeMap<usize, &'r str>,
}

impl Row<'_> {
    fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", |s| s.trim())
    }
}

/// Parses a CSV file.
pub fn parse(text: &str, file: &str) -> Result<Parsed> {
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.contains(';') && !first_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_error = |message: String| Error::Syntax {
        file: file.to_owned(),
        line: 1,
        column: 1,
        message,
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| header_error(format!("CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for h in &headers {
        let numbered = ["option_", "feedback_"].iter().any(|p| {
            h.strip_prefix(p)
                .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n >= 1))
        });
        if !numbered && !COLUMNS.contains(&h.as_str()) {
            return Err(header_error(format!(
                "unknown column \"{h}\"; the columns are {}, option_1, option_2, … and feedback_1, feedback_2, …",
                COLUMNS.join(", ")
            )));
        }
    }
    for required in ["kind", "prompt"] {
        if !headers.iter().any(|h| h == required) {
            return Err(header_error(format!("missing column \"{required}\"")));
        }
    }
    let mut parsed = Parsed::default();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                parsed
                    .log
                    .skip(&Location::Line(line), "", format!("CSV: {e}"));
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = Row {
            cells: BTreeMap::new(),
            options: Vec::new(),
            feedback: BTreeMap::new(),
        };
        for (h, cell) in headers.iter().zip(record.iter()) {
            if let Some(n) = h.strip_prefix("option_").and_then(|n| n.parse().ok()) {
                if !cell.trim().is_empty() {
                    row.options.push((n, cell.trim()));
                }
            } else if let Some(n) = h.strip_prefix("feedback_").and_then(|n| n.parse().ok()) {
                row.feedback.insert(n, cell.trim());
            } else {
                row.cells.insert(h.as_str(), cell);
            }
        }
        row.options.sort_by_key(|(n, _)| *n);
        let location = Location::Line(line);
        let name = if row.get("id").is_empty() {
            short(row.get("prompt"))
        } else {
            row.get("id").to_owned()
        };
        match question(&row, line) {
            Ok(q) => parsed.questions.push(Imported {
                location,
                name,
                ..q
            }),
            Err(reason) => parsed.log.skip(&location, &name, reason),
        }
    }
    Ok(parsed)
}

/// A choice number (`2`) or letter (`B`) as an index.
fn choice_index(s: &str, count: usize) -> Result<usize, String> {
    let s = s.trim();
    let index = if let Ok(n) = s.parse::<usize>() {
        n.checked_sub(1)
    } else if s.len() == 1 && s.chars().all(|c| c.is_ascii_alphabetic()) {
        s.bytes()
            .next()
            .map(|b| usize::from(b.to_ascii_uppercase() - b'A'))
    } else {
        None
    };
    index.filter(|&i| i < count).ok_or_else(|| {
        format!("answer \"{s}\" is not one of the {count} options (1 to {count}, or A, B, …)")
    })
}

fn number(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("\"{}\" is not a number", s.trim()))
}

fn numeric(answer: &str) -> Result<NumericAnswer, String> {
    if let Some((min, max)) = answer.split_once("..") {
        return Ok(NumericAnswer::Range {
            min: number(min)?,
            max: number(max)?,
        });
    }
    for sep in ["\u{b1}", "+-", "+/-", ":"] {
        if let Some((v, t)) = answer.split_once(sep) {
            return Ok(NumericAnswer::Exact {
                value: number(v)?,
                tolerance: number(t)?,
            });
        }
    }
    Ok(NumericAnswer::Exact {
        value: number(answer)?,
        tolerance: 0.0,
    })
}

fn list(s: &str) -> Vec<String> {
    s.split([';', ','])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn citations(s: &str) -> Vec<BlockCitation> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            sources_block::parse_line(l).unwrap_or_else(|| {
                let (citation, url) = match l.strip_suffix('>').and_then(|r| r.rsplit_once(" <")) {
                    Some((c, u)) if u.starts_with("http") => (c.trim(), Some(u.to_owned())),
                    _ => (l, None),
                };
                let id: String = slug(citation).chars().take(40).collect();
                BlockCitation {
                    id: id.trim_end_matches('-').to_owned(),
                    locator: None,
                    citation: citation.to_owned(),
                    url,
                }
            })
        })
        .filter(|c| !c.id.is_empty())
        .collect()
}

#[expect(clippy::too_many_lines, reason = "one match arm per kind")]
fn question(row: &Row<'_>, line: usize) -> Result<Imported, String> {
    let options: Vec<&str> = row.options.iter().map(|(_, o)| *o).collect();
    let feedback_of = |n: usize| {
        row.feedback
            .get(&n)
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
    };
    let choices = || -> Vec<Choice> {
        row.options
            .iter()
            .map(|(n, text)| Choice {
                text: (*text).to_owned(),
                feedback: feedback_of(*n),
            })
            .collect()
    };
    let answer = row.get("answer");
    let written = row.get("kind").to_ascii_lowercase();
    if written.is_empty() {
        return Err("the kind column is empty".to_owned());
    }
    let Some(kind_name) = KindName::parse(&written) else {
        return Err(format!(
            "unknown kind \"{written}\"; expected one of: {}",
            KindName::list()
        ));
    };
    let kind = match kind_name {
        KindName::Single => Kind::Single {
            answer: choice_index(answer, options.len())?,
            choices: choices(),
        },
        KindName::Multiple => {
            let mut answers = answer
                .split([';', ',', ' '])
                .filter(|a| !a.trim().is_empty())
                .map(|a| choice_index(a, options.len()))
                .collect::<Result<Vec<_>, _>>()?;
            answers.sort_unstable();
            answers.dedup();
            Kind::Multiple {
                choices: choices(),
                answers,
            }
        }
        KindName::TrueFalse => Kind::TrueFalse {
            answer: match answer.to_ascii_lowercase().as_str() {
                "true" | "t" | "yes" | "1" => true,
                "false" | "f" | "no" | "0" => false,
                other => return Err(format!("answer \"{other}\" is not true or false")),
            },
            feedback_true: feedback_of(1),
            feedback_false: feedback_of(2),
        },
        KindName::Order => Kind::Order {
            items: options.iter().map(|s| (*s).to_owned()).collect(),
        },
        KindName::Match => {
            let mut pairs = Vec::new();
            let mut distractors = Vec::new();
            for o in &options {
                let Some((left, right)) = o.split_once("->") else {
                    return Err(format!("match option \"{}\" has no \"->\"", short(o)));
                };
                if left.trim().is_empty() {
                    distractors.push(right.trim().to_owned());
                } else {
                    pairs.push(Pair {
                        left: left.trim().to_owned(),
                        right: right.trim().to_owned(),
                    });
                }
            }
            Kind::Match { pairs, distractors }
        }
        KindName::Numeric => Kind::Numeric {
            answer: numeric(answer)?,
            unit: Some(row.get("unit").to_owned()).filter(|u| !u.is_empty()),
        },
        KindName::Text => {
            let mut accept: Vec<String> = options.iter().map(|s| (*s).to_owned()).collect();
            if !answer.is_empty() {
                accept.insert(0, answer.to_owned());
            }
            Kind::Text { accept }
        }
    };
    let difficulty = match row.get("difficulty") {
        "" => None,
        d => Some(
            d.parse::<u8>()
                .ok()
                .filter(|d| (1..=3).contains(d))
                .ok_or_else(|| format!("difficulty \"{d}\" is not 1, 2 or 3"))?,
        ),
    };
    let prompt = match row.get("content_warning") {
        "" => row.get("prompt").to_owned(),
        w => format!(
            "{}{w}\n\n{}",
            crate::interchange::moodle::CONTENT_WARNING,
            row.get("prompt")
        ),
    };
    Ok(Imported {
        location: Location::Line(line),
        name: String::new(),
        idnumber: Some(row.get("id").to_owned()).filter(|i| !i.is_empty()),
        topic: Some(row.get("topic").to_owned()).filter(|t| !t.is_empty()),
        tags: list(row.get("tags")),
        difficulty,
        prompt,
        feedback: row.get("explanation").to_owned(),
        sources: citations(row.get("sources")),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_with_commas_and_newlines() {
        let csv = "kind,prompt,option_1,option_2,answer,explanation\n\
                   single,\"Pick, one\",\"a\nb\",c,B,\"Because, yes\"\n";
        let p = parse(csv, "t.csv").unwrap();
        assert_eq!(p.questions.len(), 1, "{}", p.log);
        assert_eq!(p.questions[0].prompt, "Pick, one");
        assert!(
            matches!(&p.questions[0].kind, Kind::Single { choices, answer: 1 } if choices[0].text == "a\nb")
        );
    }

    #[test]
    fn unknown_column_is_an_error() {
        let err = parse("kind,prompt,colour\n", "t.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown column \"colour\""), "{err}");
    }
}
