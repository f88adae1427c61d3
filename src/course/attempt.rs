//! Taking an exam: an [`Attempt`] holds the paper, the stored deadline, the position, answers
//! and flags. It is pure: every call takes the time (`now_ms`, ms since the epoch), and every
//! change returns a [`Change`] saying what to save ([`persist`] writes it to the store at once).
//!
//! A screen drives it like this: `Attempt::start` (then `Store::start_attempt` with
//! `new_attempt_row`), `tick` on every frame (auto-submit at the deadline), `go_to`/`next`/`prev`,
//! `answer`, `toggle_flag`, `submit_check` for the confirmation, `submit`; after each call,
//! `persist` the returned [`Change`]. At start-up, `Store::unfinished_attempt` and
//! `Attempt::resume` bring an interrupted attempt back with its stored deadline.

use serde::{Deserialize, Serialize};

use super::blueprint::Paper;
use super::exam::{Exam, ExamError, FeedbackPolicy, find_bank};
use crate::engine::{Grade, QuizItem, Response, grade};
use crate::interchange::results::uuid;
use crate::model::{Bank, Kind};
use crate::store::{self, AttemptAnswer, NewAttempt, ProfileId, Store, StoredAttempt};

/// What an attempt refuses.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AttemptError {
    /// No question at this position.
    #[error("there is no question {0}")]
    NoQuestion(usize),
    /// The attempt is submitted; nothing changes any more.
    #[error("the exam is submitted")]
    Submitted,
    /// Under the after-each policy an answer, once graded, cannot change.
    #[error("this answer is graded and cannot change")]
    Locked,
    /// The response is for another kind of question.
    #[error("a {response} answer does not fit a {question} question")]
    WrongKind {
        /// The question's kind.
        question: &'static str,
        /// The response's kind.
        response: &'static str,
    },
}

/// Errors rebuilding a stored attempt.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    /// The stored exam JSON does not parse.
    #[error("attempt {id}: stored exam does not parse: {source}")]
    Json {
        /// Attempt id.
        id: String,
        /// Cause.
        source: serde_json::Error,
    },
    /// The bank is missing or changed.
    #[error("attempt {id}: {source}")]
    Bank {
        /// Attempt id.
        id: String,
        /// Cause.
        source: Box<ExamError>,
    },
    /// A question of the paper left the bank.
    #[error("attempt {id}: question {question} is no longer in bank {bank}")]
    MissingQuestion {
        /// Attempt id.
        id: String,
        /// Bank id.
        bank: String,
        /// Question id.
        question: String,
    },
}

/// What a call changed, and so what to save.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing.
    Nothing,
    /// The position moved; the question left (its time) may be saved.
    Moved {
        /// Position of the question left.
        left: usize,
    },
    /// The state of question `n` (answer, flag, time) changed: save it.
    Saved(usize),
    /// The attempt was submitted (by the learner, or by the clock when `auto`).
    Submitted {
        /// Whether time running out submitted it.
        auto: bool,
    },
}

/// One question of the paper as stored with the attempt, enough to export results without the
/// bank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemMeta {
    /// Bank id.
    pub bank: String,
    /// Bank version.
    pub bank_version: String,
    /// Question id.
    pub question_id: String,
    /// Topic.
    pub topic: String,
    /// Kind name.
    pub kind: String,
    /// Presentation order (as `QuizItem::display_order`).
    pub display_order: Vec<usize>,
}

/// The exam definition and paper stored with an attempt (`exam_json` in the store).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptMeta {
    /// The exam.
    pub exam: Exam,
    /// Form index.
    pub form: usize,
    /// The form's code.
    pub code: String,
    /// The paper.
    pub items: Vec<ItemMeta>,
}

impl AttemptMeta {
    /// The meta of `paper`.
    pub fn of(paper: &Paper) -> Self {
        Self {
            exam: paper.exam.clone(),
            form: paper.form,
            code: paper.code.clone(),
            items: paper
                .items
                .iter()
                .map(|i| ItemMeta {
                    bank: i.bank.0.clone(),
                    bank_version: i.bank_version.clone(),
                    question_id: i.question.id.0.clone(),
                    topic: i.question.topic.clone(),
                    kind: i.question.kind.name().to_owned(),
                    display_order: i.display_order.clone(),
                })
                .collect(),
        }
    }

    /// The form's name.
    pub fn form_name(&self) -> Option<&str> {
        self.exam.form_name(self.form)
    }
}

/// The state of one question.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slot {
    /// The current answer.
    pub response: Option<Response>,
    /// Its score (0 when unanswered).
    pub score: f64,
    /// Flagged for review.
    pub flagged: bool,
    /// Time spent on it, ms.
    pub time_ms: i64,
    /// When last changed (0 if never).
    pub updated_ms: i64,
}

/// A whole attempt without the questions' text: what results files and exports are made of.
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptRecord {
    /// UUID.
    pub id: String,
    /// The learner's name.
    pub learner: String,
    /// Exam and paper.
    pub meta: AttemptMeta,
    /// Started, ms since the epoch.
    pub started_ms: i64,
    /// Deadline, ms since the epoch.
    pub deadline_ms: i64,
    /// When submitted.
    pub submitted_ms: Option<i64>,
    /// Whether the clock submitted it.
    pub auto_submitted: bool,
    /// One per question of the paper.
    pub slots: Vec<Slot>,
}

/// The score of one topic.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicScore {
    /// Topic.
    pub topic: String,
    /// Questions of the topic on the paper.
    pub questions: usize,
    /// Sum of their scores.
    pub points: f64,
}

impl TopicScore {
    /// Mean score, 0 to 1.
    pub fn mean(&self) -> f64 {
        if self.questions == 0 {
            0.0
        } else {
            self.points / self.questions as f64
        }
    }
}

/// An attempt's outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct ExamResult {
    /// Mean question score, 0 to 1.
    pub score: f64,
    /// score × 100 ≥ the pass mark.
    pub passed: bool,
    /// Questions answered.
    pub answered: usize,
    /// Questions on the paper.
    pub questions: usize,
    /// Per topic, sorted by topic.
    pub topics: Vec<TopicScore>,
    /// From start to submission (or now), at most the time limit, ms.
    pub time_used_ms: i64,
}

impl AttemptRecord {
    /// Rebuilds the record of a stored attempt.
    pub fn from_stored(stored: &StoredAttempt, learner: &str) -> Result<Self, ResumeError> {
        let a = &stored.attempt;
        let meta: AttemptMeta =
            serde_json::from_str(&a.exam_json).map_err(|source| ResumeError::Json {
                id: a.id.clone(),
                source,
            })?;
        let mut slots = vec![Slot::default(); meta.items.len()];
        for row in &stored.answers {
            if let Some(slot) = slots.get_mut(row.n) {
                *slot = Slot {
                    response: row
                        .response_json
                        .as_deref()
                        .and_then(|j| serde_json::from_str(j).ok()),
                    score: row.score,
                    flagged: row.flagged,
                    time_ms: row.time_ms,
                    updated_ms: row.updated_ms,
                };
            }
        }
        Ok(Self {
            id: a.id.clone(),
            learner: learner.to_owned(),
            meta,
            started_ms: a.started_ms,
            deadline_ms: a.deadline_ms,
            submitted_ms: stored.submitted_ms,
            auto_submitted: stored.auto_submitted,
            slots,
        })
    }

    /// Score, pass or fail, per-topic table; `now_ms` counts the time of an open attempt.
    pub fn result(&self, now_ms: i64) -> ExamResult {
        let questions = self.slots.len();
        let total: f64 = self.slots.iter().map(|s| s.score).sum();
        let score = if questions == 0 {
            0.0
        } else {
            total / questions as f64
        };
        let mut topics: std::collections::BTreeMap<&str, TopicScore> =
            std::collections::BTreeMap::new();
        for (item, slot) in self.meta.items.iter().zip(&self.slots) {
            let t = topics.entry(&item.topic).or_insert_with(|| TopicScore {
                topic: item.topic.clone(),
                questions: 0,
                points: 0.0,
            });
            t.questions += 1;
            t.points += slot.score;
        }
        let end = self.submitted_ms.unwrap_or(now_ms).min(self.deadline_ms);
        ExamResult {
            score,
            passed: score * 100.0 >= f64::from(self.meta.exam.pass_percent) - 1e-9,
            answered: self.slots.iter().filter(|s| s.response.is_some()).count(),
            questions,
            topics: topics.into_values().collect(),
            time_used_ms: (end - self.started_ms).max(0),
        }
    }

    /// The store row of question `n`.
    pub fn answer_row(&self, n: usize) -> Option<AttemptAnswer> {
        let slot = self.slots.get(n)?;
        Some(AttemptAnswer {
            n,
            response_json: slot
                .response
                .as_ref()
                .and_then(|r| serde_json::to_string(r).ok()),
            score: slot.score,
            flagged: slot.flagged,
            time_ms: slot.time_ms,
            updated_ms: slot.updated_ms,
        })
    }
}

/// Which questions are answered and flagged, for the navigator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuestionStatus {
    /// Has an answer.
    pub answered: bool,
    /// Flagged for review.
    pub flagged: bool,
    /// Cannot change any more (after-each policy, or submitted).
    pub locked: bool,
}

/// What the "Submit exam" confirmation lists (1-based question numbers).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubmitCheck {
    /// Questions without an answer.
    pub unanswered: Vec<usize>,
    /// Questions flagged for review.
    pub flagged: Vec<usize>,
}

/// An exam being taken (or taken).
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    record: AttemptRecord,
    items: Vec<QuizItem>,
    position: usize,
    /// When the current question was shown.
    entered_ms: i64,
}

impl Attempt {
    /// Starts form `paper` for `learner` at `now_ms`; the deadline is now plus the time limit.
    /// The id is a name-based UUID of learner, code and start time.
    pub fn start(learner: &str, paper: Paper, now_ms: i64) -> Self {
        let name = format!(
            "{}/attempts/{}/{}/{now_ms}",
            crate::interchange::results::xapi::IRI_BASE,
            learner,
            paper.code
        );
        let id = uuid::to_string(&uuid::v5(&uuid::NAMESPACE_URL, name.as_bytes()));
        let meta = AttemptMeta::of(&paper);
        let record = AttemptRecord {
            id,
            learner: learner.to_owned(),
            started_ms: now_ms,
            deadline_ms: now_ms + i64::from(paper.exam.time_limit_s) * 1000,
            submitted_ms: None,
            auto_submitted: false,
            slots: vec![Slot::default(); paper.items.len()],
            meta,
        };
        Self {
            record,
            items: paper.items,
            position: 0,
            entered_ms: now_ms,
        }
    }

    /// Rebuilds a stored attempt with the questions from `banks`; it resumes at the first
    /// unanswered question, with the stored deadline (so the time used while closed counts).
    pub fn resume(
        stored: &StoredAttempt,
        learner: &str,
        banks: &[Bank],
        now_ms: i64,
    ) -> Result<Self, ResumeError> {
        let record = AttemptRecord::from_stored(stored, learner)?;
        let id = record.id.clone();
        let bank =
            find_bank(&record.meta.exam.bank, banks).map_err(|source| ResumeError::Bank {
                id: id.clone(),
                source: Box::new(source),
            })?;
        let items = record
            .meta
            .items
            .iter()
            .map(|m| {
                let question = bank
                    .questions
                    .iter()
                    .find(|q| q.id.0 == m.question_id)
                    .ok_or_else(|| ResumeError::MissingQuestion {
                        id: id.clone(),
                        bank: m.bank.clone(),
                        question: m.question_id.clone(),
                    })?;
                Ok(QuizItem {
                    bank: bank.id.clone(),
                    bank_version: m.bank_version.clone(),
                    question: question.clone(),
                    display_order: m.display_order.clone(),
                })
            })
            .collect::<Result<Vec<_>, ResumeError>>()?;
        let position = record
            .slots
            .iter()
            .position(|s| s.response.is_none())
            .unwrap_or(0);
        Ok(Self {
            record,
            items,
            position,
            entered_ms: now_ms,
        })
    }

    /// The store row that starts this attempt.
    pub fn new_attempt_row(&self, profile: ProfileId) -> NewAttempt {
        let r = &self.record;
        NewAttempt {
            id: r.id.clone(),
            profile,
            exam_code: r.meta.code.clone(),
            form: r.meta.form_name().map(str::to_owned),
            exam_json: serde_json::to_string(&r.meta).unwrap_or_default(),
            started_ms: r.started_ms,
            deadline_ms: r.deadline_ms,
        }
    }

    /// The attempt without question texts (results file, export).
    pub fn record(&self) -> &AttemptRecord {
        &self.record
    }

    /// The exam.
    pub fn exam(&self) -> &Exam {
        &self.record.meta.exam
    }

    /// The questions in order.
    pub fn items(&self) -> &[QuizItem] {
        &self.items
    }

    /// The question shown (0-based).
    pub fn position(&self) -> usize {
        self.position
    }

    /// The question shown.
    pub fn current(&self) -> Option<&QuizItem> {
        self.items.get(self.position)
    }

    /// The state of question `n`.
    pub fn slot(&self, n: usize) -> Option<&Slot> {
        self.record.slots.get(n)
    }

    /// When time runs out.
    pub fn deadline_ms(&self) -> i64 {
        self.record.deadline_ms
    }

    /// Time left at `now_ms` (0 once it has run out).
    pub fn remaining_ms(&self, now_ms: i64) -> i64 {
        (self.record.deadline_ms - now_ms).max(0)
    }

    /// Whether the attempt is submitted.
    pub fn is_submitted(&self) -> bool {
        self.record.submitted_ms.is_some()
    }

    /// Submits the attempt if time has run out (at the deadline, as auto-submitted). Call it
    /// on every frame or timer tick; the other calls do it too.
    pub fn tick(&mut self, now_ms: i64) -> Change {
        if self.is_submitted() || now_ms < self.record.deadline_ms {
            return Change::Nothing;
        }
        self.accrue(self.record.deadline_ms);
        self.record.submitted_ms = Some(self.record.deadline_ms);
        self.record.auto_submitted = true;
        Change::Submitted { auto: true }
    }

    /// Shows question `n` (0-based).
    pub fn go_to(&mut self, n: usize, now_ms: i64) -> Result<Change, AttemptError> {
        if let auto @ Change::Submitted { .. } = self.tick(now_ms) {
            return Ok(auto);
        }
        if n >= self.items.len() {
            return Err(AttemptError::NoQuestion(n + 1));
        }
        if n == self.position {
            return Ok(Change::Nothing);
        }
        let left = self.position;
        self.accrue(now_ms);
        self.position = n;
        Ok(Change::Moved { left })
    }

    /// Shows the next question (stays on the last).
    pub fn next(&mut self, now_ms: i64) -> Result<Change, AttemptError> {
        let n = (self.position + 1).min(self.items.len().saturating_sub(1));
        self.go_to(n, now_ms)
    }

    /// Shows the previous question (stays on the first).
    pub fn prev(&mut self, now_ms: i64) -> Result<Change, AttemptError> {
        self.go_to(self.position.saturating_sub(1), now_ms)
    }

    /// Answers the current question (or changes its answer); graded at once. Under the
    /// after-each policy the answer then locks. After the deadline nothing is recorded and the
    /// attempt is submitted instead.
    pub fn answer(&mut self, response: Response, now_ms: i64) -> Result<Change, AttemptError> {
        self.set_response(Some(response), now_ms)
    }

    /// Clears the current question's answer.
    pub fn clear_answer(&mut self, now_ms: i64) -> Result<Change, AttemptError> {
        self.set_response(None, now_ms)
    }

    fn set_response(
        &mut self,
        response: Option<Response>,
        now_ms: i64,
    ) -> Result<Change, AttemptError> {
        if let auto @ Change::Submitted { .. } = self.tick(now_ms) {
            return Ok(auto);
        }
        self.open()?;
        let n = self.position;
        let item = self.items.get(n).ok_or(AttemptError::NoQuestion(n + 1))?;
        if let Some(r) = &response {
            let (question, given) = (item.question.kind.name(), response_kind(r));
            if question != given {
                return Err(AttemptError::WrongKind {
                    question,
                    response: given,
                });
            }
        }
        let score = response
            .as_ref()
            .map_or(0.0, |r| grade(&item.question.kind, r).score);
        let locks = self.exam().feedback == FeedbackPolicy::AfterEach;
        if locks && self.slot(n).is_some_and(|s| s.response.is_some()) {
            return Err(AttemptError::Locked);
        }
        self.accrue(now_ms);
        let slot = self
            .record
            .slots
            .get_mut(n)
            .ok_or(AttemptError::NoQuestion(n + 1))?;
        slot.response = response;
        slot.score = score;
        slot.updated_ms = now_ms;
        Ok(Change::Saved(n))
    }

    /// Flags or unflags question `n` for review.
    pub fn set_flag(
        &mut self,
        n: usize,
        flagged: bool,
        now_ms: i64,
    ) -> Result<Change, AttemptError> {
        if let auto @ Change::Submitted { .. } = self.tick(now_ms) {
            return Ok(auto);
        }
        self.open()?;
        if n == self.position {
            self.accrue(now_ms);
        }
        let slot = self
            .record
            .slots
            .get_mut(n)
            .ok_or(AttemptError::NoQuestion(n + 1))?;
        slot.flagged = flagged;
        slot.updated_ms = now_ms;
        Ok(Change::Saved(n))
    }

    /// Flips the flag of the current question.
    pub fn toggle_flag(&mut self, now_ms: i64) -> Result<Change, AttemptError> {
        let n = self.position;
        let flagged = self.slot(n).is_some_and(|s| s.flagged);
        self.set_flag(n, !flagged, now_ms)
    }

    /// The navigator's view of every question.
    pub fn statuses(&self) -> Vec<QuestionStatus> {
        let locks = self.exam().feedback == FeedbackPolicy::AfterEach;
        self.record
            .slots
            .iter()
            .map(|s| QuestionStatus {
                answered: s.response.is_some(),
                flagged: s.flagged,
                locked: self.is_submitted() || (locks && s.response.is_some()),
            })
            .collect()
    }

    /// What the submit confirmation lists.
    pub fn submit_check(&self) -> SubmitCheck {
        let numbers = |f: fn(&Slot) -> bool| {
            self.record
                .slots
                .iter()
                .enumerate()
                .filter(|(_, s)| f(s))
                .map(|(i, _)| i + 1)
                .collect()
        };
        SubmitCheck {
            unanswered: numbers(|s| s.response.is_none()),
            flagged: numbers(|s| s.flagged),
        }
    }

    /// Submits the attempt (after the confirmation). After the deadline it is submitted as
    /// timed out instead.
    pub fn submit(&mut self, now_ms: i64) -> Result<Change, AttemptError> {
        if let auto @ Change::Submitted { .. } = self.tick(now_ms) {
            return Ok(auto);
        }
        self.open()?;
        self.accrue(now_ms);
        self.record.submitted_ms = Some(now_ms);
        Ok(Change::Submitted { auto: false })
    }

    /// The grade of question `n` as the policy allows it to be shown now: after-each once
    /// answered, after-exam once submitted, never under `none`.
    pub fn shown_grade(&self, n: usize) -> Option<Grade> {
        let slot = self.slot(n)?;
        let shown = match self.exam().feedback {
            FeedbackPolicy::AfterEach => slot.response.is_some(),
            FeedbackPolicy::AfterExam => self.is_submitted(),
            FeedbackPolicy::None => false,
        };
        shown.then_some(Grade { score: slot.score })
    }

    /// Whether the result screen may show the per-question review (answer, right answer,
    /// explanation, sources) and the per-topic table: not under `none`, and only once submitted.
    pub fn may_review(&self) -> bool {
        self.is_submitted() && self.exam().feedback != FeedbackPolicy::None
    }

    /// The result, once submitted.
    pub fn result(&self) -> Option<ExamResult> {
        let at = self.record.submitted_ms?;
        Some(self.record.result(at))
    }

    fn open(&self) -> Result<(), AttemptError> {
        if self.is_submitted() {
            Err(AttemptError::Submitted)
        } else {
            Ok(())
        }
    }

    /// Adds the time since the current question was shown (up to `now_ms`, at most the
    /// deadline) to it.
    fn accrue(&mut self, now_ms: i64) {
        let until = now_ms.min(self.record.deadline_ms);
        let spent = (until - self.entered_ms).max(0);
        if let Some(slot) = self.record.slots.get_mut(self.position) {
            slot.time_ms += spent;
        }
        self.entered_ms = until.max(self.entered_ms);
    }
}

/// The kind name a response is for.
fn response_kind(response: &Response) -> &'static str {
    match response {
        Response::Single(_) => "single",
        Response::Multiple(_) => "multiple",
        Response::TrueFalse(_) => "true_false",
        Response::Order(_) => "order",
        Response::Match(_) => "match",
        Response::Numeric(_) => "numeric",
        Response::Text(_) => "text",
    }
}

/// Saves what `change` changed, each in its own transaction (started attempts are saved with
/// [`Store::start_attempt`] and [`Attempt::new_attempt_row`]).
pub fn persist(store: &Store, attempt: &Attempt, change: Change) -> store::Result<()> {
    let id = &attempt.record.id;
    let save = |n: usize| match attempt.record.answer_row(n) {
        Some(row) => store.save_attempt_answer(id, &row),
        None => Ok(()),
    };
    match change {
        Change::Nothing => Ok(()),
        Change::Moved { left } => save(left),
        Change::Saved(n) => save(n),
        Change::Submitted { auto } => {
            save(attempt.position)?;
            let at = attempt
                .record
                .submitted_ms
                .unwrap_or(attempt.record.deadline_ms);
            store.submit_attempt(id, at, auto).map(|_| ())
        }
    }
}

/// Whether `kind` presents choices whose picks results files list.
pub fn has_choices(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Single { .. } | Kind::Multiple { .. } | Kind::TrueFalse { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::exam::tests::{bank, exam};

    const T0: i64 = 1_764_752_400_000;
    const MIN: i64 = 60_000;

    fn paper(policy: FeedbackPolicy) -> (Bank, Paper) {
        let bank = bank();
        let mut exam = exam(&bank);
        exam.feedback = policy;
        let paper = exam.paper(&bank, 0).unwrap();
        (bank, paper)
    }

    /// A right response to `item`.
    fn right(item: &QuizItem) -> Response {
        match &item.question.kind {
            Kind::Single { answer, .. } => Response::Single(Some(*answer)),
            Kind::TrueFalse { answer, .. } => Response::TrueFalse(Some(*answer)),
            other => panic!("unexpected kind {}", other.name()),
        }
    }

    fn wrong(item: &QuizItem) -> Response {
        match &item.question.kind {
            Kind::Single { answer, .. } => Response::Single(Some(answer + 1)),
            Kind::TrueFalse { answer, .. } => Response::TrueFalse(Some(!answer)),
            other => panic!("unexpected kind {}", other.name()),
        }
    }

    #[test]
    fn deadline_is_stored_and_auto_submit_happens_at_it() {
        let (_, paper) = paper(FeedbackPolicy::AfterExam);
        let mut a = Attempt::start("Ada", paper, T0);
        assert_eq!(a.deadline_ms(), T0 + 30 * MIN);
        assert_eq!(a.remaining_ms(T0 + 10 * MIN), 20 * MIN);
        assert_eq!(a.tick(T0 + 30 * MIN - 1), Change::Nothing);
        let r = right(&a.items()[0]);
        assert_eq!(a.answer(r, T0 + MIN), Ok(Change::Saved(0)));
        // An answer after the deadline is not recorded: the attempt is submitted instead.
        let late = right(&a.items()[1]);
        assert_eq!(a.next(T0 + 2 * MIN), Ok(Change::Moved { left: 0 }));
        assert_eq!(
            a.answer(late, T0 + 31 * MIN),
            Ok(Change::Submitted { auto: true })
        );
        assert!(a.is_submitted());
        assert_eq!(a.record().submitted_ms, Some(T0 + 30 * MIN));
        assert!(a.record().auto_submitted);
        assert_eq!(a.slot(1).unwrap().response, None);
        assert_eq!(a.remaining_ms(T0 + 40 * MIN), 0);
        let result = a.result().unwrap();
        assert_eq!(result.time_used_ms, 30 * MIN);
        assert_eq!(result.answered, 1);
        assert!((result.score - 1.0 / 6.0).abs() < 1e-9);
        assert!(!result.passed);
        // Nothing changes any more.
        assert_eq!(a.submit(T0 + 41 * MIN), Err(AttemptError::Submitted));
        assert_eq!(a.tick(T0 + 41 * MIN), Change::Nothing);
        // Time on each question is counted up to the deadline only.
        assert_eq!(a.slot(0).unwrap().time_ms, 2 * MIN);
        assert_eq!(a.slot(1).unwrap().time_ms, 28 * MIN);
    }

    #[test]
    fn navigation_flags_and_the_submit_confirmation() {
        let (_, paper) = paper(FeedbackPolicy::AfterExam);
        let mut a = Attempt::start("Ada", paper, T0);
        assert_eq!(a.prev(T0), Ok(Change::Nothing));
        assert_eq!(a.go_to(5, T0 + 1), Ok(Change::Moved { left: 0 }));
        assert_eq!(a.next(T0 + 2), Ok(Change::Nothing));
        assert_eq!(a.go_to(6, T0 + 3), Err(AttemptError::NoQuestion(7)));
        assert_eq!(a.position(), 5);
        assert_eq!(a.go_to(2, T0 + 4), Ok(Change::Moved { left: 5 }));
        let r = right(&a.items()[2]);
        assert_eq!(a.answer(r, T0 + 5), Ok(Change::Saved(2)));
        assert_eq!(a.toggle_flag(T0 + 6), Ok(Change::Saved(2)));
        assert_eq!(a.set_flag(4, true, T0 + 7), Ok(Change::Saved(4)));
        let check = a.submit_check();
        assert_eq!(check.unanswered, [1, 2, 4, 5, 6]);
        assert_eq!(check.flagged, [3, 5]);
        let statuses = a.statuses();
        assert!(statuses[2].answered && statuses[2].flagged && !statuses[2].locked);
        assert!(!statuses[0].answered);
        // Answers change until submitted.
        let w = wrong(&a.items()[2]);
        assert_eq!(a.answer(w, T0 + 8), Ok(Change::Saved(2)));
        assert_eq!(a.slot(2).unwrap().score, 0.0);
        assert_eq!(a.clear_answer(T0 + 9), Ok(Change::Saved(2)));
        assert_eq!(a.slot(2).unwrap().response, None);
        // A response of another kind is refused.
        let other = match a.items()[2].question.kind {
            Kind::TrueFalse { .. } => Response::Single(Some(0)),
            _ => Response::TrueFalse(Some(true)),
        };
        assert!(matches!(
            a.answer(other, T0 + 10),
            Err(AttemptError::WrongKind { .. })
        ));
        assert_eq!(a.submit(T0 + 11), Ok(Change::Submitted { auto: false }));
        assert!(!a.record().auto_submitted);
        assert_eq!(a.result().unwrap().time_used_ms, 11);
        assert!(a.statuses().iter().all(|s| s.locked));
    }

    #[test]
    fn feedback_policies_decide_what_is_shown_when() {
        // after-exam: nothing during, everything after.
        let (_, p) = paper(FeedbackPolicy::AfterExam);
        let mut a = Attempt::start("Ada", p, T0);
        let r = right(&a.items()[0]);
        let _ = a.answer(r, T0 + 1).unwrap();
        assert_eq!(a.shown_grade(0), None);
        assert!(!a.may_review());
        let _ = a.submit(T0 + 2).unwrap();
        assert_eq!(a.shown_grade(0), Some(Grade { score: 1.0 }));
        assert!(a.may_review());

        // after-each: graded at once, then locked.
        let (_, p) = paper(FeedbackPolicy::AfterEach);
        let mut a = Attempt::start("Ada", p, T0);
        let w = wrong(&a.items()[0]);
        let _ = a.answer(w, T0 + 1).unwrap();
        assert_eq!(a.shown_grade(0), Some(Grade { score: 0.0 }));
        assert_eq!(a.shown_grade(1), None);
        let r = right(&a.items()[0]);
        assert_eq!(a.answer(r, T0 + 2), Err(AttemptError::Locked));
        assert_eq!(a.clear_answer(T0 + 2), Err(AttemptError::Locked));
        assert!(a.statuses()[0].locked);
        assert_eq!(a.toggle_flag(T0 + 3), Ok(Change::Saved(0)));

        // none: only the score.
        let (_, p) = paper(FeedbackPolicy::None);
        let mut a = Attempt::start("Ada", p, T0);
        let r = right(&a.items()[0]);
        let _ = a.answer(r, T0 + 1).unwrap();
        let _ = a.submit(T0 + 2).unwrap();
        assert_eq!(a.shown_grade(0), None);
        assert!(!a.may_review());
        assert!((a.result().unwrap().score - 1.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn result_has_a_topic_table_and_pass_mark() {
        let (_, p) = paper(FeedbackPolicy::AfterExam);
        let mut a = Attempt::start("Ada", p, T0);
        for n in 0..6 {
            let _ = a.go_to(n, T0 + 1).unwrap();
            let item = &a.items()[n];
            let r = if n == 0 { wrong(item) } else { right(item) };
            let _ = a.answer(r, T0 + 2).unwrap();
        }
        let _ = a.submit(T0 + 3).unwrap();
        let result = a.result().unwrap();
        assert!((result.score - 5.0 / 6.0).abs() < 1e-9);
        assert!(result.passed);
        let b = result.topics.iter().find(|t| t.topic == "B").unwrap();
        assert_eq!(b.questions, 2);
        let total: usize = result.topics.iter().map(|t| t.questions).sum();
        assert_eq!(total, 6);
        let names: Vec<&str> = result.topics.iter().map(|t| t.topic.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }

    #[test]
    fn killed_and_reopened_the_attempt_resumes_with_time_used() {
        let dir = tempfile::tempdir().unwrap();
        let (bank, p) = paper(FeedbackPolicy::AfterExam);
        let store = Store::open_in(dir.path()).unwrap();
        let ada = store.create_profile("Ada", T0).unwrap().id;
        let mut a = Attempt::start("Ada", p, T0);
        store.start_attempt(&a.new_attempt_row(ada)).unwrap();
        let r = right(&a.items()[0]);
        let c = a.answer(r, T0 + MIN).unwrap();
        persist(&store, &a, c).unwrap();
        let c = a.next(T0 + 2 * MIN).unwrap();
        persist(&store, &a, c).unwrap();
        let c = a.toggle_flag(T0 + 3 * MIN).unwrap();
        persist(&store, &a, c).unwrap();
        drop(store); // killed: nothing else is saved

        let store = Store::open_in(dir.path()).unwrap();
        let stored = store.unfinished_attempt(ada).unwrap().unwrap();
        let mut resumed =
            Attempt::resume(&stored, "Ada", std::slice::from_ref(&bank), T0 + 20 * MIN).unwrap();
        assert_eq!(resumed.items(), a.items());
        assert_eq!(
            resumed.record().slots[0].response,
            a.record().slots[0].response
        );
        assert!(resumed.record().slots[1].flagged);
        assert_eq!(resumed.position(), 1);
        assert_eq!(resumed.remaining_ms(T0 + 20 * MIN), 10 * MIN);
        assert_eq!(resumed.record().id, a.record().id);

        // Reopened after the deadline: the first tick submits it at the deadline.
        let mut late =
            Attempt::resume(&stored, "Ada", std::slice::from_ref(&bank), T0 + 90 * MIN).unwrap();
        let c = late.tick(T0 + 90 * MIN);
        assert_eq!(c, Change::Submitted { auto: true });
        persist(&store, &late, c).unwrap();
        let done = store.attempt(&a.record().id).unwrap().unwrap();
        assert_eq!(done.submitted_ms, Some(T0 + 30 * MIN));
        assert!(done.auto_submitted);
        assert!(store.unfinished_attempt(ada).unwrap().is_none());
        assert!(resumed.submit(T0 + 21 * MIN).is_ok());

        // A bank that changed cannot resume it.
        let mut changed = bank;
        changed.questions[0].prompt = "changed".into();
        let err = Attempt::resume(&stored, "Ada", &[changed], T0).unwrap_err();
        assert!(err.to_string().contains("needs bank"), "{err}");
    }
}
