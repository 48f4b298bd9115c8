//! Secrets in files (the LRS password): written readable by their owner only, and refused
//! when others can read them, as `ssh` refuses a private key.

use std::path::Path;

use crate::store::StoreError;

/// The data folder's saved LRS password (written by the game's settings).
pub const LRS_PASSWORD_FILE: &str = "lrs-password";

/// Why a secret file was not read.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "{}: readable by others (mode {mode:o}); make it readable by its owner only: chmod 600 {}",
        path.display(),
        path.display()
    )]
    Exposed { path: std::path::PathBuf, mode: u32 },
}

/// Reads a secret: the file's first line, trimmed. On Unix the file must not be readable or
/// writable by group or others.
pub fn read_private(path: &Path) -> Result<String, SecretError> {
    let text = std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path)
            .map_err(|e| StoreError::io(path, e))?
            .permissions()
            .mode()
            & 0o777;
        if mode & 0o077 != 0 {
            return Err(SecretError::Exposed {
                path: path.to_owned(),
                mode,
            });
        }
    }
    Ok(text.lines().next().unwrap_or_default().trim().to_owned())
}

/// Writes a secret atomically, readable by its owner only; an empty secret removes the file.
pub fn write_private(path: &Path, secret: &str) -> Result<(), StoreError> {
    if secret.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::io(path, e)),
            _ => Ok(()),
        };
    }
    // tempfile creates its files with mode 0600, and the rename keeps it.
    crate::store::write_atomically(path, format!("{secret}\n").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_written_for_its_owner_and_refused_once_others_can_read_it() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(LRS_PASSWORD_FILE);
        write_private(&path, "s3cret").expect("written");
        assert_eq!(read_private(&path).expect("read"), "s3cret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            let error = read_private(&path).expect_err("exposed").to_string();
            assert!(error.contains("chmod 600"), "{error}");
        }
        write_private(&path, "").expect("removed");
        assert!(!path.exists());
    }
}
