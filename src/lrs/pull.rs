//! Reading statements back from an LRS: `GET statements` with filters, page after page,
//! following the `more` links.
//!
//! Learning Locker's `xapi-statements` 5.0.1 writes an `agent` filter into its `more` links as
//! `agent=[object Object]`, which it then refuses (400). So when a `more` link carries a
//! `cursor` parameter, the next page is asked for with this query's own parameters plus that
//! cursor, rather than with the link as given; other `more` links are followed as they are.

use std::collections::HashSet;

use serde_json::Value;

use super::{Client, Endpoint, Error, Result};

/// Statements per page asked for.
pub const PAGE: usize = 500;

/// Which statements to fetch (xAPI 1.0.3 statement query parameters).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// Only statements stored since this ISO 8601 time.
    pub since: Option<String>,
    /// Only statements of this registration.
    pub registration: Option<String>,
    /// Only statements about this activity, or with it in their context (`related_activities`).
    pub activity: Option<String>,
    /// Only statements by this agent (an xAPI Agent object).
    pub agent: Option<Value>,
}

impl Query {
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(since) = &self.since {
            p.push(("since", since.clone()));
        }
        if let Some(registration) = &self.registration {
            p.push(("registration", registration.clone()));
        }
        if let Some(activity) = &self.activity {
            p.push(("activity", activity.clone()));
            p.push(("related_activities", "true".into()));
        }
        if let Some(agent) = &self.agent {
            p.push(("agent", agent.to_string()));
        }
        p.push(("ascending", "true".into()));
        p.push(("limit", PAGE.to_string()));
        p
    }

    /// The query string (without `?`), values percent-encoded.
    pub fn query_string(&self) -> String {
        self.params()
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Fetches every statement `query` selects, oldest stored first, calling `each` for each one.
/// Returns how many there were.
pub fn fetch(client: &Client, query: &Query, each: &mut dyn FnMut(Value)) -> Result<usize> {
    let first = format!(
        "{}?{}",
        client.endpoint().statements(),
        query.query_string()
    );
    let mut url = first.clone();
    let mut seen_links = HashSet::new();
    let mut count = 0;
    loop {
        let page = read_page(client.get_json(&url)?, &url)?;
        for s in page.statements {
            count += 1;
            each(s);
        }
        if page.more.is_empty() {
            return Ok(count);
        }
        if !seen_links.insert(page.more.clone()) {
            return Err(Error::Response {
                url,
                message: format!("the \"more\" link {} came back again", page.more),
            });
        }
        url = next_url(&page.more, &first, client.endpoint());
    }
}

/// One page of an LRS's answer to `GET statements` (an xAPI `StatementResult`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// The statements, as sent.
    pub statements: Vec<Value>,
    /// The `more` link, trimmed; empty on the last page.
    pub more: String,
}

/// Reads a page the LRS answered at `url` (named in errors).
pub fn read_page(mut page: Value, url: &str) -> Result<Page> {
    let Some(statements) = page.get_mut("statements").and_then(Value::as_array_mut) else {
        return Err(Error::Response {
            url: url.to_owned(),
            message: "no \"statements\" array".into(),
        });
    };
    let statements = std::mem::take(statements);
    let more = page
        .get("more")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned();
    Ok(Page { statements, more })
}

/// The URL of the page a `more` link points to; `first` is the first page's URL.
pub fn next_url(more: &str, first: &str, endpoint: &Endpoint) -> String {
    match cursor(more) {
        // The xapi-statements workaround (see the module documentation).
        Some(cursor) => format!("{first}&cursor={}", encode(&cursor)),
        None if more.starts_with("http://") || more.starts_with("https://") => more.to_owned(),
        None if more.starts_with('/') => format!("{}{more}", endpoint.origin()),
        None => format!("{}/{more}", endpoint.base()),
    }
}

/// The `cursor` parameter of a `more` link, decoded.
fn cursor(more: &str) -> Option<String> {
    let query = more.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("cursor="))
        .map(decode)
}

/// Percent-encodes a query value (everything but RFC 3986 unreserved characters).
fn encode(value: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            write!(out, "%{b:02X}").ok();
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (lossy on invalid UTF-8): `+` is a space in a query string, and
/// an escaped plus (`%2B`) still decodes to `+` because spaces are put in first.
fn decode(value: &str) -> String {
    crate::course::report::read::percent_decode(&value.replace('+', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_encode_values() {
        let q = Query {
            since: Some("2026-12-01T00:00:00Z".into()),
            activity: Some("https://counterpoint.invalid/exams/AB-1".into()),
            agent: Some(
                serde_json::json!({"account": {"homePage": "https://x.org", "name": "Ada L"}}),
            ),
            ..Query::default()
        };
        assert_eq!(
            q.query_string(),
            "since=2026-12-01T00%3A00%3A00Z\
             &activity=https%3A%2F%2Fcounterpoint.invalid%2Fexams%2FAB-1&related_activities=true\
             &agent=%7B%22account%22%3A%7B%22homePage%22%3A%22https%3A%2F%2Fx.org%22%2C%22name%22%3A%22Ada%20L%22%7D%7D\
             &ascending=true&limit=500"
        );
    }

    #[test]
    fn cursors_come_from_more_links() {
        assert_eq!(
            cursor("/xAPI/statements?agent=[object Object]&limit=2&cursor=4fd0-11f1"),
            Some("4fd0-11f1".into())
        );
        assert_eq!(cursor("/xapi/statements/more/abc"), None);
        assert_eq!(decode("a%20b+c%2"), "a b c%2");
    }
}
