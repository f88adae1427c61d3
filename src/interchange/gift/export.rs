//! Writing a bank as GIFT. Texts are written as `[markdown]` (Moodle renders Markdown, and our
//! importer keeps it verbatim); newlines are written `\n`, so every question has no blank line.

use std::fmt::Write as _;

use crate::interchange::moodle::{
    self, export_feedback, export_prompt, export_tags, ordinal, percent,
};
use crate::model::{Bank, Kind, NumericAnswer, Question};

/// Escapes GIFT's special characters and newlines.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.trim().chars() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// A text in an answer or feedback position: escaped, with `[markdown]` in front when it starts
/// with `[` (which Moodle would otherwise read as a format tag).
fn field(s: &str) -> String {
    let escaped = escape(s);
    if escaped.starts_with('[') {
        format!("[markdown]{escaped}")
    } else {
        escaped
    }
}

/// An answer where Moodle looks for a `%weight%`: a text that starts with `%` gets `weight` in
/// front, so its own `%` is not read as one.
fn answer_field(s: &str, weight: &str) -> String {
    let f = field(s);
    if f.starts_with('%') {
        format!("{weight}{f}")
    } else {
        f
    }
}

fn tag(s: &str) -> String {
    s.replace('\\', "\\\\").replace(']', "\\]")
}

/// The bank as a GIFT file.
pub fn export(bank: &Bank) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Counterpoint bank \"{}\" version {}: {} question(s), exported as GIFT.",
        bank.id,
        bank.version,
        bank.questions.len()
    );
    out.push_str("// Texts are Markdown; citations are in the \"Sources:\" block of each general feedback.\n\n");
    let mut topic: Option<&str> = None;
    for q in &bank.questions {
        if topic != Some(q.topic.as_str()) {
            let _ = writeln!(out, "$CATEGORY: {}\n", moodle::topic_to_category(&q.topic));
            topic = Some(&q.topic);
        }
        question(&mut out, q, bank);
    }
    out
}

fn question(out: &mut String, q: &Question, bank: &Bank) {
    let mut comment = format!("// [id:{}]", tag(&q.id.0));
    for t in export_tags(q) {
        let _ = write!(comment, " [tag:{}]", tag(&t));
    }
    let _ = writeln!(out, "{comment}");
    let _ = write!(
        out,
        "::{}::[markdown]{}{{",
        escape(&q.id.0),
        escape(&export_prompt(q))
    );
    match &q.kind {
        Kind::Single { choices, answer } => {
            out.push('\n');
            for (i, c) in choices.iter().enumerate() {
                // After `=` Moodle reads no weight; after `~` it does.
                let text = if i == *answer {
                    format!("={}", field(&c.text))
                } else {
                    format!("~{}", answer_field(&c.text, "%0%"))
                };
                let _ = write!(out, "\t{text}");
                feedback(out, c.feedback.as_deref());
            }
        }
        Kind::Multiple { choices, answers } => {
            out.push('\n');
            let share = percent(1.0 / answers.len().max(1) as f64);
            for (i, c) in choices.iter().enumerate() {
                let sign = if answers.contains(&i) { "" } else { "-" };
                let _ = write!(out, "\t~%{sign}{share}%{}", field(&c.text));
                feedback(out, c.feedback.as_deref());
            }
        }
        Kind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => {
            let (word, wrong, right) = if *answer {
                ("TRUE", feedback_false, feedback_true)
            } else {
                ("FALSE", feedback_true, feedback_false)
            };
            let _ = write!(out, "\n\t{word}");
            match (wrong, right) {
                (None, None) => {}
                (wrong, None) => {
                    let _ = write!(out, "#{}", field(wrong.as_deref().unwrap_or_default()));
                }
                (wrong, Some(right)) => {
                    let _ = write!(
                        out,
                        "#{}#{}",
                        field(wrong.as_deref().unwrap_or_default()),
                        field(right)
                    );
                }
            }
            out.push('\n');
        }
        Kind::Order { items } => {
            out.push('\n');
            for (i, item) in items.iter().enumerate() {
                let _ = writeln!(out, "\t={} -> {}", ordinal(i + 1), escape(item));
            }
        }
        Kind::Match { pairs, distractors } => {
            out.push('\n');
            for p in pairs {
                let _ = writeln!(out, "\t={} -> {}", field(&p.left), escape(&p.right));
            }
            for d in distractors {
                let _ = writeln!(out, "\t= -> {}", escape(d));
            }
        }
        Kind::Numeric { answer, .. } => {
            let key = match *answer {
                NumericAnswer::Exact { value, tolerance } => format!("{value}:{tolerance}"),
                NumericAnswer::Range { min, max } => format!("{min}..{max}"),
            };
            let _ = writeln!(out, "#\n\t={key}");
        }
        Kind::Text { accept } => {
            out.push('\n');
            for a in accept {
                let _ = writeln!(out, "\t={}", answer_field(a, "%100%"));
            }
        }
    }
    let _ = write!(out, "\t####{}\n}}\n\n", field(&export_feedback(q, bank)));
}

fn feedback(out: &mut String, feedback: Option<&str>) {
    if let Some(f) = feedback.filter(|f| !f.trim().is_empty()) {
        let _ = write!(out, "#{}", field(f));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(escape("a~b=c#d{e}f:g\\h\ni"), r"a\~b\=c\#d\{e\}f\:g\\h\ni");
        assert_eq!(field("[html] x"), "[markdown][html] x");
        assert_eq!(answer_field("%50% off", "%0%"), "%0%%50% off");
        assert_eq!(answer_field("50% off", "%0%"), "50% off");
    }
}
