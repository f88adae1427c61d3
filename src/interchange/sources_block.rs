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
    // The last line that is the heading: the text before it and the lines after it.
    let heading = text.rmatch_indices(HEADING).find_map(|(at, _)| {
        let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
        let end = text.get(at..)?.find('\n').map_or(text.len(), |i| at + i);
        (text.get(start..end)?.trim() == HEADING).then_some((start, end))
    });
    let Some((start, end)) = heading else {
        return (text.trim().to_owned(), Vec::new());
    };
    let mut citations = Vec::new();
    for line in text.get(end..).unwrap_or_default().lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(c) = parse_line(line) else {
            return (text.trim().to_owned(), Vec::new());
        };
        citations.push(c);
    }
    if citations.is_empty() {
        return (text.trim().to_owned(), Vec::new());
    }
    let before = text.get(..start).unwrap_or_default();
    // Its lines joined with "\n": the text itself, unless `lines` dropped a "\r" before a "\n".
    let explanation = if before.contains('\r') {
        before
            .lines()
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    } else {
        before.trim().to_owned()
    };
    (explanation, citations)
}

/// Parses one citation line, `[id] citation <url>` (or `[id, locator: …] …`).
pub fn parse_line(line: &str) -> Option<BlockCitation> {
    let body = line.strip_prefix('[')?;
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
    let rest = body.get(end?..)?.trim();
    let (id, locator) = match inside.split_once(", locator: ") {
        Some((id, loc)) => (id.trim().to_owned(), Some(loc.trim().to_owned())),
        None => (inside.trim().to_owned(), None),
    };
    if id.is_empty() || id.contains(char::is_whitespace) {
        return None;
    }
    let (citation, url) = match rest.strip_suffix('>').and_then(|r| r.rsplit_once('<')) {
        Some((text, url)) if url.starts_with("http://") || url.starts_with("https://") => {
            (text.trim().to_owned(), Some(url.to_owned()))
        }
        _ => (rest.to_owned(), None),
    };
    let citation = if citation.is_empty() {
        url.clone()?
    } else {
        citation
    };
    Some(BlockCitation {
        id,
        locator: locator.filter(|l| !l.is_empty()),
        citation,
        url,
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
