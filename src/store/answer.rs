//! Sessions and answers: each answer is committed in its own transaction together with the
//! progress summaries it changes.

use rusqlite::{Connection, Row, params};

use super::{AnswerRecord, Mode, NewAnswer, ProfileId, Result, SessionId, Store};

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

impl Store {
    /// Starts a session.
    pub fn start_session(&self, profile: ProfileId, mode: Mode, now_ms: i64) -> Result<SessionId> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/session_insert.sql"))?;
        stmt.execute(params![profile.0, mode.as_str(), now_ms])?;
        Ok(SessionId(self.conn.last_insert_rowid()))
    }

    /// Marks a session finished, and checkpoints the write-ahead log (between sessions, so
    /// that recording an answer never waits for a checkpoint).
    pub fn finish_session(&self, session: SessionId, now_ms: i64) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/session_finish.sql"))?;
        stmt.execute(params![session.0, now_ms])?;
        self.checkpoint()
    }

    /// Records one answer in its own transaction; returns its row id.
    ///
    /// When this returns `Ok`, the answer is committed: a crash or kill afterwards keeps it.
    pub fn record_answer(&self, answer: &NewAnswer) -> Result<i64> {
        self.write(|tx| insert_answer(tx, answer))
    }

    /// Records many answers in one transaction (restoring an export, building benchmark data):
    /// all or none. Returns how many were recorded.
    pub fn import_answers(&self, answers: &[NewAnswer]) -> Result<usize> {
        self.write(|tx| {
            for answer in answers {
                insert_answer(tx, answer)?;
            }
            Ok(answers.len())
        })
    }

    /// Every answer of a profile, oldest first.
    pub fn answers(&self, profile: ProfileId) -> Result<Vec<AnswerRecord>> {
        let mut stmt = self.conn.prepare_cached(include_str!("sql/answers.sql"))?;
        let rows = stmt.query_map([profile.0], row_to_answer)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls `f` with every answer of a profile, oldest first, one row at a time (as
    /// [`Store::answers`] without holding them all).
    pub fn for_each_answer(
        &self,
        profile: ProfileId,
        mut f: impl FnMut(AnswerRecord),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(include_str!("sql/answers.sql"))?;
        for row in stmt.query_map([profile.0], row_to_answer)? {
            f(row?);
        }
        Ok(())
    }

    /// The answer with row id `id`, if there is one.
    pub fn answer(&self, id: i64) -> Result<Option<AnswerRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/answer_by_id.sql"))?;
        let mut rows = stmt.query_map([id], row_to_answer)?;
        Ok(rows.next().transpose()?)
    }
}

/// Inserts `answer` and updates the summaries; the caller holds the transaction.
pub(super) fn insert_answer(conn: &Connection, answer: &NewAnswer) -> Result<i64> {
    let a = answer;
    conn.prepare_cached(include_str!("sql/answer_insert.sql"))?
        .execute(params![
            a.session.0,
            a.profile.0,
            a.bank_id,
            a.bank_version,
            a.question_id,
            a.topic,
            a.kind,
            a.response_json,
            a.score,
            a.time_taken_ms,
            a.answered_ms,
        ])?;
    let id = conn.last_insert_rowid();
    conn.prepare_cached(include_str!("sql/question_last_upsert.sql"))?
        .execute(params![
            a.profile.0,
            a.bank_id,
            a.question_id,
            id,
            a.topic,
            a.score,
            a.answered_ms,
        ])?;
    conn.prepare_cached(include_str!("sql/day_total_upsert.sql"))?
        .execute(params![a.profile.0, utc_day(a.answered_ms), a.score])?;
    Ok(id)
}

/// Days since 1970-01-01 of a time in ms since the epoch, in UTC (floor, also before 1970).
pub(super) fn utc_day(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

fn row_to_answer(row: &Row<'_>) -> rusqlite::Result<AnswerRecord> {
    Ok(AnswerRecord {
        id: row.get(0)?,
        answer: NewAnswer {
            session: SessionId(row.get(1)?),
            profile: ProfileId(row.get(2)?),
            bank_id: row.get(3)?,
            bank_version: row.get(4)?,
            question_id: row.get(5)?,
            topic: row.get(6)?,
            kind: row.get(7)?,
            response_json: row.get(8)?,
            score: row.get(9)?,
            time_taken_ms: row.get(10)?,
            answered_ms: row.get(11)?,
        },
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::store::Error;

    /// An answer to `question_id` in bank `iskp`, topic `origins`.
    pub(in crate::store) fn answer(
        session: SessionId,
        profile: ProfileId,
        question_id: &str,
        score: f64,
        answered_ms: i64,
    ) -> NewAnswer {
        NewAnswer {
            session,
            profile,
            bank_id: "iskp".into(),
            bank_version: "1.0.0".into(),
            question_id: question_id.into(),
            topic: "origins".into(),
            kind: "single".into(),
            response_json: r#"{"kind":"single","value":0}"#.into(),
            score,
            time_taken_ms: 4_250,
            answered_ms,
        }
    }

    #[test]
    fn answers_round_trip_oldest_first() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let s = store.start_session(ada, Mode::Practice, 0).unwrap();
        let late = answer(s, ada, "q2", 0.5, 2_000);
        let early = answer(s, ada, "q1", 1.0, 1_000);
        let late_id = store.record_answer(&late).unwrap();
        let early_id = store.record_answer(&early).unwrap();
        store.finish_session(s, 3_000).unwrap();
        let got = store.answers(ada).unwrap();
        assert_eq!(
            got,
            [
                AnswerRecord {
                    id: early_id,
                    answer: early
                },
                AnswerRecord {
                    id: late_id,
                    answer: late
                }
            ]
        );
    }

    #[test]
    fn finish_session_checkpoints_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap();
        let pages: u32 = store
            .conn
            .pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))
            .unwrap();
        assert_eq!(pages, super::super::WAL_AUTOCHECKPOINT_PAGES);
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let s = store.start_session(ada, Mode::Practice, 0).unwrap();
        for i in 0..50 {
            store.record_answer(&answer(s, ada, "q1", 1.0, i)).unwrap();
        }
        store.finish_session(s, 60).unwrap();
        // (busy, frames in the log, frames checkpointed): nothing left to copy.
        let (busy, log, done): (i64, i64, i64) = store
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!((busy, log), (0, done));
        assert!(log > 0, "the answers went through the log");
    }

    #[test]
    fn import_is_all_or_nothing() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let s = store.start_session(ada, Mode::Practice, 0).unwrap();
        let good = answer(s, ada, "q1", 1.0, 1);
        let bad = answer(SessionId(99), ada, "q2", 0.0, 2);
        assert!(store.import_answers(&[good.clone(), bad]).is_err());
        assert!(store.answers(ada).unwrap().is_empty());
        assert_eq!(store.import_answers(&[good.clone(), good]).unwrap(), 2);
        assert_eq!(store.daily_stats(ada).unwrap()[0].answers, 2);
    }

    #[test]
    fn answer_for_unknown_session_is_refused() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let err = store
            .record_answer(&answer(SessionId(99), ada, "q1", 1.0, 0))
            .unwrap_err();
        assert!(matches!(err, Error::Sqlite(_)));
        // Nothing half-written: the summaries were rolled back with the answer.
        assert!(store.daily_stats(ada).unwrap().is_empty());
    }

    #[test]
    fn answers_outlive_their_questions() {
        // The store never looks questions up: an answer to a question that was later changed
        // (new bank version, new kind) or deleted stays as it was recorded.
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 0).unwrap().id;
        let s = store.start_session(ada, Mode::Practice, 0).unwrap();
        store
            .record_answer(&answer(s, ada, "gone", 0.0, 1))
            .unwrap();
        let mut changed = answer(s, ada, "gone", 0.0, 2);
        changed.bank_version = "2.0.0".into();
        changed.kind = "text".into();
        changed.topic = "renamed".into();
        changed.response_json = r#"{"kind":"text","value":"x"}"#.into();
        store.record_answer(&changed).unwrap();
        let got = store.answers(ada).unwrap();
        assert_eq!(got[0].answer.kind, "single");
        assert_eq!(got[1].answer.kind, "text");
        let topics = store.topic_stats(ada).unwrap();
        assert_eq!(topics.len(), 1);
        assert_eq!(topics[0].topic, "renamed");
    }

    #[test]
    fn utc_day_floors() {
        assert_eq!(utc_day(0), 0);
        assert_eq!(utc_day(DAY_MS - 1), 0);
        assert_eq!(utc_day(DAY_MS), 1);
        assert_eq!(utc_day(-1), -1);
    }
}
