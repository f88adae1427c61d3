//! Reading Moodle XML (question/format/xml/format.php): `category` pseudo-questions set the topic;
//! multichoice, truefalse, shortanswer, numerical, matching and ordering become our kinds; other
//! types are skipped with a reason.

use crate::bank::diagnostic::line_col;
use crate::interchange::Result;
use crate::interchange::assemble::{Imported, Parsed};
use crate::interchange::log::Location;
use crate::interchange::moodle::{self, Answer, Mapped, NumericOption, TextFormat};
use crate::model::{Kind, NumericAnswer};

use super::dom::{self, Element};

/// Parses a Moodle XML file. Only a file that is not XML (or has no `<quiz>`) is an error; a bad
/// question is skipped and logged.
pub fn parse(text: &str, file: &str) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    let mut topic = None;
    let mut index = 0;
    // Line starts, so that each question's line is a binary search, not a scan of the file.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let root = dom::parse_streaming(text, file, |root, q| {
        if root != "quiz" || q.name != "question" {
            return;
        }
        index += 1;
        let location = Location::Element {
            index,
            path: format!("/quiz/question[{index}]"),
            line: line_starts.partition_point(|&start| start <= q.offset),
        };
        question_element(&q, location, &mut topic, &mut parsed);
    })?;
    if root.name != "quiz" {
        let (line, column) = line_col(text, root.offset);
        return Err(crate::interchange::Error::Syntax {
            file: file.to_owned(),
            line,
            column,
            message: format!(
                "not a Moodle XML question file: the root element is <{}>, not <quiz>",
                root.name
            ),
        });
    }
    Ok(parsed)
}

/// One `<question>` element: a category switch, or a question to map.
fn question_element(
    q: &Element,
    location: Location,
    topic: &mut Option<String>,
    parsed: &mut Parsed,
) {
    let qtype = q.attr("type").unwrap_or_default();
    if qtype == "category" {
        *topic = q.text_of("category").and_then(moodle::category_to_topic);
        return;
    }
    let name = q.text_of("name").unwrap_or_default().trim().to_owned();
    let mut dropped = Vec::new();
    let result = match qtype {
        "multichoice" | "truefalse" | "shortanswer" | "numerical" | "matching" | "ordering" => {
            question(q, qtype, &mut dropped)
        }
        "essay" | "description" => Err(format!("{qtype} questions have no automatic grading")),
        "cloze" | "multianswer" => {
            Err("cloze (multianswer) questions are not supported".to_owned())
        }
        "" => Err("question without a type attribute".to_owned()),
        other => Err(format!("unsupported question type \"{other}\"")),
    };
    let (kind, changes) = match result {
        Ok(Mapped { kind, changes }) => (kind, changes),
        Err(reason) => {
            parsed.log.skip(&location, &name, reason);
            return;
        }
    };
    let format = text_format(q.child("questiontext"));
    let prompt = markdown(q.child("questiontext"), format, &mut dropped);
    let feedback = markdown(q.child("generalfeedback"), format, &mut dropped);
    if q.child("image").is_some_and(|e| !e.text.trim().is_empty()) {
        dropped.push("old-style <image> dropped (images are not imported)".to_owned());
    }
    for change in changes.into_iter().chain(dropped) {
        parsed.log.change(&location, &name, change);
    }
    let tags = q
        .child("tags")
        .map(|t| {
            t.all("tag")
                .filter_map(|tag| tag.child("text"))
                .map(|t| t.text.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    parsed.questions.push(Imported {
        location,
        name,
        idnumber: q
            .child("idnumber")
            .map(|i| i.text.trim().to_owned())
            .filter(|i| !i.is_empty()),
        topic: topic.clone(),
        tags,
        difficulty: None,
        prompt,
        feedback,
        sources: Vec::new(),
        kind,
    });
}

/// The format of a text element (Moodle's default is HTML).
fn text_format(el: Option<&Element>) -> TextFormat {
    el.and_then(|e| e.attr("format"))
        .and_then(TextFormat::from_name)
        .unwrap_or(TextFormat::Html)
}

/// The `<text>` of `el` in Markdown, in its own format or `default`; embedded files are reported.
fn markdown(el: Option<&Element>, default: TextFormat, dropped: &mut Vec<String>) -> String {
    let Some(el) = el else { return String::new() };
    let format = el
        .attr("format")
        .and_then(TextFormat::from_name)
        .unwrap_or(default);
    for file in el.all("file") {
        dropped.push(format!(
            "embedded file \"{}\" dropped (files are not imported)",
            file.attr("name").unwrap_or_default()
        ));
    }
    let text = el.child("text").map_or("", |t| t.text.as_str());
    format.to_markdown(text, dropped)
}

fn fraction(answer: &Element, n: usize) -> Result<f64, String> {
    let Some(raw) = answer.attr("fraction") else {
        return Ok(0.0);
    };
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(|f| f / 100.0)
        .ok_or_else(|| format!("answer {n} has fraction \"{raw}\", which is not a number"))
}

fn question(q: &Element, qtype: &str, dropped: &mut Vec<String>) -> Result<Mapped, String> {
    let format = text_format(q.child("questiontext"));
    let answers = |dropped: &mut Vec<String>| -> Result<Vec<Answer>, String> {
        q.all("answer")
            .enumerate()
            .map(|(i, a)| {
                let fraction = fraction(a, i + 1)?;
                let text = markdown(Some(a), format, dropped);
                let feedback = markdown(a.child("feedback"), format, dropped);
                Ok(Answer {
                    fraction,
                    text,
                    feedback,
                })
            })
            .collect()
    };
    match qtype {
        "multichoice" => {
            let single = q
                .child("single")
                .map_or("true", |s| s.text.trim())
                .to_ascii_lowercase();
            let single = !(single == "false" || single == "0" || single.is_empty());
            moodle::multichoice(single, &answers(dropped)?)
        }
        "truefalse" => true_false(q, format, dropped),
        "shortanswer" => {
            // Short answers are plain text, not formatted.
            let mut list = Vec::new();
            for (i, a) in q.all("answer").enumerate() {
                list.push(Answer {
                    fraction: fraction(a, i + 1)?,
                    text: a.child("text").map_or("", |t| t.text.trim()).to_owned(),
                    feedback: markdown(a.child("feedback"), format, dropped),
                });
            }
            let case = q.child("usecase").is_some_and(|u| u.text.trim() == "1");
            moodle::shortanswer(&list, case)
        }
        "numerical" => numerical(q, format, dropped),
        "matching" => {
            let pairs: Vec<(String, String)> = q
                .all("subquestion")
                .map(|s| {
                    let left = markdown(Some(s), format, dropped);
                    let right = s
                        .child("answer")
                        .and_then(|a| a.child("text"))
                        .map_or("", |t| t.text.trim())
                        .to_owned();
                    (left, right)
                })
                .collect();
            moodle::matching(pairs)
        }
        _ => ordering(q, format, dropped),
    }
}

fn true_false(
    q: &Element,
    format: TextFormat,
    dropped: &mut Vec<String>,
) -> Result<Mapped, String> {
    let mut answer = None;
    let mut feedback_true = None;
    let mut feedback_false = None;
    let mut count = 0;
    for (i, a) in q.all("answer").enumerate() {
        let text = a.child("text").map_or("", |t| t.text.trim());
        let right = (fraction(a, i + 1)? - 1.0).abs() < 1e-9;
        let fb = markdown(a.child("feedback"), format, dropped);
        let fb = (!fb.is_empty()).then_some(fb);
        // Old files give no "true"/"false" text: the first answer is true (as Moodle assumes).
        let is_true = match text {
            "true" => true,
            "false" => false,
            _ => i == 0,
        };
        count += 1;
        if is_true {
            answer = Some(right);
            feedback_true = fb;
        } else {
            answer = Some(!right);
            feedback_false = fb;
        }
    }
    let Some(answer) = answer.filter(|_| count == 2) else {
        return Err(format!(
            "a true/false question needs a true and a false answer, found {count} answer(s)"
        ));
    };
    Ok(Mapped {
        kind: Kind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        },
        changes: Vec::new(),
    })
}

fn numerical(q: &Element, format: TextFormat, dropped: &mut Vec<String>) -> Result<Mapped, String> {
    let mut options = Vec::new();
    for (i, a) in q.all("answer").enumerate() {
        let value = a.child("text").map_or(a.text.trim(), |t| t.text.trim());
        let key = if value == "*" || value.is_empty() {
            None
        } else {
            let value: f64 = value
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| format!("answer \"{value}\" is not a number"))?;
            let tolerance = match a.child("tolerance").map(|t| t.text.trim()) {
                None | Some("") => 0.0,
                Some(t) => t
                    .parse::<f64>()
                    .ok()
                    .filter(|t| t.is_finite())
                    .ok_or_else(|| format!("tolerance \"{t}\" is not a number"))?
                    .abs(),
            };
            Some(NumericAnswer::Exact { value, tolerance })
        };
        options.push(NumericOption {
            fraction: fraction(a, i + 1)?,
            key,
            feedback: markdown(a.child("feedback"), format, dropped),
        });
    }
    let mut mapped = moodle::numerical(&options, None)?;
    let units: Vec<String> = q
        .child("units")
        .map(|u| {
            u.all("unit")
                .filter_map(|unit| unit.child("unit_name"))
                .map(|n| n.text.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    if !units.is_empty() {
        mapped.changes.push(format!(
            "units ignored ({}): Counterpoint grades the number only",
            units.join(", ")
        ));
    }
    Ok(mapped)
}

fn ordering(q: &Element, format: TextFormat, dropped: &mut Vec<String>) -> Result<Mapped, String> {
    let mut items: Vec<(f64, String)> = Vec::new();
    for (i, a) in q.all("answer").enumerate() {
        // qtype_ordering writes each item's position as its "fraction".
        let position = a
            .attr("fraction")
            .and_then(|f| f.trim().parse::<f64>().ok())
            .unwrap_or(i as f64);
        items.push((position, markdown(Some(a), format, dropped)));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    if items.len() < 2 {
        return Err(format!(
            "an ordering question needs at least 2 items, found {}",
            items.len()
        ));
    }
    Ok(Mapped {
        kind: Kind::Order {
            items: items.into_iter().map(|(_, t)| t).collect(),
        },
        changes: Vec::new(),
    })
}
