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

/// One statement to send: its id, and how to build it (answers are built batch by batch, so
/// sending 100,000 answers never holds 100,000 statements in memory).
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// The statement id.
    pub id: String,
    build: Build,
}

#[derive(Clone, Debug)]
enum Build {
    Answer {
        profile: Arc<str>,
        record: AnswerRecord,
    },
    Ready(Value),
}

impl Outgoing {
    /// An answer of learner `profile`, built into its statement when its batch is sent.
    pub fn answer(profile: Arc<str>, record: AnswerRecord) -> Self {
        Self {
            id: xapi::statement_id(&profile, &record),
            build: Build::Answer { profile, record },
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

    /// The statement.
    pub fn build(&self, options: xapi::Options) -> Value {
        match &self.build {
            Build::Answer { profile, record } => xapi::statement_with(profile, record, options),
            Build::Ready(statement) => statement.clone(),
        }
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
/// and each acknowledged batch is recorded there (`now_ms` gives the time). `progress` is
/// called after each batch; `stop` is checked before each batch.
pub fn send(
    client: &Client,
    items: Vec<Outgoing>,
    outbox: Option<&Store>,
    options: xapi::Options,
    now_ms: &dyn Fn() -> i64,
    progress: &mut dyn FnMut(Progress),
    stop: &AtomicBool,
) -> Result<Summary> {
    let endpoint = client.endpoint().statements();
    let acknowledged = match outbox {
        Some(store) => store.acknowledged(&endpoint)?,
        None => HashSet::new(),
    };
    let mut seen = HashSet::new();
    let mut summary = Summary::default();
    let mut pending = Vec::with_capacity(items.len());
    for item in items {
        if acknowledged.contains(&item.id) {
            summary.already_sent += 1;
        } else if seen.insert(item.id.clone()) {
            pending.push(item);
        }
    }
    drop(acknowledged);
    let total = pending.len();
    progress(Progress { sent: 0, total });
    for batch in pending.chunks(BATCH) {
        if stop.load(Ordering::Relaxed) {
            return Err(Error::Stopped);
        }
        let statements: Vec<Value> = batch.iter().map(|o| o.build(options)).collect();
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
