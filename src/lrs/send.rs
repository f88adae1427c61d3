//! Sending statements: skip those the outbox says the LRS acknowledged, POST the rest in
//! batches, and record each acknowledged batch in the outbox in one transaction, so a sender
//! killed at any point resends at most one batch (which the LRS deduplicates by id).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;

use super::client::Posted;
use super::{Client, Error, Result};
use crate::interchange::results::xapi;
use crate::store::{AnswerRecord, Store};

/// Statements per POST.
pub const BATCH: usize = 100;

/// One statement to send: its id, and how to build it. Answers from the store keep only their
/// row id and are read back and built batch by batch, so sending 100,000 answers holds neither
/// 100,000 answers nor 100,000 statements in memory (about 100 bytes per item).
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// The statement id.
    pub id: String,
    build: Build,
}

#[derive(Clone, Debug)]
enum Build {
    /// An answer in the progress database, read back when its batch is sent.
    Stored {
        profile: Arc<str>,
        row: i64,
    },
    /// An answer given as it is.
    Answer {
        profile: Arc<str>,
        record: Box<AnswerRecord>,
    },
    Ready(Value),
}

impl Outgoing {
    /// An answer of learner `profile`, built into its statement when its batch is sent.
    pub fn answer(profile: Arc<str>, record: AnswerRecord) -> Self {
        Self {
            id: xapi::statement_id(&profile, &record),
            build: Build::Answer {
                profile,
                record: Box::new(record),
            },
        }
    }

    /// An answer of learner `profile` in the progress database: only its row id is kept; the
    /// answer is read from the store given to [`send`] when its batch is sent.
    pub fn stored_answer(profile: Arc<str>, record: &AnswerRecord) -> Self {
        Self {
            id: xapi::statement_id(&profile, record),
            build: Build::Stored {
                profile,
                row: record.id,
            },
        }
    }

    /// A statement as it is; `None` when it has no string `id` (an LRS would give it a new
    /// id each time, so it could not be sent only once).
    pub fn statement(statement: Value) -> Option<Self> {
        let id = statement.get("id")?.as_str()?.to_owned();
        Some(Self {
            id,
            build: Build::Ready(statement),
        })
    }

    /// The statement; an answer from the store is read from `store`.
    pub fn build(&self, store: Option<&Store>, options: xapi::Options) -> Result<Value> {
        Ok(match &self.build {
            Build::Stored { profile, row } => {
                let gone = || Error::Input(format!("answer {row} is not in the progress database"));
                let record = store.ok_or_else(gone)?.answer(*row)?.ok_or_else(gone)?;
                xapi::statement_with(profile, &record, options)
            }
            Build::Answer { profile, record } => xapi::statement_with(profile, record, options),
            Build::Ready(statement) => statement.clone(),
        })
    }
}

/// How far sending got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Statements acknowledged so far in this run.
    pub sent: usize,
    /// Statements to send in this run (new ones only).
    pub total: usize,
}

/// What a send did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Statements the LRS acknowledged in this run.
    pub sent: usize,
    /// Statements skipped because the outbox says the LRS has them.
    pub already_sent: usize,
    /// Statements the LRS refused with 409 Conflict: it holds a different statement with the
    /// same id (for instance sent with another home page). Recorded as acknowledged.
    pub conflicts: Vec<String>,
}

/// Sends `items` through `client`. With `outbox`, statements it lists for this LRS are skipped
/// and each acknowledged batch is recorded there (`now_ms` gives the time); answers from the
/// store ([`Outgoing::stored_answer`]) are read from it. `progress` is called after each batch;
/// `stop` is checked before each batch. Each batch's statements are built just before its POST
/// and dropped after it, so memory does not grow with the number of statements.
pub fn send(
    client: &Client,
    mut items: Vec<Outgoing>,
    outbox: Option<&Store>,
    options: xapi::Options,
    now_ms: &dyn Fn() -> i64,
    progress: &mut dyn FnMut(Progress),
    stop: &AtomicBool,
) -> Result<Summary> {
    let endpoint = client.endpoint().statements();
    let mut summary = Summary::default();
    // Which items go out: not acknowledged before (looked up one by one, so the outbox's ids
    // are never all in memory), and the first of any repeated id.
    let keep = {
        let mut seen = HashSet::with_capacity(items.len());
        let mut keep = Vec::with_capacity(items.len());
        for item in &items {
            let sent_before = match outbox {
                Some(store) => store.is_acknowledged(&endpoint, &item.id)?,
                None => false,
            };
            if sent_before {
                summary.already_sent += 1;
            }
            keep.push(!sent_before && seen.insert(item.id.as_str()));
        }
        keep
    };
    let mut keep = keep.into_iter();
    items.retain(|_| keep.next().unwrap_or(false));
    let total = items.len();
    progress(Progress { sent: 0, total });
    for batch in items.chunks(BATCH) {
        if stop.load(Ordering::Relaxed) {
            return Err(Error::Stopped);
        }
        let statements = batch
            .iter()
            .map(|o| o.build(outbox, options))
            .collect::<Result<Vec<Value>>>()?;
        let body = serde_json::to_vec(&statements).map_err(|e| Error::Input(e.to_string()))?;
        match client.post_statements(&body)? {
            Posted::Stored => {}
            // One statement of the batch clashes: send them one by one to find which.
            Posted::Conflict(_) => {
                for (o, s) in batch.iter().zip(&statements) {
                    let one = serde_json::to_vec(&[s]).map_err(|e| Error::Input(e.to_string()))?;
                    if let Posted::Conflict(_) = client.post_statements(&one)? {
                        summary.conflicts.push(o.id.clone());
                    }
                }
            }
        }
        drop((statements, body));
        let ids: Vec<String> = batch.iter().map(|o| o.id.clone()).collect();
        if let Some(store) = outbox {
            store.record_acknowledged(&endpoint, &ids, now_ms())?;
        }
        summary.sent += batch.len();
        progress(Progress {
            sent: summary.sent,
            total,
        });
    }
    summary.sent -= summary.conflicts.len();
    Ok(summary)
}
