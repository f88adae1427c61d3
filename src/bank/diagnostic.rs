//! Problems found in bank files, with `path:line:col` positions.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The bank cannot be used until this is fixed.
    Error,
    /// The bank works, but something looks wrong.
    Warning,
}

/// One problem at one place in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// File the problem is in.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at byte offset `offset` of `text`.
    pub fn at(
        path: &Path,
        text: &str,
        offset: usize,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_col(text, offset);
        Self {
            path: path.to_path_buf(),
            line,
            column,
            severity,
            message: message.into(),
        }
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Where each line of a text starts, so that finding the line of an offset is a binary search
/// rather than a scan from the start: a file with thousands of problems stays linear.
#[derive(Debug, Default)]
pub struct LineIndex {
    /// Byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// The same as [`line_col`] for the `text` this index was built from.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
/// Offsets past the end, or inside a character, are clamped.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Collects diagnostics for one file.
#[derive(Debug)]
pub struct Sink<'a> {
    /// The file's path, as reported.
    pub path: &'a Path,
    /// The file's text.
    pub text: &'a str,
    /// What has been found so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file is not valid TOML.
    pub syntax_failed: bool,
    /// Line starts of `text`, built at the first diagnostic.
    lines: Option<LineIndex>,
}

impl<'a> Sink<'a> {
    /// A sink for `text`, read from `path`.
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Self {
            path,
            text,
            diagnostics: Vec::new(),
            syntax_failed: false,
            lines: None,
        }
    }

    /// Records an error at the start of `span`.
    pub fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        self.push(span, Severity::Error, message);
    }

    /// Records a warning at the start of `span`.
    pub fn warning(&mut self, span: &Range<usize>, message: impl Into<String>) {
        self.push(span, Severity::Warning, message);
    }

    fn push(&mut self, span: &Range<usize>, severity: Severity, message: impl Into<String>) {
        let text = self.text;
        let (line, column) = self
            .lines
            .get_or_insert_with(|| LineIndex::new(text))
            .line_col(text, span.start);
        self.diagnostics.push(Diagnostic {
            path: self.path.to_path_buf(),
            line,
            column,
            severity,
            message: message.into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // 'é' is two bytes; the '=' after it is the 4th character of line 2.
        assert_eq!(line_col(text, 6 + 4), (2, 4));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "a = 1\nbé = 2\n\n日本 = \"x\"\nlast";
        let index = LineIndex::new(text);
        for offset in 0..text.len() + 3 {
            assert_eq!(
                index.line_col(text, offset),
                line_col(text, offset),
                "{offset}"
            );
        }
        assert_eq!(LineIndex::new("").line_col("", 5), (1, 1));
    }

    #[test]
    fn display_is_compiler_short_form() {
        let d = Diagnostic::at(Path::new("b/q.toml"), "x\ny", 2, Severity::Error, "bad");
        assert_eq!(d.to_string(), "b/q.toml:2:1: error: bad");
    }
}
