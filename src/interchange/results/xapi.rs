//! xAPI 1.0.3 statements for answers: one "answered" statement per answer, with the question as
//! a `cmi.interaction` activity. The mapping is documented in docs/results.md.

use chrono::{DateTime, SecondsFormat};
use serde_json::{Value, json};

use super::uuid;
use crate::engine::Response;
use crate::model::{Bank, Kind, KindName, NumericAnswer, Question};
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

/// Where statements find the questions they describe: the banks loaded now. A question is only
/// described when its bank is loaded at the version the answer was given in, so the choice ids
/// of a definition are those the response refers to.
pub trait Questions {
    /// The question `question` of bank `bank` at version `version`, with the bank's language.
    fn find(&self, bank: &str, version: &str, question: &str) -> Option<(&Question, &str)>;
}

/// No questions: statements carry only the interaction type and the ids.
impl Questions for () {
    fn find(&self, _: &str, _: &str, _: &str) -> Option<(&Question, &str)> {
        None
    }
}

impl Questions for Vec<Bank> {
    fn find(&self, bank: &str, version: &str, question: &str) -> Option<(&Question, &str)> {
        let b = self
            .iter()
            .find(|b| b.id.0 == bank && b.version == version)?;
        let q = b.questions.iter().find(|q| q.id.0 == question)?;
        Some((q, b.language.as_str()))
    }
}

/// What a statement says beyond the stored answer: the actor's account home page and where to
/// find the questions' text.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// The `homePage` of the actor's account: the organisation's URL (default [`IRI_BASE`]).
    pub home_page: &'a str,
    /// The loaded banks, for `object.definition`.
    pub questions: &'a dyn Questions,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Self {
            home_page: IRI_BASE,
            questions: &(),
        }
    }
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("home_page", &self.home_page)
            .finish_non_exhaustive()
    }
}

/// The statements for `answers` by learner `profile`, in the order given.
pub fn statements(profile: &str, answers: &[AnswerRecord]) -> Vec<Value> {
    statements_with(profile, answers, Options::default())
}

/// The statements for `answers` by learner `profile`, with `options`.
pub fn statements_with(profile: &str, answers: &[AnswerRecord], options: Options) -> Vec<Value> {
    answers
        .iter()
        .map(|a| statement_with(profile, a, options))
        .collect()
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
    statement_with(profile, record, Options::default())
}

/// The "answered" statement of one answer, with the actor's home page and the question's
/// definition (when `options.questions` has it) from `options`.
pub fn statement_with(profile: &str, record: &AnswerRecord, options: Options) -> Value {
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
    let registration_name = format!("{IRI_BASE}/sessions/{}/{}", segment(profile), a.session.0);
    json!({
        "id": statement_id(profile, record),
        "actor": actor(profile, options.home_page),
        "verb": {
            "id": VERB_ANSWERED,
            "display": { "en-US": "answered" },
        },
        "object": {
            "objectType": "Activity",
            "id": question_iri(&a.bank_id, &a.question_id),
            "definition": options
                .questions
                .find(&a.bank_id, &a.bank_version, &a.question_id)
                .filter(|(q, _)| q.kind.name() == a.kind)
                .map_or_else(
                    || bare_definition(&a.kind, &a.bank_id, &a.question_id),
                    |(q, language)| definition(q, language),
                ),
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

/// The id of the "answered" statement of `record` by `profile`: a version 5 UUID of
/// `https://counterpoint.invalid/answers/{profile}/{answer id}/{answered ms}/{bank}/{question}`.
pub fn statement_id(profile: &str, record: &AnswerRecord) -> String {
    let a = &record.answer;
    let name = format!(
        "{IRI_BASE}/answers/{}/{}/{}/{}/{}",
        segment(profile),
        record.id,
        a.answered_ms,
        segment(&a.bank_id),
        segment(&a.question_id),
    );
    uuid::to_string(&uuid::v5(&uuid::NAMESPACE_URL, name.as_bytes()))
}

/// The actor: an Agent identified by an account `{homePage, name}`.
pub fn actor(profile: &str, home_page: &str) -> Value {
    json!({
        "objectType": "Agent",
        "name": profile,
        "account": { "homePage": home_page, "name": profile },
    })
}

/// The definition of a question that is not loaded: its interaction type, and `bank / id` as
/// its name.
pub fn bare_definition(kind: &str, bank_id: &str, question_id: &str) -> Value {
    json!({
        "type": CMI_INTERACTION,
        "interactionType": interaction_type(kind),
        "name": { "und": format!("{bank_id} / {question_id}") },
    })
}

/// Longest `name` (short title) of a definition, in characters.
pub const NAME_MAX_CHARS: usize = 80;

/// The `cmi.interaction` definition of a question (mapping in docs/results.md): `name` (the
/// prompt's first line, cut to [`NAME_MAX_CHARS`]), `description` (the prompt as plain text),
/// `interactionType`, the components with the authored 0-based indices as ids, and
/// `correctResponsesPattern`. Language maps use the bank's language (`und` when it has none).
pub fn definition(question: &Question, language: &str) -> Value {
    let language = if language.trim().is_empty() {
        "und"
    } else {
        language
    };
    let text = |s: &str| json!({ language: plain_text(s) });
    let components = |texts: &mut dyn Iterator<Item = &str>| -> Vec<Value> {
        texts
            .enumerate()
            .map(|(i, t)| json!({ "id": i.to_string(), "description": text(t) }))
            .collect()
    };
    let join = |ids: &mut dyn Iterator<Item = String>| ids.collect::<Vec<_>>().join("[,]");
    let description = plain_text(&question.prompt);
    let mut d = json!({
        "type": CMI_INTERACTION,
        "interactionType": interaction_type(question.kind.name()),
        "name": { language: short_title(&description) },
        "description": { language: description },
    });
    let Value::Object(fields) = &mut d else {
        return d;
    };
    let (extra, patterns): (Vec<(&str, Value)>, Vec<String>) = match &question.kind {
        Kind::Single { choices, answer } => (
            vec![(
                "choices",
                Value::Array(components(&mut choices.iter().map(|c| c.text.as_str()))),
            )],
            vec![answer.to_string()],
        ),
        Kind::Multiple { choices, answers } => (
            vec![(
                "choices",
                Value::Array(components(&mut choices.iter().map(|c| c.text.as_str()))),
            )],
            vec![join(&mut answers.iter().map(ToString::to_string))],
        ),
        Kind::TrueFalse { answer, .. } => (vec![], vec![answer.to_string()]),
        Kind::Order { items } => (
            vec![(
                "choices",
                Value::Array(components(&mut items.iter().map(String::as_str))),
            )],
            vec![join(&mut (0..items.len()).map(|i| i.to_string()))],
        ),
        Kind::Match { pairs, distractors } => (
            vec![
                (
                    "source",
                    Value::Array(components(&mut pairs.iter().map(|p| p.left.as_str()))),
                ),
                (
                    "target",
                    Value::Array(components(
                        &mut pairs
                            .iter()
                            .map(|p| p.right.as_str())
                            .chain(distractors.iter().map(String::as_str)),
                    )),
                ),
            ],
            vec![join(&mut (0..pairs.len()).map(|i| format!("{i}[.]{i}")))],
        ),
        Kind::Numeric { answer, .. } => (
            vec![],
            vec![match *answer {
                NumericAnswer::Exact { value, tolerance } if tolerance > 0.0 => {
                    format!("{}[:]{}", value - tolerance, value + tolerance)
                }
                NumericAnswer::Exact { value, .. } => value.to_string(),
                NumericAnswer::Range { min, max } => format!("{min}[:]{max}"),
            }],
        ),
        // Each accepted text is one pattern; the grader ignores case, as a fill-in pattern does
        // by default (`case_matters=false`).
        Kind::Text { accept } => (vec![], accept.iter().map(|a| a.trim().to_owned()).collect()),
    };
    for (key, value) in extra {
        fields.insert(key.into(), value);
    }
    fields.insert("correctResponsesPattern".into(), json!(patterns));
    d
}

/// The first line of `plain`, cut to [`NAME_MAX_CHARS`] characters with an ellipsis.
fn short_title(plain: &str) -> String {
    let line = plain.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= NAME_MAX_CHARS {
        return line.to_owned();
    }
    let cut: String = line.chars().take(NAME_MAX_CHARS - 1).collect();
    format!("{}\u{2026}", cut.trim_end())
}

/// Markdown as plain text: links and images become their text, emphasis, code and heading
/// marks are dropped, and paragraphs are kept as lines.
pub fn plain_text(markdown: &str) -> String {
    let mut lines = Vec::new();
    for line in markdown.lines() {
        let line = line.trim();
        let line = line.trim_start_matches('#').trim_start_matches('>').trim();
        let line = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .unwrap_or(line);
        let mut out = String::with_capacity(line.len());
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' | '`' | '[' => {}
                '_' if out.is_empty()
                    || out.ends_with(' ')
                    || chars.peek().is_none_or(|n| !n.is_alphanumeric()) => {}
                '!' if chars.peek() == Some(&'[') => {}
                ']' if chars.peek() == Some(&'(') => {
                    // Skip the link target.
                    let mut depth = 0;
                    for t in chars.by_ref() {
                        match t {
                            '(' => depth += 1,
                            ')' if depth <= 1 => break,
                            ')' => depth -= 1,
                            _ => {}
                        }
                    }
                }
                '\\' => {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                _ => out.push(c),
            }
        }
        let words: Vec<&str> = out.split_whitespace().collect();
        if words.is_empty() {
            if lines.last().is_some_and(|l: &String| !l.is_empty()) {
                lines.push(String::new());
            }
        } else if let Some(last) = lines.last_mut().filter(|l| !l.is_empty()) {
            last.push(' ');
            last.push_str(&words.join(" "));
        } else {
            lines.push(words.join(" "));
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.retain(|l| !l.is_empty());
    lines.join("\n")
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
