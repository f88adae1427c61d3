//! Name-based (version 5, SHA-1) UUIDs per RFC 9562 §5.5, so that exporting the same answer twice
//! gives the same xAPI statement id and a Learning Record Store can drop the duplicate.
//!
//! SHA-1 is written out here (it is short) rather than adding a crate: the `uuid` crate in the
//! dependency graph is built without its `v5` feature, and turning it on would rebuild the GUI's
//! accessibility stack. SHA-1 is used only as the RFC prescribes, not for security.

/// The RFC 9562 URL namespace, `6ba7b811-9dad-11d1-80b4-00c04fd430c8`.
pub const NAMESPACE_URL: [u8; 16] = [
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
];

/// The version 5 UUID of `name` in `namespace`, as 16 bytes.
pub fn v5(namespace: &[u8; 16], name: &[u8]) -> [u8; 16] {
    let mut input = Vec::with_capacity(16 + name.len());
    input.extend_from_slice(namespace);
    input.extend_from_slice(name);
    let digest = sha1(&input);
    let mut bytes = [0_u8; 16];
    for (b, d) in bytes.iter_mut().zip(digest) {
        *b = d;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
    bytes
}

/// The hyphenated lowercase form, `xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx`.
pub fn to_string(bytes: &[u8; 16]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        write!(out, "{b:02x}").ok();
    }
    out
}

/// SHA-1 (FIPS 180-4) of `data`.
#[expect(
    clippy::many_single_char_names,
    reason = "the variable names of FIPS 180-4, so the code can be checked against it"
)]
pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let bit_len = (data.len() as u64).wrapping_mul(8);
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_len.to_be_bytes());

    for block in message.chunks_exact(64) {
        let mut w = [0_u32; 80];
        for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *word = u32::from_be_bytes(bytes.try_into().unwrap_or_default());
        }
        for t in 16..80 {
            let taps = [t - 3, t - 8, t - 14, t - 16].map(|i| w.get(i).copied().unwrap_or(0));
            if let Some(word) = w.get_mut(t) {
                *word = taps.into_iter().fold(0, |x, y| x ^ y).rotate_left(1);
            }
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (t, word) in w.iter().enumerate() {
            let (f, k) = match t {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let temp = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*word);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = temp;
        }
        for (hi, x) in h.iter_mut().zip([a, b, c, d, e]) {
            *hi = hi.wrapping_add(x);
        }
    }

    let mut out = [0_u8; 20];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        use std::fmt::Write as _;
        bytes.iter().fold(String::new(), |mut out, b| {
            write!(out, "{b:02x}").ok();
            out
        })
    }

    #[test]
    fn sha1_known_answers() {
        // FIPS 180 examples, plus a message that needs a second padding block.
        assert_eq!(hex(&sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex(&sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(&sha1(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        assert_eq!(
            hex(&sha1(&[b'a'; 1000])),
            "291e9a6c66994949b57ba5e650361e98fc36b1ba"
        );
    }

    #[test]
    fn v5_matches_the_reference() {
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/")
        assert_eq!(
            to_string(&v5(&NAMESPACE_URL, b"https://example.org/")),
            "527dda32-a0de-5105-a042-cb475b5f7d11"
        );
    }
}
