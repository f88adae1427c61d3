//! The HTTP side: one blocking `ureq` agent, the xAPI version header, Basic credentials, and
//! retries with exponential backoff on timeouts, broken connections and 5xx answers.

use std::time::Duration;

use serde_json::Value;

use super::{Credentials, Error, Result};
use crate::interchange::results::xapi::XAPI_VERSION;

/// An LRS's xAPI base URL, e.g. `https://lrs.example.org/xapi` (statements at
/// `{base}/statements`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    base: String,
}

impl Endpoint {
    /// Parses an LRS URL: `http(s)://HOST[:PORT]/PATH`, with or without a trailing
    /// `/statements` or `/`.
    pub fn parse(url: &str) -> Result<Self> {
        let url = url.trim();
        let rest = ["http://", "https://"]
            .iter()
            .find_map(|scheme| {
                url.get(..scheme.len())
                    .filter(|s| s.eq_ignore_ascii_case(scheme))
                    .and_then(|_| url.get(scheme.len()..))
            })
            .ok_or_else(|| Error::Url(url.to_owned()))?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() || url.contains(char::is_whitespace) || url.contains(['?', '#']) {
            return Err(Error::Url(url.to_owned()));
        }
        let mut base = url.trim_end_matches('/').to_owned();
        if let Some(stripped) = base.strip_suffix("/statements") {
            base = stripped.trim_end_matches('/').to_owned();
        }
        Ok(Self { base })
    }

    /// The base URL, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The statements resource: what the outbox keys acknowledged statements by.
    pub fn statements(&self) -> String {
        format!("{}/statements", self.base)
    }

    /// `scheme://host[:port]`, for resolving `more` links (which are absolute paths).
    pub fn origin(&self) -> &str {
        let after_scheme = self.base.find("://").map_or(0, |i| i + 3);
        let end = self
            .base
            .get(after_scheme..)
            .and_then(|rest| rest.find('/'))
            .map_or(self.base.len(), |i| after_scheme + i);
        self.base.get(..end).unwrap_or(&self.base)
    }
}

/// How often and how patiently to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all (at least 1).
    pub attempts: u32,
    /// Wait before the second attempt; doubled each time.
    pub first_delay: Duration,
    /// Longest wait.
    pub max_delay: Duration,
    /// Timeout of one request.
    pub timeout: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            attempts: 5,
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            timeout: Duration::from_secs(60),
        }
    }
}

/// A blocking xAPI client for one LRS.
pub struct Client {
    agent: ureq::Agent,
    endpoint: Endpoint,
    authorization: Option<String>,
    retry: Retry,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// The answer to a POST of statements.
#[derive(Debug, PartialEq, Eq)]
pub enum Posted {
    /// Stored (or already held with the same content).
    Stored,
    /// 409: the LRS holds a different statement with one of these ids.
    Conflict(String),
}

/// One try's failure: worth retrying or not.
enum Failure {
    Retry(String),
    Fatal(Error),
}

impl Client {
    /// A client for `endpoint`, with `credentials` when the LRS needs them.
    pub fn new(endpoint: Endpoint, credentials: Option<&Credentials>, retry: Retry) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(retry.timeout))
            .timeout_connect(Some(retry.timeout.min(Duration::from_secs(10))))
            .http_status_as_error(false)
            .build()
            .into();
        Self {
            agent,
            endpoint,
            authorization: credentials.map(Credentials::header),
            retry,
        }
    }

    /// The LRS.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// POSTs a JSON array of statements (already serialised).
    pub fn post_statements(&self, body: &[u8]) -> Result<Posted> {
        let url = self.endpoint.statements();
        self.with_retries(&url, || {
            let mut request = self
                .agent
                .post(&url)
                .header("X-Experience-API-Version", XAPI_VERSION)
                .header("Content-Type", "application/json");
            if let Some(auth) = &self.authorization {
                request = request.header("Authorization", auth);
            }
            let response = request.send(body).map_err(|e| classify(&url, e))?;
            let status = response.status().as_u16();
            let text = read_text(response);
            match status {
                200..=299 => Ok(Posted::Stored),
                409 => Ok(Posted::Conflict(lrs_message(&text))),
                _ => Err(status_failure(&url, status, &text)),
            }
        })
    }

    /// GETs `url` (the statements resource with a query, or a `more` link resolved against
    /// the origin) and parses the JSON answer.
    pub fn get_json(&self, url: &str) -> Result<Value> {
        self.with_retries(url, || {
            let mut request = self
                .agent
                .get(url)
                .header("X-Experience-API-Version", XAPI_VERSION);
            if let Some(auth) = &self.authorization {
                request = request.header("Authorization", auth);
            }
            let response = request.call().map_err(|e| classify(url, e))?;
            let status = response.status().as_u16();
            if !(200..=299).contains(&status) {
                return Err(status_failure(url, status, &read_text(response)));
            }
            let text = answer_text(url, response, MAX_ANSWER_BYTES)?;
            serde_json::from_str(&text).map_err(|e| {
                Failure::Fatal(Error::Response {
                    url: url.to_owned(),
                    message: format!("not JSON ({e})"),
                })
            })
        })
    }

    fn with_retries<T>(
        &self,
        url: &str,
        mut once: impl FnMut() -> Result<T, Failure>,
    ) -> Result<T> {
        let attempts = self.retry.attempts.max(1);
        let mut delay = self.retry.first_delay;
        let mut last = String::new();
        for attempt in 1..=attempts {
            match once() {
                Ok(value) => return Ok(value),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(why)) => last = why,
            }
            if attempt < attempts {
                std::thread::sleep(delay);
                delay = (delay * 2).min(self.retry.max_delay);
            }
        }
        Err(Error::Unavailable {
            url: url.to_owned(),
            attempts,
            last,
        })
    }
}

/// The most bytes of an LRS's answer that are read: a page of 500 statements is a few MB.
pub const MAX_ANSWER_BYTES: u64 = 256 << 20;

/// The body as text, at most [`MAX_ANSWER_BYTES`] (an error page or a page of statements);
/// empty when it cannot be read.
fn read_text(response: ureq::http::Response<ureq::Body>) -> String {
    read_body(response).unwrap_or_default()
}

fn read_body(response: ureq::http::Response<ureq::Body>) -> Result<String, ureq::Error> {
    response
        .into_body()
        .with_config()
        .limit(MAX_ANSWER_BYTES)
        .read_to_string()
}

/// The text of a successful answer from `url`: refused when over `limit` bytes or not UTF-8.
fn answer_text(
    url: &str,
    response: ureq::http::Response<ureq::Body>,
    limit: u64,
) -> Result<String, Failure> {
    let refuse = |message: String| {
        Failure::Fatal(Error::Response {
            url: url.to_owned(),
            message,
        })
    };
    response
        .into_body()
        .with_config()
        .limit(limit)
        .read_to_string()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => refuse(format!(
                "the answer is larger than {}; ask for fewer statements at a time",
                size_text(limit)
            )),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
                refuse(format!("not UTF-8 text ({io})"))
            }
            other => classify(url, other),
        })
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

fn classify(url: &str, e: ureq::Error) -> Failure {
    use std::io::ErrorKind;
    match e {
        ureq::Error::Timeout(t) => Failure::Retry(format!("no answer in time ({t})")),
        ureq::Error::HostNotFound => Failure::Fatal(Error::Connect {
            url: url.to_owned(),
            reason: "host not found".into(),
        }),
        ureq::Error::ConnectionFailed => Failure::Fatal(Error::Connect {
            url: url.to_owned(),
            reason: "connection failed".into(),
        }),
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                ErrorKind::ConnectionRefused
                    | ErrorKind::HostUnreachable
                    | ErrorKind::NetworkUnreachable
                    | ErrorKind::AddrNotAvailable
                    | ErrorKind::NetworkDown
            ) =>
        {
            Failure::Fatal(Error::Connect {
                url: url.to_owned(),
                reason: io.to_string().to_lowercase(),
            })
        }
        ureq::Error::Io(io) => Failure::Retry(io.to_string()),
        other => Failure::Fatal(Error::Connect {
            url: url.to_owned(),
            reason: other.to_string(),
        }),
    }
}

fn status_failure(url: &str, status: u16, body: &str) -> Failure {
    if status >= 500 || status == 429 || status == 408 {
        Failure::Retry(format!("HTTP {status}: {}", lrs_message(body)))
    } else {
        Failure::Fatal(Error::Rejected {
            url: url.to_owned(),
            status,
            message: lrs_message(body),
        })
    }
}

/// The LRS's own message on one line: `message`, else the `warnings` joined (Learning Locker),
/// else the body itself, cut to 300 characters.
pub fn lrs_message(body: &str) -> String {
    let from_json = serde_json::from_str::<Value>(body).ok().and_then(|v| {
        let message = v.get("message").and_then(Value::as_str).map(str::to_owned);
        let warnings = v.get("warnings").and_then(Value::as_array).map(|w| {
            w.iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join("; ")
        });
        message.or(warnings)
    });
    let text = from_json.unwrap_or_else(|| body.to_owned());
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(300).collect();
    if one_line.chars().count() > 300 {
        out.push('\u{2026}');
    }
    if out.is_empty() {
        "(no message)".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_normalised() {
        for url in [
            "http://127.0.0.1:8080/xAPI",
            "http://127.0.0.1:8080/xAPI/",
            "http://127.0.0.1:8080/xAPI/statements",
            " http://127.0.0.1:8080/xAPI/statements/ ",
        ] {
            let e = Endpoint::parse(url).unwrap();
            assert_eq!(e.base(), "http://127.0.0.1:8080/xAPI", "{url}");
            assert_eq!(e.statements(), "http://127.0.0.1:8080/xAPI/statements");
            assert_eq!(e.origin(), "http://127.0.0.1:8080");
        }
        assert_eq!(
            Endpoint::parse("https://lrs.example").unwrap().origin(),
            "https://lrs.example"
        );
        for bad in [
            "ftp://x/y",
            "127.0.0.1:8080",
            "http://",
            "http:///x",
            "http://a b/",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lrs_messages_are_one_line() {
        assert_eq!(lrs_message(r#"{"message":"Unauthorised"}"#), "Unauthorised");
        assert_eq!(
            lrs_message(r#"{"errorId":"x","warnings":["a","b"]}"#),
            "a; b"
        );
        assert_eq!(lrs_message("Bad\n  request"), "Bad request");
        assert_eq!(lrs_message(""), "(no message)");
        assert_eq!(lrs_message(&"x".repeat(400)).chars().count(), 301);
    }

    #[test]
    fn a_closed_port_is_a_connection_error_at_once() {
        // Bind and drop a listener: its port is closed now.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let endpoint = Endpoint::parse(&format!("http://127.0.0.1:{port}/xAPI")).unwrap();
        let client = Client::new(endpoint, None, Retry::default());
        let started = std::time::Instant::now();
        let e = client.post_statements(b"[]").unwrap_err();
        assert!(e.is_connection(), "{e}");
        assert!(e.to_string().contains("cannot connect"), "{e}");
        // Not retried: a refused connection is not a busy server.
        assert!(started.elapsed() < Retry::default().first_delay);
    }

    #[test]
    fn an_oversized_or_binary_answer_is_refused_with_a_reason() {
        let answer =
            |bytes: &[u8]| ureq::http::Response::new(ureq::Body::builder().data(bytes.to_vec()));
        let url = "http://lrs/xapi/statements";
        let fatal = |f: Failure| match f {
            Failure::Fatal(e) => e.to_string(),
            Failure::Retry(m) => panic!("retried: {m}"),
        };
        assert_eq!(
            answer_text(url, answer(b"{\"statements\":[]}"), 64).ok(),
            Some("{\"statements\":[]}".to_owned())
        );
        let big = fatal(answer_text(url, answer(&[b' '; 65]), 64).unwrap_err());
        assert!(
            big.contains("the answer is larger than 64 bytes; ask for fewer statements"),
            "{big}"
        );
        let binary = fatal(answer_text(url, answer(b"[\xFF\xFE]"), 64).unwrap_err());
        assert!(binary.contains("not UTF-8 text"), "{binary}");
        assert_eq!(size_text(MAX_ANSWER_BYTES), "256 MB");
    }
}
