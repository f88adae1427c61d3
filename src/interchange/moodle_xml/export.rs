//! Writing a bank as Moodle XML. Texts are converted to HTML (`format="html"`), which our importer
//! turns back into the same Markdown; order questions use Moodle's `ordering` type.

use std::fmt::Write as _;

use crate::interchange::markup::markdown_to_html;
use crate::interchange::moodle::{self, export_feedback, export_prompt, export_tags, percent};
use crate::model::{Bank, Kind, NumericAnswer, Question};

/// Escapes text for XML, dropping characters XML 1.0 cannot hold.
fn xml(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| matches!(c, '\t' | '\n') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}'))
        .collect();
    crate::interchange::markup::escape_html(&allowed)
}

/// `<tag format="html"><text>…</text></tag>` with Markdown converted to HTML.
fn html_text(out: &mut String, indent: &str, tag: &str, markdown: &str) {
    let _ = writeln!(
        out,
        "{indent}<{tag} format=\"html\">\n{indent}  <text>{}</text>\n{indent}</{tag}>",
        xml(&markdown_to_html(markdown))
    );
}

/// The bank as a Moodle XML file.
pub fn export(bank: &Bank) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    let _ = writeln!(
        out,
        "<!-- Counterpoint bank \"{}\" version {}: {} question(s). Citations are in the \"Sources:\" block of each general feedback. -->",
        xml(&bank.id.0).replace("--", "- -"),
        xml(&bank.version).replace("--", "- -"),
        bank.questions.len()
    );
    let mut topic: Option<&str> = None;
    for q in &bank.questions {
        if topic != Some(q.topic.as_str()) {
            let _ = writeln!(
                out,
                "  <question type=\"category\">\n    <category>\n      <text>{}</text>\n    </category>\n    <info format=\"html\">\n      <text></text>\n    </info>\n  </question>\n",
                xml(&moodle::topic_to_category(&q.topic))
            );
            topic = Some(&q.topic);
        }
        question(&mut out, q, bank);
    }
    out.push_str("</quiz>\n");
    out
}

fn qtype(kind: &Kind) -> &'static str {
    match kind {
        Kind::Single { .. } | Kind::Multiple { .. } => "multichoice",
        Kind::TrueFalse { .. } => "truefalse",
        Kind::Order { .. } => "ordering",
        Kind::Match { .. } => "matching",
        Kind::Numeric { .. } => "numerical",
        Kind::Text { .. } => "shortanswer",
    }
}

fn question(out: &mut String, q: &Question, bank: &Bank) {
    let _ = writeln!(
        out,
        "  <question type=\"{}\">\n    <name>\n      <text>{}</text>\n    </name>",
        qtype(&q.kind),
        xml(&q.id.0)
    );
    html_text(out, "    ", "questiontext", &export_prompt(q));
    html_text(out, "    ", "generalfeedback", &export_feedback(q, bank));
    let penalty = if matches!(q.kind, Kind::TrueFalse { .. }) {
        "1"
    } else {
        "0.3333333"
    };
    let _ = writeln!(
        out,
        "    <defaultgrade>1</defaultgrade>\n    <penalty>{penalty}</penalty>\n    <hidden>0</hidden>\n    <idnumber>{}</idnumber>",
        xml(&q.id.0)
    );
    match &q.kind {
        Kind::Single { choices, answer } => {
            out.push_str("    <single>true</single>\n    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n");
            for (i, c) in choices.iter().enumerate() {
                let fraction = if i == *answer { "100" } else { "0" };
                answer_el(out, fraction, &c.text, c.feedback.as_deref());
            }
        }
        Kind::Multiple { choices, answers } => {
            out.push_str("    <single>false</single>\n    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n");
            let share = percent(1.0 / answers.len().max(1) as f64);
            for (i, c) in choices.iter().enumerate() {
                let fraction = if answers.contains(&i) {
                    share.clone()
                } else {
                    format!("-{share}")
                };
                answer_el(out, &fraction, &c.text, c.feedback.as_deref());
            }
        }
        Kind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => {
            let (t, f) = if *answer { ("100", "0") } else { ("0", "100") };
            plain_answer(out, t, "true", feedback_true.as_deref(), None);
            plain_answer(out, f, "false", feedback_false.as_deref(), None);
        }
        Kind::Order { items } => {
            out.push_str("    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <selectcount>0</selectcount>\n    <gradingtype>LONGEST_ORDERED_SUBSET</gradingtype>\n    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n");
            for (i, item) in items.iter().enumerate() {
                // qtype_ordering stores each item's position as its fraction.
                answer_el(out, &(i + 1).to_string(), item, None);
            }
        }
        Kind::Match { pairs, distractors } => {
            out.push_str("    <shuffleanswers>true</shuffleanswers>\n");
            let rows = pairs
                .iter()
                .map(|p| (p.left.as_str(), p.right.as_str()))
                .chain(distractors.iter().map(|d| ("", d.as_str())));
            for (left, right) in rows {
                let _ = writeln!(
                    out,
                    "    <subquestion format=\"html\">\n      <text>{}</text>\n      <answer>\n        <text>{}</text>\n      </answer>\n    </subquestion>",
                    xml(&markdown_to_html(left)),
                    xml(right)
                );
            }
        }
        Kind::Numeric { answer, .. } => {
            let (value, tolerance) = match *answer {
                NumericAnswer::Exact { value, tolerance } => (value, tolerance),
                NumericAnswer::Range { min, max } => (f64::midpoint(min, max), (max - min) / 2.0),
            };
            plain_answer(out, "100", &value.to_string(), None, Some(tolerance));
        }
        Kind::Text { accept } => {
            out.push_str("    <usecase>0</usecase>\n");
            for a in accept {
                plain_answer(out, "100", a, None, None);
            }
        }
    }
    let tags = export_tags(q);
    out.push_str("    <tags>\n");
    for t in tags {
        let _ = writeln!(out, "      <tag><text>{}</text></tag>", xml(&t));
    }
    out.push_str("    </tags>\n  </question>\n\n");
}

fn feedback_el(out: &mut String, feedback: Option<&str>) {
    html_text(out, "      ", "feedback", feedback.unwrap_or_default());
}

/// An answer whose text is formatted (multiple choice, ordering).
fn answer_el(out: &mut String, fraction: &str, text: &str, feedback: Option<&str>) {
    let _ = writeln!(
        out,
        "    <answer fraction=\"{fraction}\" format=\"html\">\n      <text>{}</text>",
        xml(&markdown_to_html(text))
    );
    feedback_el(out, feedback);
    out.push_str("    </answer>\n");
}

/// An answer whose text is plain (true/false, short answer, numerical).
fn plain_answer(
    out: &mut String,
    fraction: &str,
    text: &str,
    feedback: Option<&str>,
    tolerance: Option<f64>,
) {
    let _ = writeln!(
        out,
        "    <answer fraction=\"{fraction}\" format=\"moodle_auto_format\">\n      <text>{}</text>",
        xml(text)
    );
    feedback_el(out, feedback);
    if let Some(t) = tolerance {
        let _ = writeln!(out, "      <tolerance>{t}</tolerance>");
    }
    out.push_str("    </answer>\n");
}
