//! The lines a [`Diagnostic`] points at, with a caret under its column, as rustc shows them.
//!
//! GUI-free: the Problems panel draws an [`Excerpt`] in a monospace font, and [`Excerpt::render`]
//! gives the same as plain text.

use std::fmt::Write as _;

use super::diagnostic::Diagnostic;

/// Width of a tab stop when tabs are expanded for display.
pub const TAB_WIDTH: usize = 4;

/// How many lines before the diagnostic's line are shown for context.
const CONTEXT_BEFORE: usize = 1;

/// The lines around a diagnostic and where to draw the caret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// `(1-based line number, text)` pairs, in order, with tabs expanded to [`TAB_WIDTH`] stops
    /// and without the line ending. The last pair is the diagnostic's own line.
    pub lines: Vec<(usize, String)>,
    /// 0-based display column (in characters, after tab expansion) where the caret starts.
    pub caret_col: usize,
    /// How many characters the caret underlines (at least 1): the token that starts at the column.
    pub caret_len: usize,
}

impl Excerpt {
    /// The excerpt as rustc prints it: a gutter with line numbers and a `^^^` line.
    ///
    /// ```
    /// use std::path::PathBuf;
    /// use counterpoint::bank::{Diagnostic, Severity, excerpt};
    ///
    /// let text = "id = \"q1\"\ndifficulty = \"two\"\n";
    /// let diag = Diagnostic {
    ///     path: PathBuf::from("q.toml"),
    ///     line: 2,
    ///     column: 14,
    ///     severity: Severity::Error,
    ///     message: "wrong type".into(),
    /// };
    /// let shown = excerpt(&diag, text).render();
    /// assert_eq!(shown, "  |\n1 | id = \"q1\"\n2 | difficulty = \"two\"\n  |              ^^^^^\n");
    /// ```
    pub fn render(&self) -> String {
        let width = self
            .lines
            .iter()
            .map(|(n, _)| n.to_string().len())
            .max()
            .unwrap_or(1);
        let mut out = String::new();
        let _ = writeln!(out, "{:width$} |", "");
        for (n, text) in &self.lines {
            let _ = writeln!(out, "{n:>width$} | {text}");
        }
        let _ = writeln!(
            out,
            "{:width$} | {}{}",
            "",
            " ".repeat(self.caret_col),
            "^".repeat(self.caret_len.max(1))
        );
        out
    }
}

/// The excerpt of `text` (the diagnostic's file) that `diag` points at.
///
/// A line or column past the end of the text is clamped to the last line or the line's end, so a
/// diagnostic from an older version of the file still gives an excerpt.
pub fn excerpt(diag: &Diagnostic, text: &str) -> Excerpt {
    let all: Vec<&str> = text.lines().collect();
    let count = all.len().max(1);
    let line = diag.line.clamp(1, count);
    let first = line.saturating_sub(CONTEXT_BEFORE).max(1);
    let lines = (first..=line)
        .map(|n| {
            let raw = all.get(n - 1).copied().unwrap_or("");
            (n, expand_tabs(raw))
        })
        .collect();
    let raw = all.get(line - 1).copied().unwrap_or("");
    let chars: Vec<char> = raw.chars().collect();
    let index = diag.column.saturating_sub(1).min(chars.len());
    let caret_col = display_width(chars.get(..index).unwrap_or_default());
    let token = chars.get(index..).unwrap_or_default();
    let caret_len = display_width(token.get(..token_len(token)).unwrap_or_default()).max(1);
    Excerpt {
        lines,
        caret_col,
        caret_len,
    }
}

/// `line` with tabs expanded to [`TAB_WIDTH`] stops.
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let pad = TAB_WIDTH - col % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', pad));
            col += pad;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

/// Display width of `chars` starting at column 0, with tabs expanded.
fn display_width(chars: &[char]) -> usize {
    chars.iter().fold(0, |col, &c| {
        if c == '\t' {
            col + TAB_WIDTH - col % TAB_WIDTH
        } else {
            col + 1
        }
    })
}

/// Length in characters of the TOML token at the start of `chars`: a quoted string, a bare key or
/// word, a bracketed header, or one character.
fn token_len(chars: &[char]) -> usize {
    let Some(&first) = chars.first() else {
        return 0;
    };
    match first {
        '"' | '\'' => {
            let mut i = 1;
            while let Some(&c) = chars.get(i) {
                if c == '\\' && first == '"' {
                    i += 2;
                    continue;
                }
                if c == first {
                    return i + 1;
                }
                i += 1;
            }
            chars.len()
        }
        '[' => chars.iter().position(|&c| c == ']').map_or(1, |end| {
            // `[[question]]` ends with two brackets.
            end + 1 + usize::from(chars.get(end + 1) == Some(&']'))
        }),
        c if is_word(c) => chars.iter().take_while(|&&c| is_word(c)).count(),
        _ => 1,
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | ':')
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::bank::Severity;

    fn diag(line: usize, column: usize) -> Diagnostic {
        Diagnostic {
            path: PathBuf::from("q.toml"),
            line,
            column,
            severity: Severity::Error,
            message: "m".into(),
        }
    }

    #[test]
    fn caret_under_a_quoted_string() {
        let text = "[[question]]\ndifficulty = \"two\"\n";
        let e = excerpt(&diag(2, 14), text);
        assert_eq!(
            e.lines,
            vec![
                (1, "[[question]]".to_owned()),
                (2, "difficulty = \"two\"".to_owned())
            ]
        );
        assert_eq!((e.caret_col, e.caret_len), (13, 5));
    }

    #[test]
    fn first_line_has_no_context_and_headers_are_underlined_whole() {
        let e = excerpt(&diag(1, 1), "[[question]]\nid = 1\n");
        assert_eq!(e.lines, vec![(1, "[[question]]".to_owned())]);
        assert_eq!((e.caret_col, e.caret_len), (0, 12));
    }

    #[test]
    fn tabs_are_expanded_and_the_caret_follows() {
        // Column 3 is the `p` after two tab characters: display column 8.
        let text = "x = 1\n\t\tpromt = \"a\"\n";
        let e = excerpt(&diag(2, 3), text);
        assert_eq!(e.lines.last().unwrap().1, "        promt = \"a\"");
        assert_eq!((e.caret_col, e.caret_len), (8, 5));
        // A tab after text only pads to the next stop.
        assert_eq!(expand_tabs("ab\tc"), "ab  c");
    }

    #[test]
    fn multibyte_characters_count_as_one_column() {
        // Columns are characters: "é" and "—" are one column each though they take 2 and 3 bytes.
        let text = "prompt = \"é—x\" \nkey = ünknown\n";
        let e = excerpt(&diag(2, 7), text);
        assert_eq!((e.caret_col, e.caret_len), (6, 7));
        let e = excerpt(&diag(1, 10), text);
        assert_eq!((e.caret_col, e.caret_len), (9, 5));
        let rendered = e.render();
        assert!(rendered.ends_with("  |          ^^^^^\n"), "{rendered}");
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "a = 1\nb = 2";
        let e = excerpt(&diag(9, 40), text);
        assert_eq!(e.lines.last().unwrap().0, 2);
        assert_eq!((e.caret_col, e.caret_len), (5, 1));
        let empty = excerpt(&diag(1, 1), "");
        assert_eq!(empty.lines, vec![(1, String::new())]);
        assert_eq!(empty.caret_len, 1);
    }

    #[test]
    fn a_real_diagnostic_points_at_its_value() {
        let text = "[[question]]\nid = \"q1\"\ndifficulty = \"two\"\n";
        let path = std::path::Path::new("q.toml");
        let offset = text.find("\"two\"").unwrap();
        let d = Diagnostic::at(path, text, offset, Severity::Error, "bad");
        let e = excerpt(&d, text);
        assert_eq!(
            e.lines.last().unwrap(),
            &(3, "difficulty = \"two\"".to_owned())
        );
        assert_eq!((e.caret_col, e.caret_len), (13, 5));
        assert_eq!(
            e.render(),
            "  |\n2 | id = \"q1\"\n3 | difficulty = \"two\"\n  |              ^^^^^\n"
        );
    }
}
