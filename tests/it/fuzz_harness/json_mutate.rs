//! Structure-aware mutation of JSON for the results, statement and LRS targets: byte mutations
//! almost always break JSON's syntax, so the readers behind it (fields, scores, durations, choice
//! numbers, statistics) would rarely run. [`variant`] reads the fuzz input as a list of choices
//! and applies them to a parsed seed: values at the edges, members removed or added, arrays cut or
//! repeated. The result is valid JSON, and a function of the input bytes alone, so a finding
//! replays from its saved input.

use serde_json::{Map, Value};

/// Choices read from the fuzz input; 0 once it is used up.
struct Choices<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let v = usize::from(self.byte()) << 8 | usize::from(self.byte());
        v % n
    }

    fn pick<T: Clone>(&mut self, from: &[T]) -> Option<T> {
        from.get(self.below(from.len())).cloned()
    }
}

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "0.5",
    "-0.0",
    "100",
    "101",
    "255",
    "1000000",
    "1e308",
    "-1e308",
    "5e-324",
    "4294967296",
    "18446744073709551615",
    "-9223372036854775808",
];

const STRINGS: &[&str] = &[
    "",
    " ",
    "x",
    "0",
    "-1",
    "99",
    "NaN",
    "inf",
    "PT0S",
    "PT99999999999999H",
    "P1Y2M3DT4H5M6.7S",
    "PT-5S",
    "2026-13-45T25:61:61Z",
    "9999-12-31T23:59:59.999999999+14:00",
    "1[,]2[,]99",
    "a[.]b[,]c[.]",
    "[,][.]",
    "true",
    "false",
    "single",
    "order",
    "match",
    "numeric",
    "text",
    "counterpoint-exam-results",
    "http://adlnet.gov/expapi/verbs/answered",
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/passed",
    "https://counterpoint.invalid/exams/X",
    "https://counterpoint.invalid/questions/iskp/q",
    "%ZZ%E2%82",
    "\u{0}\u{FFFF}\u{10FFFF}",
    "\u{202E}rtl",
];

const KEYS: &[&str] = &[
    "format",
    "version",
    "attempt_id",
    "exam",
    "learner",
    "submitted_at",
    "time_used_s",
    "score",
    "passed",
    "questions",
    "question_id",
    "topic",
    "kind",
    "activity_id",
    "response",
    "choices_picked",
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "registration",
    "timestamp",
    "duration",
    "scaled",
    "raw",
    "min",
    "max",
    "success",
    "completion",
    "extensions",
    "parent",
    "contextActivities",
    "definition",
    "statements",
    "more",
    "message",
    "warnings",
];

/// A valid JSON document made from one of `seeds` by the choices in `bytes`.
pub fn variant(bytes: &[u8], seeds: &[Value]) -> Option<Value> {
    let mut c = Choices { bytes, pos: 0 };
    let mut doc = c.pick(seeds)?;
    let edits = 1 + c.below(8);
    for _ in 0..edits {
        let nodes = count(&doc);
        let target = c.below(nodes);
        let mut seen = 0;
        edit(&mut doc, target, &mut seen, &mut c);
    }
    Some(doc)
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// Edits node number `target` (pre-order); `seen` counts the nodes passed.
fn edit(v: &mut Value, target: usize, seen: &mut usize, c: &mut Choices<'_>) -> bool {
    if *seen == target {
        change(v, c);
        return true;
    }
    *seen += 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|x| edit(x, target, seen, c)),
        Value::Object(o) => o.values_mut().any(|x| edit(x, target, seen, c)),
        _ => false,
    }
}

fn scalar(c: &mut Choices<'_>) -> Value {
    match c.below(6) {
        0 => Value::Null,
        1 => Value::Bool(c.byte() & 1 == 1),
        2 | 3 => c
            .pick(NUMBERS)
            .and_then(|n| serde_json::from_str(n).ok())
            .unwrap_or(Value::Null),
        _ => Value::String(c.pick(STRINGS).unwrap_or_default().to_owned()),
    }
}

fn change(v: &mut Value, c: &mut Choices<'_>) {
    match (c.below(4), &mut *v) {
        // Same kind of value, another content.
        (0 | 1, Value::Number(_)) => {
            if let Some(n) = c.pick(NUMBERS).and_then(|n| serde_json::from_str(n).ok()) {
                *v = n;
            }
        }
        (0 | 1, Value::String(s)) => match c.below(4) {
            0 => {
                // Long strings, up to 64 kB (a variant stays about the size of an input).
                let times = 1 + c.below(2000);
                if s.len().saturating_mul(times) <= 1 << 16 {
                    *s = s.repeat(times);
                }
            }
            1 => {
                let cut = c.below(s.len() + 1);
                let cut = (0..=cut)
                    .rev()
                    .find(|&i| s.is_char_boundary(i))
                    .unwrap_or(0);
                s.truncate(cut);
            }
            _ => c.pick(STRINGS).unwrap_or_default().clone_into(s),
        },
        (0 | 1, Value::Array(items)) => match c.below(5) {
            0 => items.clear(),
            1 if !items.is_empty() => {
                let at = c.below(items.len());
                items.remove(at);
            }
            2 if !items.is_empty() => {
                let at = c.below(items.len());
                let most = if c.byte() < 16 { 5000 } else { 4 };
                let times = 1 + c.below(most);
                // Many entries, up to 50,000 values in the copies.
                if let Some(x) = items.get(at).cloned()
                    && count(&x).saturating_mul(times) <= 50_000
                {
                    items.extend(std::iter::repeat_n(x, times));
                }
            }
            3 if items.len() > 1 => {
                let first = c.below(items.len());
                let second = c.below(items.len());
                items.swap(first, second);
            }
            _ => items.push(scalar(c)),
        },
        (0 | 1, Value::Object(o)) => match c.below(3) {
            0 if !o.is_empty() => {
                let keys: Vec<String> = o.keys().cloned().collect();
                if let Some(k) = c.pick(&keys) {
                    o.remove(&k);
                }
            }
            1 => {
                let key = c.pick(KEYS).unwrap_or_default().to_owned();
                let value = scalar(c);
                o.insert(key, value);
            }
            _ => {
                let key = c.pick(KEYS).unwrap_or_default().to_owned();
                o.insert(key, Value::Object(Map::new()));
            }
        },
        // Another kind of value.
        (2, _) => *v = scalar(c),
        (_, _) => {
            *v = match c.below(3) {
                0 => Value::Array(Vec::new()),
                1 => Value::Object(Map::new()),
                _ => Value::Array(vec![v.take()]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_valid_json_made_from_a_seed_and_replay() {
        let seeds = vec![serde_json::json!({"score": 1, "questions": [{"kind": "single"}]})];
        let mut changed = 0;
        for n in 0..200_u32 {
            let bytes = n.to_le_bytes().repeat(8);
            let v = variant(&bytes, &seeds).unwrap();
            assert_eq!(variant(&bytes, &seeds), Some(v.clone()));
            if v != seeds[0] {
                changed += 1;
            }
        }
        assert!(changed > 150, "{changed}");
        assert_eq!(variant(b"", &[]), None);
    }
}
