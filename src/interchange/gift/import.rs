//! Reading GIFT as Moodle's importer does (question/format/gift/format.php): blank lines separate
//! questions, `//` lines are comments (with `[id:…]` and `[tag:…]`), `$CATEGORY:` switches the
//! category, and the answer block decides the type.

use std::borrow::Cow;

use crate::interchange::assemble::{Imported, Parsed};
use crate::interchange::log::Location;
use crate::interchange::moodle::{self, Answer, Mapped, NumericOption, TextFormat};
use crate::model::{Kind, NumericAnswer, format_number};

use super::ESCAPES;

/// The placeholder for an escaped ASCII byte `b` (the character after a backslash), if GIFT
/// escapes it.
fn placeholder_for(b: u8) -> Option<char> {
    ESCAPES
        .iter()
        .find(|(e, _)| u32::from(*e) == u32::from(b))
        .map(|&(_, placeholder)| placeholder)
}

/// Appends `s` to `out` with escaped characters replaced by placeholders (Moodle's
/// `escapedchar_pre`). Every escapable character is ASCII, so this jumps from one backslash to
/// the next and copies the runs between them whole.
fn pre_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut run_start = 0;
    let mut from = 0;
    while let Some(i) = bytes.get(from..).and_then(|b| memchr::memchr(b'\\', b)) {
        let at = from + i;
        match bytes.get(at + 1).and_then(|&b| placeholder_for(b)) {
            Some(placeholder) => {
                out.push_str(s.get(run_start..at).unwrap_or_default());
                out.push(placeholder);
                run_start = at + 2;
                from = at + 2;
            }
            // Not an escape: the backslash stays, and the next character may start one.
            None => from = at + 1,
        }
    }
    out.push_str(s.get(run_start..).unwrap_or_default());
}

/// Replaces escaped characters with placeholders (Moodle's `escapedchar_pre`).
#[cfg(test)]
fn pre(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pre_into(&mut out, s);
    out
}

/// `s` without leading and trailing whitespace, in place (no second allocation).
fn trimmed(mut s: String) -> String {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    if start > 0 {
        s.drain(..start);
    }
    s
}

/// Turns placeholders back into the characters (Moodle's `escapedchar_post`; `\n` is a newline).
fn post(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut run_start = 0;
    let mut from = 0;
    // Texts are short and placeholders dense: a plain loop beats a `memchr` call per placeholder.
    while let Some(i) = bytes
        .get(from..)
        .and_then(|b| b.iter().position(|&b| b == 0xEE))
    {
        let at = from + i;
        // U+E000..=U+E007 are `EE 80 80`..=`EE 80 87`; `at` starts a character, so `at + 3` ends it.
        let index = match bytes.get(at + 1..at + 3) {
            Some(&[0x80, b]) if b <= 0x87 => usize::from(b - 0x80),
            _ => {
                from = at + 1;
                continue;
            }
        };
        out.push_str(s.get(run_start..at).unwrap_or_default());
        match ESCAPES.get(index) {
            Some(('n', _)) => out.push('\n'),
            Some((e, _)) => out.push(*e),
            None => {}
        }
        run_start = at + 3;
        from = at + 3;
    }
    out.push_str(s.get(run_start..).unwrap_or_default());
    out
}

/// A text with its format: a leading `[html]`, `[moodle]`, `[plain]` or `[markdown]` tag, else
/// `default` (Moodle's `parse_text_with_format`).
fn with_format(s: &str, default: TextFormat) -> (TextFormat, String) {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('[')
        && let Some(end) = rest.find(']')
        && let Some(format) = TextFormat::from_name(&rest[..end])
    {
        return (format, trimmed(post(&rest[end + 1..])));
    }
    (default, trimmed(post(s)))
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

/// A text with its Moodle format, as Moodle stores it (escapes resolved, not yet converted).
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// Its format.
    pub format: TextFormat,
    /// The text.
    pub text: String,
}

impl Text {
    fn parse(s: &str, default: TextFormat) -> Self {
        let (format, text) = with_format(s, default);
        Self { format, text }
    }

    fn empty(format: TextFormat) -> Self {
        Self {
            format,
            text: String::new(),
        }
    }

    fn markdown(&self, dropped: &mut Vec<String>) -> String {
        self.format.to_markdown(&self.text, dropped)
    }

    /// [`markdown`](Self::markdown), moving the text when it is kept as it is.
    fn into_markdown(self, dropped: &mut Vec<String>) -> String {
        self.format.into_markdown(self.text, dropped)
    }
}

/// Moodle's question types, as its GIFT importer detects them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiftType {
    /// No answer block.
    Description,
    /// An empty answer block `{}`.
    Essay,
    /// `{#…}`.
    Numerical,
    /// Any `~`.
    MultiChoice,
    /// `=` with `->`.
    Matching,
    /// `T`, `TRUE`, `F`, `FALSE`.
    TrueFalse,
    /// Anything else.
    ShortAnswer,
}

/// One answer as Moodle stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct GiftAnswer {
    /// Share of the mark (−1..1).
    pub fraction: f64,
    /// Answer text (for numerical answers, the number as written or `*`).
    pub text: Text,
    /// Feedback.
    pub feedback: Text,
    /// For numerical answers: the accepted numbers (`None` for `*`).
    pub numeric: Option<NumericAnswer>,
}

/// A question as Moodle's GIFT importer reads it, before it is mapped to our kinds.
#[derive(Clone, Debug, PartialEq)]
pub struct GiftQuestion {
    /// Line of the question's first non-comment line.
    pub line: usize,
    /// `::name::`, or empty.
    pub name: String,
    /// `[id:…]` from the comments.
    pub idnumber: Option<String>,
    /// `[tag:…]`s from the comments.
    pub tags: Vec<String>,
    /// The detected type.
    pub qtype: GiftType,
    /// Multiple choice: one answer allowed (the block has an `=`).
    pub single: bool,
    /// Question text.
    pub text: Text,
    /// General feedback (`####…`).
    pub general_feedback: Text,
    /// Answers (multiple choice, short answer, numerical).
    pub answers: Vec<GiftAnswer>,
    /// Matching: (item, answer) pairs; an empty item is an extra answer.
    pub subquestions: Vec<(Text, String)>,
    /// True/false: the right answer.
    pub correct_answer: bool,
    /// True/false: feedback for choosing true.
    pub feedback_true: Text,
    /// True/false: feedback for choosing false.
    pub feedback_false: Text,
    /// Default mark (always 1 in GIFT).
    pub default_mark: f64,
    /// Penalty for each wrong try (1 for true/false, else 0.3333333).
    pub penalty: f64,
}

/// One block of a GIFT file.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `$CATEGORY: path`.
    Category {
        /// Line.
        line: usize,
        /// The category path.
        path: String,
    },
    /// A question.
    Question(Box<GiftQuestion>),
    /// A block Moodle rejects, and why.
    Error {
        /// Line.
        line: usize,
        /// Question name, if any.
        name: String,
        /// Why.
        message: String,
    },
}

/// The non-blank lines of a GIFT file (trimmed, with their 1-based numbers), and the ranges of
/// that list that form blocks (runs separated by blank lines), as Moodle splits a file.
fn blocks(text: &str) -> (Vec<(usize, &str)>, Vec<std::ops::Range<usize>>) {
    // A line ends at each '\n' (its '\r', if any, goes with the trim); GIFT lines are short, so
    // the lines are found with one `memchr` pass and the list is sized once.
    let mut lines = Vec::with_capacity(text.len() / 64 + 1);
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for (i, end) in ends.enumerate() {
        let line = text.get(line_start..end).unwrap_or_default().trim();
        line_start = end + 1;
        if line.is_empty() {
            if start < lines.len() {
                ranges.push(start..lines.len());
            }
            start = lines.len();
        } else {
            lines.push((i + 1, line));
        }
    }
    if start < lines.len() {
        ranges.push(start..lines.len());
    }
    (lines, ranges)
}

/// Reads a GIFT file into blocks as Moodle's importer does.
pub fn read(text: &str) -> Vec<Item> {
    let (lines, ranges) = blocks(text);
    ranges
        .into_iter()
        .filter_map(|r| read_block(lines.get(r).unwrap_or_default()))
        .collect()
}

/// Files with less text than this are parsed on the calling thread only.
const PARALLEL_BYTES: usize = 256 * 1024;

/// What one run of consecutive blocks parsed to.
#[derive(Default)]
struct ChunkParsed {
    parsed: Parsed,
    /// How many of `parsed.questions` came before the run's first `$CATEGORY` (their topic is
    /// the one in force where the run starts, known only once earlier runs are read).
    leading: usize,
    /// Whether the run switches category.
    switched: bool,
    /// The topic in force at the end of the run, when it switches category.
    last_topic: Option<String>,
}

/// Reads and maps a run of blocks; the topic where the run starts is filled in by [`parse`].
fn parse_chunk(lines: &[(usize, &str)], ranges: &[std::ops::Range<usize>]) -> ChunkParsed {
    let mut chunk = ChunkParsed::default();
    let mut topic: Option<String> = None;
    let mut switched = false;
    for r in ranges {
        match read_block(lines.get(r.clone()).unwrap_or_default()) {
            None => {}
            Some(Item::Category { path, .. }) => {
                topic = moodle::category_to_topic(&path);
                switched = true;
            }
            Some(Item::Error {
                line,
                name,
                message,
            }) => chunk.parsed.log.skip(&Location::Line(line), &name, message),
            Some(Item::Question(q)) => {
                map(*q, topic.as_ref(), &mut chunk.parsed);
                if !switched {
                    chunk.leading = chunk.parsed.questions.len();
                }
            }
        }
    }
    chunk.switched = switched;
    chunk.last_topic = topic;
    chunk
}

/// Parses a GIFT file into questions for [`assemble`](crate::interchange::assemble()).
///
/// Blocks are independent but for the category in force, so a large file's blocks are read and
/// mapped in runs on up to four threads, and the runs are joined in file order: the result is the
/// same as reading the blocks one by one.
pub fn parse(text: &str) -> Parsed {
    let (lines, ranges) = blocks(text);
    let threads = if text.len() < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(4)
    };
    let per_thread = ranges.len().div_ceil(threads).max(1);
    let chunks: Vec<ChunkParsed> = if threads < 2 {
        vec![parse_chunk(&lines, &ranges)]
    } else {
        // The last run is read on the calling thread: one thread fewer to start, and its
        // strings come from the main heap (a new thread's heap grows a page or so at a time).
        std::thread::scope(|scope| {
            let mut runs = ranges.chunks(per_thread);
            let last = runs.next_back();
            let handles: Vec<_> = runs
                .map(|run| scope.spawn(|| parse_chunk(&lines, run)))
                .collect();
            let last = last.map(|run| parse_chunk(&lines, run));
            let mut chunks: Vec<ChunkParsed> = handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect();
            chunks.extend(last);
            chunks
        })
    };
    let mut parsed = Parsed::default();
    let mut topic: Option<String> = None;
    for chunk in chunks {
        let ChunkParsed {
            parsed: mut part,
            leading,
            switched,
            last_topic,
        } = chunk;
        for q in part.questions.iter_mut().take(leading) {
            q.topic.clone_from(&topic);
        }
        if switched {
            topic = last_topic;
        }
        parsed.questions.append(&mut part.questions);
        parsed.log.entries.append(&mut part.log.entries);
        for (kind, n) in part.log.imported {
            *parsed.log.imported.entry(kind).or_insert(0) += n;
        }
    }
    parsed
}

/// A block's comment lines, the line number of its first other line, and the other lines joined
/// with "\n", escapes already replaced by placeholders; `None` when it has only comments. The
/// lines are trimmed and not empty, so the joined text needs no trim.
fn comments_and_text<'a>(lines: &[(usize, &'a str)]) -> Option<(Vec<&'a str>, usize, String)> {
    let mut comments = Vec::new();
    let mut text = String::new();
    let mut first_line = None;
    for &(n, line) in lines {
        if line.starts_with("//") {
            comments.push(line);
        } else {
            if first_line.is_some() {
                text.push('\n');
            } else {
                first_line = Some(n);
                text.reserve(lines.iter().map(|(_, l)| l.len() + 1).sum());
            }
            pre_into(&mut text, line);
        }
    }
    Some((comments, first_line?, text))
}

fn read_block(lines: &[(usize, &str)]) -> Option<Item> {
    let (comments, line, text) = comments_and_text(lines)?;
    if let Some(category) = text.strip_prefix("$CATEGORY:") {
        return Some(Item::Category {
            line,
            path: trimmed(post(category)),
        });
    }
    let (name, text) = match text.strip_prefix("::") {
        Some(rest) => match rest.find("::") {
            Some(end) => (trimmed(post(&rest[..end])), rest[end + 2..].trim()),
            None => (String::new(), rest),
        },
        None => (String::new(), text.as_str()),
    };
    let error = |name: String, message: String| {
        Some(Item::Error {
            line,
            name,
            message,
        })
    };
    let (answer_text, question_text) = match (text.find('{'), text.find('}')) {
        (None, None) => ("", Cow::Borrowed(text)),
        (Some(s), Some(f)) if s < f => {
            let question_text = if f + 1 == text.len() {
                Cow::Borrowed(&text[..s])
            } else if text.ends_with('}') {
                Cow::Owned(format!("{}{}", &text[..s], &text[f + 1..]))
            } else {
                // Text after the braces: a missing-word question, the blank where they were.
                Cow::Owned(format!("{}_____{}", &text[..s], &text[f + 1..]))
            };
            (text[s + 1..f].trim(), question_text)
        }
        _ => {
            return error(
                name,
                "unbalanced braces: the answer block must be written {…}".to_owned(),
            );
        }
    };
    let description = !text.contains('{');
    let (answer_text, general) = match answer_text.rfind("####") {
        Some(i) => (answer_text[..i].trim(), &answer_text[i + 4..]),
        None => (answer_text, ""),
    };
    let question = Text::parse(&question_text, TextFormat::Moodle);
    let format = question.format;
    let (idnumber, tags) = id_and_tags(&comments);
    let mut q = GiftQuestion {
        line,
        name,
        idnumber,
        tags,
        qtype: GiftType::ShortAnswer,
        single: true,
        general_feedback: Text::parse(general, format),
        text: question,
        answers: Vec::new(),
        subquestions: Vec::new(),
        correct_answer: false,
        feedback_true: Text::empty(format),
        feedback_false: Text::empty(format),
        default_mark: 1.0,
        penalty: 0.333_333_3,
    };
    let result = if description {
        q.qtype = GiftType::Description;
        q.penalty = 0.0;
        Ok(())
    } else if answer_text.is_empty() {
        q.qtype = GiftType::Essay;
        q.penalty = 0.333_333_3;
        Ok(())
    } else if let Some(numeric) = answer_text.strip_prefix('#') {
        numerical(&mut q, numeric)
    } else if answer_text.contains('~') {
        multichoice(&mut q, answer_text)
    } else if answer_text.contains('=') && answer_text.contains("->") {
        matching(&mut q, answer_text)
    } else {
        let check = answer_text
            .find('#')
            .filter(|&i| i > 0)
            .map_or(answer_text, |i| answer_text[..i].trim());
        if ["T", "TRUE", "F", "FALSE"].contains(&check) {
            true_false(&mut q, answer_text);
            Ok(())
        } else {
            shortanswer(&mut q, answer_text)
        }
    };
    match result {
        Ok(()) => Some(Item::Question(Box::new(q))),
        Err(message) => error(q.name, message),
    }
}

/// Splits `text#feedback` into both texts, in `format` by default (Moodle's `commentparser`).
fn answer_and_feedback(answer: &str, format: TextFormat) -> (Text, Text) {
    let (text, feedback) = answer.split_once('#').unwrap_or((answer, ""));
    (Text::parse(text, format), Text::parse(feedback, format))
}

fn multichoice(q: &mut GiftQuestion, answer_text: &str) -> Result<(), String> {
    q.qtype = GiftType::MultiChoice;
    q.single = answer_text.contains('=');
    let replaced = answer_text.replace('=', "~=");
    let parts = answers(&replaced, '~');
    if parts.len() < 2 {
        return Err(format!(
            "a multiple-choice question needs at least 2 answers, found {}",
            parts.len()
        ));
    }
    for answer in parts {
        let answer = answer.trim();
        let (fraction, rest) = if let Some(rest) = answer.strip_prefix('=') {
            (1.0, rest)
        } else {
            weight(answer).unwrap_or((0.0, answer))
        };
        let (text, feedback) = answer_and_feedback(rest, q.text.format);
        q.answers.push(GiftAnswer {
            fraction,
            text,
            feedback,
            numeric: None,
        });
    }
    Ok(())
}

fn matching(q: &mut GiftQuestion, answer_text: &str) -> Result<(), String> {
    q.qtype = GiftType::Matching;
    let parts = answers(answer_text, '=');
    if parts.len() < 2 {
        return Err(format!(
            "a matching question needs at least 2 answers, found {}",
            parts.len()
        ));
    }
    for part in parts {
        let part = part.trim();
        let Some(marker) = part.find("->") else {
            return Err(format!(
                "matching answer \"{}\" has no \"->\"",
                moodle::short(&post(part))
            ));
        };
        let item = Text::parse(&part[..marker], q.text.format);
        let answer = trimmed(post(&part[marker + 2..]));
        q.subquestions.push((item, answer));
    }
    Ok(())
}

fn true_false(q: &mut GiftQuestion, answer_text: &str) {
    q.qtype = GiftType::TrueFalse;
    q.penalty = 1.0;
    let mut bits = answer_text.splitn(3, '#');
    let answer = bits.next().unwrap_or_default().trim();
    let wrong = Text::parse(bits.next().unwrap_or_default(), q.text.format);
    let right = Text::parse(bits.next().unwrap_or_default(), q.text.format);
    q.correct_answer = answer == "T" || answer == "TRUE";
    if q.correct_answer {
        q.feedback_true = right;
        q.feedback_false = wrong;
    } else {
        q.feedback_true = wrong;
        q.feedback_false = right;
    }
}

fn shortanswer(q: &mut GiftQuestion, answer_text: &str) -> Result<(), String> {
    q.qtype = GiftType::ShortAnswer;
    let parts = answers(answer_text, '=');
    if parts.is_empty() {
        return Err("a short-answer question needs at least 1 answer".to_owned());
    }
    for answer in parts {
        let answer = answer.trim();
        let (fraction, rest) = weight(answer).unwrap_or((1.0, answer));
        let (text, feedback) = answer_and_feedback(rest, q.text.format);
        q.answers.push(GiftAnswer {
            fraction,
            text,
            feedback,
            numeric: None,
        });
    }
    Ok(())
}

fn numeric_key(value: &str) -> Result<Option<NumericAnswer>, String> {
    if value == "*" {
        return Ok(None);
    }
    if let Some((min, max)) = value.split_once("..").filter(|(m, _)| !m.is_empty()) {
        let (Some(min), Some(max)) = (parse_number(min), parse_number(max)) else {
            return Err(format!("\"{value}\" is not a range of numbers"));
        };
        return Ok(Some(NumericAnswer::Range { min, max }));
    }
    if let Some((v, tol)) = value.split_once(':').filter(|(v, _)| !v.is_empty()) {
        let (Some(value), Some(tolerance)) = (parse_number(v), parse_number(tol)) else {
            return Err(format!("\"{value}\" is not a number with a tolerance"));
        };
        return Ok(Some(NumericAnswer::Exact { value, tolerance }));
    }
    let Some(value) = parse_number(value) else {
        return Err(format!("\"{value}\" is not a number"));
    };
    Ok(Some(NumericAnswer::Exact {
        value,
        tolerance: 0.0,
    }))
}

fn numerical(q: &mut GiftQuestion, answer_text: &str) -> Result<(), String> {
    q.qtype = GiftType::Numerical;
    let format = q.text.format;
    let (answer_text, wrong) = match answer_text.find('~') {
        Some(i) => (&answer_text[..i], Some(&answer_text[i..])),
        None => (answer_text, None),
    };
    for answer in answers(answer_text, '=') {
        let answer = answer.trim();
        let (fraction, rest) = weight(answer).unwrap_or((1.0, answer));
        let (mut text, feedback) = answer_and_feedback(rest, format);
        let numeric = numeric_key(text.text.trim())?;
        // Moodle stores the answer's number (a range as its midpoint) and the tolerance apart.
        text.text = match numeric {
            Some(NumericAnswer::Exact { value, .. }) => format_number(value),
            Some(NumericAnswer::Range { min, max }) => format_number(f64::midpoint(min, max)),
            None => "*".to_owned(),
        };
        q.answers.push(GiftAnswer {
            fraction,
            text,
            feedback,
            numeric,
        });
    }
    if q.answers.is_empty() {
        return Err("a numerical question needs at least 1 answer".to_owned());
    }
    if let Some(wrong) = wrong {
        let (_, feedback) = answer_and_feedback(wrong, format);
        q.answers.push(GiftAnswer {
            fraction: 0.0,
            text: Text {
                format,
                text: "*".to_owned(),
            },
            feedback,
            numeric: None,
        });
    }
    Ok(())
}

/// Maps a question to one of our kinds, or logs why it cannot be.
fn map(q: GiftQuestion, topic: Option<&String>, parsed: &mut Parsed) {
    let GiftQuestion {
        line,
        name,
        idnumber,
        tags,
        qtype,
        single,
        text,
        general_feedback,
        answers,
        subquestions,
        correct_answer,
        feedback_true,
        feedback_false,
        ..
    } = q;
    let location = Location::Line(line);
    let mut dropped = Vec::new();
    let result: Result<Mapped, String> = match qtype {
        GiftType::Description => {
            Err("description (no answer block): descriptions have no automatic grading".into())
        }
        GiftType::Essay => {
            Err("essay (empty answer block): essays have no automatic grading".into())
        }
        GiftType::MultiChoice => {
            let answers = moodle_answers(answers, &mut dropped);
            moodle::multichoice(single, &answers)
        }
        GiftType::ShortAnswer => {
            // Short answers are matched as typed, not rendered (what rendering drops is still told).
            let answers: Vec<Answer> = answers
                .into_iter()
                .map(|a| {
                    let _rendered = a.text.markdown(&mut dropped);
                    Answer {
                        fraction: a.fraction,
                        text: a.text.text,
                        feedback: a.feedback.into_markdown(&mut dropped),
                    }
                })
                .collect();
            moodle::shortanswer(&answers, false)
        }
        GiftType::Numerical => {
            let options: Vec<NumericOption> = answers
                .into_iter()
                .map(|a| NumericOption {
                    fraction: a.fraction,
                    key: a.numeric,
                    feedback: a.feedback.into_markdown(&mut dropped),
                })
                .collect();
            moodle::numerical(&options, None)
        }
        GiftType::Matching => {
            let pairs: Vec<(String, String)> = subquestions
                .into_iter()
                .map(|(item, answer)| (item.into_markdown(&mut dropped), answer))
                .collect();
            moodle::matching(pairs)
        }
        GiftType::TrueFalse => {
            let mut feedback =
                |t: Text| Some(t.into_markdown(&mut dropped)).filter(|t| !t.is_empty());
            Ok(Mapped {
                kind: Kind::TrueFalse {
                    answer: correct_answer,
                    feedback_true: feedback(feedback_true),
                    feedback_false: feedback(feedback_false),
                },
                changes: Vec::new(),
            })
        }
    };
    let mapped = match result {
        Ok(m) => m,
        Err(reason) => {
            parsed.log.skip(&location, &name, reason);
            return;
        }
    };
    let prompt = text.into_markdown(&mut dropped);
    let feedback = general_feedback.into_markdown(&mut dropped);
    for change in mapped.changes.into_iter().chain(dropped) {
        parsed.log.change(&location, &name, change);
    }
    parsed.questions.push(Imported {
        location,
        name,
        idnumber,
        topic: topic.cloned(),
        tags,
        difficulty: None,
        prompt,
        feedback,
        sources: Vec::new(),
        kind: mapped.kind,
    });
}

fn moodle_answers(answers: Vec<GiftAnswer>, dropped: &mut Vec<String>) -> Vec<Answer> {
    answers
        .into_iter()
        .map(|a| Answer {
            fraction: a.fraction,
            text: a.text.into_markdown(dropped),
            feedback: a.feedback.into_markdown(dropped),
        })
        .collect()
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
        assert_eq!(
            id_and_tags(&["// [id:  four  ]"]).0.as_deref(),
            Some("four")
        );
        assert_eq!(id_and_tags(&[r"// [id:i\]d]"]).0.as_deref(), Some("i]d"));
        let (_, split) = id_and_tags(&["// [tag:sp", "// lit]"]);
        assert!(split.is_empty());
    }

    #[test]
    fn a_large_file_parses_as_one_run() {
        // Over PARALLEL_BYTES, so `parse` splits the blocks into runs on several threads; categories
        // switch inside runs and runs start before their first category.
        let mut text = String::from("::before::Outside any category {T}\n\n");
        let mut n = 0;
        while text.len() < 2 * PARALLEL_BYTES {
            if n % 37 == 0 {
                text.push_str("$CATEGORY: $course$/top/Topic ");
                text.push_str(&n.to_string());
                text.push_str("\n\n");
            }
            let block = match n % 5 {
                0 => format!(
                    "// [id:q{n}]\n::q{n}::Question {n} \\{{escaped\\}} {{=right ~wrong}}\n\n"
                ),
                1 => format!("::q{n}::Year? {{#{n}:1}}\n\n"),
                2 => format!("::q{n}::Broken {{ =a\n\n"),
                3 => format!("::q{n}::Pairs {{ =a{n} -> 1 =b{n} -> 2 }}\n\n"),
                _ => format!("::q{n}::<b>Bold</b> text {{F#no#yes}}\n\n"),
            };
            text.push_str(&block);
            n += 1;
        }
        let (lines, ranges) = blocks(&text);
        let one_run = parse_chunk(&lines, &ranges).parsed;
        let parsed = parse(&text);
        assert!(parsed.questions.len() > 1000);
        assert_eq!(parsed.log, one_run.log);
        assert_eq!(parsed.questions.len(), one_run.questions.len());
        for (a, b) in parsed.questions.iter().zip(&one_run.questions) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        assert_eq!(parsed.questions.first().and_then(|q| q.topic.clone()), None);
        assert!(parsed.questions.iter().any(|q| q.topic.is_some()));
    }

    #[test]
    fn placeholders_are_found_among_other_characters() {
        assert_eq!(post("ab\u{E000}"), "ab\\");
        assert_eq!(post("\u{E100}x\u{E007}\u{E001}"), "\u{E100}x\n:");
        assert_eq!(post("\u{E008}\u{E0FF}é"), "\u{E008}\u{E0FF}é");
        assert_eq!(post(&pre(r"é\{x\} \n ü")), "é{x} \n ü");
    }

    #[test]
    fn lines_are_numbered_as_str_lines_numbers_them() {
        for text in [
            "a\r\nb\n\n c \r\n",
            "",
            "\n",
            "x",
            "x\n\n\ny\n",
            "\r\n\r\nq\r",
        ] {
            let expected: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .map(|(i, l)| (i + 1, l.trim()))
                .filter(|(_, l)| !l.is_empty())
                .collect();
            assert_eq!(blocks(text).0, expected, "{text:?}");
        }
        assert_eq!(blocks("a\nb\n\n\nc\n").1, [0..2, 2..3]);
    }

    #[test]
    fn weights() {
        assert_eq!(weight("%50%yellow"), Some((0.5, "yellow")));
        assert_eq!(weight("%-100%red"), Some((-1.0, "red")));
        assert_eq!(weight("%abc%x"), None);
    }
}
