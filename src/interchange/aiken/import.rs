//! Reading Aiken files by the rules of Moodle's Aiken help: a question line, choices written
//! `A. text` or `A) text`, then `ANSWER: X`. Lines shorter than two characters are ignored.
//! Moodle wants the question on one line; a question that spans lines is joined and logged.

use crate::interchange::assemble::{Imported, Parsed};
use crate::interchange::log::{Action, Location};
use crate::interchange::moodle::short;
use crate::model::{Choice, Kind};

/// A question being read.
struct Open {
    line: usize,
    text: Vec<String>,
    choices: Vec<String>,
}

/// Parses an Aiken file.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut open: Option<Open> = None;
    for (i, raw) in text.split(['\n', '\r']).enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.chars().count() < 2 {
            continue;
        }
        let bytes = line.as_bytes();
        let is_choice = bytes.first().is_some_and(u8::is_ascii_uppercase)
            && bytes.get(1).is_some_and(|&b| b == b'.' || b == b')')
            && bytes.get(2).is_some_and(|&b| b == b' ' || b == b'\t');
        if is_choice {
            match open.as_mut() {
                Some(q) => q.choices.push(line[2..].trim().to_owned()),
                None => parsed.log.skip(
                    &Location::Line(n),
                    "",
                    "choice line without a question before it",
                ),
            }
        } else if let Some(rest) = line.strip_prefix("ANSWER:") {
            let Some(q) = open.take() else {
                parsed
                    .log
                    .skip(&Location::Line(n), "", "ANSWER: line without a question");
                continue;
            };
            finish(&mut parsed, q, rest.trim(), n);
        } else {
            match open.as_mut() {
                Some(q) if q.choices.is_empty() => {
                    q.text.push(line.to_owned());
                }
                Some(_) => {
                    if let Some(q) = open.take() {
                        let name = short(&q.text.join(" "));
                        parsed.log.skip(
                            &Location::Line(q.line),
                            &name,
                            "no ANSWER: line after the choices",
                        );
                    }
                    open = Some(new_question(n, line));
                }
                None => open = Some(new_question(n, line)),
            }
        }
    }
    if let Some(q) = open {
        let name = short(&q.text.join(" "));
        parsed.log.skip(
            &Location::Line(q.line),
            &name,
            "the file ends before this question's ANSWER: line",
        );
    }
    parsed
}

fn new_question(line: usize, text: &str) -> Open {
    Open {
        line,
        text: vec![text.to_owned()],
        choices: Vec::new(),
    }
}

fn finish(parsed: &mut Parsed, q: Open, answer: &str, answer_line: usize) {
    let prompt = q.text.join("\n");
    let name = short(&prompt);
    let location = Location::Line(q.line);
    let letter = answer.chars().next();
    let index = letter
        .filter(char::is_ascii_uppercase)
        .map(|c| (c as usize) - ('A' as usize));
    let Some(answer) = index.filter(|&i| i < q.choices.len()) else {
        parsed.log.skip(
            &location,
            &name,
            format!(
                "line {answer_line}: ANSWER: \"{answer}\" does not name one of the {} choices (A to {})",
                q.choices.len(),
                char::from_u32(u32::try_from(q.choices.len()).unwrap_or(1) + 64).unwrap_or('A')
            ),
        );
        return;
    };
    if q.choices.len() < 2 {
        parsed.log.skip(
            &location,
            &name,
            format!("needs at least 2 choices, found {}", q.choices.len()),
        );
        return;
    }
    if q.text.len() > 1 {
        parsed.log.push(
            &location,
            &name,
            Action::Changed,
            format!(
                "question text spans {} lines (Moodle wants one); the lines were kept as one text",
                q.text.len()
            ),
        );
    }
    parsed.questions.push(Imported {
        location,
        name,
        idnumber: None,
        topic: None,
        tags: Vec::new(),
        difficulty: None,
        prompt,
        feedback: String::new(),
        sources: Vec::new(),
        kind: Kind::Single {
            choices: q
                .choices
                .into_iter()
                .map(|text| Choice {
                    text,
                    feedback: None,
                })
                .collect(),
            answer,
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moodle_help_example() {
        let p = parse(
            "What is the correct answer to this question?\nA. Is it this one?\nB. Maybe this answer?\nC. Possibly this one?\nD. Must be this one!\nANSWER: D\n\nWhich LMS has the most quiz import formats?\nA) Moodle\nB) ATutor\nC) Claroline\nD) Blackboard\nE) WebCT\nF) Ilias\nANSWER: A\n",
        );
        assert_eq!(p.questions.len(), 2, "{}", p.log);
        assert!(matches!(
            p.questions[0].kind,
            Kind::Single { answer: 3, .. }
        ));
        assert!(
            matches!(p.questions[1].kind, Kind::Single { ref choices, answer: 0 } if choices.len() == 6)
        );
    }
}
