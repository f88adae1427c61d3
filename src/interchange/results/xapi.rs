//! xAPI 1.0.3 statements for answers: one "answered" statement per answer, with the question as
//! a `cmi.interaction` activity. The mapping is documented in docs/results.md.

use chrono::{DateTime, SecondsFormat};
use serde_json::{Value, json};

use super::uuid;
use crate::engine::Response;
use crate::model::KindName;
use crate::store::AnswerRecord;

/// Base of every IRI Counterpoint mints. `.invalid` is reserved (RFC 6761) and never resolves,
/// so these identifiers cannot collide with anyone's real activities or pretend to be locators.
pub const IRI_BASE: &str = "https://counterpoint.invalid";

/// The ADL "answered" verb.
pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";

/// The activity type of a question.
pub const CMI_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// The xAPI version the statements follow.
pub const XAPI_VERSION: &str = "1.0.3";

/// The statements for `answers` by learner `profile`, in the order given.
pub fn statements(profile: &str, answers: &[AnswerRecord]) -> Vec<Value> {
    answers.iter().map(|a| statement(profile, a)).collect()
}

/// The "answered" statement of one answer.
///
/// ```
/// use counterpoint::interchange::results::xapi;
/// use counterpoint::store::{AnswerRecord, NewAnswer, ProfileId, SessionId};
///
/// let record = AnswerRecord {
///     id: 7,
///     answer: NewAnswer {
///         session: SessionId(2),
///         profile: ProfileId(1),
///         bank_id: "iskp".into(),
///         bank_version: "1.0.0".into(),
///         question_id: "origins-1".into(),
///         topic: "origins".into(),
///         kind: "multiple".into(),
///         response_json: r#"{"kind":"multiple","value":[0,2]}"#.into(),
///         score: 0.5,
///         time_taken_ms: 12_500,
///         answered_ms: 1_709_251_200_000,
///     },
/// };
/// let s = xapi::statement("Ada", &record);
/// assert_eq!(s["object"]["id"], "https://counterpoint.invalid/banks/iskp/questions/origins-1");
/// assert_eq!(s["object"]["definition"]["interactionType"], "choice");
/// assert_eq!(s["result"]["response"], "0[,]2");
/// assert_eq!(s["result"]["duration"], "PT12.5S");
/// assert_eq!(s["timestamp"], "2024-03-01T00:00:00.000Z");
/// ```
pub fn statement(profile: &str, record: &AnswerRecord) -> Value {
    let a = &record.answer;
    let score = if a.score.is_finite() {
        a.score.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mut result = json!({
        "score": { "scaled": score, "raw": score, "min": 0, "max": 1 },
        "success": crate::engine::is_right(score),
        "completion": true,
        "duration": iso_duration(a.time_taken_ms),
    });
    if let (Some(response), Value::Object(fields)) =
        (response_string(&a.response_json), &mut result)
    {
        fields.insert("response".into(), Value::String(response));
    }
    let statement_name = format!(
        "{IRI_BASE}/answers/{}/{}/{}/{}/{}",
        segment(profile),
        record.id,
        a.answered_ms,
        segment(&a.bank_id),
        segment(&a.question_id),
    );
    let registration_name = format!("{IRI_BASE}/sessions/{}/{}", segment(profile), a.session.0);
    json!({
        "id": uuid::to_string(&uuid::v5(&uuid::NAMESPACE_URL, statement_name.as_bytes())),
        "actor": {
            "objectType": "Agent",
            "name": profile,
            "account": { "homePage": IRI_BASE, "name": profile },
        },
        "verb": {
            "id": VERB_ANSWERED,
            "display": { "en-US": "answered" },
        },
        "object": {
            "objectType": "Activity",
            "id": question_iri(&a.bank_id, &a.question_id),
            "definition": {
                "type": CMI_INTERACTION,
                "interactionType": interaction_type(&a.kind),
                "name": { "und": format!("{} / {}", a.bank_id, a.question_id) },
            },
        },
        "result": result,
        "context": {
            "registration": uuid::to_string(&uuid::v5(&uuid::NAMESPACE_URL, registration_name.as_bytes())),
            "platform": "Counterpoint",
            "contextActivities": {
                "parent": [{ "objectType": "Activity", "id": bank_iri(&a.bank_id) }],
            },
            "extensions": {
                format!("{IRI_BASE}/xapi/extensions/bank-version"): a.bank_version,
                format!("{IRI_BASE}/xapi/extensions/topic"): a.topic,
                format!("{IRI_BASE}/xapi/extensions/kind"): a.kind,
            },
        },
        "timestamp": iso_timestamp(a.answered_ms),
        "version": XAPI_VERSION,
    })
}

/// The activity IRI of a question: `https://counterpoint.invalid/banks/{bank}/questions/{id}`.
pub fn question_iri(bank_id: &str, question_id: &str) -> String {
    format!("{}/questions/{}", bank_iri(bank_id), segment(question_id))
}

/// The activity IRI of a bank: `https://counterpoint.invalid/banks/{bank}`.
pub fn bank_iri(bank_id: &str) -> String {
    format!("{IRI_BASE}/banks/{}", segment(bank_id))
}

/// The xAPI `interactionType` of a question kind (`other` for a kind this build does not know).
pub fn interaction_type(kind: &str) -> &'static str {
    let Some(kind) = KindName::parse(kind) else {
        return "other";
    };
    match kind {
        KindName::Single | KindName::Multiple => "choice",
        KindName::TrueFalse => "true-false",
        KindName::Order => "sequencing",
        KindName::Match => "matching",
        KindName::Numeric => "numeric",
        KindName::Text => "fill-in",
    }
}

/// The response in the xAPI format for its interaction type, from the stored
/// `engine::Response` JSON; `None` if it does not parse, or for a numeric answer that is no
/// number. Choice, item and match ids are the 0-based authored indices (docs/results.md).
pub fn response_string(response_json: &str) -> Option<String> {
    let response: Response = serde_json::from_str(response_json).ok()?;
    let ids = |xs: &[usize]| {
        xs.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("[,]")
    };
    Some(match response {
        Response::Single(pick) => pick.map(|i| i.to_string()).unwrap_or_default(),
        Response::Multiple(picks) => ids(&picks),
        Response::TrueFalse(pick) => pick.map(|b| b.to_string()).unwrap_or_default(),
        Response::Order(order) => ids(&order),
        Response::Match(picks) => picks
            .iter()
            .enumerate()
            .filter_map(|(left, right)| right.map(|r| format!("{left}[.]{r}")))
            .collect::<Vec<_>>()
            .join("[,]"),
        // A typed text that is no number cannot be written as a numeric response.
        Response::Numeric(text) => crate::engine::parse_number(&text)?.to_string(),
        Response::Text(text) => text.trim().to_string(),
    })
}

/// An ISO 8601 duration in seconds with up to millisecond precision: 12 500 ms is `PT12.5S`.
/// A negative time (a clock that went backwards) is reported as `PT0S`.
pub fn iso_duration(ms: i64) -> String {
    let ms = ms.max(0);
    let (secs, frac) = (ms / 1000, ms % 1000);
    if frac == 0 {
        format!("PT{secs}S")
    } else {
        let frac = format!("{frac:03}");
        format!("PT{secs}.{}S", frac.trim_end_matches('0'))
    }
}

/// An ISO 8601 timestamp in UTC with milliseconds: `2024-03-01T00:00:00.000Z`. Times outside
/// chrono's range (hundreds of thousands of years away) are clamped to the epoch.
pub fn iso_timestamp(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Percent-encodes an id for one IRI path segment: everything but RFC 3986 unreserved
/// characters, and dots too when the whole segment is dots (`.` and `..` would be removed by
/// IRI normalisation).
fn segment(id: &str) -> String {
    use std::fmt::Write as _;
    let all_dots = id.bytes().all(|b| b == b'.');
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        let unreserved = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~');
        if unreserved || (b == b'.' && !all_dots) {
            out.push(char::from(b));
        } else {
            write!(out, "%{b:02X}").ok();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::results::export::tests::record;

    #[test]
    fn response_strings_per_kind() {
        let cases = [
            (r#"{"kind":"single","value":2}"#, "2"),
            (r#"{"kind":"single","value":null}"#, ""),
            (r#"{"kind":"multiple","value":[0,3]}"#, "0[,]3"),
            (r#"{"kind":"true_false","value":false}"#, "false"),
            (r#"{"kind":"order","value":[2,0,1]}"#, "2[,]0[,]1"),
            (r#"{"kind":"match","value":[1,null,0]}"#, "0[.]1[,]2[.]0"),
            (r#"{"kind":"numeric","value":" 2015 "}"#, "2015"),
            (r#"{"kind":"numeric","value":"1,500.50"}"#, "1500.5"),
            (r#"{"kind":"text","value":"Khorasan"}"#, "Khorasan"),
        ];
        for (json, want) in cases {
            assert_eq!(response_string(json).as_deref(), Some(want), "{json}");
        }
        assert_eq!(response_string("garbage"), None);
        assert_eq!(
            response_string(r#"{"kind":"numeric","value":"soon"}"#),
            None
        );
    }

    #[test]
    fn durations_and_timestamps() {
        assert_eq!(iso_duration(12_500), "PT12.5S");
        assert_eq!(iso_duration(12_000), "PT12S");
        assert_eq!(iso_duration(61_005), "PT61.005S");
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(-5), "PT0S");
        assert_eq!(iso_timestamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_timestamp(1_709_251_200_123), "2024-03-01T00:00:00.123Z");
    }

    #[test]
    fn ids_are_percent_encoded_in_iris() {
        assert_eq!(
            question_iri("iskp", "a b/c?é"),
            "https://counterpoint.invalid/banks/iskp/questions/a%20b%2Fc%3F%C3%A9"
        );
        assert_eq!(
            question_iri("iskp", ".."),
            "https://counterpoint.invalid/banks/iskp/questions/%2E%2E"
        );
        assert_eq!(
            question_iri("iskp", "v1.2"),
            format!("{IRI_BASE}/banks/iskp/questions/v1.2")
        );
    }

    #[test]
    fn statement_ids_are_stable_and_distinct() {
        let a = record(1, "single", r#"{"kind":"single","value":0}"#, 1.0);
        let b = record(2, "single", r#"{"kind":"single","value":0}"#, 1.0);
        assert_eq!(statement("Ada", &a)["id"], statement("Ada", &a)["id"]);
        assert_ne!(statement("Ada", &a)["id"], statement("Ada", &b)["id"]);
        assert_ne!(statement("Ada", &a)["id"], statement("Ben", &a)["id"]);
        // Same session, same registration.
        assert_eq!(
            statement("Ada", &a)["context"]["registration"],
            statement("Ada", &b)["context"]["registration"]
        );
    }

    #[test]
    fn documented_example_ids() {
        // The example statement in docs/results.md.
        let mut r = record(1, "single", r#"{"kind":"single","value":2}"#, 1.0);
        r.answer.session = crate::store::SessionId(1);
        r.answer.question_id = "origins-1".into();
        r.answer.answered_ms = 1_709_283_601_000;
        let s = statement("Ada", &r);
        assert_eq!(s["id"], "7531e89d-0a14-51f7-936e-89fc14a0e341");
        assert_eq!(
            s["context"]["registration"],
            "3071b91e-62df-5629-85f6-f3fe026ad8d3"
        );
    }

    #[test]
    fn success_only_when_fully_right() {
        let right = record(1, "single", "{}", 1.0);
        let partial = record(2, "multiple", "{}", 0.5);
        assert_eq!(statement("Ada", &right)["result"]["success"], true);
        assert_eq!(statement("Ada", &partial)["result"]["success"], false);
        assert_eq!(statement("Ada", &partial)["result"]["score"]["scaled"], 0.5);
        // An unparsable response is left out rather than guessed.
        assert!(
            statement("Ada", &partial)["result"]
                .get("response")
                .is_none()
        );
    }
}
