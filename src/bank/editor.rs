//! "Open in editor": the command that opens a bank file at a line, built but not run.
//!
//! `$VISUAL`, else `$EDITOR`, is run as `EDITOR +LINE PATH` (vi, vim, nvim, emacs, nano, micro,
//! kak, gedit and kate all understand `+LINE`; VS Code and friends get `--goto PATH:LINE`). With
//! neither set, the system opener opens the file (`xdg-open` on Linux and the BSDs, `open` on macOS,
//! `start` on Windows), which cannot go to a line. An editor that runs in a terminal (vi, nano, …)
//! is run inside a terminal emulator ([`TERMINALS`], or `$TERMINAL`), since the app has none.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// The command that opens `path` at `line` (1-based) in the user's editor; the caller spawns it.
///
/// Reads `$VISUAL` and `$EDITOR`; see [`open_in_editor_with`] for the rules.
pub fn open_in_editor(path: &Path, line: usize) -> Command {
    let visual = std::env::var_os("VISUAL");
    let editor = std::env::var_os("EDITOR");
    open_in_editor_with(
        path,
        line,
        visual.as_deref().or(editor.as_deref()),
        std::env::consts::OS,
    )
}

/// The command that opens `path` at `line` with `editor` (the value of `$VISUAL` or `$EDITOR`,
/// which may hold arguments, e.g. `"code --wait"`), or with the system opener of `os` (a value of
/// [`std::env::consts::OS`]) when `editor` is absent or blank.
pub fn open_in_editor_with(
    path: &Path,
    line: usize,
    editor: Option<&std::ffi::OsStr>,
    os: &str,
) -> Command {
    let words: Vec<String> = editor
        .map(|e| {
            e.to_string_lossy()
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if let Some((program, args)) = words.split_first() {
        let mut cmd = Command::new(program);
        cmd.args(args);
        if takes_goto(program) {
            let mut target = OsString::from(path.as_os_str());
            target.push(format!(":{}", line.max(1)));
            cmd.arg("--goto").arg(target);
        } else {
            cmd.arg(format!("+{}", line.max(1))).arg(path);
        }
        return cmd;
    }
    match os {
        "macos" => {
            let mut cmd = Command::new("open");
            cmd.arg(path);
            cmd
        }
        "windows" => {
            // `start` is a cmd built-in; its first quoted argument is a window title.
            let mut cmd = Command::new("cmd");
            cmd.args(["/C", "start", ""]).arg(path);
            cmd
        }
        _ => {
            let mut cmd = Command::new("xdg-open");
            cmd.arg(path);
            cmd
        }
    }
}

/// Terminal emulators tried, in order, for an editor that runs in a terminal: each takes
/// `-e PROGRAM ARGS…`. `x-terminal-emulator` is the Debian/Ubuntu alternative for the desktop's own.
pub const TERMINALS: [&str; 4] = ["x-terminal-emulator", "xterm", "konsole", "alacritty"];

/// Whether `editor` (the value of `$VISUAL` or `$EDITOR`, with its arguments) runs inside a
/// terminal (vi, vim, nvim, nano, micro, kak, helix, emacs with `-nw`, …) and so needs one when the
/// app, which has none, launches it.
pub fn is_terminal_editor(editor: &str) -> bool {
    let mut words = editor.split_whitespace();
    let Some(program) = words.next() else {
        return false;
    };
    let name = Path::new(program)
        .file_name()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let args: Vec<&str> = words.collect();
    match name.as_str() {
        "vi" | "vim" | "nvim" | "nano" | "pico" | "micro" | "kak" | "hx" | "helix" | "joe"
        | "jed" | "ne" | "mcedit" | "mg" | "ed" | "vis" => true,
        "emacs" => args
            .iter()
            .any(|a| matches!(*a, "-nw" | "--no-window-system")),
        "emacsclient" => args.iter().any(|a| matches!(*a, "-t" | "-nw" | "--tty")),
        _ => false,
    }
}

/// `command` run in the terminal emulator `terminal` (`TERMINAL -e PROGRAM ARGS…`).
pub fn in_terminal(command: &Command, terminal: &Path) -> Command {
    let mut wrapped = Command::new(terminal);
    wrapped
        .arg("-e")
        .arg(command.get_program())
        .args(command.get_args());
    wrapped
}

/// Whether the editor takes `--goto FILE:LINE` rather than `+LINE FILE` (VS Code and its forks).
fn takes_goto(program: &str) -> bool {
    let name = Path::new(program)
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    matches!(
        name.as_str(),
        "code" | "code-insiders" | "codium" | "vscodium" | "cursor"
    )
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::*;

    fn parts(cmd: &Command) -> (String, Vec<String>) {
        (
            cmd.get_program().to_string_lossy().into_owned(),
            cmd.get_args()
                .map(|a| a.to_string_lossy().into_owned())
                .collect(),
        )
    }

    #[test]
    fn terminal_editors_are_told_apart() {
        for e in [
            "vi",
            "/usr/bin/vim",
            "nvim",
            "nano",
            "emacs -nw",
            "emacsclient -t",
            "hx",
        ] {
            assert!(is_terminal_editor(e), "{e}");
        }
        for e in [
            "",
            "gedit",
            "code --wait",
            "emacs",
            "emacsclient -c",
            "kate",
            "true",
        ] {
            assert!(!is_terminal_editor(e), "{e}");
        }
    }

    #[test]
    fn a_terminal_editor_runs_in_the_terminal_emulator() {
        let cmd = open_in_editor_with(
            Path::new("q.toml"),
            4,
            Some(OsStr::new("vim -u NONE")),
            "linux",
        );
        let wrapped = in_terminal(&cmd, Path::new("/usr/bin/x-terminal-emulator"));
        assert_eq!(
            parts(&wrapped),
            (
                "/usr/bin/x-terminal-emulator".into(),
                vec![
                    "-e".into(),
                    "vim".into(),
                    "-u".into(),
                    "NONE".into(),
                    "+4".into(),
                    "q.toml".into()
                ]
            )
        );
    }

    #[test]
    fn editor_gets_plus_line_then_path() {
        let cmd = open_in_editor_with(Path::new("b/q.toml"), 12, Some(OsStr::new("vim")), "linux");
        assert_eq!(
            parts(&cmd),
            ("vim".into(), vec!["+12".into(), "b/q.toml".into()])
        );
    }

    #[test]
    fn editor_arguments_are_kept() {
        let cmd = open_in_editor_with(
            Path::new("q.toml"),
            3,
            Some(OsStr::new("emacsclient -c  -a ''")),
            "linux",
        );
        assert_eq!(
            parts(&cmd),
            (
                "emacsclient".into(),
                vec![
                    "-c".into(),
                    "-a".into(),
                    "''".into(),
                    "+3".into(),
                    "q.toml".into()
                ]
            )
        );
    }

    #[test]
    fn vs_code_gets_goto() {
        let cmd = open_in_editor_with(
            Path::new("q.toml"),
            7,
            Some(OsStr::new("/usr/bin/code --wait")),
            "linux",
        );
        assert_eq!(
            parts(&cmd),
            (
                "/usr/bin/code".into(),
                vec!["--wait".into(), "--goto".into(), "q.toml:7".into()]
            )
        );
    }

    #[test]
    fn without_an_editor_the_system_opener_opens_the_file() {
        let p = Path::new("q.toml");
        assert_eq!(
            parts(&open_in_editor_with(p, 2, None, "linux")),
            ("xdg-open".into(), vec!["q.toml".into()])
        );
        assert_eq!(
            parts(&open_in_editor_with(
                p,
                2,
                Some(OsStr::new("  ")),
                "freebsd"
            )),
            ("xdg-open".into(), vec!["q.toml".into()])
        );
        assert_eq!(
            parts(&open_in_editor_with(p, 2, None, "macos")),
            ("open".into(), vec!["q.toml".into()])
        );
        assert_eq!(
            parts(&open_in_editor_with(p, 2, None, "windows")),
            (
                "cmd".into(),
                vec!["/C".into(), "start".into(), String::new(), "q.toml".into()]
            )
        );
    }

    #[test]
    fn line_zero_becomes_line_one() {
        let cmd = open_in_editor_with(Path::new("q.toml"), 0, Some(OsStr::new("nano")), "linux");
        assert_eq!(parts(&cmd).1.first().map(String::as_str), Some("+1"));
    }
}
