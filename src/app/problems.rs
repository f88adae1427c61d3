//! The Problems panel's use cases: every problem grouped by file, the excerpt a diagnostic points
//! at (read from the file as it is now), and "Open in editor".

use std::path::{Path, PathBuf};

use super::{Library, Problem};
use crate::bank::{self, Diagnostic, Excerpt};

/// The problems of one file (or, with an empty path, those that belong to no file).
#[derive(Clone, Debug, PartialEq)]
pub struct FileProblems {
    /// The file; empty for folder problems.
    pub path: PathBuf,
    /// Its problems, by position.
    pub problems: Vec<Problem>,
}

/// Every current problem of `library`, grouped by file: problems of no file first, then the files
/// in path order, each file's problems by position.
pub fn problems_by_file(library: &Library) -> Vec<FileProblems> {
    let mut groups: Vec<FileProblems> = Vec::new();
    for problem in library.problems() {
        let path = problem
            .diagnostic()
            .map(|d| d.path.clone())
            .unwrap_or_default();
        match groups.last_mut() {
            Some(group) if group.path == path => group.problems.push(problem.clone()),
            _ => groups.push(FileProblems {
                path,
                problems: vec![problem.clone()],
            }),
        }
    }
    groups
}

/// The lines `diag` points at, with its caret, read from its file now; the error says why the
/// file could not be read.
pub fn problem_excerpt(diag: &Diagnostic) -> Result<Excerpt, String> {
    let text = std::fs::read(&diag.path).map_err(|e| format!("{}: {e}", diag.path.display()))?;
    Ok(bank::excerpt(diag, &String::from_utf8_lossy(&text)))
}

/// Opens `path` at `line` with `editor` (the value of `$VISUAL` or `$EDITOR`, run with `+LINE`),
/// else the system opener, without waiting for it; returns what the app shows. An editor that runs
/// in a terminal (vi, nano, …) is run in a terminal emulator (`$TERMINAL`, else the first of
/// [`bank::editor::TERMINALS`] on the `PATH`); with none, nothing is run and the note says so.
pub fn open_in_editor(path: &Path, line: usize, editor: Option<&str>) -> String {
    let terminal = std::env::var_os("TERMINAL").filter(|t| !t.is_empty());
    let search = std::env::var_os("PATH").unwrap_or_default();
    open_in_editor_from(path, line, editor, |name: &str| {
        if let Some(t) = &terminal {
            return Some(PathBuf::from(t));
        }
        std::env::split_paths(&search)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// [`open_in_editor`] with the terminal emulator looked up by `find_terminal` (given each name of
/// [`bank::editor::TERMINALS`] in turn).
fn open_in_editor_from(
    path: &Path,
    line: usize,
    editor: Option<&str>,
    find_terminal: impl Fn(&str) -> Option<PathBuf>,
) -> String {
    let mut command = bank::editor::open_in_editor_with(
        path,
        line,
        editor.map(std::ffi::OsStr::new),
        std::env::consts::OS,
    );
    if let Some(editor) = editor.filter(|e| bank::editor::is_terminal_editor(e)) {
        let Some(terminal) = bank::editor::TERMINALS
            .iter()
            .find_map(|t| find_terminal(t))
        else {
            return format!(
                "{editor} runs in a terminal and no terminal emulator was found ({}, or set \
                 TERMINAL); open {} at line {line} yourself, or set VISUAL to a graphical editor.",
                bank::editor::TERMINALS.join(", "),
                path.display()
            );
        };
        command = bank::editor::in_terminal(&command, &terminal);
    }
    let program = command.get_program().to_string_lossy().into_owned();
    match command.spawn() {
        Ok(mut child) => {
            // Reap the editor when it exits, off the UI thread.
            std::thread::Builder::new()
                .name("editor".to_owned())
                .spawn(move || child.wait().ok())
                .ok();
            format!("Opened {} at line {line} with {program}.", path.display())
        }
        Err(e) => format!("Could not run {program}: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Loaded, Severity};

    fn diag(path: &str, line: usize, severity: Severity) -> Diagnostic {
        Diagnostic {
            path: PathBuf::from(path),
            line,
            column: 3,
            severity,
            message: "message".into(),
        }
    }

    #[test]
    fn problems_are_grouped_by_file_in_position_order() {
        let mut library = Library::default();
        library.apply(
            Path::new("q/b"),
            Loaded {
                bank: None,
                diagnostics: vec![
                    diag("q/b/z.toml", 9, Severity::Error),
                    diag("q/b/a.toml", 4, Severity::Warning),
                    diag("q/b/z.toml", 2, Severity::Error),
                ],
            },
        );
        let groups = problems_by_file(&library);
        let shape: Vec<(String, Vec<String>)> = groups
            .iter()
            .map(|g| {
                (
                    g.path.display().to_string(),
                    g.problems.iter().map(ToString::to_string).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (
                    "q/b/a.toml".to_owned(),
                    vec!["q/b/a.toml:4:3: warning: message".to_owned()]
                ),
                (
                    "q/b/z.toml".to_owned(),
                    vec![
                        "q/b/z.toml:2:3: error: message".to_owned(),
                        "q/b/z.toml:9:3: error: message".to_owned()
                    ]
                ),
            ]
        );
    }

    #[test]
    fn the_excerpt_is_read_from_the_file_and_a_missing_file_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("q.toml");
        std::fs::write(&path, "id = \"q1\"\ndifficulty = \"one\"\n").unwrap();
        let mut d = diag(&path.display().to_string(), 2, Severity::Error);
        d.column = 14;
        let excerpt = problem_excerpt(&d).unwrap();
        assert_eq!(excerpt.caret_col, 13);
        assert_eq!(excerpt.lines.last().unwrap().1, "difficulty = \"one\"");
        let gone = diag("no/such/file.toml", 1, Severity::Error);
        assert!(
            problem_excerpt(&gone)
                .unwrap_err()
                .starts_with("no/such/file.toml: ")
        );
    }

    #[test]
    fn a_terminal_editor_without_a_terminal_emulator_is_not_run_and_the_note_says_so() {
        let note = open_in_editor_from(Path::new("q.toml"), 7, Some("vim"), |_| None);
        assert!(
            note.starts_with("vim runs in a terminal and no terminal emulator was found (x-terminal-emulator, xterm"),
            "{note}"
        );
        assert!(note.contains("open q.toml at line 7 yourself"), "{note}");
        // With one, the emulator is what runs (`true` stands for it here and exits at once).
        let note = open_in_editor_from(Path::new("q.toml"), 7, Some("vim"), |name| {
            (name == "xterm").then(|| PathBuf::from("true"))
        });
        assert_eq!(note, "Opened q.toml at line 7 with true.");
    }

    #[test]
    fn open_in_editor_runs_the_editor_with_the_line_or_says_why_not() {
        let note = open_in_editor(Path::new("q.toml"), 7, Some("true"));
        assert_eq!(note, "Opened q.toml at line 7 with true.");
        let note = open_in_editor(Path::new("q.toml"), 7, Some("no-such-editor-here"));
        assert!(
            note.starts_with("Could not run no-such-editor-here: "),
            "{note}"
        );
    }
}
