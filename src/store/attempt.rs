//! Exam attempts: the attempt row (exam, paper, start and deadline) and one row per question,
//! each change committed in its own transaction so that a killed app resumes where it was.

use rusqlite::{OptionalExtension as _, Row, params};

use super::{ProfileId, Result, Store};

/// An attempt as started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAttempt {
    /// UUID.
    pub id: String,
    /// The learner.
    pub profile: ProfileId,
    /// The exam code of the form taken.
    pub exam_code: String,
    /// The form's name (`None` for an exam without forms).
    pub form: Option<String>,
    /// The exam definition and paper as JSON (`course::attempt::AttemptMeta`).
    pub exam_json: String,
    /// When started, ms since the epoch.
    pub started_ms: i64,
    /// When time runs out, ms since the epoch.
    pub deadline_ms: i64,
}

/// The state of one question of an attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptAnswer {
    /// 0-based position in the paper.
    pub n: usize,
    /// The response (`engine::Response` JSON), `None` when not answered.
    pub response_json: Option<String>,
    /// Its score, 0 to 1 (0 when not answered).
    pub score: f64,
    /// Flagged for review.
    pub flagged: bool,
    /// Time spent on the question so far, ms.
    pub time_ms: i64,
    /// When last changed, ms since the epoch.
    pub updated_ms: i64,
}

/// A stored attempt with its answers.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredAttempt {
    /// As started.
    pub attempt: NewAttempt,
    /// When submitted, `None` while open.
    pub submitted_ms: Option<i64>,
    /// Whether time running out submitted it.
    pub auto_submitted: bool,
    /// The questions with a stored state, by position.
    pub answers: Vec<AttemptAnswer>,
}

impl Store {
    /// Records a started attempt.
    pub fn start_attempt(&self, attempt: &NewAttempt) -> Result<()> {
        self.write(|tx| {
            let a = attempt;
            tx.prepare_cached(include_str!("sql/attempt_insert.sql"))?
                .execute(params![
                    a.id,
                    a.profile.0,
                    a.exam_code,
                    a.form,
                    a.exam_json,
                    a.started_ms,
                    a.deadline_ms
                ])?;
            Ok(())
        })
    }

    /// Saves the state of one question of attempt `attempt_id` in its own transaction: when
    /// this returns `Ok`, a kill afterwards keeps it.
    pub fn save_attempt_answer(&self, attempt_id: &str, answer: &AttemptAnswer) -> Result<()> {
        self.write(|tx| {
            let n = i64::try_from(answer.n).unwrap_or(i64::MAX);
            tx.prepare_cached(include_str!("sql/attempt_answer_upsert.sql"))?
                .execute(params![
                    attempt_id,
                    n,
                    answer.response_json,
                    answer.score,
                    answer.flagged,
                    answer.time_ms,
                    answer.updated_ms
                ])?;
            Ok(())
        })
    }

    /// Marks the attempt submitted (once: a second call changes nothing). Returns whether it
    /// was open.
    pub fn submit_attempt(&self, attempt_id: &str, submitted_ms: i64, auto: bool) -> Result<bool> {
        self.write(|tx| {
            let changed = tx
                .prepare_cached(include_str!("sql/attempt_submit.sql"))?
                .execute(params![attempt_id, submitted_ms, auto])?;
            Ok(changed > 0)
        })
    }

    /// The attempt with this id.
    pub fn attempt(&self, attempt_id: &str) -> Result<Option<StoredAttempt>> {
        let head = self
            .conn
            .prepare_cached(include_str!("sql/attempt_by_id.sql"))?
            .query_row([attempt_id], row_to_attempt)
            .optional()?;
        head.map(|a| self.with_answers(a)).transpose()
    }

    /// The learner's open (not submitted) attempt, the latest if there are several: what the app
    /// offers to resume at start-up. Its deadline may have passed while the app was closed.
    pub fn unfinished_attempt(&self, profile: ProfileId) -> Result<Option<StoredAttempt>> {
        let head = self
            .conn
            .prepare_cached(include_str!("sql/attempt_unfinished.sql"))?
            .query_row([profile.0], row_to_attempt)
            .optional()?;
        head.map(|a| self.with_answers(a)).transpose()
    }

    /// The submitted attempts of exam code `exam_code`, of one learner or all, oldest first.
    pub fn attempts_of_exam(
        &self,
        exam_code: &str,
        profile: Option<ProfileId>,
    ) -> Result<Vec<StoredAttempt>> {
        let heads: Vec<StoredAttempt> = self
            .conn
            .prepare_cached(include_str!("sql/attempts_of_exam.sql"))?
            .query_map(params![exam_code, profile.map(|p| p.0)], row_to_attempt)?
            .collect::<Result<_, _>>()?;
        heads.into_iter().map(|a| self.with_answers(a)).collect()
    }

    /// The submitted attempts of one learner or all, oldest first.
    pub fn submitted_attempts(&self, profile: Option<ProfileId>) -> Result<Vec<StoredAttempt>> {
        let heads: Vec<StoredAttempt> = self
            .conn
            .prepare_cached(include_str!("sql/attempts_submitted.sql"))?
            .query_map(params![profile.map(|p| p.0)], row_to_attempt)?
            .collect::<Result<_, _>>()?;
        heads.into_iter().map(|a| self.with_answers(a)).collect()
    }

    fn with_answers(&self, mut attempt: StoredAttempt) -> Result<StoredAttempt> {
        attempt.answers = self
            .conn
            .prepare_cached(include_str!("sql/attempt_answers.sql"))?
            .query_map([&attempt.attempt.id], row_to_attempt_answer)?
            .collect::<Result<_, _>>()?;
        Ok(attempt)
    }
}

fn row_to_attempt(row: &Row<'_>) -> rusqlite::Result<StoredAttempt> {
    Ok(StoredAttempt {
        attempt: NewAttempt {
            id: row.get(0)?,
            profile: ProfileId(row.get(1)?),
            exam_code: row.get(2)?,
            form: row.get(3)?,
            exam_json: row.get(4)?,
            started_ms: row.get(5)?,
            deadline_ms: row.get(6)?,
        },
        submitted_ms: row.get(7)?,
        auto_submitted: row.get(8)?,
        answers: Vec::new(),
    })
}

fn row_to_attempt_answer(row: &Row<'_>) -> rusqlite::Result<AttemptAnswer> {
    Ok(AttemptAnswer {
        n: super::count_at(row, 0)?,
        response_json: row.get(1)?,
        score: row.get(2)?,
        flagged: row.get(3)?,
        time_ms: row.get(4)?,
        updated_ms: row.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_attempt(profile: ProfileId, id: &str, started_ms: i64) -> NewAttempt {
        NewAttempt {
            id: id.into(),
            profile,
            exam_code: "K7QD-2M9X-4F".into(),
            form: Some("pre".into()),
            exam_json: "{}".into(),
            started_ms,
            deadline_ms: started_ms + 1_800_000,
        }
    }

    fn answer(n: usize, value: usize, updated_ms: i64) -> AttemptAnswer {
        AttemptAnswer {
            n,
            response_json: Some(format!(r#"{{"kind":"single","value":{value}}}"#)),
            score: 1.0,
            flagged: false,
            time_ms: 500,
            updated_ms,
        }
    }

    #[test]
    fn answers_are_upserted_and_attempts_resume_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        store.start_attempt(&new_attempt(ada, "a1", 1_000)).unwrap();
        store
            .save_attempt_answer("a1", &answer(0, 1, 2_000))
            .unwrap();
        store
            .save_attempt_answer("a1", &answer(3, 2, 3_000))
            .unwrap();
        let mut changed = answer(0, 3, 4_000);
        changed.flagged = true;
        store.save_attempt_answer("a1", &changed).unwrap();
        drop(store);

        let store = Store::open_in(dir.path()).unwrap();
        let open = store.unfinished_attempt(ada).unwrap().unwrap();
        assert_eq!(open.attempt, new_attempt(ada, "a1", 1_000));
        assert_eq!(open.submitted_ms, None);
        assert_eq!(open.answers, [changed, answer(3, 2, 3_000)]);
        assert!(
            store
                .attempts_of_exam("K7QD-2M9X-4F", None)
                .unwrap()
                .is_empty()
        );

        assert!(store.submit_attempt("a1", 9_000, true).unwrap());
        assert!(!store.submit_attempt("a1", 9_500, false).unwrap());
        assert!(store.unfinished_attempt(ada).unwrap().is_none());
        let done = store.attempt("a1").unwrap().unwrap();
        assert_eq!(
            (done.submitted_ms, done.auto_submitted),
            (Some(9_000), true)
        );
        assert_eq!(
            store
                .attempts_of_exam("K7QD-2M9X-4F", Some(ada))
                .unwrap()
                .len(),
            1
        );
        assert!(store.attempts_of_exam("OTHER", None).unwrap().is_empty());
        assert!(store.attempt("nope").unwrap().is_none());
    }

    #[test]
    fn the_latest_open_attempt_is_the_one_to_resume_and_deleting_a_learner_removes_them() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let ben = store.create_profile("Ben", 0).unwrap().id;
        store.start_attempt(&new_attempt(ada, "old", 1)).unwrap();
        store.start_attempt(&new_attempt(ada, "new", 2)).unwrap();
        store.start_attempt(&new_attempt(ben, "ben", 3)).unwrap();
        store.save_attempt_answer("new", &answer(0, 0, 5)).unwrap();
        assert_eq!(
            store.unfinished_attempt(ada).unwrap().unwrap().attempt.id,
            "new"
        );
        store.delete_profile(ada).unwrap();
        assert!(store.attempt("new").unwrap().is_none());
        assert!(store.attempt("ben").unwrap().is_some());
    }
}
