//! Small helpers for the words of messages shown to people.

/// The plural ending of an English count noun: `""` for one, `"s"` otherwise
/// (`format!("{n} error{}", plural(n))`).
///
/// ```
/// use counterpoint::words::plural;
/// assert_eq!(format!("1 error{}", plural(1)), "1 error");
/// assert_eq!(format!("0 error{}", plural(0)), "0 errors");
/// ```
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
