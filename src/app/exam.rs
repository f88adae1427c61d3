//! Taking an exam in the app: open a paper from a code or an exam file, start or resume the
//! learner's attempt, answer, flag and move with every change saved at once, submit (or let
//! the clock submit), save the results file, and read a folder of results for the class report.
//!
//! [`ActiveExam`] wraps a pure [`Attempt`] (which takes the time as an argument) and saves each
//! [`crate::course::Change`] it returns through the learner's store in the same call, so a kill
//! right after any click loses nothing and a reopened app resumes with the stored deadline.

use std::path::{Path, PathBuf};

use super::{Learner, Library};
use crate::course::attempt::{AttemptError, ResumeError, persist};
use crate::course::exam::ExamError;
use crate::course::report::{ClassReport, Skipped};
use crate::course::results_file::ResultsFileError;
use crate::course::{Attempt, AttemptRecord, Change, Paper, ResultsFile};
use crate::engine::Response;

/// Whether what the learner typed in "Take an exam" is the path of an exam file rather than a
/// code: an existing path, a path separator, or a `.toml` name.
pub fn looks_like_a_path(text: &str) -> bool {
    let text = text.trim();
    Path::new(text).exists()
        || text.contains(['/', '\\'])
        || Path::new(text)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The paper of a typed exam code or of an exam file (`form` chooses among a file's forms; a
/// file with several forms and no `form` is refused with [`ExamError::ChooseForm`], which
/// lists them). Codes are checked (check character, bank version) as on the command line.
pub fn open_paper(library: &Library, input: &str, form: Option<&str>) -> Result<Paper, ExamError> {
    let input = input.trim();
    if looks_like_a_path(input) {
        Paper::from_file(Path::new(input), form, &library.banks)
    } else {
        Paper::from_code(input, &library.banks)
    }
}

/// The forms of an exam file, so the app can offer a choice (empty for a code, or a file that
/// cannot be read: opening it reports why).
pub fn file_forms(input: &str) -> Vec<String> {
    let input = input.trim();
    if !looks_like_a_path(input) {
        return Vec::new();
    }
    crate::course::Exam::read(Path::new(input)).map_or_else(|_| Vec::new(), |e| e.forms)
}

/// The learner's exam in progress (or just submitted, for the result screen).
#[derive(Clone, Debug, PartialEq)]
pub struct ActiveExam {
    attempt: Attempt,
}

/// The name an attempt is recorded under when there is no learner profile.
const NO_LEARNER: &str = "Learner";

impl ActiveExam {
    /// Starts `paper` for the current learner at `now_ms` and records the attempt (with its
    /// deadline) in the store at once. Without a store the exam still runs, unsaved, and the
    /// learner's note says so.
    pub fn start(learner: &mut Learner, paper: Paper, now_ms: i64) -> Self {
        let name = learner
            .profile()
            .map_or_else(|| NO_LEARNER.to_owned(), |p| p.name.clone());
        let attempt = Attempt::start(&name, paper, now_ms);
        learner.with(|s, p| s.start_attempt(&attempt.new_attempt_row(p.id)));
        Self { attempt }
    }

    /// The current learner's unfinished attempt, rebuilt from the store with the questions of
    /// `library` (what the app does at start-up and on switching learner). The stored deadline
    /// counts the time the app was closed: an attempt whose time ran out meanwhile comes back
    /// submitted (at its deadline, as timed out). `None` when there is no unfinished attempt.
    pub fn resume(
        learner: &mut Learner,
        library: &Library,
        now_ms: i64,
    ) -> Option<Result<Self, ResumeError>> {
        let stored = learner.with(|s, p| s.unfinished_attempt(p.id)).flatten()?;
        let name = learner
            .profile()
            .map_or_else(|| NO_LEARNER.to_owned(), |p| p.name.clone());
        Some(
            Attempt::resume(&stored, &name, &library.banks, now_ms).map(|attempt| {
                let mut exam = Self { attempt };
                exam.tick(learner, now_ms);
                exam
            }),
        )
    }

    /// The attempt: paper, position, answers, flags, deadline.
    pub fn attempt(&self) -> &Attempt {
        &self.attempt
    }

    /// Time left at `now_ms`, ms.
    pub fn remaining_ms(&self, now_ms: i64) -> i64 {
        self.attempt.remaining_ms(now_ms)
    }

    /// Whether the attempt is submitted.
    pub fn is_submitted(&self) -> bool {
        self.attempt.is_submitted()
    }

    /// Checks the clock: at the deadline the attempt is submitted and saved. Returns whether
    /// this call submitted it.
    pub fn tick(&mut self, learner: &mut Learner, now_ms: i64) -> bool {
        let change = self.attempt.tick(now_ms);
        self.save(learner, change);
        matches!(change, Change::Submitted { .. })
    }

    /// Sets the current question's answer and saves it.
    pub fn answer(
        &mut self,
        learner: &mut Learner,
        response: Response,
        now_ms: i64,
    ) -> Result<(), AttemptError> {
        let change = self.attempt.answer(response, now_ms)?;
        self.save(learner, change);
        Ok(())
    }

    /// Clears the current question's answer and saves that.
    pub fn clear_answer(&mut self, learner: &mut Learner, now_ms: i64) -> Result<(), AttemptError> {
        let change = self.attempt.clear_answer(now_ms)?;
        self.save(learner, change);
        Ok(())
    }

    /// Flags or unflags the current question for review, saved.
    pub fn toggle_flag(&mut self, learner: &mut Learner, now_ms: i64) -> Result<(), AttemptError> {
        let change = self.attempt.toggle_flag(now_ms)?;
        self.save(learner, change);
        Ok(())
    }

    /// Shows question `n` (0-based); the time spent on the one left is saved.
    pub fn go_to(
        &mut self,
        learner: &mut Learner,
        n: usize,
        now_ms: i64,
    ) -> Result<(), AttemptError> {
        let change = self.attempt.go_to(n, now_ms)?;
        self.save(learner, change);
        Ok(())
    }

    /// Shows the next question (nothing at the last).
    pub fn next(&mut self, learner: &mut Learner, now_ms: i64) -> Result<(), AttemptError> {
        let change = self.attempt.next(now_ms)?;
        self.save(learner, change);
        Ok(())
    }

    /// Shows the previous question (nothing at the first).
    pub fn prev(&mut self, learner: &mut Learner, now_ms: i64) -> Result<(), AttemptError> {
        let change = self.attempt.prev(now_ms)?;
        self.save(learner, change);
        Ok(())
    }

    /// Submits the attempt (after the learner confirmed) and saves it.
    pub fn submit(&mut self, learner: &mut Learner, now_ms: i64) -> Result<(), AttemptError> {
        let change = self.attempt.submit(now_ms)?;
        self.save(learner, change);
        Ok(())
    }

    /// "Save my results": writes the submitted attempt's results file into `dir` (atomically:
    /// a temporary file renamed over the target) and returns its path.
    pub fn save_results(&self, dir: &Path) -> Result<PathBuf, ResultsFileError> {
        let record = self.attempt.record();
        let file = ResultsFile::of(record)?;
        let path = dir.join(results_file_name(record));
        file.write(&path)?;
        Ok(path)
    }

    fn save(&self, learner: &mut Learner, change: Change) {
        if change != Change::Nothing {
            learner.with(|s, _| persist(s, &self.attempt, change));
        }
    }
}

/// The results file name of an attempt: `LEARNER-FORM-ID8.json` (`exam` for an exam without
/// forms; the first 8 characters of the attempt id), with every character of the learner's
/// name that is not a letter, digit, `-` or `_` written `_`.
pub fn results_file_name(record: &AttemptRecord) -> String {
    let learner: String = record
        .learner
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{learner}-{}-{}.json",
        record.meta.form_name().unwrap_or("exam"),
        record.id.get(..8).unwrap_or(&record.id)
    )
}

/// The class report of the results files (and xAPI statement files) in `folder`; files that
/// are not results come back as [`Skipped`], each with its reason.
pub fn class_report(folder: &Path) -> (ClassReport, Vec<Skipped>) {
    crate::course::report::build(&[folder.to_path_buf()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::FeedbackPolicy;
    use crate::course::exam::tests::{bank, exam};
    use crate::engine::QuizItem;
    use crate::model::{Bank, Kind};
    use crate::store::Store;

    const T0: i64 = 1_764_752_400_000;
    const MIN: i64 = 60_000;

    fn library() -> (Library, Bank) {
        let bank = bank();
        (Library::new(vec![bank.clone()], Vec::new()), bank)
    }

    fn right(item: &QuizItem) -> Response {
        match &item.question.kind {
            Kind::Single { answer, .. } => Response::Single(Some(*answer)),
            Kind::TrueFalse { answer, .. } => Response::TrueFalse(Some(*answer)),
            other => panic!("unexpected kind {}", other.name()),
        }
    }

    fn current(e: &ActiveExam) -> QuizItem {
        e.attempt().current().unwrap().clone()
    }

    #[test]
    fn codes_and_exam_files_open_the_same_paper() {
        let (library, bank) = library();
        let exam = exam(&bank);
        let codes = exam.codes(&bank).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("exam.toml");
        std::fs::write(&file, exam.to_toml(&codes).unwrap()).unwrap();
        let path = file.to_str().unwrap();

        let from_code = open_paper(&library, &codes[1].code, None).unwrap();
        let from_file = open_paper(&library, path, Some("post")).unwrap();
        assert_eq!(from_code.items, from_file.items);
        assert_eq!(from_code.form_name(), Some("post"));
        assert_eq!(file_forms(path), ["pre", "post"]);
        assert!(file_forms(&codes[0].code).is_empty());

        // Lower case and spaces are fine; a changed character is refused with the reason.
        let typed = codes[0].code.to_lowercase().replace('-', " ");
        assert_eq!(
            open_paper(&library, &typed, None).unwrap().items,
            open_paper(&library, &codes[0].code, None).unwrap().items
        );
        let mut bad = codes[0].code.clone().into_bytes();
        bad[0] = if bad[0] == b'7' { b'8' } else { b'7' };
        let err = open_paper(&library, &String::from_utf8(bad).unwrap(), None).unwrap_err();
        assert!(err.to_string().contains("mistyped"), "{err}");
        // A file with two forms needs one; a missing file is named.
        assert!(matches!(
            open_paper(&library, path, None),
            Err(ExamError::ChooseForm(_))
        ));
        let missing = dir.path().join("nope.toml");
        let err = open_paper(&library, missing.to_str().unwrap(), None).unwrap_err();
        assert!(err.to_string().contains("nope.toml"), "{err}");
    }

    #[test]
    fn every_change_is_saved_and_a_reopened_app_resumes_with_less_time() {
        let dir = tempfile::tempdir().unwrap();
        let (library, bank) = library();
        let paper = exam(&bank).paper(&bank, 0).unwrap();
        let mut learner = Learner::open(Store::open_in(dir.path()).unwrap(), T0);
        assert!(ActiveExam::resume(&mut learner, &library, T0).is_none());

        let mut e = ActiveExam::start(&mut learner, paper, T0);
        let r = right(&current(&e));
        e.answer(&mut learner, r, T0 + MIN).unwrap();
        e.next(&mut learner, T0 + 2 * MIN).unwrap();
        e.toggle_flag(&mut learner, T0 + 3 * MIN).unwrap();
        e.go_to(&mut learner, 4, T0 + 4 * MIN).unwrap();
        let r4 = right(&current(&e));
        e.answer(&mut learner, r4, T0 + 5 * MIN).unwrap();
        e.clear_answer(&mut learner, T0 + 6 * MIN).unwrap();
        e.prev(&mut learner, T0 + 7 * MIN).unwrap();
        assert_eq!(learner.note(), None);
        drop(learner); // killed: no shutdown code runs

        // Reopened 10 minutes in: same attempt, answers and flags, 20 minutes left.
        let mut learner = Learner::open(Store::open_in(dir.path()).unwrap(), T0 + 10 * MIN);
        let mut reopened = ActiveExam::resume(&mut learner, &library, T0 + 10 * MIN)
            .unwrap()
            .unwrap();
        assert_eq!(reopened.attempt().record().id, e.attempt().record().id);
        assert_eq!(reopened.remaining_ms(T0 + 10 * MIN), 20 * MIN);
        assert!(reopened.attempt().slot(0).unwrap().response.is_some());
        assert!(reopened.attempt().slot(1).unwrap().flagged);
        assert_eq!(reopened.attempt().slot(4).unwrap().response, None);
        assert_eq!(reopened.attempt().position(), 1);
        assert_eq!(reopened.attempt().slot(4).unwrap().time_ms, 3 * MIN);
        assert!(!reopened.is_submitted());

        // The learner submits; nothing is left to resume.
        reopened.submit(&mut learner, T0 + 11 * MIN).unwrap();
        assert!(ActiveExam::resume(&mut learner, &library, T0 + 12 * MIN).is_none());
        assert_eq!(
            reopened.attempt().result().unwrap().time_used_ms,
            11 * MIN,
            "time used counts the minutes the app was closed"
        );
        assert_eq!(
            reopened.submit(&mut learner, T0 + 12 * MIN),
            Err(AttemptError::Submitted)
        );
    }

    #[test]
    fn time_running_out_submits_open_or_closed() {
        let dir = tempfile::tempdir().unwrap();
        let (library, bank) = library();
        let mut learner = Learner::open(Store::open_in(dir.path()).unwrap(), T0);
        let paper = exam(&bank).paper(&bank, 0).unwrap();
        let mut e = ActiveExam::start(&mut learner, paper, T0);
        assert!(!e.tick(&mut learner, T0 + 30 * MIN - 1));
        assert!(e.tick(&mut learner, T0 + 30 * MIN));
        assert!(e.is_submitted() && e.attempt().record().auto_submitted);
        assert!(!e.tick(&mut learner, T0 + 31 * MIN), "submitted only once");
        assert!(ActiveExam::resume(&mut learner, &library, T0 + 31 * MIN).is_none());

        // Closed during the exam and reopened after its deadline: it comes back submitted at
        // the deadline, and the store says so.
        let paper = exam(&bank).paper(&bank, 1).unwrap();
        let started = T0 + 40 * MIN;
        let e = ActiveExam::start(&mut learner, paper, started);
        drop(learner);
        let mut learner = Learner::open(Store::open_in(dir.path()).unwrap(), T0 + 3 * 60 * MIN);
        let reopened = ActiveExam::resume(&mut learner, &library, T0 + 3 * 60 * MIN)
            .unwrap()
            .unwrap();
        assert!(reopened.is_submitted());
        assert_eq!(
            reopened.attempt().record().submitted_ms,
            Some(started + 30 * MIN)
        );
        let stored = learner
            .with(|s, _| s.attempt(&e.attempt().record().id))
            .flatten()
            .unwrap();
        assert_eq!(stored.submitted_ms, Some(started + 30 * MIN));
        assert!(stored.auto_submitted);
    }

    #[test]
    fn policy_decides_grades_during_the_exam() {
        let (_, bank) = library();
        let mut learner = Learner::open(Store::open_in_memory().unwrap(), T0);
        let mut ex = exam(&bank);
        ex.feedback = FeedbackPolicy::AfterEach;
        let mut e = ActiveExam::start(&mut learner, ex.paper(&bank, 0).unwrap(), T0);
        let r = right(&current(&e));
        e.answer(&mut learner, r.clone(), T0 + 1).unwrap();
        assert!(e.attempt().shown_grade(0).is_some());
        assert_eq!(e.answer(&mut learner, r, T0 + 2), Err(AttemptError::Locked));
    }

    #[test]
    fn results_are_saved_as_a_file_and_read_back_for_the_class_report() {
        let dir = tempfile::tempdir().unwrap();
        let (_, bank) = library();
        let out = dir.path().join("results");
        std::fs::create_dir(&out).unwrap();
        for (name, form, right_answers) in [
            ("Ada", 0, 2),
            ("Ada", 1, 5),
            ("Grace", 0, 3),
            ("Grace", 1, 6),
        ] {
            let mut learner = Learner::open(Store::open_in_memory().unwrap(), T0);
            let id = learner.profile().unwrap().id;
            assert!(learner.rename(id, name));
            let paper = exam(&bank).paper(&bank, form).unwrap();
            let mut e = ActiveExam::start(&mut learner, paper, T0);
            for n in 0..right_answers {
                e.go_to(&mut learner, n, T0 + 1).unwrap();
                let r = right(&current(&e));
                e.answer(&mut learner, r, T0 + 2).unwrap();
            }
            e.submit(&mut learner, T0 + 3 * MIN).unwrap();
            let path = e.save_results(&out).unwrap();
            let name_part = format!("{name}-{}-", if form == 0 { "pre" } else { "post" });
            let file_name = path.file_name().unwrap().to_str().unwrap();
            assert!(file_name.starts_with(&name_part), "{file_name}");
            let read = ResultsFile::read(&path).unwrap();
            assert_eq!(read.learner, name);
            assert_eq!(read.time_used_s, 180);
        }
        // No temporary files are left, and a file that is not results is named and skipped.
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 4);
        std::fs::write(out.join("notes.json"), b"{\"hello\": 1").unwrap();
        let (report, skipped) = class_report(&out);
        assert_eq!(report.attempts.len(), 4);
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].path.ends_with("notes.json"));
        let gain = &report.gains[0].overall;
        assert_eq!(gain.learners, 2);
        // Ada 2/6 -> 5/6: g = 0.75; Grace 3/6 -> 6/6: g = 1.
        assert!((gain.mean_gain.unwrap() - 0.875).abs() < 1e-9, "{gain:?}");
    }

    #[test]
    fn results_file_names_are_safe() {
        let (_, bank) = library();
        let paper = exam(&bank).paper(&bank, 1).unwrap();
        let a = Attempt::start("Zoë / O'Neil", paper, T0);
        let name = results_file_name(a.record());
        assert!(name.starts_with("Zoë___O_Neil-post-"), "{name}");
        assert_eq!(name.len(), "Zoë___O_Neil-post-".len() + 8 + ".json".len());
    }
}
