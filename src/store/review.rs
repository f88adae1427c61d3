//! Spaced-repetition state per learner and question (the scheduler itself is in the engine).

use rusqlite::{Connection, OptionalExtension as _, Row, params};

use super::{NewAnswer, ProfileId, Result, ReviewState, Store};
use crate::engine::Memory;

impl Store {
    /// Review state of one question.
    pub fn review_state(
        &self,
        profile: ProfileId,
        bank_id: &str,
        question_id: &str,
    ) -> Result<Option<ReviewState>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/review_state.sql"))?;
        Ok(stmt
            .query_row(
                params![profile.0, bank_id, question_id],
                row_to_review_state,
            )
            .optional()?)
    }

    /// Stores (inserts or replaces) the review state of one question.
    pub fn set_review_state(&self, profile: ProfileId, state: &ReviewState) -> Result<()> {
        upsert_review_state(&self.conn, profile, state)
    }

    /// Records an answer and the new review state together, in one transaction (study mode).
    /// The state is stored for the answer's profile.
    pub fn record_review(&self, answer: &NewAnswer, state: &ReviewState) -> Result<i64> {
        self.write(|tx| {
            let id = super::answer::insert_answer(tx, answer)?;
            upsert_review_state(tx, answer.profile, state)?;
            Ok(id)
        })
    }

    /// All review states of a profile, by bank and question id.
    pub fn review_states(&self, profile: ProfileId) -> Result<Vec<ReviewState>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/review_states.sql"))?;
        let rows = stmt.query_map([profile.0], row_to_review_state)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn upsert_review_state(conn: &Connection, profile: ProfileId, s: &ReviewState) -> Result<()> {
    conn.prepare_cached(include_str!("sql/review_state_upsert.sql"))?
        .execute(params![
            profile.0,
            s.bank_id,
            s.question_id,
            s.memory.stability,
            s.memory.difficulty,
            s.memory.due_ms,
            s.memory.last_review_ms,
            s.memory.reps,
            s.memory.lapses,
            s.memory.state,
            s.memory.scheduled_days,
        ])?;
    Ok(())
}

fn row_to_review_state(row: &Row<'_>) -> rusqlite::Result<ReviewState> {
    Ok(ReviewState {
        bank_id: row.get(0)?,
        question_id: row.get(1)?,
        memory: Memory {
            stability: row.get(2)?,
            difficulty: row.get(3)?,
            due_ms: row.get(4)?,
            last_review_ms: row.get(5)?,
            reps: row.get(6)?,
            lapses: row.get(7)?,
            state: row.get(8)?,
            scheduled_days: row.get(9)?,
        },
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::store::Mode;
    use crate::store::answer::tests::answer;

    /// A review state of `question_id` in bank `iskp`, due at `due_ms`.
    pub(in crate::store) fn state(question_id: &str, due_ms: i64) -> ReviewState {
        ReviewState {
            bank_id: "iskp".into(),
            question_id: question_id.into(),
            memory: Memory {
                stability: 3.25,
                difficulty: 5.5,
                due_ms,
                last_review_ms: due_ms - 86_400_000,
                reps: 4,
                lapses: 1,
                state: 2,
                scheduled_days: 3,
            },
        }
    }

    #[test]
    fn review_state_round_trips_and_replaces() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        assert_eq!(store.review_state(ada, "iskp", "q1").unwrap(), None);
        let first = state("q1", 100);
        store.set_review_state(ada, &first).unwrap();
        assert_eq!(store.review_state(ada, "iskp", "q1").unwrap(), Some(first));
        let mut second = state("q1", 0);
        second.memory.reps = 5;
        second.memory.due_ms = 500;
        store.set_review_state(ada, &second).unwrap();
        assert_eq!(store.review_states(ada).unwrap(), [second]);
    }

    #[test]
    fn record_review_writes_answer_and_state_together() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let s = store.start_session(ada, Mode::Study, 0).unwrap();
        let id = store
            .record_review(&answer(s, ada, "q1", 1.0, 10), &state("q1", 99))
            .unwrap();
        assert_eq!(store.answers(ada).unwrap()[0].id, id);
        assert_eq!(
            store
                .review_state(ada, "iskp", "q1")
                .unwrap()
                .unwrap()
                .memory
                .due_ms,
            99
        );

        // A failing answer (unknown session) leaves the state untouched too.
        let bad = answer(crate::store::SessionId(42), ada, "q2", 1.0, 10);
        assert!(store.record_review(&bad, &state("q2", 1)).is_err());
        assert_eq!(store.review_state(ada, "iskp", "q2").unwrap(), None);
    }
}
