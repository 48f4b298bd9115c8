//! The recruiter's seal key file: made once, readable by its owner only, never overwritten.

use std::io::Write as _;
use std::path::Path;

use crate::assessment::seal::{KeyError, SealKey};

impl SealKey {
    /// Writes a fresh key to a new file (readable by its owner only), never over another.
    pub fn create(path: &Path) -> Result<SealKey, KeyError> {
        let key = SealKey::generate()?;
        let io = |source| KeyError::Io {
            path: path.to_owned(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                KeyError::Exists {
                    path: path.to_owned(),
                }
            } else {
                io(e)
            }
        })?;
        let written = file
            .write_all(key.to_text().as_bytes())
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            // A half-written key would block the next attempt with "already exists".
            let _ = std::fs::remove_file(path);
            return Err(io(e));
        }
        Ok(key)
    }

    /// Reads a key file.
    pub fn load(path: &Path) -> Result<SealKey, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|source| KeyError::Io {
            path: path.to_owned(),
            source,
        })?;
        SealKey::from_text(path, &text)
    }
}
