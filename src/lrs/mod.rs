//! Learning Record Stores (xAPI 1.0.3): sending statements with an outbox in the store, and
//! reading them back for the class report (docs/lrs.md).
//!
//! [`Client`] is a blocking HTTP client (`ureq` with rustls, no system libraries) with retries
//! and backoff on timeouts and 5xx; [`send::send`] posts statements in batches of
//! [`send::BATCH`], skipping those the store's outbox says the LRS already acknowledged;
//! [`pull::fetch`] pages through `GET statements` following `more` links.

mod auth;
mod client;
pub mod collect;
pub mod pull;
pub mod send;

pub use auth::{AUTH_ENV, Credentials};
pub use client::{Client, Endpoint, Retry, lrs_message};

/// Errors from talking to an LRS.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The URL is not an `http(s)` URL.
    #[error("{0:?} is not an LRS URL (expected http://HOST[:PORT]/PATH or https://...)")]
    Url(String),
    /// Nothing answers at the URL (refused, unknown host, unreachable).
    #[error("cannot connect to the LRS at {url}: {reason}")]
    Connect {
        /// The URL tried.
        url: String,
        /// What the network said.
        reason: String,
    },
    /// The LRS refused the request (400, 401, 403, 404, ...): its own message, on one line.
    #[error("the LRS at {url} refused the request (HTTP {status}): {message}")]
    Rejected {
        /// The URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// The LRS's message.
        message: String,
    },
    /// The LRS kept failing (5xx, timeouts, broken connections) through every retry.
    #[error("the LRS at {url} failed {attempts} times; last: {last}")]
    Unavailable {
        /// The URL.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// The LRS's answer is not what xAPI says it should be.
    #[error("the LRS at {url} sent an unexpected answer: {message}")]
    Response {
        /// The URL.
        url: String,
        /// What was wrong.
        message: String,
    },
    /// The credentials could not be read.
    #[error("{0}")]
    Credentials(String),
    /// A statement file could not be read.
    #[error("{0}")]
    Input(String),
    /// The store failed.
    #[error("progress database: {0}")]
    Store(#[from] crate::store::Error),
    /// Sending was stopped by the caller.
    #[error("stopped")]
    Stopped,
}

impl Error {
    /// Whether the LRS could not be reached at all (the command line's exit status 2).
    pub fn is_connection(&self) -> bool {
        matches!(self, Self::Connect { .. } | Self::Unavailable { .. })
    }
}

/// Result with the LRS [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
