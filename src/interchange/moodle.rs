//! Moodle's question semantics, shared by the GIFT and Moodle XML importers and exporters: text
//! formats, valid grades, how Moodle's answers and fractions map to our kinds, categories and tags.

use crate::model::{Bank, Choice, Kind, NumericAnswer, Pair, Question, format_number};

use super::markup::html_to_markdown;
use super::sources_block::{self, BlockCitation};

/// A Moodle text format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    /// `[html]` / `format="html"`.
    Html,
    /// `[moodle]` / `moodle_auto_format`: plain text in which HTML tags are allowed.
    Moodle,
    /// `[plain]` / `plain_text`.
    Plain,
    /// `[markdown]` / `markdown`.
    Markdown,
}

impl TextFormat {
    /// The format named in a GIFT tag or an XML `format` attribute.
    pub fn from_name(name: &str) -> Option<Self> {
        // Compared without case, and without a lowercase copy.
        let name = name.trim();
        let is = |known: &str| name.eq_ignore_ascii_case(known);
        Some(if is("html") {
            Self::Html
        } else if is("moodle") || is("moodle_auto_format") {
            Self::Moodle
        } else if is("plain") || is("plain_text") {
            Self::Plain
        } else if is("markdown") {
            Self::Markdown
        } else {
            return None;
        })
    }

    /// The text in our Markdown subset. HTML (and Moodle auto-format text that holds tags) is
    /// converted; plain and Markdown text is kept. What could not be carried is added to `dropped`.
    pub fn to_markdown(self, text: &str, dropped: &mut Vec<String>) -> String {
        let is_html = match self {
            Self::Html => true,
            Self::Moodle => looks_like_html(text),
            Self::Plain | Self::Markdown => false,
        };
        if is_html {
            html_to_markdown(text, dropped)
        } else {
            text.trim().to_owned()
        }
    }

    /// [`to_markdown`](Self::to_markdown) of an owned text: text that is kept as it is (already
    /// trimmed, not HTML) is moved, not copied.
    pub fn into_markdown(self, text: String, dropped: &mut Vec<String>) -> String {
        let is_html = match self {
            Self::Html => true,
            Self::Moodle => looks_like_html(&text),
            Self::Plain | Self::Markdown => false,
        };
        if is_html {
            html_to_markdown(&text, dropped)
        } else if text.trim().len() == text.len() {
            text
        } else {
            text.trim().to_owned()
        }
    }
}

fn looks_like_html(text: &str) -> bool {
    text.match_indices('<').any(|(i, _)| {
        text.get(i + 1..)
            .and_then(|r| r.chars().next())
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
    }) || text.contains("&amp;")
        || text.contains("&nbsp;")
}

/// One answer of a Moodle question: its fraction of the mark (−1..1), text and feedback (Markdown).
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// Share of the mark, −1 to 1.
    pub fraction: f64,
    /// Answer text.
    pub text: String,
    /// Feedback shown with it (empty when none).
    pub feedback: String,
}

/// One answer of a numerical question.
#[derive(Clone, Debug, PartialEq)]
pub struct NumericOption {
    /// Share of the mark.
    pub fraction: f64,
    /// The accepted numbers; `None` for Moodle's catch-all `*`.
    pub key: Option<NumericAnswer>,
    /// Feedback.
    pub feedback: String,
}

/// A Moodle question turned into one of our kinds, with what had to change.
#[derive(Debug)]
pub struct Mapped {
    /// The kind and key.
    pub kind: Kind,
    /// What was changed or dropped, one line each.
    pub changes: Vec<String>,
}

/// A kind, or why the question cannot be imported.
pub type MapResult = Result<Mapped, String>;

/// The grades Moodle accepts for an answer (and their negatives), from its question bank.
pub const VALID_FRACTIONS: [f64; 21] = [
    1.0,
    0.9,
    0.833_333_3,
    0.8,
    0.75,
    0.7,
    0.666_666_7,
    0.6,
    0.5,
    0.4,
    0.333_333_3,
    0.3,
    0.25,
    0.2,
    0.166_666_7,
    0.142_857_1,
    0.125,
    0.111_111_1,
    0.1,
    0.05,
    0.0,
];

/// Whether Moodle accepts `fraction` as a grade (within 0.00001, as Moodle checks).
pub fn is_valid_fraction(fraction: f64) -> bool {
    VALID_FRACTIONS
        .iter()
        .any(|v| (fraction.abs() - v).abs() < 0.000_01)
}

/// A fraction as a percentage for messages and exports (`33.33333`).
pub fn percent(fraction: f64) -> String {
    let p = (fraction * 100.0 * 100_000.0).round() / 100_000.0;
    format_number(p)
}

/// Rejects answers whose grade Moodle would not accept (Moodle rejects the whole file).
pub fn check_fractions<'a>(
    answers: impl IntoIterator<Item = (f64, &'a str)>,
) -> Result<(), String> {
    for (fraction, text) in answers {
        if !is_valid_fraction(fraction) {
            return Err(format!(
                "invalid grade {}% for answer \"{}\" (Moodle accepts only its list of grades, such as 100, 50, 33.33333, 25, 0 and their negatives)",
                percent(fraction),
                short(text)
            ));
        }
    }
    Ok(())
}

/// The first 40 characters of `s`, for messages.
pub fn short(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 40 {
        format!("{}…", one_line.chars().take(40).collect::<String>())
    } else {
        one_line
    }
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.0001
}

fn choice(a: &Answer) -> Choice {
    Choice {
        text: a.text.clone(),
        feedback: (!a.feedback.trim().is_empty()).then(|| a.feedback.clone()),
    }
}

/// Moodle multiple choice: `single` with one 100% answer, or `multiple`.
pub fn multichoice(single: bool, answers: &[Answer]) -> MapResult {
    check_fractions(answers.iter().map(|a| (a.fraction, a.text.as_str())))?;
    if answers.len() < 2 {
        return Err(format!(
            "a multiple-choice question needs at least 2 answers, found {}",
            answers.len()
        ));
    }
    let choices: Vec<Choice> = answers.iter().map(choice).collect();
    let mut changes = Vec::new();
    if single {
        let full: Vec<usize> = (0..answers.len())
            .filter(|&i| answers.get(i).is_some_and(|a| near(a.fraction, 1.0)))
            .collect();
        let Some(&answer) = full.first() else {
            return Err("single-answer multiple choice without a 100% answer".to_owned());
        };
        if full.len() > 1 {
            changes.push(format!(
                "{} answers are worth 100%; only the first, \"{}\", is kept as right",
                full.len(),
                answers
                    .get(answer)
                    .map_or_else(String::new, |a| short(&a.text))
            ));
        }
        for a in answers {
            if !near(a.fraction, 1.0) && !near(a.fraction, 0.0) {
                changes.push(format!(
                    "answer \"{}\" was worth {}%; Counterpoint scores it 0",
                    short(&a.text),
                    percent(a.fraction)
                ));
            }
        }
        return Ok(Mapped {
            kind: Kind::Single { choices, answer },
            changes,
        });
    }
    let right: Vec<usize> = (0..answers.len())
        .filter(|&i| answers.get(i).is_some_and(|a| a.fraction > 0.0))
        .collect();
    if right.is_empty() {
        return Err(
            "multiple-answer question without a right answer (no positive grade)".to_owned(),
        );
    }
    let share = 1.0 / right.len() as f64;
    let representable = answers.iter().all(|a| {
        if a.fraction > 0.0 {
            near(a.fraction, share)
        } else {
            near(a.fraction, -share)
        }
    });
    if !representable {
        let weights: Vec<String> = answers
            .iter()
            .map(|a| format!("\"{}\" {}%", short(&a.text), percent(a.fraction)))
            .collect();
        changes.push(format!(
            "weights not representable: Counterpoint gives each of the {} right answers {}% and takes {}% for each wrong one; the file had {}",
            right.len(),
            percent(share),
            percent(share),
            weights.join(", ")
        ));
    }
    Ok(Mapped {
        kind: Kind::Multiple {
            choices,
            answers: right,
        },
        changes,
    })
}

/// Moodle short answer: the 100% answers become accepted answers.
pub fn shortanswer(answers: &[Answer], case_sensitive: bool) -> MapResult {
    check_fractions(answers.iter().map(|a| (a.fraction, a.text.as_str())))?;
    let mut accept = Vec::new();
    let mut changes = Vec::new();
    for a in answers {
        if near(a.fraction, 1.0) {
            if a.text.contains('*') {
                changes.push(format!(
                    "answer \"{}\" uses Moodle's * wildcard, which Counterpoint matches literally",
                    short(&a.text)
                ));
            }
            if !a.feedback.trim().is_empty() {
                changes.push(format!(
                    "feedback on answer \"{}\" dropped (text questions have no per-answer feedback)",
                    short(&a.text)
                ));
            }
            accept.push(a.text.clone());
        } else if a.fraction > 0.0 {
            changes.push(format!(
                "partial-credit answer \"{}\" ({}%) dropped",
                short(&a.text),
                percent(a.fraction)
            ));
        } else {
            changes.push(format!(
                "answer \"{}\" ({}%) dropped{}",
                short(&a.text),
                percent(a.fraction),
                if a.feedback.trim().is_empty() {
                    ""
                } else {
                    " with its feedback"
                }
            ));
        }
    }
    if accept.iter().all(|a| a.trim().is_empty()) {
        return Err("short-answer question without a 100% answer".to_owned());
    }
    if case_sensitive {
        changes.push("Moodle matched case-sensitively; Counterpoint ignores case".to_owned());
    }
    Ok(Mapped {
        kind: Kind::Text { accept },
        changes,
    })
}

/// Moodle numerical: the first 100% answer is kept.
pub fn numerical(options: &[NumericOption], unit: Option<String>) -> MapResult {
    check_fractions(options.iter().map(|o| (o.fraction, "")))?;
    let Some(keep) = options
        .iter()
        .position(|o| near(o.fraction, 1.0) && o.key.is_some())
    else {
        return Err("numerical question without a 100% answer".to_owned());
    };
    let mut changes = Vec::new();
    for (i, o) in options.iter().enumerate() {
        let what = o
            .key
            .map_or_else(|| "*".to_owned(), |k| describe_numeric(&k));
        if i == keep {
            if !o.feedback.trim().is_empty() {
                changes.push(format!(
                    "feedback on answer {what} dropped (numeric questions have no per-answer feedback)"
                ));
            }
        } else {
            changes.push(format!(
                "answer {what} ({}%) dropped: only the 100% answer is kept",
                percent(o.fraction)
            ));
        }
    }
    let key = options.get(keep).and_then(|o| o.key).ok_or("no answer")?;
    Ok(Mapped {
        kind: Kind::Numeric { answer: key, unit },
        changes,
    })
}

fn describe_numeric(k: &NumericAnswer) -> String {
    match *k {
        NumericAnswer::Exact { value, tolerance } => {
            format!("{}:{}", format_number(value), format_number(tolerance))
        }
        NumericAnswer::Range { min, max } => {
            format!("{}..{}", format_number(min), format_number(max))
        }
    }
}

/// The label of position `n` (1-based) in an ordering exported as a matching question.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Moodle matching: pairs with an empty left side are extra answers (our distractors). A matching
/// question whose left items are exactly `1st`, `2nd`, … in order is an exported ordering question.
pub fn matching(pairs: Vec<(String, String)>) -> MapResult {
    let mut real = Vec::new();
    let mut distractors = Vec::new();
    for (left, right) in pairs {
        if left.trim().is_empty() {
            if !right.trim().is_empty() {
                distractors.push(right);
            }
        } else {
            real.push(Pair { left, right });
        }
    }
    if real.len() < 2 {
        return Err(format!(
            "a matching question needs at least 2 pairs, found {}",
            real.len()
        ));
    }
    let is_order = distractors.is_empty()
        && real
            .iter()
            .enumerate()
            .all(|(i, p)| p.left.trim() == ordinal(i + 1));
    let kind = if is_order {
        Kind::Order {
            items: real.into_iter().map(|p| p.right).collect(),
        }
    } else {
        Kind::Match {
            pairs: real,
            distractors,
        }
    };
    Ok(Mapped {
        kind,
        changes: Vec::new(),
    })
}

/// A Moodle category path (`$course$/top/History/Phases`) as a topic (`History / Phases`): the
/// context prefix and the `top` level are dropped; levels are joined with " / " (`//` is a `/`).
pub fn category_to_topic(path: &str) -> Option<String> {
    let mut path = path.trim();
    for prefix in [
        "$course$",
        "$system$",
        "$module$",
        "$coursecategory$",
        "$cat1$",
        "$cat2$",
        "$cat3$",
    ] {
        if let Some(rest) = path.strip_prefix(prefix) {
            path = rest.trim_start_matches('/');
            break;
        }
    }
    // Levels split at each '/' that is not part of a "//" (which stands for a '/').
    let mut segments: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut rest = path;
    while let Some(i) = rest.find('/') {
        current.push_str(rest.get(..i).unwrap_or_default());
        let after = rest.get(i + 1..).unwrap_or_default();
        if let Some(after_double) = after.strip_prefix('/') {
            current.push('/');
            rest = after_double;
        } else {
            push_level(&mut segments, std::mem::take(&mut current));
            rest = after;
        }
    }
    current.push_str(rest);
    push_level(&mut segments, current);
    if segments.first().is_some_and(|s| s == "top") {
        segments.remove(0);
    }
    (!segments.is_empty()).then(|| segments.join(" / "))
}

/// Adds a category level, trimmed, unless it is blank.
fn push_level(segments: &mut Vec<String>, level: String) {
    let trimmed = level.trim();
    if trimmed.is_empty() {
        return;
    }
    segments.push(if trimmed.len() == level.len() {
        level
    } else {
        trimmed.to_owned()
    });
}

/// A topic as a Moodle category path under the course's top category.
pub fn topic_to_category(topic: &str) -> String {
    let segments: Vec<String> = topic
        .split(" / ")
        .map(|s| s.trim().replace('/', "//"))
        .collect();
    format!("$course$/top/{}", segments.join("/"))
}

/// Prefix of a prompt's first paragraph that carries the content warning.
pub const CONTENT_WARNING: &str = "**Content warning:** ";

/// The question text as exported: the content warning (if any) as its first paragraph.
pub fn export_prompt(q: &Question) -> String {
    match &q.content_warning {
        Some(w) => format!("{CONTENT_WARNING}{}\n\n{}", w.trim(), q.prompt.trim()),
        None => q.prompt.trim().to_owned(),
    }
}

/// The general feedback as exported: the explanation and a "Sources:" block.
pub fn export_feedback(q: &Question, bank: &Bank) -> String {
    let citations: Vec<BlockCitation> = q
        .sources
        .iter()
        .map(|c| {
            let source = bank.source(&c.id);
            BlockCitation {
                id: c.id.clone(),
                locator: c.locator.clone(),
                citation: source.map_or_else(|| c.id.clone(), |s| s.citation.clone()),
                url: source.and_then(|s| s.url.clone()),
            }
        })
        .collect();
    sources_block::format(&q.explanation, &citations)
}

/// Tags as exported: the question's own, `difficulty-N`, and `unit:U` for a numeric unit.
pub fn export_tags(q: &Question) -> Vec<String> {
    let mut tags = q.tags.clone();
    tags.push(format!("difficulty-{}", q.difficulty));
    if let Kind::Numeric { unit: Some(u), .. } = &q.kind {
        tags.push(format!("unit:{u}"));
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(fraction: f64, text: &str) -> Answer {
        Answer {
            fraction,
            text: text.into(),
            feedback: String::new(),
        }
    }

    #[test]
    fn categories_become_topics_and_back() {
        assert_eq!(
            category_to_topic("$course$/top/Delta/Epsilon").as_deref(),
            Some("Delta / Epsilon")
        );
        assert_eq!(
            category_to_topic("$course$/Sigma").as_deref(),
            Some("Sigma")
        );
        assert_eq!(category_to_topic("A//B/C").as_deref(), Some("A/B / C"));
        assert_eq!(category_to_topic("$course$/top"), None);
        for topic in ["History and phases", "A / B", "Size/geography"] {
            assert_eq!(
                category_to_topic(&topic_to_category(topic)).as_deref(),
                Some(topic)
            );
        }
    }

    #[test]
    fn fractions_follow_moodles_grade_list() {
        assert!(is_valid_fraction(0.333_333_33));
        assert!(is_valid_fraction(-0.5));
        assert!(!is_valid_fraction(0.33));
        assert_eq!(percent(1.0 / 3.0), "33.33333");
    }

    #[test]
    fn equal_weights_are_representable_unequal_are_logged() {
        let ok = multichoice(false, &[a(0.5, "x"), a(-0.5, "y"), a(0.5, "z")]).unwrap();
        assert!(ok.changes.is_empty(), "{:?}", ok.changes);
        let logged = multichoice(false, &[a(0.5, "x"), a(-1.0, "y"), a(0.5, "z")]).unwrap();
        assert_eq!(logged.changes.len(), 1);
        assert!(logged.changes[0].starts_with("weights not representable"));
    }

    #[test]
    fn ordinal_matching_is_an_order_question() {
        let pairs: Vec<(String, String)> = (1..=12)
            .map(|i| (ordinal(i), format!("item {i}")))
            .collect();
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(22), "22nd");
        let m = matching(pairs).unwrap();
        assert!(matches!(m.kind, Kind::Order { ref items } if items.len() == 12));
    }
}
