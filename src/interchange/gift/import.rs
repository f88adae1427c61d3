//! Reading GIFT as Moodle's importer does (question/format/gift/format.php): blank lines separate
//! questions, `//` lines are comments (with `[id:…]` and `[tag:…]`), `$CATEGORY:` switches the
//! category, and the answer block decides the type.

use crate::interchange::assemble::{Imported, Parsed};
use crate::interchange::log::Location;
use crate::interchange::moodle::{self, Answer, Mapped, NumericOption, TextFormat};
use crate::model::{Kind, NumericAnswer};

use super::ESCAPES;

/// Parses a GIFT file.
pub fn parse(text: &str) -> Parsed {
    let mut parser = Parser::default();
    let mut block: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            parser.block(&block);
            block.clear();
        } else {
            block.push((i + 1, line));
        }
    }
    parser.block(&block);
    parser.parsed
}

/// Replaces escaped characters with placeholders (Moodle's `escapedchar_pre`).
fn pre(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && let Some(&(_, placeholder)) = ESCAPES.iter().find(|(e, _)| *e == next)
        {
            out.push(placeholder);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Turns placeholders back into the characters (Moodle's `escapedchar_post`; `\n` is a newline).
fn post(s: &str) -> String {
    s.chars()
        .map(|c| match ESCAPES.iter().find(|(_, p)| *p == c) {
            Some(('n', _)) => '\n',
            Some((e, _)) => *e,
            None => c,
        })
        .collect()
}

/// A text with its format: a leading `[html]`, `[moodle]`, `[plain]` or `[markdown]` tag, else
/// `default` (Moodle's `parse_text_with_format`).
fn with_format(s: &str, default: TextFormat) -> (TextFormat, String) {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('[')
        && let Some(end) = rest.find(']')
        && let Some(format) = TextFormat::from_name(&rest[..end])
    {
        return (format, post(&rest[end + 1..]).trim().to_owned());
    }
    (default, post(s).trim().to_owned())
}

/// `[id:…]` and `[tag:…]` in comment lines; `\]` stands for `]`. A tag not closed on its line is
/// ignored.
fn id_and_tags(comments: &[&str]) -> (Option<String>, Vec<String>) {
    let mut id = None;
    let mut tags = Vec::new();
    for line in comments {
        let mut rest = *line;
        while let Some(open) = rest.find('[') {
            rest = &rest[open + 1..];
            let (is_id, body) = if let Some(b) = rest.strip_prefix("id:") {
                (true, b)
            } else if let Some(b) = rest.strip_prefix("tag:") {
                (false, b)
            } else {
                continue;
            };
            let mut value = String::new();
            let mut chars = body.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            value.push(n);
                        }
                    }
                    ']' => {
                        end = Some(i + 1);
                        break;
                    }
                    _ => value.push(c),
                }
            }
            let Some(end) = end else { break };
            rest = &body[end..];
            let value = value.trim().to_owned();
            if value.is_empty() {
                continue;
            }
            if is_id {
                id.get_or_insert(value);
            } else {
                tags.push(value);
            }
        }
    }
    (id, tags)
}

/// The weight of `%50%answer`, and the answer after it (Moodle's `answerweightparser`).
fn weight(answer: &str) -> Option<(f64, &str)> {
    let body = answer.strip_prefix('%')?;
    let end = body.find('%')?;
    let w = &body[..end];
    let digits = w.trim_start_matches('-');
    let ok = !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !ok {
        return None;
    }
    let value: f64 = w.parse().ok()?;
    Some((value / 100.0, &body[end + 1..]))
}

/// Splits `s` at every unescaped `sep` (placeholders already stand for escaped ones), dropping an
/// empty first part as Moodle does.
fn answers(s: &str, sep: char) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(sep).collect();
    if parts.first().is_some_and(|p| p.trim().is_empty()) {
        parts.remove(0);
    }
    parts
}

fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(v)
}

#[derive(Default)]
struct Parser {
    parsed: Parsed,
    topic: Option<String>,
}

/// The parts of one question block.
struct Block {
    location: Location,
    name: String,
    idnumber: Option<String>,
    tags: Vec<String>,
    format: TextFormat,
    prompt: String,
    feedback: String,
    dropped: Vec<String>,
}

impl Parser {
    fn block(&mut self, lines: &[(usize, &str)]) {
        let mut comments = Vec::new();
        let mut text_lines = Vec::new();
        let mut first_line = None;
        for &(n, line) in lines {
            if line.starts_with("//") {
                comments.push(line);
            } else {
                first_line.get_or_insert(n);
                text_lines.push(line);
            }
        }
        let text = pre(text_lines.join("\n").trim());
        let Some(first_line) = first_line else { return };
        let location = Location::Line(first_line);
        if let Some(category) = text.strip_prefix("$CATEGORY:") {
            self.topic = moodle::category_to_topic(&post(category));
            return;
        }
        let log = &mut self.parsed.log;
        let (name, text) = match text.strip_prefix("::") {
            Some(rest) => match rest.find("::") {
                Some(end) => (post(&rest[..end]).trim().to_owned(), rest[end + 2..].trim()),
                None => (String::new(), rest),
            },
            None => (String::new(), text.as_str()),
        };
        let (start, finish) = (text.find('{'), text.find('}'));
        let (answer_text, question_text) = match (start, finish) {
            (None, None) => {
                log.skip(
                    &location,
                    &name,
                    "description (no answer block): descriptions have no automatic grading",
                );
                return;
            }
            (Some(s), Some(f)) if s < f => {
                let question_text = if text.ends_with('}') {
                    format!("{}{}", &text[..s], &text[f + 1..])
                } else {
                    // Text after the braces: a missing-word question, the blank where they were.
                    format!("{}_____{}", &text[..s], &text[f + 1..])
                };
                (text[s + 1..f].trim(), question_text)
            }
            _ => {
                log.skip(
                    &location,
                    &name,
                    "unbalanced braces: the answer block must be written {…}",
                );
                return;
            }
        };
        let (answer_text, general) = match answer_text.rfind("####") {
            Some(i) => (answer_text[..i].trim(), &answer_text[i + 4..]),
            None => (answer_text, ""),
        };
        let (format, prompt) = with_format(&question_text, TextFormat::Moodle);
        let (fb_format, feedback) = with_format(general, format);
        let (idnumber, tags) = id_and_tags(&comments);
        let mut dropped = Vec::new();
        let prompt = format.to_markdown(&prompt, &mut dropped);
        let feedback = fb_format.to_markdown(&feedback, &mut dropped);
        let mut b = Block {
            location,
            name,
            idnumber,
            tags,
            format,
            prompt,
            feedback,
            dropped,
        };
        let result = if answer_text.is_empty() {
            Err("essay (empty answer block): essays have no automatic grading".to_owned())
        } else if let Some(numeric) = answer_text.strip_prefix('#') {
            numerical(&mut b, numeric)
        } else if answer_text.contains('~') {
            multichoice(&mut b, answer_text)
        } else if answer_text.contains('=') && answer_text.contains("->") {
            matching(&mut b, answer_text)
        } else {
            let check = answer_text
                .find('#')
                .filter(|&i| i > 0)
                .map_or(answer_text, |i| answer_text[..i].trim());
            if ["T", "TRUE", "F", "FALSE"].contains(&check) {
                Ok(true_false(&mut b, answer_text))
            } else {
                shortanswer(&mut b, answer_text)
            }
        };
        self.finish(b, result);
    }

    fn finish(&mut self, b: Block, result: Result<Mapped, String>) {
        let log = &mut self.parsed.log;
        let mapped = match result {
            Ok(m) => m,
            Err(reason) => {
                log.skip(&b.location, &b.name, reason);
                return;
            }
        };
        for change in mapped.changes.iter().chain(&b.dropped) {
            log.change(&b.location, &b.name, change.clone());
        }
        self.parsed.questions.push(Imported {
            location: b.location,
            name: b.name,
            idnumber: b.idnumber,
            topic: self.topic.clone(),
            tags: b.tags,
            difficulty: None,
            prompt: b.prompt,
            feedback: b.feedback,
            sources: Vec::new(),
            kind: mapped.kind,
        });
    }
}

/// An answer's text and feedback (`text#feedback`), both in the question's format by default.
fn answer_and_feedback(b: &mut Block, answer: &str) -> (String, String) {
    let (text, feedback) = answer.split_once('#').unwrap_or((answer, ""));
    let (tf, text) = with_format(text, b.format);
    let (ff, feedback) = with_format(feedback, b.format);
    (
        tf.to_markdown(&text, &mut b.dropped),
        ff.to_markdown(&feedback, &mut b.dropped),
    )
}

fn multichoice(b: &mut Block, answer_text: &str) -> Result<Mapped, String> {
    let single = answer_text.contains('=');
    let replaced = answer_text.replace('=', "~=");
    let mut out = Vec::new();
    for answer in answers(&replaced, '~') {
        let answer = answer.trim();
        let (fraction, rest) = if let Some(rest) = answer.strip_prefix('=') {
            (1.0, rest)
        } else {
            weight(answer).unwrap_or((0.0, answer))
        };
        let (text, feedback) = answer_and_feedback(b, rest);
        out.push(Answer {
            fraction,
            text,
            feedback,
        });
    }
    moodle::multichoice(single, &out)
}

fn matching(b: &mut Block, answer_text: &str) -> Result<Mapped, String> {
    let parts = answers(answer_text, '=');
    if parts.len() < 2 {
        return Err(format!(
            "a matching question needs at least 2 answers, found {}",
            parts.len()
        ));
    }
    let mut pairs = Vec::new();
    for part in parts {
        let part = part.trim();
        let Some(marker) = part.find("->") else {
            return Err(format!(
                "matching answer \"{}\" has no \"->\"",
                moodle::short(&post(part))
            ));
        };
        let (format, left) = with_format(&part[..marker], b.format);
        let left = format.to_markdown(&left, &mut b.dropped);
        let right = post(&part[marker + 2..]).trim().to_owned();
        pairs.push((left, right));
    }
    moodle::matching(&pairs)
}

fn true_false(b: &mut Block, answer_text: &str) -> Mapped {
    let mut bits = answer_text.splitn(3, '#');
    let answer = bits.next().unwrap_or_default().trim();
    let mut feedback = || {
        let (f, t) = with_format(bits.next().unwrap_or_default(), b.format);
        let t = f.to_markdown(&t, &mut b.dropped);
        (!t.is_empty()).then_some(t)
    };
    let wrong = feedback();
    let right = feedback();
    let answer = answer == "T" || answer == "TRUE";
    let (feedback_true, feedback_false) = if answer {
        (right, wrong)
    } else {
        (wrong, right)
    };
    Mapped {
        kind: Kind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        },
        changes: Vec::new(),
    }
}

fn shortanswer(b: &mut Block, answer_text: &str) -> Result<Mapped, String> {
    let mut out = Vec::new();
    for answer in answers(answer_text, '=') {
        let answer = answer.trim();
        let (fraction, rest) = weight(answer).unwrap_or((1.0, answer));
        let (text, feedback) = rest.split_once('#').unwrap_or((rest, ""));
        let (_, text) = with_format(text, b.format);
        let (ff, feedback) = with_format(feedback, b.format);
        out.push(Answer {
            fraction,
            text,
            feedback: ff.to_markdown(&feedback, &mut b.dropped),
        });
    }
    if out.is_empty() {
        return Err("a short-answer question needs at least 1 answer".to_owned());
    }
    moodle::shortanswer(&out, false)
}

fn numerical(b: &mut Block, answer_text: &str) -> Result<Mapped, String> {
    let (answer_text, wrong) = match answer_text.find('~') {
        Some(i) => (&answer_text[..i], Some(&answer_text[i..])),
        None => (answer_text, None),
    };
    let mut options = Vec::new();
    for answer in answers(answer_text, '=') {
        let answer = answer.trim();
        let (fraction, rest) = weight(answer).unwrap_or((1.0, answer));
        let (value, feedback) = rest.split_once('#').unwrap_or((rest, ""));
        let (ff, feedback) = with_format(feedback, b.format);
        let value = post(value);
        let value = value.trim();
        let key = if value == "*" {
            None
        } else if let Some((min, max)) = value.split_once("..").filter(|(m, _)| !m.is_empty()) {
            let (Some(min), Some(max)) = (parse_number(min), parse_number(max)) else {
                return Err(format!("\"{value}\" is not a range of numbers"));
            };
            Some(NumericAnswer::Range { min, max })
        } else if let Some((v, tol)) = value.split_once(':').filter(|(v, _)| !v.is_empty()) {
            let (Some(value), Some(tolerance)) = (parse_number(v), parse_number(tol)) else {
                return Err(format!("\"{value}\" is not a number with a tolerance"));
            };
            Some(NumericAnswer::Exact { value, tolerance })
        } else {
            let Some(value) = parse_number(value) else {
                return Err(format!("\"{value}\" is not a number"));
            };
            Some(NumericAnswer::Exact {
                value,
                tolerance: 0.0,
            })
        };
        options.push(NumericOption {
            fraction,
            key,
            feedback: ff.to_markdown(&feedback, &mut b.dropped),
        });
    }
    if options.is_empty() {
        return Err("a numerical question needs at least 1 answer".to_owned());
    }
    if let Some(wrong) = wrong {
        let (_, feedback) = wrong.split_once('#').unwrap_or((wrong, ""));
        let (ff, feedback) = with_format(feedback, b.format);
        options.push(NumericOption {
            fraction: 0.0,
            key: None,
            feedback: ff.to_markdown(&feedback, &mut b.dropped),
        });
    }
    moodle::numerical(&options, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_moodle() {
        assert_eq!(post(&pre(r"A \\ B \\\\ C")), r"A \ B \\ C");
        assert_eq!(post(&pre(r"\~\=\#\{\}\:\n")), "~=#{}:\n");
        assert_eq!(post(&pre(r"[a] \q")), r"[a] \q");
    }

    #[test]
    fn id_and_tags_from_comments() {
        let (id, tags) = id_and_tags(&["// [tag:tag] [tag:other-tag] [id:myid]"]);
        assert_eq!(id.as_deref(), Some("myid"));
        assert_eq!(tags, ["tag", "other-tag"]);
        assert_eq!(id_and_tags(&["// [id:  four  ]"]).0.as_deref(), Some("four"));
        assert_eq!(id_and_tags(&[r"// [id:i\]d]"]).0.as_deref(), Some("i]d"));
        let (_, split) = id_and_tags(&["// [tag:sp", "// lit]"]);
        assert!(split.is_empty());
    }

    #[test]
    fn weights() {
        assert_eq!(weight("%50%yellow"), Some((0.5, "yellow")));
        assert_eq!(weight("%-100%red"), Some((-1.0, "red")));
        assert_eq!(weight("%abc%x"), None);
    }
}
