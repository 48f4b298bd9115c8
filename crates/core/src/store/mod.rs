//! The data folder: every file the product reads or writes goes through here, with atomic
//! writes (temporary file, fsync, rename) in one place.

pub mod journal;
pub mod keys;
pub mod layouts;
pub mod outbox;
pub mod results;
pub mod secrets;
pub mod seminars;
pub mod settings;
pub mod text;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a file of the data folder could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a Rapport file of that kind: {source}", path.display())]
    Format {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// One line of a line-per-record file is broken.
    #[error("{}:{line}: {source}", path.display())]
    Line {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

impl StoreError {
    /// An I/O error about `path`.
    pub fn io(path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Io { path, .. }
            | StoreError::Format { path, .. }
            | StoreError::Line { path, .. } => path,
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let temp = synced_temp(dir, bytes).map_err(|source| StoreError::io(path, source))?;
    temp.persist(path)
        .map_err(|e| StoreError::io(path, e.error))?;
    sync_folder(dir);
    Ok(())
}

/// Writes `bytes` atomically to `path` unless a file is already there (then `Ok(false)`).
pub fn write_if_absent(path: &Path, bytes: &[u8]) -> Result<bool, StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let temp = synced_temp(dir, bytes).map_err(|source| StoreError::io(path, source))?;
    match temp.persist_noclobber(path) {
        Ok(_) => {
            sync_folder(dir);
            Ok(true)
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(StoreError::io(path, e.error)),
    }
}

/// The `n`th candidate name for a new file: `STEM`, then `STEM-2`, `STEM-3`, …
pub fn numbered(stem: &str, n: usize) -> String {
    if n == 1 {
        stem.to_owned()
    } else {
        format!("{stem}-{n}")
    }
}

/// How many numbered names a new file tries before giving up.
pub const NAME_ATTEMPTS: usize = 1000;

/// Writes `bytes` atomically as a new file `STEM.EXT` in `dir`, never replacing one: a name
/// already taken (two saves in the same second) becomes `STEM-2.EXT`, `STEM-3.EXT`, …
pub fn write_new(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    for n in 1..=NAME_ATTEMPTS {
        let path = dir.join(format!("{}.{ext}", numbered(stem, n)));
        if write_if_absent(&path, bytes)? {
            return Ok(path);
        }
    }
    Err(StoreError::io(
        &dir.join(format!("{stem}.{ext}")),
        std::io::Error::other("too many files of that name already exist"),
    ))
}

/// The bytes in a temporary file of `dir`, flushed to disk.
fn synced_temp(dir: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Makes a rename in `dir` durable.
fn sync_folder(dir: &Path) {
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// `value` as pretty JSON, an error naming `path` if it cannot be.
pub fn to_json(path: &Path, value: &impl Serialize) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec_pretty(value).map_err(|source| StoreError::Format {
        path: path.to_owned(),
        source,
    })
}

/// The whole of a file.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, StoreError> {
    std::fs::read(path).map_err(|source| StoreError::io(path, source))
}

/// A JSON file read into `T`.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, StoreError> {
    parse_json(path, &read_bytes(path)?)
}

/// JSON bytes read into `T`; `path` labels the error.
pub fn parse_json<T: DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|source| StoreError::Format {
        path: path.to_owned(),
        source,
    })
}

/// The files of `dir` ending in `.EXT`, sorted by name; none when the folder is missing.
pub fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect(),
        Err(_) => Vec::new(),
    };
    paths.sort();
    paths
}

/// A file-name-safe form of a name: letters and digits kept, anything else a hyphen.
pub fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .take(40)
        .collect()
}
