//! The application layer: the use cases the desktop app and the command line share, with no
//! egui. Screens draw and emit commands; carrying a command out (starting a session, answering,
//! switching learner, reading progress, exporting) is a call into this module, so every use
//! case is tested with `cargo test --no-default-features`.
//!
//! - [`Library`]: the banks on offer (built-in, `./questions`, `--questions`), replace-by-id,
//!   the folder each came from and each folder's problems.
//! - [`browse`], [`try_question_quiz`]: the bank browser and "Try this question".
//! - [`problems_by_file`], [`problem_excerpt`], [`open_in_editor`]: the Problems panel.
//! - [`read_import`], [`save_import`], [`export_bank`]: import (log first, then save under
//!   `banks/` and load) and export inside the app.
//! - [`LiveReload`]: watches the library's folders and swaps reloaded banks in (live reload).
//! - [`Learner`]: the progress store and the current learner; store failures become a note.
//! - [`ActiveSession`] and the quiz builders: practice, review of mistakes, study, events;
//!   [`ActiveSession::answer`] grades, records and schedules in one call and one transaction.
//! - [`QuizStart`]: what a quiz is built from, so "Restart with the changes" builds it again
//!   (the retry of missed questions included) from the reloaded library.
//! - [`MapView`], [`TimelineView`]: the relationship map and the timeline picture as view
//!   models (year filter, selection, cards, "Practise these N questions" via [`map_quiz`]).
//! - [`ProgressData`]: the progress screen's figures from summary queries.
//! - [`export_results`]: a learner's answers to a named file.
//! - [`ActiveExam`] and [`open_paper`]: taking an exam from a code or an exam file, every change
//!   saved at once, resumed after a restart with its stored deadline; [`class_report`].
//! - [`Clock`]: the one place wall-clock time is read.
//! - [`Appearance`]: a learner's theme and text size, and every theme's colours ([`Palette`]).
//! - [`LrsSection`]: "Send results to an LRS": its settings (off by default), the secret file
//!   (0600), and [`SendJob`], a send on a background thread with progress.

mod appearance;
mod browse;
mod clock;
mod exam;
mod export;
mod learner;
mod library;
mod lrs;
mod map;
mod problems;
mod progress;
mod reload;
mod session;
mod start;
mod transfer;

pub use appearance::{
    Appearance, DARK, HIGH_CONTRAST, LIGHT, PALETTES, Palette, Rgb, TextSize, Theme,
};
pub use browse::{BrowseFilter, browse, preview_target, try_question_quiz};
pub use clock::Clock;
pub use exam::{
    ActiveExam, class_report, file_forms, looks_like_a_path, open_paper, results_file_name,
};
pub use export::{export_path, export_results};
pub use learner::{DEFAULT_RETENTION, Learner};
pub use library::{Library, Problem};
pub use lrs::{
    LrsNote, LrsSection, LrsSettings, SECRET_FILE, SendJob, SendRequest, outcome_line, read_secret,
    secret_path, write_secret,
};
pub use map::{
    Band, FIRST_YEAR, Family, LAST_YEAR, MapCard, MapItem, MapView, Marker, ScreenBox,
    TimelineView, band_labels_on_top, bands, date_position, date_range, event_of_question,
    event_type_words, group_kind_words, item_questions, map_item_of_question, reading_order,
};
pub use problems::{FileProblems, open_in_editor, problem_excerpt, problems_by_file};
pub use progress::{DailySummary, ProgressData, TopicProgress};
pub use reload::{LiveReload, Reload};
pub use session::{
    ActiveSession, event_quiz, linked_quiz, map_quiz, mistakes, mistakes_quiz, practice_quiz,
    study_quiz,
};
pub use start::{QuizSpec, QuizStart, items_quiz};
pub use transfer::{export_bank, read_import, save_import};

// The store types the UI names (learners, session modes), so that `ui/` depends on this layer
// and not on `store` directly.
pub use crate::store::{DayStat, Mode, Profile, ProfileId, Store};
// The interchange types the import and export screen names.
pub use crate::interchange::ExportFormat;
pub use crate::interchange::app_import::{PreparedImport, banks_dir};

#[cfg(test)]
pub(crate) mod tests {
    use crate::model::{Bank, BankId, Choice, Kind, Question, QuestionId};

    /// A bank `id` of `n` single-choice questions (`q0`, `q1`, ...; topic "T"; choice 0 right).
    pub fn tiny_bank(id: &str, n: usize) -> Bank {
        let choice = |text: &str| Choice {
            text: text.into(),
            feedback: None,
        };
        Bank {
            id: BankId(id.into()),
            title: id.to_uppercase(),
            version: "1".into(),
            questions: (0..n)
                .map(|i| Question {
                    id: QuestionId(format!("q{i}")),
                    topic: "T".into(),
                    tags: vec![],
                    difficulty: 1,
                    kind: Kind::Single {
                        choices: vec![choice("right"), choice("wrong")],
                        answer: 0,
                    },
                    prompt: format!("Question {i}?"),
                    explanation: "Because.".into(),
                    sources: vec![],
                    content_warning: None,
                })
                .collect(),
            ..Bank::default()
        }
    }
}
