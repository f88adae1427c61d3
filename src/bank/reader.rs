//! Typed, position-aware reading of parsed TOML tables.
//!
//! Every getter records a diagnostic on the sink instead of failing, so one pass reports every
//! problem in a file.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::diagnostic::Sink;

/// A spanned TOML value as the parser returns it.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// A table being read, with the keys it may hold.
pub struct TableReader<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
}

impl<'t, 'i> TableReader<'t, 'i> {
    /// Starts reading `table`; reports every key not in `allowed` (or in `misplaced`, which
    /// gives its own message, e.g. a field that belongs to another question kind).
    pub fn new(
        sink: &mut Sink<'_>,
        table: &'t DeTable<'i>,
        span: Range<usize>,
        allowed: &[&str],
        misplaced: &dyn Fn(&str) -> Option<String>,
    ) -> Self {
        for (key, _) in table {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let message = if let Some(message) = misplaced(name) {
                message
            } else if let Some(close) = did_you_mean(name, allowed) {
                format!("unknown key `{name}`; did you mean `{close}`?")
            } else {
                format!(
                    "unknown key `{name}`; expected one of: {}",
                    allowed.join(", ")
                )
            };
            sink.error(&key.span(), message);
        }
        Self { table, span }
    }

    /// The table's own span (used for "missing field" errors).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The raw value of `key`, if present.
    pub fn value(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }

    /// Whether `key` is present.
    pub fn has(&self, key: &str) -> bool {
        self.table.get(key).is_some()
    }

    fn missing(&self, sink: &mut Sink<'_>, key: &str) {
        sink.error(&self.span, format!("missing required field `{key}`"));
    }

    /// A required string.
    pub fn req_str(&self, sink: &mut Sink<'_>, key: &str) -> Option<String> {
        let Some(v) = self.value(key) else {
            self.missing(sink, key);
            return None;
        };
        as_str(sink, key, v)
    }

    /// A required string that must not be empty or only whitespace.
    pub fn req_nonempty_str(&self, sink: &mut Sink<'_>, key: &str) -> Option<String> {
        let s = self.req_str(sink, key)?;
        if s.trim().is_empty() {
            if let Some(v) = self.value(key) {
                sink.error(&v.span(), format!("`{key}` must not be empty"));
            }
            return None;
        }
        Some(s)
    }

    /// An optional string.
    pub fn opt_str(&self, sink: &mut Sink<'_>, key: &str) -> Option<String> {
        let v = self.value(key)?;
        as_str(sink, key, v)
    }

    /// An optional boolean.
    pub fn opt_bool(&self, sink: &mut Sink<'_>, key: &str) -> Option<bool> {
        let v = self.value(key)?;
        if let DeValue::Boolean(b) = v.get_ref() {
            Some(*b)
        } else {
            wrong_type(sink, key, v, "a boolean (true or false)");
            None
        }
    }

    /// An optional integer.
    pub fn opt_int(&self, sink: &mut Sink<'_>, key: &str) -> Option<i64> {
        let v = self.value(key)?;
        as_int(sink, key, v)
    }

    /// An optional number (integer or float).
    pub fn opt_number(&self, sink: &mut Sink<'_>, key: &str) -> Option<f64> {
        let v = self.value(key)?;
        as_number(sink, key, v)
    }

    /// An optional array.
    pub fn opt_array(&self, sink: &mut Sink<'_>, key: &str) -> Option<&'t DeArray<'i>> {
        let v = self.value(key)?;
        if let DeValue::Array(a) = v.get_ref() {
            Some(a)
        } else {
            wrong_type(sink, key, v, "an array");
            None
        }
    }

    /// A required array.
    pub fn req_array(&self, sink: &mut Sink<'_>, key: &str) -> Option<&'t DeArray<'i>> {
        if !self.has(key) {
            self.missing(sink, key);
        }
        self.opt_array(sink, key)
    }

    /// An optional array of strings (missing gives an empty list).
    pub fn str_list(&self, sink: &mut Sink<'_>, key: &str) -> Vec<String> {
        let Some(items) = self.opt_array(sink, key) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|v| item_str(sink, key, v))
            .collect()
    }
}

/// The string in `v`, or a type error.
pub fn as_str(sink: &mut Sink<'_>, key: &str, v: &Value<'_>) -> Option<String> {
    if let DeValue::String(s) = v.get_ref() {
        Some(s.to_string())
    } else {
        wrong_type(sink, key, v, "a string");
        None
    }
}

/// The string in `v`, an item of the array `key`, or a type error naming "`key` item".
pub fn item_str(sink: &mut Sink<'_>, key: &str, v: &Value<'_>) -> Option<String> {
    if let DeValue::String(s) = v.get_ref() {
        Some(s.to_string())
    } else {
        wrong_type(sink, &format!("{key} item"), v, "a string");
        None
    }
}

/// The integer in `v`, or a type error.
pub fn as_int(sink: &mut Sink<'_>, key: &str, v: &Value<'_>) -> Option<i64> {
    if let DeValue::Integer(i) = v.get_ref() {
        // Plain decimal digits, the usual case, parse as they are.
        if i.radix() == 10
            && let Ok(n) = i.as_str().parse::<i64>()
        {
            return Some(n);
        }
        let digits: String = i.as_str().chars().filter(|&c| c != '_').collect();
        let digits = digits
            .strip_prefix("0x")
            .or_else(|| digits.strip_prefix("0o"))
            .or_else(|| digits.strip_prefix("0b"))
            .unwrap_or(&digits);
        if let Ok(n) = i64::from_str_radix(digits, i.radix()) {
            return Some(n);
        }
        sink.error(&v.span(), format!("`{key}` is out of range"));
        None
    } else {
        wrong_type(sink, key, v, "an integer");
        None
    }
}

/// The number in `v` (integer or float), or a type error.
pub fn as_number(sink: &mut Sink<'_>, key: &str, v: &Value<'_>) -> Option<f64> {
    match v.get_ref() {
        DeValue::Integer(_) => as_int(sink, key, v).map(|n| n as f64),
        DeValue::Float(f) => {
            let text: String = f.as_str().chars().filter(|&c| c != '_').collect();
            match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Some(x),
                _ => {
                    sink.error(&v.span(), format!("`{key}` must be a finite number"));
                    None
                }
            }
        }
        _ => {
            wrong_type(sink, key, v, "a number");
            None
        }
    }
}

/// The table in `v`, or a type error.
pub fn as_table<'t, 'i>(
    sink: &mut Sink<'_>,
    key: &str,
    v: &'t Value<'i>,
) -> Option<&'t DeTable<'i>> {
    if let DeValue::Table(t) = v.get_ref() {
        Some(t)
    } else {
        wrong_type(sink, key, v, "a table");
        None
    }
}

/// Records "`key` must be EXPECTED, found TYPE" at `v`.
pub fn wrong_type(sink: &mut Sink<'_>, key: &str, v: &Value<'_>, expected: &str) {
    let found = match v.get_ref() {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    };
    sink.error(
        &v.span(),
        format!("`{key}` must be {expected}, found {found}"),
    );
}

/// The closest of `candidates` to `name`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&name, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters (two rows of the table, built with iterators so no
/// index can be out of bounds).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(prev.len());
        cur.push(i + 1);
        for ((cb, diagonal), above) in b.iter().zip(&prev).zip(prev.iter().skip(1)) {
            let left = cur.last().copied().unwrap_or(usize::MAX - 1);
            let substitution = diagonal + usize::from(ca != *cb);
            cur.push(substitution.min(above + 1).min(left + 1));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_for_typos_only() {
        let keys = ["prompt", "explanation", "sources"];
        assert_eq!(did_you_mean("promt", &keys), Some("prompt"));
        assert_eq!(did_you_mean("explanaton", &keys), Some("explanation"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
