//! The "Sources:" block that carries citations inside Moodle's general feedback.
//!
//! ```text
//! Why the answer is right.
//!
//! Sources:
//!
//! [fn15] Don Rassler. "Situating the Emergence …" CTC Sentinel, 2015. <https://ctc.westpoint.edu/…>
//!
//! [fn74, locator: p. 3] Second citation.
//! ```
//!
//! Each line gives the source id in brackets (with an optional locator), the full citation text and
//! the link in angle brackets. Moodle keeps the block as part of the feedback; our importers split it
//! off again and rebuild `sources.toml` from it.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The line that opens the block.
pub const HEADING: &str = "Sources:";

/// One citation line of the block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockCitation {
    /// Source id (`fn15`, or `1` for a plain numbered list).
    pub id: String,
    /// Locator of this citation (page, section).
    pub locator: Option<String>,
    /// Full citation text.
    pub citation: String,
    /// Link, when the source has one.
    pub url: Option<String>,
}

/// Appends a "Sources:" block to `explanation`.
///
/// ```
/// use counterpoint::interchange::sources_block::{BlockCitation, format, split};
/// let c = BlockCitation {
///     id: "fn1".into(),
///     locator: None,
///     citation: "A book.".into(),
///     url: Some("https://example.org".into()),
/// };
/// let text = format("Because.", &[c.clone()]);
/// assert_eq!(text, "Because.\n\nSources:\n\n[fn1] A book. <https://example.org>");
/// assert_eq!(split(&text), ("Because.".to_owned(), vec![c]));
/// ```
pub fn format(explanation: &str, citations: &[BlockCitation]) -> String {
    let mut out = explanation.trim().to_owned();
    if citations.is_empty() {
        return out;
    }
    let _ = write!(out, "\n\n{HEADING}");
    for c in citations {
        out.push_str("\n\n[");
        out.push_str(&escape(&c.id));
        if let Some(locator) = &c.locator {
            out.push_str(", locator: ");
            out.push_str(&escape(locator));
        }
        out.push_str("] ");
        out.push_str(&one_line(&c.citation));
        if let Some(url) = &c.url {
            let _ = write!(out, " <{}>", one_line(url));
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape(s: &str) -> String {
    one_line(s).replace('\\', "\\\\").replace(']', "\\]")
}

/// Splits a trailing "Sources:" block off `text`: the explanation before it and its citations.
/// Text without a well-formed block comes back whole, with no citations.
pub fn split(text: &str) -> (String, Vec<BlockCitation>) {
    let (explanation, citations) = split_range(text);
    match explanation {
        Explanation::Range(start, end) => (
            text.get(start..end).unwrap_or_default().to_owned(),
            citations,
        ),
        Explanation::Joined(s) => (s, citations),
    }
}

/// [`split`] of an owned text: the explanation is the text itself, shortened, where it can be.
pub fn split_owned(mut text: String) -> (String, Vec<BlockCitation>) {
    let (explanation, citations) = split_range(&text);
    match explanation {
        Explanation::Range(0, end) => {
            text.truncate(end);
            (text, citations)
        }
        Explanation::Range(start, end) => (
            text.get(start..end).unwrap_or_default().to_owned(),
            citations,
        ),
        Explanation::Joined(s) => (s, citations),
    }
}

/// The explanation [`split_range`] found: a range of the text, or its lines joined anew.
enum Explanation {
    Range(usize, usize),
    Joined(String),
}

/// The byte range of `s.trim()` in `s`.
fn trimmed_range(s: &str) -> (usize, usize) {
    let start = s.len() - s.trim_start().len();
    (start, start + s.trim().len())
}

/// The start and end of the last line of `text` that is the heading (without its line break).
fn heading_line(text: &str) -> Option<(usize, usize)> {
    let mut end = text.len();
    loop {
        let start = memchr::memrchr(b'\n', text.as_bytes().get(..end)?).map_or(0, |i| i + 1);
        if text.get(start..end)?.trim() == HEADING {
            return Some((start, end));
        }
        end = start.checked_sub(1)?;
    }
}

fn split_range(text: &str) -> (Explanation, Vec<BlockCitation>) {
    let whole = || {
        let (start, end) = trimmed_range(text);
        (Explanation::Range(start, end), Vec::new())
    };
    let Some((start, end)) = heading_line(text) else {
        return whole();
    };
    let mut citations = Vec::new();
    for line in text.get(end..).unwrap_or_default().lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(c) = parse_line(line) else {
            return whole();
        };
        citations.push(c);
    }
    if citations.is_empty() {
        return whole();
    }
    let before = text.get(..start).unwrap_or_default();
    // Its lines joined with "\n": the text itself, unless `lines` dropped a "\r" before a "\n".
    let explanation = if before.contains('\r') {
        Explanation::Joined(
            before
                .lines()
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_owned(),
        )
    } else {
        let (start, end) = trimmed_range(before);
        Explanation::Range(start, end)
    };
    (explanation, citations)
}

/// Parses one citation line, `[id] citation <url>` (or `[id, locator: …] …`).
pub fn parse_line(line: &str) -> Option<BlockCitation> {
    let body = line.strip_prefix('[')?;
    // The bracket's content, `\x` standing for `x`; most have no backslash and are borrowed.
    let (inside, end): (Cow<'_, str>, usize) = match body.find(['\\', ']']) {
        Some(i) if body.as_bytes().get(i) == Some(&b']') => {
            (Cow::Borrowed(body.get(..i).unwrap_or_default()), i + 1)
        }
        Some(_) => {
            let mut inside = String::new();
            let mut chars = body.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => inside.push(chars.next()?.1),
                    ']' => {
                        end = Some(i + 1);
                        break;
                    }
                    _ => inside.push(c),
                }
            }
            (Cow::Owned(inside), end?)
        }
        None => return None,
    };
    let rest = body.get(end..)?.trim();
    let locator_split = if inside.contains(',') {
        inside.split_once(", locator: ")
    } else {
        None
    };
    let (id, locator) = match locator_split {
        Some((id, loc)) => (id.trim(), Some(loc.trim())),
        None => (inside.trim(), None),
    };
    if id.is_empty() || id.contains(char::is_whitespace) {
        return None;
    }
    let (citation, url) = match rest.strip_suffix('>').and_then(|r| r.rsplit_once('<')) {
        Some((text, url)) if url.starts_with("http://") || url.starts_with("https://") => {
            (text.trim(), Some(url))
        }
        _ => (rest, None),
    };
    let citation = if citation.is_empty() {
        url?.to_owned()
    } else {
        citation.to_owned()
    };
    Some(BlockCitation {
        id: id.to_owned(),
        locator: locator.filter(|l| !l.is_empty()).map(str::to_owned),
        citation,
        url: url.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_block_without_links_parses() {
        let (expl, cites) = split("Text.\nSources:\n[1] Smith 2020.\n[2] Jones, *Title*, 2021.");
        assert_eq!(expl, "Text.");
        assert_eq!(cites.len(), 2);
        assert_eq!(cites[1].id, "2");
        assert_eq!(cites[1].citation, "Jones, *Title*, 2021.");
        assert_eq!(cites[1].url, None);
    }

    #[test]
    fn locator_with_brackets_round_trips() {
        let c = BlockCitation {
            id: "fn62".into(),
            locator: Some("Hummel (2023) [second work], p. 4".into()),
            citation: "Citation with <angle> text".into(),
            url: None,
        };
        let text = format("Why.", std::slice::from_ref(&c));
        assert_eq!(split(&text).1, vec![c]);
    }

    #[test]
    fn crlf_lines_split_as_lf_lines() {
        let crlf = "Why.\r\nMore.\r\n\r\nSources:\r\n\r\n[1] Smith.\r\n";
        let lf = crlf.replace("\r\n", "\n");
        assert_eq!(split(crlf), split(&lf));
        assert_eq!(split(&lf).0, "Why.\nMore.");
        assert_eq!(split(&lf).1[0].id, "1");
        // The last heading line counts; a line that only mentions it does not.
        let two = "A.\n\nSources: below\n\nSources:\n\n[x] X.";
        assert_eq!(split(two).0, "A.\n\nSources: below");
    }

    #[test]
    fn text_that_only_mentions_sources_is_left_alone() {
        let text = "See the Sources: section.\nSources:\nnot a citation";
        assert_eq!(split(text), (text.to_owned(), Vec::new()));
    }
}
