//! Exam codes: the paper-defining part of an exam packed into bits, written in Crockford base32
//! in groups of four, with a final check character (`K7QD-2M9X-...-4F`). Layout in docs/exams.md.
//!
//! The check character is the payload's symbols read as a polynomial over GF(32): every
//! single-character substitution and every swap of two different adjacent characters changes it,
//! so such a mistyped code is always refused.

use std::fmt;

/// Crockford's base32 alphabet (no I, L, O, U).
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Version of the code layout, written in its first two bits.
pub const LAYOUT_VERSION: u64 = 0;

/// Characters per group when a code is written out.
const GROUP: usize = 4;

/// The most code characters (hyphens and spaces not counted) a typed code may have. The longest
/// code a valid exam can give is under 2,300 (64 topic counts, every number at its widest); a
/// longer text is refused before it is decoded.
pub const MAX_CODE_SYMBOLS: usize = 4096;

/// Why a code cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// A character outside Crockford's base32 alphabet.
    #[error(
        "'{0}' is not a character of exam codes (letters and digits except U; I, L and O read as 1, 1 and 0)"
    )]
    BadCharacter(char),
    /// Too short to be a code.
    #[error("too short to be an exam code")]
    TooShort,
    /// Far too long to be a code.
    #[error("too long to be an exam code (more than {MAX_CODE_SYMBOLS} characters)")]
    TooLong,
    /// The check character does not match: a character was mistyped.
    #[error(
        "the code is mistyped (its check character does not match); check it character by character"
    )]
    Check,
    /// The code passed its check but its content is not valid.
    #[error("the code is damaged or not an exam code ({0})")]
    Malformed(&'static str),
    /// A code from a newer Counterpoint.
    #[error("the code was made by a newer Counterpoint (code layout {0}); update Counterpoint")]
    NewerLayout(u64),
}

/// Appends values bit by bit, most significant bit first.
#[derive(Clone, Debug, Default)]
pub struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the low `width` bits of `value`.
    pub fn uint(&mut self, width: u32, value: u64) {
        for i in (0..width).rev() {
            self.bits.push(value >> i & 1 == 1);
        }
    }

    /// Writes one bit.
    pub fn flag(&mut self, value: bool) {
        self.bits.push(value);
    }

    /// Writes a number of any size in groups of four bits, each preceded by a bit saying
    /// whether another group follows: 0 to 15 take 5 bits, up to 255 take 10.
    pub fn var(&mut self, value: u64) {
        let mut groups = Vec::new();
        let mut v = value;
        loop {
            groups.push(v & 0xF);
            v >>= 4;
            if v == 0 {
                break;
            }
        }
        while let Some(g) = groups.pop() {
            self.flag(!groups.is_empty());
            self.uint(4, g);
        }
    }

    /// The bits written so far.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// The bits as base32 symbol values (0..32), zero-padded to a multiple of five bits.
    fn symbols(&self) -> Vec<u8> {
        self.bits
            .chunks(5)
            .map(|chunk| {
                (0..5).fold(0_u8, |acc, i| {
                    (acc << 1) | u8::from(chunk.get(i).copied().unwrap_or(false))
                })
            })
            .collect()
    }
}

/// Reads values written by [`BitWriter`].
#[derive(Clone, Debug)]
pub struct BitReader {
    bits: Vec<bool>,
    pos: usize,
}

impl BitReader {
    fn from_symbols(symbols: &[u8]) -> Self {
        let bits = symbols
            .iter()
            .flat_map(|&s| (0..5).rev().map(move |i| s >> i & 1 == 1))
            .collect();
        Self { bits, pos: 0 }
    }

    /// Reads `width` bits as a number.
    pub fn uint(&mut self, width: u32) -> Result<u64, CodeError> {
        let mut value = 0_u64;
        for _ in 0..width {
            value = (value << 1) | u64::from(self.flag()?);
        }
        Ok(value)
    }

    /// Reads one bit.
    pub fn flag(&mut self) -> Result<bool, CodeError> {
        let bit = self
            .bits
            .get(self.pos)
            .copied()
            .ok_or(CodeError::Malformed("it ends too early"))?;
        self.pos += 1;
        Ok(bit)
    }

    /// Reads a number written by [`BitWriter::var`].
    pub fn var(&mut self) -> Result<u64, CodeError> {
        let mut value = 0_u64;
        for _ in 0..16 {
            let more = self.flag()?;
            value = (value << 4) | self.uint(4)?;
            if !more {
                return Ok(value);
            }
        }
        Err(CodeError::Malformed("a number is too long"))
    }

    /// Reads a number written by [`BitWriter::var`] that must fit in `T`.
    pub fn var_as<T: TryFrom<u64>>(&mut self) -> Result<T, CodeError> {
        T::try_from(self.var()?).map_err(|_| CodeError::Malformed("a number is out of range"))
    }

    /// Checks that only the zero padding of the last symbol is left.
    pub fn finish(&self) -> Result<(), CodeError> {
        let rest = self.bits.get(self.pos..).unwrap_or_default();
        if rest.len() >= 5 || rest.iter().any(|&b| b) {
            return Err(CodeError::Malformed("it has extra characters"));
        }
        Ok(())
    }
}

/// Multiplies by the generator α of GF(32) built on x⁵ + x² + 1.
fn times_alpha(x: u8) -> u8 {
    let shifted = x << 1;
    if shifted & 0x20 == 0 {
        shifted
    } else {
        shifted ^ 0x25
    }
}

/// The check symbol of `symbols`: c = Σ sᵢ·α^(n−i) over GF(32), so that the whole code
/// (payload and check, the check weighted 1) satisfies Σ wᵢ·sᵢ = 0 with distinct non-zero weights.
/// A change of one symbol by δ ≠ 0 changes the sum by δ·wᵢ ≠ 0 (a field has no zero divisors),
/// and a swap of two different neighbours by (a − b)·wᵢ·(1 + α) ≠ 0: both are always detected.
pub fn check_symbol(symbols: &[u8]) -> u8 {
    times_alpha(
        symbols
            .iter()
            .fold(0, |acc, &s| times_alpha(acc) ^ (s & 31)),
    )
}

/// Writes the bits as a code: base32 symbols plus the check symbol, in groups of four.
pub fn encode(bits: &BitWriter) -> String {
    let mut symbols = bits.symbols();
    symbols.push(check_symbol(&symbols));
    let mut out = String::with_capacity(symbols.len() * 5 / 4 + 1);
    for (i, s) in symbols.iter().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        out.push(char::from(
            ALPHABET.get(usize::from(*s)).copied().unwrap_or(b'0'),
        ));
    }
    out
}

/// The value of one typed character: case-insensitive, I and L read as 1, O as 0.
fn symbol_value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| char::from(a) == c)
        .and_then(|p| u8::try_from(p).ok())
}

/// Reads a typed code: ignores hyphens and spaces, checks the check character, and returns a
/// reader over the payload bits.
pub fn decode(code: &str) -> Result<BitReader, CodeError> {
    let mut symbols = Vec::with_capacity(code.len().min(MAX_CODE_SYMBOLS));
    for c in code.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        if symbols.len() == MAX_CODE_SYMBOLS {
            return Err(CodeError::TooLong);
        }
        symbols.push(symbol_value(c).ok_or(CodeError::BadCharacter(c))?);
    }
    let Some((&check, payload)) = symbols.split_last() else {
        return Err(CodeError::TooShort);
    };
    if payload.len() < 4 {
        return Err(CodeError::TooShort);
    }
    if check_symbol(payload) != check {
        return Err(CodeError::Check);
    }
    Ok(BitReader::from_symbols(payload))
}

/// A code written in its canonical form (upper case, grouped), for comparing typed codes.
pub fn normalise(code: &str) -> Result<String, CodeError> {
    let mut symbols = Vec::new();
    for c in code.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        if symbols.len() == MAX_CODE_SYMBOLS {
            return Err(CodeError::TooLong);
        }
        symbols.push(symbol_value(c).ok_or(CodeError::BadCharacter(c))?);
    }
    let mut out = String::new();
    for (i, s) in symbols.iter().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        out.push(char::from(
            ALPHABET.get(usize::from(*s)).copied().unwrap_or(b'0'),
        ));
    }
    Ok(out)
}

/// Bits shown as a short base32 text (a hash in messages and exam files).
pub struct Base32(pub u64, pub u32);

impl fmt::Display for Base32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self(value, bits) = *self;
        let digits = bits.div_ceil(5);
        for i in (0..digits).rev() {
            let s = usize::try_from(value >> (i * 5) & 31).unwrap_or(0);
            let c = ALPHABET.get(s).copied().unwrap_or(b'0');
            write!(f, "{}", char::from(c))?;
        }
        Ok(())
    }
}

/// Parses text written by [`Base32`].
pub fn parse_base32(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 12 {
        return None;
    }
    text.chars()
        .try_fold(0_u64, |acc, c| Some(acc << 5 | u64::from(symbol_value(c)?)))
}

/// Characters allowed in form names (and how they are packed: 6 bits each).
pub const FORM_NAME_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789-_";

/// Characters a bank version may use to be written into a code as text.
const VERSION_CHARS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-";

/// Everything an exam code carries, without the bank: the bank is named by hashes and its
/// version, topics by their index in the bank's sorted topic list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodePayload {
    /// First 5 bits of the SHA-1 of the bank id (see `exam::bank_id_hash`).
    pub bank_id_hash: u16,
    /// The bank's 15-bit content hash (see `exam::content_hash`).
    pub content_hash: u32,
    /// The bank's version string.
    pub bank_version: String,
    /// Seed of the draw.
    pub seed: u32,
    /// Questions per form.
    pub questions: usize,
    /// (topic index, count) pairs, by ascending index.
    pub topic_quotas: Vec<(usize, usize)>,
    /// Difficulty mask: bit 0 = level 1 .. bit 2 = level 3; 0 = any.
    pub difficulty_mask: u8,
    /// Kind mask: bit i = `KindName::ALL[i]`; 0 = any.
    pub kind_mask: u8,
    /// Time limit in seconds.
    pub time_limit_s: u32,
    /// Pass mark, 0 to 100.
    pub pass_percent: u8,
    /// Feedback policy: 0 after-exam, 1 none, 2 after-each.
    pub feedback: u8,
    /// Whether choices are shuffled.
    pub shuffle_choices: bool,
    /// Number of forms (0 for an exam without forms, which has one unnamed paper).
    pub form_count: usize,
    /// This code's form (0 when there are no forms).
    pub form_index: usize,
    /// This form's name (`None` when there are no forms).
    pub form_name: Option<String>,
}

/// Why a payload cannot be written into a code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    /// The bank version has characters a code cannot carry.
    #[error(
        "bank version \"{0}\" cannot be written into an exam code (use letters, digits, '.' and '-', at most 32)"
    )]
    Version(String),
    /// A form name has characters a code cannot carry.
    #[error(
        "form name \"{0}\" cannot be written into an exam code (use a-z, 0-9, '-' and '_', at most 16)"
    )]
    FormName(String),
}

impl CodePayload {
    /// The exam code of this payload.
    pub fn to_code(&self) -> Result<String, PayloadError> {
        let mut w = BitWriter::new();
        w.uint(2, LAYOUT_VERSION);
        w.uint(5, u64::from(self.bank_id_hash));
        w.uint(15, u64::from(self.content_hash));
        write_version(&mut w, &self.bank_version)?;
        w.var(u64::from(self.seed));
        w.var(self.questions as u64);
        w.var(self.topic_quotas.len() as u64);
        for &(topic, count) in &self.topic_quotas {
            w.var(topic as u64);
            w.var(count as u64);
        }
        w.flag(self.difficulty_mask != 0);
        if self.difficulty_mask != 0 {
            w.uint(3, u64::from(self.difficulty_mask));
        }
        w.flag(self.kind_mask != 0);
        if self.kind_mask != 0 {
            w.uint(7, u64::from(self.kind_mask));
        }
        let whole_minutes = self.time_limit_s % 60 == 0;
        w.flag(whole_minutes);
        w.var(u64::from(if whole_minutes {
            self.time_limit_s / 60
        } else {
            self.time_limit_s
        }));
        w.uint(7, u64::from(self.pass_percent));
        w.uint(2, u64::from(self.feedback));
        w.flag(self.shuffle_choices);
        let pre_post = self.form_count == 2
            && matches!(
                (self.form_index, self.form_name.as_deref()),
                (0, Some("pre")) | (1, Some("post"))
            );
        if self.form_count == 0 {
            w.uint(2, 0);
        } else if pre_post {
            w.uint(2, 1);
            w.uint(1, self.form_index as u64);
        } else {
            w.uint(2, 2);
            w.var(self.form_count as u64);
            w.var(self.form_index as u64);
            let name = self.form_name.as_deref().unwrap_or_default();
            match name {
                "pre" => w.uint(2, 0),
                "post" => w.uint(2, 1),
                _ => {
                    w.uint(2, 2);
                    write_text(&mut w, name, FORM_NAME_CHARS, 16)
                        .ok_or_else(|| PayloadError::FormName(name.to_owned()))?;
                }
            }
        }
        Ok(encode(&w))
    }

    /// Reads a typed code.
    pub fn from_code(code: &str) -> Result<Self, CodeError> {
        let mut r = decode(code)?;
        let layout = r.uint(2)?;
        if layout != LAYOUT_VERSION {
            return Err(CodeError::NewerLayout(layout));
        }
        let bank_id_hash = u16::try_from(r.uint(5)?).unwrap_or_default();
        let content_hash = u32::try_from(r.uint(15)?).unwrap_or_default();
        let bank_version = read_version(&mut r)?;
        let seed = r.var_as()?;
        let questions: usize = r.var_as()?;
        let quota_count: usize = r.var_as()?;
        if quota_count > 64 {
            return Err(CodeError::Malformed("too many topics"));
        }
        let mut topic_quotas = Vec::with_capacity(quota_count);
        for _ in 0..quota_count {
            topic_quotas.push((r.var_as()?, r.var_as()?));
        }
        let difficulty_mask = if r.flag()? { r.var_mask(3)? } else { 0 };
        let kind_mask = if r.flag()? { r.var_mask(7)? } else { 0 };
        let whole_minutes = r.flag()?;
        let amount: u32 = r.var_as()?;
        let time_limit_s = if whole_minutes {
            amount
                .checked_mul(60)
                .ok_or(CodeError::Malformed("the time limit is out of range"))?
        } else {
            amount
        };
        let pass_percent = u8::try_from(r.uint(7)?).unwrap_or(u8::MAX);
        if pass_percent > 100 {
            return Err(CodeError::Malformed("the pass mark is over 100%"));
        }
        let feedback = u8::try_from(r.uint(2)?).unwrap_or(u8::MAX);
        if feedback > 2 {
            return Err(CodeError::Malformed("unknown feedback policy"));
        }
        let shuffle_choices = r.flag()?;
        let (form_count, form_index, form_name) = match r.uint(2)? {
            0 => (0, 0, None),
            1 => {
                let index = usize::from(r.flag()?);
                (
                    2,
                    index,
                    Some(if index == 0 { "pre" } else { "post" }.to_owned()),
                )
            }
            2 => {
                let count: usize = r.var_as()?;
                let index: usize = r.var_as()?;
                if index >= count || count > 64 {
                    return Err(CodeError::Malformed("the form number is out of range"));
                }
                let name = match r.uint(2)? {
                    0 => "pre".to_owned(),
                    1 => "post".to_owned(),
                    2 => read_text(&mut r, FORM_NAME_CHARS, 16)?,
                    _ => return Err(CodeError::Malformed("unknown form name")),
                };
                (count, index, Some(name))
            }
            _ => return Err(CodeError::Malformed("unknown form layout")),
        };
        r.finish()?;
        Ok(Self {
            bank_id_hash,
            content_hash,
            bank_version,
            seed,
            questions,
            topic_quotas,
            difficulty_mask,
            kind_mask,
            time_limit_s,
            pass_percent,
            feedback,
            shuffle_choices,
            form_count,
            form_index,
            form_name,
        })
    }
}

impl BitReader {
    /// Reads a non-zero mask of `width` bits.
    fn var_mask(&mut self, width: u32) -> Result<u8, CodeError> {
        match u8::try_from(self.uint(width)?) {
            Ok(mask) if mask != 0 => Ok(mask),
            _ => Err(CodeError::Malformed("an empty filter")),
        }
    }
}

/// A version: numeric dotted (1 to 4 parts) packed as numbers, anything else as text.
fn write_version(w: &mut BitWriter, version: &str) -> Result<(), PayloadError> {
    let parts: Option<Vec<u64>> = version
        .split('.')
        .map(|p| {
            // "01" would not come back as "01": only canonical numbers use the short form.
            (!p.is_empty() && (p == "0" || !p.starts_with('0')))
                .then(|| p.parse::<u32>().ok().map(u64::from))
                .flatten()
        })
        .collect();
    match parts {
        Some(parts) if (1..=4).contains(&parts.len()) => {
            w.flag(false);
            w.uint(2, parts.len() as u64 - 1);
            for p in parts {
                w.var(p);
            }
            Ok(())
        }
        _ => {
            w.flag(true);
            write_text(w, version, VERSION_CHARS, 32)
                .ok_or_else(|| PayloadError::Version(version.to_owned()))
        }
    }
}

fn read_version(r: &mut BitReader) -> Result<String, CodeError> {
    if r.flag()? {
        return read_text(r, VERSION_CHARS, 32);
    }
    let count = r.uint(2)? + 1;
    let parts: Result<Vec<String>, CodeError> = (0..count)
        .map(|_| r.var_as::<u32>().map(|p| p.to_string()))
        .collect();
    Ok(parts?.join("."))
}

/// Writes text of 1..=`max` characters from `alphabet` (at most 64) as 6 bits each.
fn write_text(w: &mut BitWriter, text: &str, alphabet: &str, max: usize) -> Option<()> {
    let count = text.chars().count();
    if count == 0 || count > max {
        return None;
    }
    let indices: Option<Vec<usize>> = text.chars().map(|c| alphabet.find(c)).collect();
    let indices = indices?;
    w.var(count as u64 - 1);
    for i in indices {
        w.uint(6, i as u64);
    }
    Some(())
}

fn read_text(r: &mut BitReader, alphabet: &str, max: usize) -> Result<String, CodeError> {
    let count = usize::try_from(r.var()?)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    if count > max {
        return Err(CodeError::Malformed("a name is too long"));
    }
    let mut out = String::with_capacity(count);
    for _ in 0..count {
        let i = usize::try_from(r.uint(6)?).unwrap_or(usize::MAX);
        let c = alphabet
            .chars()
            .nth(i)
            .ok_or(CodeError::Malformed("a name has an unknown character"))?;
        out.push(c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn payload() -> CodePayload {
        CodePayload {
            bank_id_hash: 0x15,
            content_hash: 0x7EF1,
            bank_version: "1.0.0".into(),
            seed: 1234,
            questions: 20,
            topic_quotas: vec![(2, 5)],
            difficulty_mask: 0,
            kind_mask: 0,
            time_limit_s: 1800,
            pass_percent: 70,
            feedback: 0,
            shuffle_choices: true,
            form_count: 2,
            form_index: 1,
            form_name: Some("post".into()),
        }
    }

    #[test]
    fn payload_round_trips_and_is_short() {
        let p = payload();
        let code = p.to_code().unwrap();
        assert_eq!(CodePayload::from_code(&code).unwrap(), p);
        // 20 questions, one topic quota, 30 min, pre/post: 22 symbols + check, in groups.
        assert_eq!(code.len(), 23 + 5, "{code}");
        let mut first = payload();
        (first.form_index, first.form_name) = (0, Some("pre".into()));
        assert_eq!(
            CodePayload::from_code(&first.to_code().unwrap()).unwrap(),
            first
        );
        let mut three = payload();
        three.form_count = 3;
        assert_eq!(
            CodePayload::from_code(&three.to_code().unwrap()).unwrap(),
            three
        );

        let mut other = payload();
        other.bank_version = "2024-03b".into();
        other.form_name = Some("group-a".into());
        other.time_limit_s = 95;
        other.difficulty_mask = 0b101;
        other.kind_mask = 0b11;
        other.seed = u32::MAX;
        let code = other.to_code().unwrap();
        assert_eq!(CodePayload::from_code(&code).unwrap(), other);
    }

    #[test]
    fn names_a_code_cannot_carry_are_refused() {
        let mut p = payload();
        p.form_name = Some("Pré".into());
        assert!(matches!(p.to_code(), Err(PayloadError::FormName(_))));
        let mut p = payload();
        p.bank_version = "1.0 beta".into();
        assert!(matches!(p.to_code(), Err(PayloadError::Version(_))));
        let mut p = payload();
        p.bank_version = "01.2".into();
        let code = p.to_code().unwrap();
        assert_eq!(CodePayload::from_code(&code).unwrap().bank_version, "01.2");
    }

    #[test]
    fn every_single_substitution_of_an_exam_code_is_refused() {
        let code = payload().to_code().unwrap();
        for (i, original) in code.char_indices().filter(|(_, c)| *c != '-') {
            for other in ALPHABET.iter().map(|&b| char::from(b)) {
                if other == original {
                    continue;
                }
                let mut typo = code.clone();
                typo.replace_range(i..=i, &other.to_string());
                assert_eq!(
                    CodePayload::from_code(&typo).err(),
                    Some(CodeError::Check),
                    "{typo}"
                );
            }
        }
    }

    fn sample() -> BitWriter {
        let mut w = BitWriter::new();
        w.uint(2, LAYOUT_VERSION);
        w.var(20);
        w.var(1800);
        w.flag(true);
        w.var(u64::MAX);
        w.uint(7, 70);
        w
    }

    #[test]
    fn values_round_trip() {
        let code = encode(&sample());
        let mut r = decode(&code).unwrap();
        assert_eq!(r.uint(2).unwrap(), LAYOUT_VERSION);
        assert_eq!(r.var().unwrap(), 20);
        assert_eq!(r.var().unwrap(), 1800);
        assert!(r.flag().unwrap());
        assert_eq!(r.var().unwrap(), u64::MAX);
        assert_eq!(r.uint(7).unwrap(), 70);
        r.finish().unwrap();
    }

    #[test]
    fn small_numbers_are_short() {
        let mut w = BitWriter::new();
        w.var(15);
        assert_eq!(w.len(), 5);
        w.var(255);
        assert_eq!(w.len(), 15);
    }

    #[test]
    fn typed_variants_read_the_same() {
        let code = encode(&sample());
        let sloppy = code
            .to_lowercase()
            .replace('-', " ")
            .replace('1', "l")
            .replace('0', "o");
        let a = decode(&code).unwrap();
        let b = decode(&sloppy).unwrap();
        assert_eq!(a.bits, b.bits);
        assert_eq!(normalise(&sloppy).unwrap(), code);
    }

    #[test]
    fn every_single_substitution_is_refused() {
        let code = encode(&sample());
        let mut tried = 0;
        for (i, original) in code.char_indices().filter(|(_, c)| *c != '-') {
            for &other in ALPHABET.iter().chain(b"U*#") {
                let other = char::from(other);
                if other == original {
                    continue;
                }
                let mut typo = code.clone();
                typo.replace_range(i..=i, &other.to_string());
                assert!(decode(&typo).is_err(), "{typo} was accepted");
                tried += 1;
            }
        }
        assert!(tried > 100);
    }

    #[test]
    fn every_adjacent_swap_is_refused() {
        let code: Vec<char> = encode(&sample()).chars().filter(|c| *c != '-').collect();
        for i in 0..code.len() - 1 {
            if code[i] == code[i + 1] {
                continue;
            }
            let mut typo = code.clone();
            typo.swap(i, i + 1);
            let typo: String = typo.into_iter().collect();
            assert_eq!(decode(&typo).err(), Some(CodeError::Check), "{typo}");
        }
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        assert_eq!(decode("K7QD-U").err(), Some(CodeError::BadCharacter('U')));
        assert_eq!(decode("").err(), Some(CodeError::TooShort));
        assert_eq!(decode("K7-").err(), Some(CodeError::TooShort));
        assert!(CodeError::Check.to_string().contains("mistyped"));
    }

    #[test]
    fn base32_text_round_trips() {
        let text = Base32(0xABCDE, 20).to_string();
        assert_eq!(text.len(), 4);
        assert_eq!(parse_base32(&text), Some(0xABCDE));
        assert_eq!(parse_base32("U"), None);
    }

    #[test]
    fn the_longest_code_is_under_the_limit_and_longer_text_is_refused() {
        let widest = CodePayload {
            bank_id_hash: 31,
            content_hash: (1 << 15) - 1,
            bank_version: format!("{0}.{0}.{0}.{0}", u32::MAX),
            seed: u32::MAX,
            questions: usize::MAX,
            topic_quotas: (0..64).map(|_| (usize::MAX, usize::MAX)).collect(),
            difficulty_mask: 7,
            kind_mask: 127,
            time_limit_s: u32::MAX,
            pass_percent: 100,
            feedback: 2,
            shuffle_choices: true,
            form_count: usize::MAX,
            form_index: usize::MAX,
            form_name: Some("abcdefghijklmnop".into()),
        };
        let code = widest.to_code().unwrap();
        let symbols = code.chars().filter(|&c| c != '-').count();
        assert!(symbols < 2300, "{symbols}");
        assert!(decode(&code).is_ok());
        let long = "0".repeat(MAX_CODE_SYMBOLS + 1);
        assert_eq!(decode(&long).err(), Some(CodeError::TooLong));
        assert_eq!(normalise(&long).err(), Some(CodeError::TooLong));
        // Hyphens and spaces do not count.
        let spaced = format!("{}{}", " -".repeat(MAX_CODE_SYMBOLS), "0".repeat(8));
        assert_ne!(decode(&spaced).err(), Some(CodeError::TooLong));
    }
}
