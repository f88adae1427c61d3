//! A seeded, structure-aware mutator: byte-level havoc plus mutations that know about lines,
//! quotes and brackets, numbers, nesting, UTF-8 and the target's own tokens.
//!
//! Every input is a pure function of (run seed, iteration), so any input of a run can be rebuilt
//! from its iteration number alone.

/// Inputs never grow past this; the parsers' own size limits are tested separately.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;

/// `SplitMix64`: tiny, fast and good enough to drive mutations; no dependency.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one iteration of a run.
    pub fn for_iteration(run_seed: u64, iteration: u64) -> Self {
        let mut rng = Self(run_seed ^ iteration.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.next_u64();
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A small count, biased towards 1: 1, 2, 4, ... up to `max`.
    pub fn small(&mut self, max: usize) -> usize {
        let bits = self.below(usize::BITS as usize - max.leading_zeros() as usize + 1);
        (1 + self.below(1 << bits)).min(max.max(1))
    }

    /// One item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Format-specific knowledge the mutator uses.
#[derive(Clone, Copy, Debug)]
pub struct Grammar {
    /// Tokens worth inserting or substituting (keywords, separators, markup).
    pub tokens: &'static [&'static str],
    /// Openers repeated to build deep nesting (`[`, `{`, `<a>`).
    pub nest: &'static [&'static str],
    /// Out of 4 inputs, how many are made valid UTF-8 again (lossily) after mutation, so that
    /// the parser gets past its decoding step.
    pub utf8_repair_in_4: usize,
}

/// Numbers at the edges: overflow, negative zero, NaN, exponents, huge digit strings.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1e999",
    "-1e999",
    "1e-999",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "+inf",
    "1.7976931348623157e308",
    "4294967296",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775809",
    "99999999999999999999999999999999999999",
    "0x7fffffff",
    "0o777",
    "0b101",
    "1_000",
    "1..2",
    "..",
    "1e",
    ".5",
    "5.",
    "65536",
    "255",
    "256",
    "1979-12-27",
    "1979-13-45T25:61:61Z",
    "0000-00-00",
];

/// Byte sequences that are not UTF-8: lone continuation and lead bytes, overlong forms,
/// surrogates, code points past U+10FFFF, a cut four-byte sequence.
const BAD_UTF8: &[&[u8]] = &[
    b"\x80",
    b"\xBF",
    b"\xC0\xAF",
    b"\xC3",
    b"\xE2\x82",
    b"\xED\xA0\x80",
    b"\xF4\x90\x80\x80",
    b"\xF0\x9F\x99",
    b"\xFE",
    b"\xFF",
    b"\xEF\xBB\xBF",
    b"\0",
];

/// Characters that may stand for each other: quotes, brackets, separators.
const SWAPS: &[&[u8]] = &[b"\"'`", b"[]{}()<>", b",;:=|", b"\n\r\t ", b"~=#%"];

/// Mutates `data` in place with 1 to 16 stacked mutations. `seeds` are other real inputs, for
/// splicing.
pub fn mutate(data: &mut Vec<u8>, seeds: &[&[u8]], grammar: &Grammar, rng: &mut Rng) {
    let rounds = rng.small(16);
    for _ in 0..rounds {
        one(data, seeds, grammar, rng);
        if data.len() > MAX_INPUT_BYTES {
            data.truncate(MAX_INPUT_BYTES);
        }
    }
    if rng.below(4) < grammar.utf8_repair_in_4
        && let Err(_) = std::str::from_utf8(data)
    {
        *data = String::from_utf8_lossy(data).into_owned().into_bytes();
    }
}

/// A position in `0..=len`.
fn position(data: &[u8], rng: &mut Rng) -> usize {
    rng.below(data.len() + 1)
}

/// A range of `data` of up to `max` bytes.
fn range(data: &[u8], max: usize, rng: &mut Rng) -> std::ops::Range<usize> {
    let start = rng.below(data.len() + 1);
    let len = rng.small(max).min(data.len() - start);
    start..start + len
}

/// The byte ranges of `data`'s lines, each with its newline.
fn lines(data: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in data.iter().enumerate() {
        if b == b'\n' {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < data.len() {
        out.push(start..data.len());
    }
    out
}

/// The first run of ASCII digits at or after `from`, else before it.
fn digits_near(data: &[u8], from: usize) -> Option<std::ops::Range<usize>> {
    let is_digit = |i: &usize| data.get(*i).is_some_and(u8::is_ascii_digit);
    let start = (from..data.len())
        .find(is_digit)
        .or_else(|| (0..from).rev().find(is_digit))?;
    let mut begin = start;
    while begin > 0 && is_digit(&(begin - 1)) {
        begin -= 1;
    }
    let mut end = start;
    while is_digit(&end) {
        end += 1;
    }
    Some(begin..end)
}

#[expect(
    clippy::too_many_lines,
    reason = "one arm per mutation, a table best read in one place"
)]
fn one(data: &mut Vec<u8>, seeds: &[&[u8]], grammar: &Grammar, rng: &mut Rng) {
    match rng.below(20) {
        // Byte level.
        0 => {
            let at = rng.below(data.len());
            if let Some(b) = data.get_mut(at) {
                *b ^= 1 << rng.below(8);
            }
        }
        1 => {
            let at = position(data, rng);
            let n = rng.small(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64().to_le_bytes()[0]).collect();
            data.splice(at..at, bytes);
        }
        2 | 3 => {
            let r = range(data, 64, rng);
            data.drain(r);
        }
        4 => {
            // Copy a chunk somewhere else (duplicates keys, tags, entries).
            let r = range(data, 256, rng);
            let chunk = data.get(r).unwrap_or_default().to_vec();
            let at = position(data, rng);
            data.splice(at..at, chunk);
        }
        5 => {
            let at = position(data, rng);
            data.truncate(at);
        }
        // Splicing with another real input.
        6 | 7 => {
            let Some(other) = rng.pick(seeds) else { return };
            let from = range(other, 512, rng);
            let chunk = other.get(from).unwrap_or_default();
            let to = range(data, 512, rng);
            data.splice(to, chunk.iter().copied());
        }
        8 => {
            // Crossover: this input's head, another's tail.
            let Some(other) = rng.pick(seeds) else { return };
            let cut = position(data, rng);
            let tail = other.get(rng.below(other.len() + 1)..).unwrap_or_default();
            data.truncate(cut);
            data.extend_from_slice(tail);
        }
        // Lines.
        9 => {
            let ls = lines(data);
            if let Some(l) = rng.pick(&ls).cloned() {
                let copy = data.get(l.clone()).unwrap_or_default().to_vec();
                let times = rng.small(4);
                for _ in 0..times {
                    data.splice(l.start..l.start, copy.iter().copied());
                }
            }
        }
        10 => {
            let ls = lines(data);
            if let Some(l) = rng.pick(&ls).cloned() {
                data.drain(l);
            }
        }
        11 => {
            let ls = lines(data);
            if let (Some(a), Some(b)) = (rng.pick(&ls).cloned(), rng.pick(&ls).cloned()) {
                let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
                if first.end <= second.start {
                    let one = data.get(first.clone()).unwrap_or_default().to_vec();
                    let two = data.get(second.clone()).unwrap_or_default().to_vec();
                    data.splice(second, one);
                    data.splice(first, two);
                }
            }
        }
        // Quotes, brackets and separators swapped for one of their kind.
        12 => {
            let start = position(data, rng);
            let found = (start..data.len()).chain(0..start).find_map(|i| {
                let b = *data.get(i)?;
                SWAPS
                    .iter()
                    .find(|class| class.contains(&b))
                    .map(|c| (i, c))
            });
            if let Some((i, class)) = found
                && let (Some(slot), Some(&new)) = (data.get_mut(i), rng.pick(class))
            {
                *slot = new;
            }
        }
        // The format's own tokens.
        13 | 14 => {
            let Some(token) = rng.pick(grammar.tokens) else {
                return;
            };
            let at = position(data, rng);
            if rng.one_in(3) {
                let r = range(data, 16, rng);
                data.splice(r, token.bytes());
            } else {
                data.splice(at..at, token.bytes());
            }
        }
        15 => {
            // Deep nesting, sometimes closed again.
            let Some(open) = rng.pick(grammar.nest) else {
                return;
            };
            let depth = if rng.one_in(4) {
                1000 + rng.below(20_000)
            } else {
                rng.small(200)
            };
            let mut chunk = open.repeat(depth).into_bytes();
            if rng.one_in(2) {
                let close: String = open
                    .chars()
                    .map(|c| match c {
                        '[' => ']',
                        '{' => '}',
                        '(' => ')',
                        other => other,
                    })
                    .collect();
                let close = if open.starts_with('<') {
                    open.replacen('<', "</", 1)
                } else {
                    close
                };
                chunk.extend(close.repeat(depth).into_bytes());
            }
            let at = position(data, rng);
            data.splice(at..at, chunk);
        }
        16 => {
            // A number at the edge in place of one in the input.
            let Some(number) = rng.pick(NUMBERS) else {
                return;
            };
            let from = position(data, rng);
            let at = digits_near(data, from).unwrap_or(from..from);
            data.splice(at, number.bytes());
        }
        17 => {
            let Some(bad) = rng.pick(BAD_UTF8) else {
                return;
            };
            let at = position(data, rng);
            data.splice(at..at, bad.iter().copied());
        }
        18 => {
            // A chunk repeated many times: long lines, many entries, big values.
            let r = range(data, 64, rng);
            let chunk = data.get(r).unwrap_or_default().to_vec();
            let times = rng.small(4096);
            let at = position(data, rng);
            let grown: Vec<u8> = chunk.repeat(times);
            data.splice(at..at, grown);
        }
        _ => {
            // A whole other input appended or prepended (several files' entries together).
            let Some(other) = rng.pick(seeds) else { return };
            if rng.one_in(2) {
                data.extend_from_slice(other);
            } else {
                data.splice(0..0, other.iter().copied());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAMMAR: Grammar = Grammar {
        tokens: &["{", "}"],
        nest: &["["],
        utf8_repair_in_4: 0,
    };

    #[test]
    fn same_seed_and_iteration_give_the_same_input() {
        let make = |iteration| {
            let mut rng = Rng::for_iteration(7, iteration);
            let mut data = b"question = 1\nanswer = \"x\"\n".to_vec();
            mutate(&mut data, &[b"other seed"], &GRAMMAR, &mut rng);
            data
        };
        assert_eq!(make(3), make(3));
        let distinct: std::collections::BTreeSet<Vec<u8>> = (0..50).map(make).collect();
        assert!(distinct.len() > 40, "{}", distinct.len());
    }

    #[test]
    fn mutations_stay_within_the_size_cap_and_reach_every_kind() {
        let mut saw_invalid_utf8 = false;
        let mut saw_deep = false;
        for i in 0..2000 {
            let mut rng = Rng::for_iteration(1, i);
            let mut data = b"a = [1, 2]\nb = \"c\"\n".to_vec();
            mutate(&mut data, &[b"x = 10\n"], &GRAMMAR, &mut rng);
            assert!(data.len() <= MAX_INPUT_BYTES);
            saw_invalid_utf8 |= std::str::from_utf8(&data).is_err();
            saw_deep |= data.windows(100).any(|w| w.iter().all(|&b| b == b'['));
        }
        assert!(saw_invalid_utf8 && saw_deep);
    }
}
