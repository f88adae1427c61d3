//! The import log: how many questions of each kind came in, and every question skipped or changed.

use std::collections::BTreeMap;
use std::fmt;

/// Where in the input file something was found.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A 1-based line (GIFT, Aiken, CSV).
    Line(usize),
    /// An element of an XML file: its position among the questions (for sorting), its path and line.
    Element {
        /// 1-based index of the `<question>` element.
        index: usize,
        /// Path such as `/quiz/question[3]`.
        path: String,
        /// 1-based line where the element starts.
        line: usize,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File => f.write_str("file"),
            Self::Line(line) => write!(f, "line {line}"),
            Self::Element { path, line, .. } => write!(f, "{path} (line {line})"),
        }
    }
}

/// What happened to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// Not imported.
    Skipped,
    /// Imported, but something was changed or dropped.
    Changed,
    /// Imported as it was; something worth knowing.
    Note,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Skipped => "skipped",
            Self::Changed => "changed",
            Self::Note => "note",
        })
    }
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LogEntry {
    /// Where.
    pub location: Location,
    /// The question's name or id in the input, when it has one.
    pub question: String,
    /// Skipped, changed or a note.
    pub action: Action,
    /// Why, in one line.
    pub reason: String,
}

impl fmt::Display for LogEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.action)?;
        if !self.question.is_empty() {
            write!(f, " \"{}\"", self.question)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// What an import did: counts per kind of the questions imported and every skip or change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportLog {
    /// Imported questions per kind name (`single`, `text`, ...).
    pub imported: BTreeMap<String, usize>,
    /// Skipped or changed questions and notes, in the order found.
    pub entries: Vec<LogEntry>,
}

impl ImportLog {
    /// Records an entry.
    pub fn push(
        &mut self,
        location: &Location,
        question: &str,
        action: Action,
        reason: impl Into<String>,
    ) {
        self.entries.push(LogEntry {
            location: location.clone(),
            question: question.to_owned(),
            action,
            reason: reason.into(),
        });
    }

    /// Records a skipped question.
    pub fn skip(&mut self, location: &Location, question: &str, reason: impl Into<String>) {
        self.push(location, question, Action::Skipped, reason);
    }

    /// Records a change to an imported question.
    pub fn change(&mut self, location: &Location, question: &str, reason: impl Into<String>) {
        self.push(location, question, Action::Changed, reason);
    }

    /// Total number of questions imported.
    pub fn imported_total(&self) -> usize {
        self.imported.values().sum()
    }

    /// Number of questions skipped.
    pub fn skipped(&self) -> usize {
        self.count(Action::Skipped)
    }

    /// Number of change entries.
    pub fn changed(&self) -> usize {
        self.count(Action::Changed)
    }

    fn count(&self, action: Action) -> usize {
        self.entries.iter().filter(|e| e.action == action).count()
    }

    /// Entries sorted by location (then as found), for stable output.
    pub fn sorted_entries(&self) -> Vec<&LogEntry> {
        let mut entries: Vec<&LogEntry> = self.entries.iter().collect();
        // A stable sort keeps entries at one location in the order they were recorded.
        entries.sort_by(|a, b| a.location.cmp(&b.location));
        entries
    }

    /// Skip reasons, for tests and summaries.
    pub fn skip_reasons(&self) -> Vec<&str> {
        self.sorted_entries()
            .into_iter()
            .filter(|e| e.action == Action::Skipped)
            .map(|e| e.reason.as_str())
            .collect()
    }
}

impl fmt::Display for ImportLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<String> = self
            .imported
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        write!(f, "imported {} question(s)", self.imported_total())?;
        if !kinds.is_empty() {
            write!(f, ": {}", kinds.join(", "))?;
        }
        writeln!(
            f,
            "; skipped {}; {} change(s)",
            self.skipped(),
            self.changed()
        )?;
        for e in self.sorted_entries() {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_sort_by_location_and_keep_order_within_one() {
        let mut log = ImportLog::default();
        log.change(&Location::Line(9), "b", "second");
        log.skip(&Location::Line(2), "a", "first");
        log.change(&Location::Line(9), "b", "third");
        log.imported.insert("single".into(), 2);
        let text = log.to_string();
        assert_eq!(
            text,
            "imported 2 question(s): 2 single; skipped 1; 2 change(s)\n\
             line 2: skipped \"a\": first\n\
             line 9: changed \"b\": second\n\
             line 9: changed \"b\": third\n"
        );
    }
}
