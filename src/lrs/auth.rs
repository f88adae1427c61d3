//! LRS credentials (`key:secret`, HTTP Basic): read from a file or the environment, never
//! printed. `Debug` shows the key only.

use std::fmt;
use std::path::Path;

use super::{Error, Result};

/// The environment variable holding `key:secret`.
pub const AUTH_ENV: &str = "COUNTERPOINT_LRS_AUTH";

/// A key and secret for HTTP Basic authentication.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The key (user name).
    pub key: String,
    secret: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("key", &self.key)
            .field("secret", &"<hidden>")
            .finish()
    }
}

impl Credentials {
    /// Credentials from a key and a secret.
    pub fn new(key: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            secret: secret.into(),
        }
    }

    /// The secret (for writing the app's secret file; never print it).
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Parses `key:secret` (surrounding whitespace and a line end are ignored). The error never
    /// contains the text, which may be a secret.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim_end_matches(['\r', '\n']).trim();
        let (key, secret) = text.split_once(':')?;
        (!key.is_empty() && !secret.is_empty()).then(|| Self::new(key, secret))
    }

    /// Reads the first line of `path` as `key:secret`.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Credentials(format!("{}: {e}", path.display())))?;
        let line = text.lines().next().unwrap_or_default();
        Self::parse(line).ok_or_else(|| {
            Error::Credentials(format!(
                "{}:1:1: expected one line KEY:SECRET (the key and the secret separated by a colon)",
                path.display()
            ))
        })
    }

    /// The credentials in [`AUTH_ENV`], `None` when it is not set.
    pub fn from_env() -> Result<Option<Self>> {
        match std::env::var(AUTH_ENV) {
            Err(_) => Ok(None),
            Ok(text) => Self::parse(&text)
                .map(Some)
                .ok_or_else(|| Error::Credentials(format!("{AUTH_ENV} is not KEY:SECRET"))),
        }
    }

    /// The `Authorization` header value.
    pub(super) fn header(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.key, self.secret).as_bytes())
        )
    }
}

/// Standard base64 with padding (RFC 4648), for the Basic header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap_or(0);
                out.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_is_rfc_7617() {
        // The example of RFC 7617 section 2.
        let c = Credentials::new("Aladdin", "open sesame");
        assert_eq!(c.header(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
    }

    #[test]
    fn parse_and_debug_hide_the_secret() {
        let c = Credentials::parse(" key:se:cret \n").unwrap();
        assert_eq!(c.key, "key");
        assert_eq!(c.secret(), "se:cret");
        assert!(!format!("{c:?}").contains("se:cret"));
        assert_eq!(Credentials::parse("nocolon"), None);
        assert_eq!(Credentials::parse(":secret"), None);
        assert_eq!(Credentials::parse("key:"), None);
    }

    #[test]
    fn a_bad_file_is_named_without_its_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("auth");
        std::fs::write(&path, "hunter2\n").unwrap();
        let e = Credentials::from_file(&path).unwrap_err().to_string();
        assert!(e.contains("auth:1:1"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
    }
}
