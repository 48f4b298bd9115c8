//! The recruiter's seal: an HMAC-SHA256 under a secret key file, so a result rewritten by
//! someone without the key (even with a consistent transcript and chain) is detected.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const KEY_HEADER: &str = "rapport-seal-key-v1";
const KEY_BYTES: usize = 32;

/// A seal on a result: which key made it (its fingerprint) and the MAC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    pub key: String,
    pub mac: String,
}

/// A recruiter's secret key, as read from its file.
#[derive(Clone)]
pub struct SealKey {
    secret: [u8; KEY_BYTES],
}

impl std::fmt::Debug for SealKey {
    /// The fingerprint only: the secret never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealKey({})", self.fingerprint())
    }
}

/// Why a key could not be made or read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: already exists; a key is never overwritten", path.display())]
    Exists { path: PathBuf },
    #[error("{}: not a Rapport seal key (line 1 must be \"{KEY_HEADER}\", line 2 {} hex digits)", path.display(), KEY_BYTES * 2)]
    Format { path: PathBuf },
    #[error("the system gave no randomness for a key: {0}")]
    Random(String),
}

impl SealKey {
    /// A fresh key from the operating system's randomness.
    pub fn generate() -> Result<SealKey, KeyError> {
        let mut secret = [0u8; KEY_BYTES];
        getrandom::fill(&mut secret).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(SealKey { secret })
    }

    /// The key file's text: a header line, then the secret as hex.
    pub fn to_text(&self) -> String {
        format!("{KEY_HEADER}\n{}\n", hex(&self.secret))
    }

    /// Reads a key file's text; `path` labels the error.
    pub fn from_text(path: &Path, text: &str) -> Result<SealKey, KeyError> {
        let format = || KeyError::Format {
            path: path.to_owned(),
        };
        let mut lines = text.lines().map(str::trim);
        if lines.next() != Some(KEY_HEADER) {
            return Err(format());
        }
        let digits = lines.next().ok_or_else(format)?;
        let secret = unhex(digits)
            .and_then(|bytes| <[u8; KEY_BYTES]>::try_from(bytes).ok())
            .ok_or_else(format)?;
        Ok(SealKey { secret })
    }

    /// A short public name for the key, safe to print and to store in results.
    pub fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"rapport-seal-fingerprint\n");
        hasher.update(self.secret);
        hex(&hasher.finalize()[..8])
    }

    /// Whether `typed` names this key: at least the first 8 characters of its fingerprint
    /// (what `rapport seal-key` prints), spaces and case ignored. The candidate's end screen
    /// unlocks with it, so only the recruiter who holds the key can hand the machine on.
    pub fn is_named_by(&self, typed: &str) -> bool {
        let typed: String = typed
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        typed.len() >= 8 && self.fingerprint().starts_with(&typed)
    }

    /// Seals a message.
    pub fn seal(&self, message: &[u8]) -> Seal {
        Seal {
            key: self.fingerprint(),
            mac: hex(&hmac_sha256(&self.secret, message)),
        }
    }

    /// What is wrong with `seal` on `message` under this key, if anything.
    pub fn check(&self, seal: Option<&Seal>, message: &[u8]) -> Option<String> {
        let mine = self.fingerprint();
        match seal {
            None => Some(format!(
                "not sealed: it was not made under the recruiter's key {mine}"
            )),
            Some(seal) if seal.key != mine => Some(format!(
                "sealed with another key ({}), not the recruiter's key {mine}",
                seal.key
            )),
            // Equal length hex strings; a timing side channel is no concern for a file check.
            Some(seal) if *seal != self.seal(message) => {
                Some("the seal does not match: the file was changed after it was sealed".to_owned())
            }
            Some(_) => None,
        }
    }
}

/// HMAC-SHA256 (RFC 2104).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2: key "Jefe".
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn a_key_file_round_trips_is_never_overwritten_and_bad_files_are_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("recruiter.key");
        let made = SealKey::create(&path).expect("created");
        let read = SealKey::load(&path).expect("loads");
        assert_eq!(made.fingerprint(), read.fingerprint());
        assert_eq!(made.fingerprint().len(), 16);
        assert!(matches!(
            SealKey::create(&path),
            Err(KeyError::Exists { .. })
        ));
        assert_eq!(SealKey::load(&path).expect("kept").secret, made.secret);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "only the owner may read a key");
        }
        let bad = dir.path().join("bad.key");
        std::fs::write(&bad, "rapport-seal-key-v1\nzz\n").expect("write");
        let error = SealKey::load(&bad).expect_err("refused").to_string();
        assert!(error.starts_with(&bad.display().to_string()), "{error}");
        assert!(error.contains("not a Rapport seal key"), "{error}");
    }

    #[test]
    fn a_seal_fails_for_another_message_another_key_or_none() {
        let key = SealKey::generate().expect("key");
        let other = SealKey::generate().expect("key");
        let seal = key.seal(b"chain");
        assert_eq!(key.check(Some(&seal), b"chain"), None);
        assert!(
            key.check(Some(&seal), b"chain edited")
                .is_some_and(|m| m.contains("does not match"))
        );
        assert!(
            other
                .check(Some(&seal), b"chain")
                .is_some_and(|m| m.contains("another key"))
        );
        assert!(
            key.check(None, b"chain")
                .is_some_and(|m| m.contains("not sealed"))
        );
    }

    #[test]
    fn a_key_is_named_by_the_start_of_its_fingerprint_only() {
        let key = SealKey::generate().expect("key");
        let print = key.fingerprint();
        assert!(key.is_named_by(&print));
        assert!(key.is_named_by(&print[..8].to_ascii_uppercase()));
        assert!(key.is_named_by(&format!(" {} {} ", &print[..4], &print[4..10])));
        assert!(!key.is_named_by(&print[..7]), "too short to mean anything");
        assert!(!key.is_named_by(""));
        let other = SealKey::generate().expect("key");
        assert!(!key.is_named_by(&other.fingerprint()));
    }
}
